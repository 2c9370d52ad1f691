"""Moods and styles for lyrics in languages other than Chinese and Esperanto (offline).

English words are read as mood cues (``prompts/styles/lyrics.yaml``); each of the strongest
moods gives one candidate in the styles of songs written in English (folk, americana, pop,
soul, rock, orchestral). Lyrics in another language get the same styles, with the mood taken
from the words it shares with English and otherwise from the table's order.
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
    return _Table(cues, dict(data["styles"]), dict(data.get("children") or {}))


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


def lyric_candidates(work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
    """One candidate for each of the ``n`` strongest moods (their genres differ), best first."""
    from songsmith.document.model import Style

    data = table()
    children = hints.audience == "children"
    avoid = set(data.children.get("avoid") or []) if children else set()
    tag = LANGUAGE_TAGS.get(work.language or "")
    candidates: list[StyleCandidate] = []
    for mood, _ in work.mood.ranked:
        if mood in avoid:
            continue
        style = data.styles[mood]
        words = [str(w) for w in style["words"]]
        low, high = (int(x) for x in (data.children.get("tempo") if children else style["tempo"]))
        if children:
            low, high = max(low, int(style["tempo"][0])), max(low, min(high, int(style["tempo"][1])))
            words = [w for w in words if not w.endswith("vocal")] + [str(data.children["vocal"])]
        bpm = (low + high) // 2
        vocal = next((w for w in reversed(words) if "vocal" in w or "choir" in w), None)
        lead = str(style["lead"])
        prompt = ", ".join(words + ([tag] if tag else []))
        cues = work.mood.cues.get(mood) or []
        why = f"mood {mood}" + (f" ({', '.join(cues)})" if cues else " (no cue words; from the table's order)")
        candidates.append(StyleCandidate(
            style=Style(prompt=prompt, genre=[words[0]], mood=[mood], instruments=[lead], vocal=vocal,
                        tempo_bpm=bpm, language_tag=tag),
            genre=words[0], lead=lead, recipe=f"lyrics-{mood}", why=why))
        if len(candidates) == n_candidates:
            break
    return candidates
