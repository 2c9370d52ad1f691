"""Chinese readings for the packagers: pinyin per character (classical readings where known)
and the singing aids (homophone substitution, pinyin hints) for polyphonic characters.

Readings come from :mod:`songsmith.poetry.readings` (pypinyin plus the curated classical rules,
issue 3). That module is imported lazily and any failure falls back to "no readings": the
packages are still written, only without ruby annotations or singing aids.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from songsmith.language import is_cjk
from songsmith.targets.base import Block


def _simplified(lines: list[str]) -> list[str]:
    try:
        from songsmith.poetry.script import to_simplified_aligned

        out = [to_simplified_aligned(line) for line in lines]
        if all(len(a) == len(b) for a, b in zip(out, lines)):
            return out
    except Exception:  # noqa: BLE001 - no OpenCC: readings on the text as written
        pass
    return list(lines)


def readings(lines: list[str]) -> list[list[tuple[str | None, str | None]]]:
    """For each line, per character: (classical reading, pypinyin's default reading).

    None where the character is not Han or no reading is known. Returns ``[]`` when the
    readings module is unavailable.
    """
    if not lines:
        return []
    try:
        return _readings(tuple(lines))
    except Exception:  # noqa: BLE001 - issue 3's module is moving; never break a package
        return []


@lru_cache(maxsize=512)
def _readings(lines: tuple[str, ...]) -> list[list[tuple[str | None, str | None]]]:
    from songsmith.poetry.readings import apply_rules, plain_readings

    simple = _simplified(list(lines))
    plain = [plain_readings(line) for line in simple]
    chosen: list[list[str | None]] = [list(row) for row in plain]
    try:
        from songsmith.poetry.prosody import make_context

        first = [list(row) for row in plain]
        apply_rules(simple, first)
        slot_of, rhyme_of = make_context(simple, first)
        apply_rules(simple, chosen, slot_of=slot_of, rhyme_of=rhyme_of)
    except Exception:  # noqa: BLE001 - without the metre context, the plain rules still help
        chosen = [list(row) for row in plain]
        apply_rules(simple, chosen)
    return [list(zip(c, p)) for c, p in zip(chosen, plain)]


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


def ruby_pairs(line: str, row: list[tuple[str | None, str | None]] | None) -> list[tuple[str, str | None]]:
    """(character, reading) pairs for a ruby-annotated line."""
    if not row or len(row) != len(line):
        return [(c, None) for c in line]
    return [(c, chosen if is_cjk(c) else None) for c, (chosen, _) in zip(line, row)]


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


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
