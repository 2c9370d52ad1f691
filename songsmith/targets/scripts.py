"""Writing lyrics in the script and line shape a model's language detector reads as intended.

* :func:`simplified_blocks`: Chinese lines in simplified characters, for the models whose reader
  decides the language from the characters (ACE-Step v1's segmenter scores traditional lines
  lower and reads short ones as Japanese; DiffRhythm's g2p counts only U+4E00–U+9FA5 as
  Chinese). Character for character (:func:`songsmith.poetry.script.to_simplified_aligned`,
  OpenCC), so timing and line lengths are unchanged. The song file and the lyric sheet keep the
  user's script.
* :func:`join_short_lines`: ACE-Step v1 decides a Han-only line of five characters or fewer by a
  statistical score (and reads it as Japanese under 0.89); two such lines joined by a space are
  one line of ten that its rule "all Chinese characters → Chinese" covers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from songsmith.language import has_cjk, is_cjk
from songsmith.targets.base import Block

SHORT_LINE = 5


def to_simplified(line: str) -> str:
    if not has_cjk(line):
        return line
    from songsmith.poetry.script import to_simplified_aligned

    simple = to_simplified_aligned(line)
    return simple if len(simple) == len(line) else line


def simplified_blocks(blocks: list[Block], notes: list[str], target: str) -> list[Block]:
    """The blocks with every Chinese line in simplified characters (a note when any changed)."""
    out = [replace(b, lines=[to_simplified(line) for line in b.lines]) for b in blocks]
    if any(a.lines != b.lines for a, b in zip(out, blocks)):
        notes.append(f"Chinese written in simplified characters for {target}'s reader (the song file and the "
                     "sheet keep the original script)")
    return out


def _short_han(line: str) -> bool:
    text = re.sub(r"[^\w\s]+", " ", line)
    text = re.sub(r"(.)\1+", r"\1", " ".join(text.split()))
    return bool(text) and len(text) <= SHORT_LINE and all(is_cjk(c) for c in text.replace(" ", ""))


def join_short_lines(blocks: list[Block], notes: list[str], warnings: list[str] | None = None) -> list[Block]:
    """Short Han-only lines joined with a space to the lines after them until the joined line is
    long enough (a short last line joins the line before it). A short line alone in its section
    stays as it is, named in ``warnings``."""
    joined = 0
    out = []
    for block in blocks:
        lines: list[str] = []
        pending: str | None = None
        for line in block.lines:
            if pending is not None and line and has_cjk(line):
                line = f"{pending} {line}"
                pending = None
                joined += 1
            elif pending is not None:
                lines.append(pending)
                pending = None
            if line and _short_han(line):
                pending = line
                continue
            lines.append(line)
        if pending is not None:
            if lines and lines[-1] and has_cjk(lines[-1]):
                lines[-1] = f"{lines[-1]} {pending}"
                joined += 1
            else:
                lines.append(pending)
        out.append(replace(block, lines=lines))
    alone = sorted({line for b in out for line in b.lines if line and _short_han(line)})
    if alone and warnings is not None:
        warnings.append("ACE-Step v1 may read these short Chinese lines as Japanese (nothing in their section "
                        "to join them with): " + ", ".join(alone))
    if joined:
        notes.append(f"joined {joined} pair(s) of short Chinese lines with a space: ACE-Step v1 reads a Chinese "
                     "line of five characters or fewer as Japanese when unsure")
    return out


def is_g2p_han(char: str) -> bool:
    """A character DiffRhythm's g2p reads as Chinese (U+4E00–U+9FA5)."""
    return "\u4e00" <= char <= "\u9fa5"


@lru_cache(maxsize=1)
def _common_by_reading() -> dict[str, str]:
    from pypinyin import Style, pinyin

    table: dict[str, str] = {}
    for high in range(0xB0, 0xD8):  # GB2312 level 1: the 3,755 most common characters
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            reading = pinyin(char, style=Style.TONE3, heteronym=False)[0][0]
            table.setdefault(reading, char)
    return table


def g2p_han_blocks(blocks: list[Block], notes: list[str]) -> list[Block]:
    """Han characters outside U+4E00–U+9FA5 (rare ones of the extension blocks, which DiffRhythm's
    g2p does not read as Chinese) replaced by a common character of the same reading, or dropped
    when pypinyin knows no reading; a note lists them."""
    changes: list[str] = []

    def fix(line: str) -> str:
        if all(is_g2p_han(c) or not is_cjk(c) for c in line):
            return line
        from pypinyin import Style, pinyin

        out = []
        for char in line:
            if is_cjk(char) and not is_g2p_han(char):
                reading = pinyin(char, style=Style.TONE3, heteronym=False)[0][0]
                same = _common_by_reading().get(reading, "")
                changes.append(f"{char} → {same or '(left out)'}")
                out.append(same)
            else:
                out.append(char)
        return "".join(out)

    result = [replace(b, lines=[fix(line) for line in b.lines]) for b in blocks]
    if changes:
        notes.append("rare characters DiffRhythm's g2p cannot read written as a common one of the same reading: "
                     + ", ".join(dict.fromkeys(changes)))
    return result


def ascii_latin_blocks(blocks: list[Block], notes: list[str], target: str) -> list[Block]:
    """Latin letters beyond ASCII made ASCII for a g2p that reads only ASCII letters as English:
    Esperanto's ĉ ĝ ĥ ĵ ŝ ŭ respelled for English phonemes, other accents dropped (é → e)."""
    import unicodedata

    from songsmith.targets.esperanto_voice import ESPERANTO_LETTERS, english_spelling

    changed = False

    def fix(line: str) -> str:
        nonlocal changed
        if line.isascii():
            return line
        text = english_spelling(line, target) if ESPERANTO_LETTERS & set(line) else line
        out = []
        for char in text:
            if char.isalpha() and not char.isascii() and "LATIN" in unicodedata.name(char, ""):
                base = unicodedata.normalize("NFD", char)[0]
                out.append(base if base.isascii() else char)
            else:
                out.append(char)
        result = "".join(out)
        changed = changed or result != line
        return result

    result = [replace(b, lines=[fix(line) for line in b.lines]) for b in blocks]
    if changed:
        notes.append(f"letters beyond ASCII written as ASCII for {target}'s English reader (ĉ→ch …, é→e)")
    return result
