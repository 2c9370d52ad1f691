"""Moods and styles for lyrics in languages other than Chinese and Esperanto (offline).

English words are read as mood cues (``prompts/styles/lyrics.yaml``); each of the strongest
moods gives one candidate in the styles of songs written in English (folk, americana, pop,
soul, rock, orchestral), never a Chinese instrument. The metre of English lyrics
(:func:`english_metre`) sets the time: a ternary metre is a waltz in 3/4, a binary one 4/4; the
tempo is written into the prompt, and no word that contradicts the others (``songsmith
check``'s rules) or, for children, that a children's song must not ask for, is kept. Lyrics in
another language get the same styles, with the mood taken from the words it shares with
English and otherwise from the table's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from songsmith.document.moods import MOODS, MoodResult
from songsmith.style.base import Hints, StyleCandidate, Work

_WORD = re.compile(r"[^\W\d_]+")
_ENDINGS = ("ing", "ed", "es", "ly", "s")
LANGUAGE_TAGS = {"en": None, "es": "Spanish", "fr": "French", "de": "German", "it": "Italian"}


@dataclass(frozen=True)
class _Table:
    cues: dict[str, dict[str, float]]
    styles: dict[str, dict[str, Any]]
    children: dict[str, Any]
    unstressed: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    metres: dict[str, dict[str, Any]] | None = None


@lru_cache(maxsize=1)
def table() -> _Table:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("styles/lyrics.yaml")
    if tuple(data["moods"]) != MOODS or set(data["styles"]) != set(MOODS):
        raise ValueError("prompts/styles/lyrics.yaml: moods and styles must be exactly " + ", ".join(MOODS))
    cues = {str(word): {m: float(w) for m, w in weights.items()} for word, weights in data["cues"].items()}
    for word, weights in cues.items():
        if set(weights) - set(MOODS):
            raise ValueError(f"prompts/styles/lyrics.yaml: cue {word!r}: unknown mood")
    return _Table(cues, dict(data["styles"]), dict(data.get("children") or {}),
                  frozenset(str(w) for w in data.get("unstressed") or ()),
                  tuple(sorted((str(p) for p in data.get("unstressed_prefixes") or ()), key=len, reverse=True)),
                  dict(data.get("metres") or {}))


def _cue(word: str, cues: dict[str, dict[str, float]]) -> str | None:
    if word in cues:
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and word[: -len(ending)] in cues:
            return word[: -len(ending)]
    return None


def lyrics_mood(text: str, title: str | None = None) -> MoodResult:
    """Ranked moods from the cue words (title words count double); no cue gives an even ranking."""
    cues = table().cues
    raw = dict.fromkeys(MOODS, 0.0)
    found: dict[str, list[str]] = {}
    for source, factor in ((title or "", 2.0), (text, 1.0)):
        for word in _WORD.findall(source.lower()):
            cue = _cue(word, cues)
            if cue is None:
                continue
            for mood, weight in cues[cue].items():
                raw[mood] += weight * factor
                if cue not in found.setdefault(mood, []):
                    found[mood].append(cue)
    return MoodResult.from_scores(raw, found)


_VOWELS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    word = word.lower().strip("'")
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # a silent final e (alone, gone)
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:
        count -= 1  # blazed, faded keeps its syllable
    return max(1, count)


def _stresses(word: str, data: _Table) -> list[int]:
    low = word.lower()
    count = _syllables(low)
    if count == 1:
        return [0 if low.strip("'") in data.unstressed or low in data.unstressed else 1]
    prefix = next((p for p in data.prefixes if low.startswith(p) and len(low) > len(p) + 2), None)
    if prefix and count == 2:
        return [0, 1]
    return [1] + [0] * (count - 1)


def english_metre(lines: list[str]) -> tuple[str | None, str]:
    """``("ternary"|"binary"|None, evidence)``: whether the stresses of the lines fall every
    third syllable or every second (two stressed words in a row: the second gives way)."""
    data = table()
    twos = threes = 0
    for line in lines:
        pattern: list[int] = []
        for word in _WORD.findall(line.replace("’", "'")):
            pattern.extend(_stresses(word, data))
        for i in range(1, len(pattern)):
            if pattern[i] and pattern[i - 1]:
                pattern[i] = 0
        positions = [i for i, stressed in enumerate(pattern) if stressed]
        for a, b in zip(positions, positions[1:]):
            twos += b - a == 2
            threes += b - a == 3
    if twos + threes < 4:
        return None, "too few stresses to tell a metre"
    metre = "ternary" if threes > twos else "binary"
    return metre, f"{threes} of {twos + threes} stress gaps are three syllables → {metre}"


def lyric_candidates(work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
    """One candidate for each of the ``n`` strongest moods (their genres differ), best first."""
    from songsmith.document.model import Style
    from songsmith.style.spell import Spell
    from songsmith.style.stylemap import PROMPT_LIMIT

    data = table()
    children = hints.audience == "children"
    avoid = set(data.children.get("avoid") or []) if children else set()
    tag = LANGUAGE_TAGS.get(work.language or "")
    metre, metre_why = english_metre(list(work.lines)) if (work.language or "en") == "en" else (None, "")
    feel = (data.metres or {}).get(metre or "", {})
    candidates: list[StyleCandidate] = []
    for mood, _ in work.mood.ranked:
        if mood in avoid:
            continue
        style = data.styles[mood]
        words = [str(w) for w in style["words"]]
        low, high = (int(x) for x in (data.children.get("tempo") if children else style["tempo"]))
        if children:
            low, high = max(low, int(style["tempo"][0])), max(low, min(high, int(style["tempo"][1])))
            words = [w for w in words if not w.endswith("vocal") and "choir" not in w] + [str(data.children["vocal"])]
        bpm = (low + high) // 2 + int(feel.get("tempo_shift", 0))
        vocal = next((w for w in reversed(words) if "vocal" in w or "choir" in w), None)
        lead = str(style["lead"])
        spell = Spell(PROMPT_LIMIT, bpm, children)
        spell.add(words[0], required=True)
        for word in [*(str(t) for t in feel.get("tags") or []), *words[1:]]:
            spell.add(word)
        spell.add(f"{bpm} bpm", required=True)
        if tag:
            spell.add(tag, required=True)
        order = [words[0], *(str(t) for t in feel.get("tags") or []), *words[1:], f"{bpm} bpm", tag or ""]
        kept = [w for w, _ in spell.words]
        prompt = ", ".join(sorted(kept, key=lambda w: order.index(w) if w in order else len(order)))
        cues = work.mood.cues.get(mood) or []
        why = [f"mood {mood}" + (f" ({', '.join(cues)})" if cues else " (no cue words; from the table's order)")]
        if metre:
            why.append(f"metre: {metre_why}")
        if spell.refused:
            why.append("left out as contradictory: " + ", ".join(spell.refused))
        candidates.append(StyleCandidate(
            style=Style(prompt=prompt, genre=[words[0]], mood=[mood], instruments=[lead], vocal=vocal,
                        tempo_bpm=bpm, language_tag=tag),
            genre=words[0], lead=lead, recipe=f"lyrics-{mood}", why="; ".join(why)))
        if len(candidates) == n_candidates:
            break
    return candidates
