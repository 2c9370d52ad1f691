"""Esperanto spelling: Unicode (ĉ ĝ ĥ ĵ ŝ ŭ), the x-system (``cx``) and the h-system (``ch``).

Everything here works on a *view* of the user's text: the text the user wrote is never
changed in place. :func:`normalise` returns a :class:`Normalised` that keeps the original next
to the NFC Unicode form and the list of decisions taken.

* **x-system** (``cx gx hx jx sx ux``) is unambiguous: :func:`x_to_unicode` and
  :func:`unicode_to_x` are exact inverses. A literal ``x`` after one of ``c g h j s u`` is
  written doubled in the x-system (``cxx`` = ``cx``), so even text that contains such pairs
  survives the round trip: ``x_to_unicode(unicode_to_x(t)) == t`` for every string ``t``.
* **h-system** (``ch gh hh jh sh``, and ``u`` for ŭ; Zamenhof's own fallback) is ambiguous:
  ``flughaveno`` is flug+haveno, ``dishaki`` is dis+haki, ``senchava`` is senc+hav+a, while
  ``chevalo`` is ĉevalo and ``ankau`` is ankaŭ. :func:`h_to_unicode` tries every reading of
  the ambiguous spots of a word and keeps the one that splits into known morphemes
  (``prompts/esperanto/roots.yaml``: [prefix]* root [suffix|root]* ending) with the fewest
  pieces. Words with no parse, or with two equally good parses, are *undecided*: they get
  the most likely reading (the accented letter) and are reported.
* Apostrophes and quotes: ``’ ‘ ′ ʼ ´ ` `` become ``'`` and ``„ “ ” ‟ «»`` stay as they are
  except the curly double quotes, which become ``"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from songsmith.esperanto.letters import (
    ACCENT,
    ACCENTED_LETTERS,
    BASE,
    LETTERS,
    WORD_RE,
    nfc,
)
from songsmith.esperanto.morphemes import Morphemes, is_known, morphemes, segment

__all__ = ["ACCENT", "ACCENTED_LETTERS", "BASE", "LETTERS", "WORD_RE", "Morphemes", "Normalised", "WordDecision",
           "caret_to_unicode", "decode_h_word", "detect_system", "h_to_unicode", "is_known", "looks_esperanto",
           "morphemes", "nfc", "normalise", "normalise_quotes", "segment", "unicode_to_h", "unicode_to_x",
           "x_to_unicode"]

_QUOTES = str.maketrans({"’": "'", "‘": "'", "′": "'", "ʼ": "'", "´": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"'})
_H_ACCENT = {"ĉ": "ch", "ĝ": "gh", "ĥ": "hh", "ĵ": "jh", "ŝ": "sh", "ŭ": "u"}


def normalise_quotes(text: str) -> str:
    """``’ ‘ ′ ʼ`` → ``'`` and ``“ ” „`` → ``"`` (one character for one: line positions hold)."""
    return text.translate(_QUOTES)


def _case_like(template: str, letter: str) -> str:
    return letter.upper() if template[:1].isupper() else letter


# --- x-system ------------------------------------------------------------------------------
_X_RUN = re.compile(r"([cghjsuCGHJSU])([xX]+)")
_ACCENTED_X = re.compile(r"([ĉĝĥĵŝŭĈĜĤĴŜŬ])([xX]*)|([cghjsuCGHJSU])([xX]+)")


def x_to_unicode(text: str) -> str:
    """Decode the x-system: ``cx`` → ĉ … ``ux`` → ŭ (``X`` too); ``cxx`` → a literal ``cx``.

    After one of ``c g h j s u`` a run of n x's means: n odd, the accented letter followed by
    (n-1)/2 literal x's; n even, the plain letter followed by n/2 literal x's.
    """

    def repl(match: re.Match[str]) -> str:
        letter, run = match.group(1), match.group(2)
        if len(run) % 2:
            out = _case_like(letter, ACCENT[letter.lower()])
            pairs = run[1:]
        else:
            out, pairs = letter, run
        return out + pairs[1::2]

    return _X_RUN.sub(repl, nfc(text))


