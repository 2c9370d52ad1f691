"""What a style needs to know about one poem: who speaks, when and where, and how it moves.

* the **persona** — the speaker's gender, role and age, from the poet (``prompts/styles/
  personas.yaml``), the poem's subject (:mod:`songsmith.style.subjects`: a 宫怨 speaks as a
  palace lady) and its words (妾, 白发) — decides the voice;
* the **scene** — season, hour, weather and place (``prompts/styles/settings.yaml``) — gives
  scene words, the instruments the tradition sets there and a genre it suits;
* the **movement** — form, line length and the 平/仄 of the rhyme — gives a feel word and shifts
  the tempo.

Every finding keeps its evidence (``"白发 → old"``), which the candidates' notes repeat.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.style.base import Work


@dataclass
class Persona:
    gender: str  # "male", "female" or "unknown"
    role: str | None = None
    age: str | None = None
    why: list[str] = field(default_factory=list)


@dataclass
class Reading:
    persona: Persona
    scene: list[str]  # English scene words, strongest first
    instruments: list[str]  # the instruments the scene calls for, in order
    genres: list[str]  # genres the scene suits
    feel: list[str]  # form and metre feel words
    tempo_shift: int
    why: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, Any], dict[str, Any]]:
    from songsmith.resources import load_prompt_yaml

    return dict(load_prompt_yaml("styles/personas.yaml")), dict(load_prompt_yaml("styles/settings.yaml"))


def _text(work: Work) -> tuple[str, str]:
    from songsmith.poetry.script import to_simplified

    title = to_simplified(work.title) if work.title else ""
    return title, "\n".join(work.simplified)


def persona(work: Work, subjects: list[str]) -> Persona:
    """The speaker of ``work`` given its subjects (names of :mod:`songsmith.style.subjects`)."""
    data, _ = _data()
    title, text = _text(work)
    author = work.author or ""
    why: list[str] = []
    if author in data["female_poets"]:
        gender = "female"
        why.append(f"{author} → a woman's voice")
    elif not author or author in data["unknown_authors"]:
        gender = "unknown"
    else:
        gender = "male"
    speaks = [s for s in subjects if s in data["female_subjects"]]
    words = [w for w in data["female_words"] if w in text]
    if gender != "female" and (speaks or len(words) >= int(data.get("female_min_words", 2))):
        gender = "female"
        why.append(f"{speaks[0] if speaks else '/'.join(words[:2])} → the speaker is a woman")
    role = None
    for name, rule in data["roles"].items():
        hits = [w for w in rule.get("words") or [] if w in text]
        by_subject = [s for s in rule.get("subjects") or [] if s in subjects]
        long_enough = "min_lines" in rule and len(work.lines) >= int(rule["min_lines"])
        if by_subject or len(hits) >= int(rule.get("min", 1)) and hits or long_enough:
            wanted = rule.get("gender")
            if wanted and wanted != gender and gender != "unknown":
                continue
            role = str(name)
            evidence = by_subject[0] if by_subject else ("/".join(hits[:2]) if hits else f"{len(work.lines)} lines")
            why.append(f"{evidence} → {role}")
            if wanted and gender == "unknown":
                gender = wanted
            break
    age = None
    old = [w for w in data["old"] if w in text]
    weak = [w for w in data["old_weak"] if w in text]
    young = [w for w in data["young"] if w in text or w in title]
    if old or len(weak) >= 2:
        age = "old"
        why.append(f"{'/'.join((old or weak)[:2])} → old")
    elif young:
        age = "young"
        why.append(f"{young[0]} → young")
    return Persona(gender, role, age, why)


def _occurs(cue: str, text: str, literal_only: str, months: str) -> bool:
    """``cue`` in ``text`` as the thing itself: not a comparison (如雪, 疑是…霜, 暮成雪) and, for
    月, not a month (三月)."""
    start = text.find(cue)
    while start != -1:
        before = text[max(0, start - 2):start]
        figurative = any(c in literal_only for c in before) or "疑" in text[max(0, start - 4):start]
        month = cue == "月" and before[-1:] in months and before != ""
        if not figurative and not month:
            return True
        start = text.find(cue, start + 1)
    return False


def _best(table: dict[str, Any], title: str, text: str) -> tuple[str, dict[str, Any], list[str]] | None:
    _, settings = _data()
    literal_only = str(settings.get("figurative", ""))
    months = str(settings.get("months", ""))
    best: tuple[int, str, dict[str, Any], list[str]] | None = None
    for name, entry in table.items():
        hits = [c for c in entry["cues"] if _occurs(c, text, literal_only, months) or c in title]
        if len(hits) < int(entry.get("min", 1)):
            continue
        if best is None or len(hits) > best[0]:
            best = (len(hits), str(name), entry, hits)
    return (best[1], best[2], best[3]) if best else None


def vocals_for(p: Persona, mood: str, children: bool) -> list[str]:
    """The voices for this speaker, best first (children: a child's voice or a clear one)."""
    data, _ = _data()
    if children:
        return list(data["children"][p.gender])
    table = data["vocals"][p.gender]
    for key in (p.role, p.age, mood, "default"):
        if key and key in table:
            return list(table[key])
    return list(table["default"])


def all_vocals() -> set[str]:
    data, _ = _data()
    voices = {v for per in data["vocals"].values() for vs in per.values() for v in vs}
    return voices | {v for vs in data["children"].values() for v in vs}


def read(work: Work, subjects: list[str]) -> Reading:
    """The persona, scene and movement of ``work``."""
    _, settings = _data()
    title, text = _text(work)
    who = persona(work, subjects)
    scene: list[str] = []
    why = list(who.why)
    instruments: list[str] = []
    genres: list[str] = []
    place = _best(settings["places"], title, text)
    if place:
        name, entry, hits = place
        scene.append(str(entry["word"]))
        instruments += [str(i) for i in entry.get("instruments") or []]
        genres += [str(g) for g in entry.get("genres") or []]
        why.append(f"{'/'.join(hits[:3])} → {entry['word']}")
    for kind in ("seasons", "times", "weather"):
        found = _best(settings[kind], title, text)
        if not found:
            continue
        name, entry, hits = found
        word = str(entry.get("moon_word") if "月" in hits and entry.get("moon_word") else entry["word"])
        if word not in scene:
            scene.append(word)
            why.append(f"{'/'.join(hits[:3])} → {word}")
    feel: list[str] = []
    shift = 0
    form = work.form or ""
    for key, entry in settings["forms"].items():
        if key in form:
            feel.append(str(entry["feel"]))
            shift += int(entry.get("tempo", 0))
            break
    lengths = {len(line) for line in work.lines}
    line_key = str(next(iter(lengths))) if len(lengths) == 1 else "mixed"
    line_entry = settings["lines"].get(line_key) or {}
    shift += int(line_entry.get("tempo", 0))
    if line_entry.get("feel") and not feel:
        feel.append(str(line_entry["feel"]))
    tone = work.analysis.rhyme.get("tone") if work.analysis is not None else None
    rhyme_entry = settings["rhyme"].get(tone or "") or {}
    if rhyme_entry:
        shift += int(rhyme_entry.get("tempo", 0))
        feel.append(str(rhyme_entry["feel"]))
        why.append(f"{tone}韵 → {rhyme_entry['feel']}")
    return Reading(who, scene, instruments, genres, feel, shift, why)
