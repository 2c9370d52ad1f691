"""Esperanto words split into morphemes ([prefix]* root [suffix|root]* ending) from the lists in
``prompts/esperanto/roots.yaml``: what the h-system reader and the mood lexicon use to know a word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from songsmith.esperanto.letters import nfc

_CORRELATIVE_HEADS = ("ki", "ti", "i", "ĉi", "neni")
_CORRELATIVE_TAILS = ("a", "al", "am", "e", "el", "es", "o", "om", "u")
_PRONOUNS = ("mi", "vi", "li", "ŝi", "ĝi", "ni", "ili", "si", "oni", "ci")


@dataclass(frozen=True)
class Morphemes:
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    endings: frozenset[str]
    roots: frozenset[str]
    words: frozenset[str]
    longest: int


@lru_cache(maxsize=1)
def morphemes() -> Morphemes:
    """The morpheme lists of ``prompts/esperanto/roots.yaml`` plus generated word forms."""
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("esperanto/roots.yaml")

    def norm(items: list[object]) -> frozenset[str]:
        return frozenset(nfc(str(x)).lower() for x in items if str(x).strip())

    words = set(norm(data["words"]))
    for head in _CORRELATIVE_HEADS:
        for tail in _CORRELATIVE_TAILS:
            base = head + tail
            words.add(base)
            if tail in ("a", "o", "u"):
                words.update({base + "n", base + "j", base + "jn"} if tail != "o" else {base + "n"})
            if tail == "e":
                words.add(base + "n")  # kien, tien: direction
    for pronoun in _PRONOUNS:
        words.update({pronoun, pronoun + "n", pronoun + "a", pronoun + "an", pronoun + "aj", pronoun + "ajn"})
    everything = set(words) | norm(data["roots"]) | norm(data["prefixes"]) | norm(data["suffixes"])
    return Morphemes(
        prefixes=norm(data["prefixes"]),
        suffixes=norm(data["suffixes"]),
        endings=norm(data["endings"]),
        roots=norm(data["roots"]),
        words=frozenset(words),
        longest=max(len(x) for x in everything),
    )


def _root_cost(piece: str) -> float:
    return 1.25 if len(piece) <= 2 else 1.0  # very short roots are cheap to match by accident


@lru_cache(maxsize=65536)
def segment(word: str) -> tuple[float, tuple[str, ...]] | None:
    """Split a Unicode word into morphemes: ``(cost, pieces)`` of the best split, or None.

    The grammar is ``[prefix]* root [suffix | root | o root]* ending`` (compounds allowed);
    stand-alone words (particles, pronouns, correlatives: ``ĉu``, ``ankaŭ``, ``ĉiujn``) cost 1.
    An elided word (``kor'``) is read with its ``-o`` back (``l'`` is the article).
    """
    word = nfc(word).lower()
    if word.endswith("'"):
        stem = word[:-1]
        if stem in ("l",):
            return (1.0, ("l'",))
        found = segment(stem + "o")
        if found is None:
            found = segment(stem + "a")  # poetic elision of -a (rare)
        return found
    m = morphemes()
    if word in m.words:
        return (1.0, (word,))
    best = _split(word, m)
    if best is None:
        return None
    return best


def _split(word: str, m: Morphemes) -> tuple[float, tuple[str, ...]] | None:
    n = len(word)
    memo: dict[tuple[int, int], tuple[float, tuple[str, ...]] | None] = {}

    def go(pos: int, state: int) -> tuple[float, tuple[str, ...]] | None:
        # state 0: before the first root (prefixes allowed); 1: after a root
        key = (pos, state)
        if key in memo:
            return memo[key]
        best: tuple[float, tuple[str, ...]] | None = None

        def consider(cost: float, piece: str, rest: tuple[float, tuple[str, ...]] | None) -> None:
            nonlocal best
            if rest is None:
                return
            total = cost + rest[0]
            if best is None or total < best[0]:
                best = (total, (piece,) + rest[1])

        if state == 1 and word[pos:] in m.endings:
            consider(1.0, word[pos:], (0.0, ()))
        for end in range(pos + 1, min(n, pos + m.longest) + 1):
            piece = word[pos:end]
            more = end < n
            if state == 0:
                if piece in m.prefixes and more:
                    consider(1.0, piece, go(end, 0))
                if piece in m.roots or (piece in m.words and len(piece) > 2):
                    consider(_root_cost(piece), piece, go(end, 1))
                if piece in m.suffixes:
                    consider(1.5, piece, go(end, 1))  # ejo, ulo, igi: a suffix used as a root
            elif state == 1:
                if piece in m.suffixes:
                    consider(1.0, piece, go(end, 1))
                if piece in m.roots:
                    consider(_root_cost(piece), piece, go(end, 1))
                if piece == "o" and more:
                    consider(0.5, piece, go(end, 2))  # linking vowel: vivoĝojo
            elif piece in m.roots:
                consider(_root_cost(piece), piece, go(end, 1))
        memo[key] = best
        return best

    return go(0, 0)


def is_known(word: str) -> bool:
    """True when the (Unicode) word splits into known morphemes."""
    return segment(word) is not None