def unicode_to_x(text: str) -> str:
    """Encode to the x-system; the exact inverse of :func:`x_to_unicode`.

    The marker after an upper-case letter is ``X`` when the next character is an upper-case
    letter too (``ĈU`` → ``CXU``), else ``x`` (``Ĉu`` → ``Cxu``).
    """
    text = nfc(text)

    def repl(match: re.Match[str]) -> str:
        if match.group(1):
            letter, run = match.group(1), match.group(2)
            end = match.end()
            following = text[end:end + 1]
            marker = "X" if letter.isupper() and following.isupper() else "x"
            base = BASE[letter.lower()]
            return (base.upper() if letter.isupper() else base) + marker + "".join(ch + ch for ch in run)
        letter, run = match.group(3), match.group(4)
        return letter + "".join(ch + ch for ch in run)

    return _ACCENTED_X.sub(repl, text)


# --- other ASCII notations: c^ ^c u~ ------------------------------------------------------
_CARET = re.compile(r"([cghjsCGHJS])\^|\^([cghjsCGHJS])|([uU])[~\u02d8]")


def caret_to_unicode(text: str) -> str:
    """``c^`` / ``^c`` → ĉ (also g h j s) and ``u~`` → ŭ: rarer ASCII notations, unambiguous."""

    def repl(match: re.Match[str]) -> str:
        letter = match.group(1) or match.group(2) or match.group(3)
        return _case_like(letter, ACCENT[letter.lower()])

    return _CARET.sub(repl, text)


