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

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.language import is_cjk
from songsmith.poetry.corpus import Poem
from songsmith.poetry.normalise import LOST, PLACEHOLDERS
from songsmith.poetry.prosody import (
    detect_form,
    main_rhyme,
    make_shape,
    split_verse_lines,
    tone_number,
)
from songsmith.poetry.readings import Choice, apply_rules, plain_readings
from songsmith.poetry.script import to_simplified, to_simplified_aligned, to_traditional

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
    metre: dict[str, Any] | None = None  # the 格律 report (metre.py); None for forms it does not check
    rusheng: list[dict[str, Any]] = field(default_factory=list)  # 入声 characters Mandarin reads 平

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
            "metre": self.metre,
            "rusheng": self.rusheng,
        }


def _simplify_lines(lines: list[str]) -> list[str]:
    if not lines:
        return []
    joined = "\n".join(lines)
    converted = to_simplified(joined)
    if len(converted) == len(joined):
        return converted.split("\n")
    return [to_simplified_aligned(line) for line in lines]


def _traditional_originals(display: list[str], simple: list[str]) -> list[str] | None:
    """The lines as written, when they are in traditional script (so a simplified 干 may be told
    from the 乾 or 幹 it stands for): the rules' ``written`` condition reads them. None for a
    simplified text, where 干 written 干 says nothing."""
    changed = sum(a != b for d, s in zip(display, simple) for a, b in zip(d, s))
    if not changed:
        return None
    joined = "\n".join(display)
    # A traditional text changes under s2t only where a character is also a simplified one
    # (干, 后, 里 …); a simplified text with a stray traditional character changes a lot.
    back = to_traditional(joined)
    if len(back) == len(joined) and 2 * changed <= sum(a != b for a, b in zip(joined, back)):
        return None
    return display


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
    :func:`split_verse_lines` gives them): pypinyin and the phrase data, the sense rules, then
    what the poem's rhyme group and 格律 template decide (:mod:`songsmith.poetry.context`).
    Cached, so the analysis, the lyric sheet and the songbook of one poem compute them once."""
    from songsmith.poetry.context import build_context

    display = list(lines)
    simple = _simplify_lines(display)
    originals = _traditional_originals(display, simple)
    plain = _readings_for(simple)
    first = [list(row) for row in plain]
    apply_rules(simple, first, originals=originals)
    context = build_context(display, simple, first)
    chosen = [list(row) for row in plain]
    choices = apply_rules(simple, chosen, slot_of=context.slot_of, rhyme_of=context.rhyme_of,
                          resolve=context.resolve, originals=originals)
    return VerseReadings(tuple(simple), tuple(tuple(r) for r in plain), tuple(tuple(r) for r in chosen),
                         tuple(choices))


def default_system(form: str) -> str:
    """平水韵 for 诗, 词林正韵 for 词, 中华新韵 for song lyrics."""
    if form == "词":
        return "cilin"
    if form == "歌词":
        return "xin"
    return "pingshui"


def analyse_poem(poem: Poem, rhyme_system: str | None = None) -> Analysis:
    """Analyse a loaded poem (its normalised lines); ``rhyme_system`` is ``pingshui``, ``cilin``
    or ``xin`` (default: by form, :func:`default_system`)."""
    from songsmith.poetry.context import level_grid
    from songsmith.poetry.metre import metre_report
    from songsmith.poetry.rhymebook import level_of
    from songsmith.poetry.rhyming import analyse_rhyme

    display = split_verse_lines("\n".join(poem.lines))
    found = verse_readings(tuple(display))
    simple = list(found.simple)
    readings = [list(row) for row in found.chosen]
    choices = list(found.choices)

    warnings: list[str] = []
    rusheng: list[dict[str, Any]] = []
    modern: list[str] = []
    lines: list[LineResult] = []
    grid = level_grid(display, simple, readings)
    for number, (text, simplified, row) in enumerate(zip(display, simple, readings), 1):
        pinyin: list[str] = []
        tones: list[str] = []
        missing: list[str] = []
        lost = 0
        for char, sim, reading in zip(text, simplified, row):
            if char in PLACEHOLDERS:
                lost += 1
                continue
            if not is_cjk(char):
                continue
            level, basis = level_of(char, sim, reading)
            tones.append(level)
            pinyin.append(reading or UNKNOWN)
            if reading is None:
                missing.append(f"{char} (U+{ord(char):04X})")
            elif basis == "modern":
                modern.append(f"line {number} {char}")
            elif level == "仄" and tone_number(reading) in (1, 2) and _is_rusheng(char, sim, reading):
                rusheng.append({"line": number, "char": char, "pinyin": reading})
        lines.append(LineResult(text, simplified, pinyin, "".join(tones)))
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
    xin_group, xin_tone = main_rhyme(simple, readings, shape)
    pingshui = analyse_rhyme("pingshui", display, simple, readings, shape.uniform)
    title_simple = to_simplified(poem.title) if poem.title else None
    form = detect_form(simple, [list(row) for row in grid], pingshui.tone or xin_tone,
                       title=title_simple, declared=poem.form, tune=poem.tune)
    system = rhyme_system or default_system(form.form)
    uniform = None if form.form == "词" else shape.uniform  # a 词 rhymes where its tune says, not on even lines
    if uniform != shape.uniform:
        pingshui = analyse_rhyme("pingshui", display, simple, readings, uniform)
    result = pingshui if system == "pingshui" else analyse_rhyme(system, display, simple, readings, uniform)
    rhyme = result.to_json()
    rhyme["pingshui"] = pingshui.group
    rhyme["xin"] = xin_group
    metre = metre_report(form.form, display, grid, pingshui, tune=form.tune, simple=simple, readings=readings)
    if form.form.endswith(("绝句", "律诗", "排律")) and result.group:
        for foot in result.off_group:
            groups = "/".join(foot["groups"]) or "no group known"
            warnings.append(f"line {foot['line']}: {foot['char']} {foot['pinyin']} ({groups}) does not rhyme: "
                            f"出韵, the rhyme is {result.group} ({rhyme['system']})")
        if metre and metre.get("regulated"):
            for foot in result.neighbour:
                if foot["line"] != 1:
                    warnings.append(f"line {foot['line']}: {foot['char']} rhymes by 通韵 ({foot['group']} with "
                                    f"{result.group}), not allowed in 近体")
    if modern:
        warnings.append("平仄 by modern tone (not in 平水韵): " + "; ".join(modern))
    if not display:
        warnings.append("no verse lines (empty poem)")
    return Analysis(
        title=poem.title, author=poem.author, form=form.form, lines=lines, rhyme=rhyme, warnings=warnings,
        readings=choices, annotations=[str(a) for a in poem.annotations], id=poem.id,
        collection=poem.collection, tune=form.tune, declared_form=poem.form, metre=metre, rusheng=rusheng,
    )


def _is_rusheng(char: str, simplified: str, reading: str | None) -> bool:
    from songsmith.poetry.rhymebook import groups_for_reading

    return any(g.tone == "入" for g in groups_for_reading(char, simplified, reading))


def analyse_text(text: str, *, title: str | None = None, author: str | None = None,
                 form: str | None = None, rhyme_system: str | None = None) -> Analysis:
    """Analyse verse given as text (lines separated by newlines or punctuation)."""
    from songsmith.poetry.corpus import make_poem

    poem = make_poem("<text>", title, [line for line in text.splitlines() if line.strip()],
                     author=author, form=form)
    return analyse_poem(poem, rhyme_system)
