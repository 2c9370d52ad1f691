"""Chinese readings for the packagers: pinyin per character (classical readings where known)
and the singing aids (homophone substitution, pinyin hints) for polyphonic characters.

Readings come from :func:`songsmith.poetry.analysis.verse_readings` (pypinyin, the classical
rules, the rhyme group and the 格律 template), imported lazily (pypinyin's dictionaries are
large). pypinyin and OpenCC are required dependencies, so a failure there is a bug to see, not
a case to hide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from songsmith.language import has_cjk, is_cjk
from songsmith.targets.base import Block


def _simplified(lines: list[str]) -> list[str]:
    from songsmith.poetry.script import to_simplified_aligned

    out = [to_simplified_aligned(line) for line in lines]
    return out if all(len(a) == len(b) for a, b in zip(out, lines)) else list(lines)


def readings(lines: list[str]) -> list[list[tuple[str | None, str | None]]]:
    """For each line, per character: (classical reading, pypinyin's default reading).

    None where the character is not Han or no reading is known.
    """
    return _readings(tuple(lines)) if lines else []


def _readings(lines: tuple[str, ...]) -> list[list[tuple[str | None, str | None]]]:
    from songsmith.poetry.analysis import verse_readings

    found = verse_readings(lines)
    return [list(zip(c, p)) for c, p in zip(found.chosen, found.plain)]


Row = list[tuple[str | None, str | None]]


def poem_readings(original: list[str], others: Sequence[str] = ()) -> dict[str, Row]:
    """Readings for the lines of a poem (``original``, as written, punctuation and all) and for
    lines sung from it (``others``), by line: for each character (classical reading, pypinyin's).

    The poem is read as :func:`songsmith.poetry.analysis.analyse_poem` reads it (verse lines,
    with their metre and rhyme as context), so the sheet shows the readings the analysis chose,
    and computes none twice. A sung line that is a verse line (or a piece of an original line)
    takes its readings from there; any other line is read on its own.
    """
    return _poem_readings(original, list(others))


def _poem_readings(original: list[str], others: list[str]) -> dict[str, Row]:
    rows = dict(_rows_of_poem(tuple(original)))
    rest = []
    for line in dict.fromkeys(others):
        if line in rows or not has_cjk(line):
            continue
        for whole in original:
            at = whole.find(line)
            if at >= 0 and whole in rows:
                rows[line] = rows[whole][at:at + len(line)]
                break
        else:
            rest.append(line)
    for line in rest:  # each on its own: lines from outside the poem share no metre or rhyme
        rows[line] = _readings((line,))[0]
    return rows


@lru_cache(maxsize=64)
def _rows_of_poem(original: tuple[str, ...]) -> dict[str, Row]:
    """Rows of the poem's own lines and of its verse lines (cached: the sheet and the songbook
    card of one song ask for the same poem; callers must not change what they get)."""
    from songsmith.poetry.analysis import verse_readings
    from songsmith.poetry.prosody import split_verse_lines

    rows: dict[str, Row] = {}
    text = "\n".join(original)
    verse = split_verse_lines(text)
    if not verse:
        return rows
    found = verse_readings(tuple(verse))
    cells: list[tuple[str | None, str | None]] = [(None, None)] * len(text)
    cursor = 0
    for line, chosen, plain in zip(verse, found.chosen, found.plain):
        rows.setdefault(line, list(zip(chosen, plain)))
        for char, c, p in zip(line, chosen, plain):
            at = text.find(char, cursor)  # verse lines are the text's syllables, in order
            if at < 0:  # cannot happen with split_verse_lines; read the lines on their own
                rows.update(zip(original, _readings(original)))
                return rows
            cells[at] = (c, p)
            cursor = at + 1
    start = 0
    for line in original:
        rows.setdefault(line, cells[start:start + len(line)])
        start += len(line) + 1
    return rows


@lru_cache(maxsize=1)
def _homophones() -> dict[tuple[str, str], str]:
    from songsmith.resources import load_prompt_yaml

    table: dict[str, str] = load_prompt_yaml("targets/singing-aids.yaml")["homophones"]
    out = {}
    for key, value in table.items():
        char, reading = str(key).split()
        out[(char, reading)] = str(value)
    return out


def classical_swaps(lines: list[str]) -> list[list[tuple[int, str, str]]]:
    """Per line: (index, character, classical reading) where it differs from pypinyin's default."""
    rows = readings(lines)
    out: list[list[tuple[int, str, str]]] = []
    for line, row in zip(lines, rows):
        swaps = []
        for index, (char, (chosen, plain)) in enumerate(zip(line, row)):
            if chosen and plain and chosen != plain and is_cjk(char):
                swaps.append((index, char, chosen))
        out.append(swaps)
    if len(out) < len(lines):
        out.extend([] for _ in range(len(lines) - len(out)))
    return out


def apply_singing_aid(lines: list[str], mode: str) -> tuple[list[str], list[str]]:
    """``mode`` ``homophones`` or ``pinyin``: rewrite polyphones read classically.

    Returns the new lines and a note per change (e.g. ``还 → 环 (huán)``).
    """
    table = _homophones() if mode == "homophones" else {}
    simple = _simplified(lines)
    notes: list[str] = []
    out = []
    for line, simp, swaps in zip(lines, simple, classical_swaps(lines)):
        chars = list(line)
        for index, char, reading in swaps:
            key = (simp[index] if index < len(simp) else char, reading)
            if mode == "homophones":
                if key in table:
                    chars[index] = table[key]
                    notes.append(f"{char} → {table[key]} ({reading})")
            else:
                chars[index] = f" {reading} "
                notes.append(f"{char} → {reading}")
        out.append(" ".join("".join(chars).split()) if mode == "pinyin" else "".join(chars))
    return out, notes


def aid_blocks(blocks: list[Block], mode: str, warnings: list[str]) -> list[Block]:
    """Apply :func:`apply_singing_aid` to every sung line of the blocks; say what changed."""
    lines = sorted({line for block in blocks for line in block.lines if line and has_cjk(line)})
    if not lines:
        return blocks
    new, notes = apply_singing_aid(lines, mode)
    if not readings(lines):
        warnings.append("singing aids unavailable (no Chinese readings module); lyrics left as written")
        return blocks
    mapping = dict(zip(lines, new))
    if notes:
        what = "homophones" if mode == "homophones" else "pinyin hints"
        warnings.append(f"{what} for classical readings (the lyric sheet keeps the original): "
                        + ", ".join(sorted(set(notes))))
    return [replace(b, lines=[mapping.get(line, line) for line in b.lines]) for b in blocks]