# --- h-system (writing) ---------------------------------------------------------------------
def unicode_to_h(text: str) -> str:
    """Write the h-system: ĉ→ch ĝ→gh ĥ→hh ĵ→jh ŝ→sh ŭ→u (lossy: ``ŭ`` and ``u`` merge)."""
    out: list[str] = []
    text = nfc(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        if low in _H_ACCENT:
            rep = _H_ACCENT[low]
            if ch.isupper():
                following, previous = text[i + 1:i + 2], text[i - 1:i] if i else ""
                capitals = following.isupper() or (not following.isalpha() and previous.isupper())
                rep = rep.upper() if capitals else rep[0].upper() + rep[1:]
            out.append(rep)
        else:
            out.append(ch)
    return "".join(out)


# --- h-system (reading) ---------------------------------------------------------------------
@dataclass(frozen=True)
class WordDecision:
    """What the h-system decoder did with one word.

    ``status``: ``lexicon`` (one reading parses best), ``ambiguous`` (two or more readings
    parse equally well: the accented one was taken), ``unknown`` (no reading parses: the
    accented one was taken). ``alternatives`` are the other readings that parse.
    """

    word: str
    result: str
    status: str
    line: int  # 1-based line of the text
    alternatives: tuple[str, ...] = ()

    @property
    def decided(self) -> bool:
        return self.status == "lexicon"

    def __str__(self) -> str:
        extra = f" (also {', '.join(self.alternatives)})" if self.alternatives else ""
        return f"line {self.line}: {self.word} → {self.result} [{self.status}]{extra}"


_H_SPOT = re.compile(r"[cghjsCGHJS][hH]|(?<=[aeAE])[uU]")
_MAX_SPOTS = 10


def _readings(word: str) -> list[tuple[str, int]]:
    """Every reading of an h-system word: (text, number of accented letters), cased as written."""
    parts: list[list[tuple[str, int]]] = []
    i = 0
    while i < len(word):
        ch, nxt = word[i], word[i + 1:i + 2]
        if ch.lower() in "cghjs" and nxt.lower() == "h":
            parts.append([(_case_like(ch, ACCENT[ch.lower()]), 1), (ch + nxt, 0)])
            i += 2
            continue
        if ch.lower() == "u" and i > 0 and word[i - 1].lower() in "ae":
            parts.append([(_case_like(ch, "ŭ"), 1), (ch, 0)])
            i += 1
            continue
        parts.append([(ch, 0)])
        i += 1
    spots = sum(1 for p in parts if len(p) > 1)
    if spots > _MAX_SPOTS:
        return [("".join(p[0][0] for p in parts), spots)]
    return [("".join(x for x, _ in combo), sum(a for _, a in combo)) for combo in product(*parts)]


def decode_h_word(word: str, line: int = 1) -> WordDecision:
    """Decide one h-system word (see the module docstring)."""
    readings = _readings(word)
    if len(readings) == 1:
        return WordDecision(word, readings[0][0], "lexicon", line)
    scored: list[tuple[float, int, str]] = []
    for text, accents in readings:
        found = segment(text)
        if found is not None:
            scored.append((found[0], -accents, text))
    default = max(readings, key=lambda r: r[1])[0]
    if not scored:
        return WordDecision(word, default, "unknown", line)
    scored.sort()
    best_cost = scored[0][0]
    best = [text for cost, _, text in scored if cost <= best_cost + 1e-9]
    if len(best) == 1:
        return WordDecision(word, best[0], "lexicon", line)
    chosen = best[0]  # most accents among the equally good readings
    return WordDecision(word, chosen, "ambiguous", line, tuple(t for t in best if t != chosen))


def h_to_unicode(text: str) -> tuple[str, list[WordDecision]]:
    """Decode h-system text word by word; returns the text and one decision per ambiguous word."""
    text = normalise_quotes(nfc(text))
    decisions: list[WordDecision] = []
    out: list[str] = []
    for number, line in enumerate(text.split("\n"), start=1):
        pieces: list[str] = []
        last = 0
        for match in WORD_RE.finditer(line):
            word = match.group(0)
            pieces.append(line[last:match.start()])
            last = match.end()
            if _H_SPOT.search(word.rstrip("'")) is None:
                pieces.append(word)
                continue
            decision = decode_h_word(word, number)
            decisions.append(decision)
            pieces.append(decision.result)
        pieces.append(line[last:])
        out.append("".join(pieces))
    return "\n".join(out), decisions


# --- the view ------------------------------------------------------------------------------
_X_MARK = re.compile(r"[cghjsuCGHJSU][xX]")


def detect_system(text: str) -> str:
    """``unicode`` (has ĉ ĝ ĥ ĵ ŝ ŭ), ``x`` (has cx … ux), ``h`` (has ch … or au/eu) or ``plain``."""
    text = nfc(text)
    if any(ch in ACCENTED_LETTERS for ch in text):
        return "unicode"
    if _X_MARK.search(text):
        return "x"
    if _H_SPOT.search(text):
        return "h"
    return "plain"


@dataclass
class Normalised:
    """A reversible view: ``original`` is the user's text, ``text`` its NFC Unicode form."""

    original: str
    text: str
    system: str
    decisions: list[WordDecision] = field(default_factory=list)

    @property
    def undecided(self) -> list[WordDecision]:
        """h-system words the lexicon could not decide (the accented reading was taken)."""
        return [d for d in self.decisions if not d.decided]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def warnings(self) -> list[str]:
        return [f"h-system: could not decide {d}" for d in self.undecided]


def normalise(text: str, system: str | None = None) -> Normalised:
    """NFC, quotes, ``c^``/``^c``/``u~``, and the x- or h-system decoded (``system`` None: detect it).

    Mixed text: x-system markers are decoded whenever present (x is not an Esperanto letter);
    the h-system is decoded only when the text has no accented letter and no x marker, since
    ``ch`` in Unicode text is a real c+h.
    """
    original = text
    text = normalise_quotes(nfc(text))
    found = detect_system(text) if system is None else system
    decisions: list[WordDecision] = []
    if _CARET.search(text):
        text = caret_to_unicode(text)
        found = detect_system(text) if system is None else system
    if found == "x" or (system is None and _X_MARK.search(text)):
        text = x_to_unicode(text)
    if found == "h":
        text, decisions = h_to_unicode(text)
    return Normalised(original=original, text=text, system=found, decisions=decisions)


def looks_esperanto(text: str) -> bool:
    """A guess for text without a declared language: accented letters, x markers, or most
    words known to the morpheme lexicon (read as h-system)."""
    from songsmith.language import is_cjk

    if any(is_cjk(ch) for ch in text):
        return False
    words = WORD_RE.findall(nfc(text))
    if not words:
        return False
    if any(ch in ACCENTED_LETTERS for ch in text) or _X_MARK.search(text):
        return True
    view = normalise(text).text
    words = WORD_RE.findall(view)
    known = sum(1 for w in words if segment(w) is not None)
    return known >= 0.6 * len(words)
