"""``songsmith analyze``: readings, 平仄, rhyme and form of one poem, and its JSON contract.

The JSON (documented in docs/analyze.md) is::

    {"title", "author", "form", "language": "zh",
     "lines": [{"text", "pinyin": [one syllable per Han character], "tones": "平仄…"}],
     "rhyme": {...}, "warnings": [...], ...extra keys}

Each line's ``pinyin`` has exactly one entry per Han character of its ``text``, in order
(``"?"`` when no reading is known), and ``tones`` one 平/仄/? per Han character. The lines
together cover every Han character of the (normalised) poem text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.language import is_cjk
from songsmith.poetry.corpus import Poem
from songsmith.poetry.normalise import LOST, PLACEHOLDERS
from songsmith.poetry.prosody import (
    Shape,
    classical_tone,
    detect_form,
    main_rhyme,
    make_context,
    make_shape,
    rhyme_group,
    split_verse_lines,
)
from songsmith.poetry.readings import Choice, apply_rules, plain_readings
from songsmith.poetry.script import to_simplified, to_simplified_aligned

UNKNOWN = "?"


@dataclass
class LineResult:
    text: str  # as the user wrote it (their script), syllable characters only
    simplified: str
    pinyin: list[str]  # one per Han character
    tones: str  # one 平/仄/? per Han character

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "pinyin": self.pinyin, "tones": self.tones}


@dataclass
class Analysis:
    title: str
    author: str | None
    form: str
    lines: list[LineResult]
    rhyme: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    readings: list[Choice] = field(default_factory=list)
    annotations: list[str] = field(default_factory=list)
    id: str | None = None
    collection: str | None = None
    tune: str | None = None
    declared_form: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "author": self.author,
            "form": self.form,
            "language": "zh",
            "lines": [line.to_json() for line in self.lines],
            "rhyme": self.rhyme,
            "warnings": self.warnings,
            "id": self.id,
            "collection": self.collection,
            "tune": self.tune,
            "declared_form": self.declared_form,
            "readings": [
                {"line": c.line + 1, "index": c.index, "char": c.char, "pinyin": c.reading, "rule": c.rule,
                 "also": c.also, "ambiguous": c.ambiguous}
                for c in self.readings
            ],
            "annotations": self.annotations,
        }


def _simplify_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    joined = "\n".join(lines)
    converted = to_simplified(joined)
    if len(converted) == len(joined):
        return converted.split("\n")
    return [to_simplified_aligned(line) for line in lines]


def _readings_for(lines: list[str]) -> list[list[str | None]]:
    flat = plain_readings("\n".join(lines))
    rows: list[list[str | None]] = []
    start = 0
    for line in lines:
        rows.append(flat[start:start + len(line)])
        start += len(line) + 1
    return rows


@dataclass(frozen=True)
class VerseReadings:
    """Readings of verse lines in their poem's context (shared: never mutate the rows)."""

    simple: tuple[str, ...]  # the lines in simplified characters, aligned with the originals
    plain: tuple[tuple[str | None, ...], ...]  # pypinyin's reading per character
    chosen: tuple[tuple[str | None, ...], ...]  # after the classical rules (metre and rhyme aware)
    choices: tuple[Choice, ...]  # what each rule decided


@lru_cache(maxsize=256)
def verse_readings(lines: tuple[str, ...]) -> VerseReadings:
    """The classical readings of a poem's verse lines (one line per clause, as
    :func:`split_verse_lines` gives them): pypinyin, then the rules with the metre and rhyme of
    these lines as context. Cached, so the analysis, the lyric sheet and the songbook of one
    poem compute them once."""
    simple = _simplify_lines(list(lines))
    plain = _readings_for(simple)
    first = [list(row) for row in plain]
    apply_rules(simple, first)
    slot_of, rhyme_of = make_context(simple, first)
    chosen = [list(row) for row in plain]
    choices = apply_rules(simple, chosen, slot_of=slot_of, rhyme_of=rhyme_of)
    return VerseReadings(tuple(simple), tuple(tuple(r) for r in plain), tuple(tuple(r) for r in chosen),
                         tuple(choices))


