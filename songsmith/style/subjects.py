"""The subject of a classical poem (题材: 宫怨, 边塞, 咏史 …) and the moods it brings, with evidence.

Subjects are data (``prompts/moods/subjects.yaml``): a subject is recognised by its title words
or by enough of its verse words; it adds its usual moods once, and the words of its tone add to
theirs (a 边塞 poem of white bones and waiting wives leans to melancholy, a 咏史 poem of wry
counterfactuals to satire). :func:`subject_moods` returns what to add and why, for
:mod:`songsmith.style.mood`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from songsmith.document.moods import MOODS


@dataclass(frozen=True)
class Subject:
    name: str
    title: tuple[str, ...]
    not_title: tuple[str, ...]
    text: tuple[str, ...]
    min_text: int
    moods: tuple[tuple[str, float], ...]
    tone: tuple[tuple[str, tuple[str, ...]], ...]
    mutes: tuple[str, ...] = ()
    turns: tuple[tuple[str, tuple[str, ...]], ...] = ()
    title_start: tuple[str, ...] = ()  # words that name the subject only opening the title


@dataclass(frozen=True)
class Found:
    """A recognised subject: the moods it adds and the evidence, e.g. ``宫怨 (title 宫词)``."""

    subject: str
    moods: dict[str, float]
    evidence: str
    tone: dict[str, list[str]]
    mutes: tuple[str, ...] = ()  # moods whose imagery cues this subject scales down


@lru_cache(maxsize=1)
def _subjects() -> tuple[tuple[Subject, ...], float, float, float]:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("moods/subjects.yaml")
    subjects = []
    for name, raw in data["subjects"].items():
        moods = tuple((str(m), float(w)) for m, w in (raw.get("moods") or {}).items())
        tone = tuple((str(m), tuple(str(w) for w in words)) for m, words in (raw.get("tone") or {}).items())
        mutes = tuple(map(str, raw.get("mutes") or ()))
        turns = tuple((str(m), tuple(map(str, muted))) for m, muted in (raw.get("turns") or {}).items())
        named = [m for m, _ in moods] + [m for m, _ in tone] + list(mutes) + [m for m, ms in turns for m in (m, *ms)]
        for mood in named:
            if mood not in MOODS:
                raise ValueError(f"prompts/moods/subjects.yaml: {name}: unknown mood {mood!r}")
        subjects.append(Subject(str(name), tuple(map(str, raw.get("title") or ())),
                                tuple(map(str, raw.get("not_title") or ())), tuple(map(str, raw.get("text") or ())),
                                int(raw.get("min_text", 2)), moods, tone, mutes, turns,
                                tuple(map(str, raw.get("title_start") or ()))))
    return (tuple(subjects), float(data.get("tone_weight", 1.0)), float(data.get("tone_cap", 4.0)),
            float(data.get("mute_factor", 0.5)))


def mute_factor() -> float:
    return _subjects()[3]


def subject_moods(lines: list[str], title: str | None) -> list[Found]:
    """The subjects of a poem (simplified lines and title), in the file's order. A subject known
    by its title weighs less in a long poem (×√(8/lines) over 8 lines), as the title does."""
    subjects, tone_weight, tone_cap, _ = _subjects()
    text = "\n".join(lines)
    title = title or ""
    found: list[Found] = []
    for subject in subjects:
        in_title = [w for w in subject.title if w in title] + [w for w in subject.title_start if title.startswith(w)]
        if any(w in title for w in subject.not_title):
            in_title = []
        in_text = [w for w in subject.text if w in text]
        in_text = [w for w in in_text if not any(w != other and w in other for other in in_text)]  # 烽 in 烽火
        if in_title:
            evidence = f"title {in_title[0]}"
        elif len(in_text) >= subject.min_text:
            evidence = ", ".join(in_text[:3])
        else:
            continue
        scale = (8 / len(lines)) ** 0.5 if in_title and len(lines) > 8 else 1.0
        moods = {mood: weight * scale for mood, weight in subject.moods}
        mutes = list(subject.mutes)
        tone: dict[str, list[str]] = {}
        for mood, words in subject.tone:
            hits = [w for w in words if w in text] + [w for w in words if w in title] * 2  # the title's count twice
            hits = [w for w in hits if not any(w != other and w in other for other in hits)]  # 骨 in 白骨
            if hits:
                tone[mood] = hits
        turned = dict(subject.turns)
        for mood, hits in tone.items():
            if mood in turned and len(hits) >= 2:  # the tone turns the subject to its mood
                base = sum(moods.values())
                moods = {mood: base}
                mutes += [m for m in turned[mood] if m not in mutes]
                break
        for mood, hits in tone.items():
            moods[mood] = moods.get(mood, 0.0) + min(tone_cap, tone_weight * len(hits))
        found.append(Found(subject.name, moods, f"{subject.name} ({evidence})", tone, tuple(mutes)))
    return found