def analyse_poem(poem: Poem) -> Analysis:
    """Analyse a loaded poem (its normalised lines)."""
    display = split_verse_lines("\n".join(poem.lines))
    found = verse_readings(tuple(display))
    simple = list(found.simple)
    readings = [list(row) for row in found.chosen]
    choices = list(found.choices)

    warnings: list[str] = []
    grid: list[list[str]] = []
    rusheng: list[str] = []
    lines: list[LineResult] = []
    for number, (text, simplified, row) in enumerate(zip(display, simple, readings), 1):
        tones_row: list[str] = []
        pinyin: list[str] = []
        missing: list[str] = []
        lost = 0
        for char, sim, reading in zip(text, simplified, row):
            if char in PLACEHOLDERS:
                lost += 1
                tones_row.append("?")
                continue
            if not is_cjk(char):
                continue
            tone, hidden = classical_tone(sim, reading)
            tones_row.append(tone)
            pinyin.append(reading or UNKNOWN)
            if reading is None:
                missing.append(f"{char} (U+{ord(char):04X})")
            if hidden:
                rusheng.append(f"line {number} {char} {reading}")
        grid.append(tones_row)
        tones = "".join(t for t, c in zip(tones_row, text) if c not in PLACEHOLDERS)
        lines.append(LineResult(text, simplified, pinyin, tones))
        if lost:
            warnings.append(f"line {number}: {lost} lost or uncoded character(s) ({LOST}/〓) have no reading")
        if missing:
            warnings.append(f"line {number}: no reading known for {', '.join(missing)}")

    for choice in choices:
        if choice.ambiguous:
            others = f" (or {', '.join(choice.also)})" if choice.also else ""
            warnings.append(f"line {choice.line + 1}: {choice.char} read {choice.reading}{others} is ambiguous: "
                            f"{choice.ambiguous}")

    shape = make_shape(simple)
    group, rhyme_tone = main_rhyme(simple, readings, shape)
    title_simple = to_simplified(poem.title) if poem.title else None
    form = detect_form(simple, grid, rhyme_tone, title=title_simple, declared=poem.form, tune=poem.tune)
    rhyme = _rhyme_report(display, simple, readings, shape, group, rhyme_tone)
    if form.form.endswith(("绝句", "律诗", "排律")) and group:
        for li in range(1, len(simple), 2):
            syllable = readings[li][-1] if readings[li] else None
            own = rhyme_group(syllable)
            alternatives = {rhyme_group(a) for c in choices if c.line == li and c.index == len(simple[li]) - 1
                            for a in c.also}
            if syllable and own != group and group not in alternatives:
                warnings.append(f"line {li + 1}: {display[li][-1]} {syllable} does not rhyme with the other feet "
                                f"({group}) by modern finals")
    if rusheng:
        warnings.append("modern-tone caveat: these 入声 (entering-tone) characters read 平 in Mandarin but are 仄 "
                        "in classical verse (marked 仄): " + "; ".join(rusheng))
    if not display:
        warnings.append("no verse lines (empty poem)")
    return Analysis(
        title=poem.title, author=poem.author, form=form.form, lines=lines, rhyme=rhyme, warnings=warnings,
        readings=choices, annotations=[str(a) for a in poem.annotations], id=poem.id,
        collection=poem.collection, tune=form.tune, declared_form=poem.form,
    )


def _rhyme_report(display: list[str], simple: list[str], readings: list[list[str | None]], shape: Shape,
                  group: str | None, tone: str | None) -> dict[str, Any]:
    ends = [rhyme_group(row[-1]) if row else None for row in readings]
    counts = Counter(g for g in ends if g)
    letters: dict[str, str] = {}
    scheme = []
    for g in ends:
        if g and counts[g] >= 2:
            if g not in letters:
                letters[g] = chr(ord("A") + min(len(letters), 25))
            scheme.append(letters[g])
        else:
            scheme.append("x")
    feet = []
    candidates = set(shape.rhyme_candidates())
    for li, (text, row) in enumerate(zip(display, readings)):
        if not row or not text:
            continue
        g = ends[li]
        if group and shape.uniform in (4, 5, 7):
            is_foot = li in candidates and g == group
        else:
            is_foot = scheme[li] != "x"
        if is_foot:
            feet.append({"line": li + 1, "char": text[-1], "pinyin": row[-1], "group": g,
                         "tone": classical_tone(simple[li][-1], row[-1])[0]})
    return {
        "system": "中华新韵",
        "group": group,
        "tone": tone,
        "scheme": "".join(scheme),
        "feet": feet,
        "pingshui": None,
    }


def analyse_text(text: str, *, title: str | None = None, author: str | None = None,
                 form: str | None = None) -> Analysis:
    """Analyse verse given as text (lines separated by newlines or punctuation)."""
    from songsmith.poetry.corpus import make_poem

    poem = make_poem("<text>", title, [line for line in text.splitlines() if line.strip()],
                     author=author, form=form)
    return analyse_poem(poem)
