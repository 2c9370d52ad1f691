"""LRC: timed lyrics (``[00:12.34]床前明月光``), as DiffRhythm and karaoke players read them.

Export writes the ID tags (``[ti:…]``, ``[ar:…]``, ``[au:…]``, ``[al:…]``, ``[la:…]``, ``[by:…]``,
``[re:…]``, ``[ve:…]``), then the sung lines (lyric and backing lines: no tags, cues or stanza
breaks), a blank line between sections. With timings, one per line in seconds, each line gets a
``[mm:ss.xx]`` stamp (always two digits of minutes and of hundredths: DiffRhythm reads exactly
``line[1:9]``); without, the lines are plain text and a warning says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from songsmith import __version__
from songsmith.document.formats import Converted
from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Song
from songsmith.errors import UsageError

#: Line kinds that LRC carries.
_SUNG = ("lyric", "backing")
#: 99:59.99, the last time ``[mm:ss.xx]`` can write.
_MAX_CENTISECONDS = 100 * 60 * 100 - 1


def lrc_lines(song: Song) -> list[str]:
    """The lines :func:`export_lrc` writes, in order: one timing is needed for each."""
    return [line for section in song.sections for line in section.lines if line_kind(line) in _SUNG]


def export_lrc(song: Song, timings: Sequence[float] | None = None) -> Converted:
    """Write a song as LRC; ``timings`` are start times in seconds, one per :func:`lrc_lines` line.

    Raises :class:`UsageError` when the timings do not fit (count, order, range).
    """
    warnings: list[str] = []
    stamps = _stamps(timings, len(lrc_lines(song))) if timings is not None else None
    if stamps is None:
        warnings.append("no timings given: the LRC lines carry no [mm:ss.xx] times")
    blocks: list[list[str]] = []
    count = 0
    for section in song.sections:
        block: list[str] = []
        for line in section.lines:
            if line_kind(line) not in _SUNG:
                continue
            if line.startswith("["):
                warnings.append(f"{line!r} starts with '[': LRC readers may take it for a tag")
            block.append(f"{stamps[count]}{line}" if stamps is not None else line)
            count += 1
        if block:
            blocks.append(block)
    if not count:
        warnings.append("the song has no lyric lines")
    body = "\n\n".join("\n".join(block) for block in blocks)
    head = "\n".join(_id_tags(song))
    return Converted(text=f"{head}\n\n{body}\n" if body else f"{head}\n", warnings=warnings)


def _id_tags(song: Song) -> list[str]:
    source = song.source
    author = source.author if source else None
    pairs = [
        ("ti", song.title), ("ar", author), ("au", author),
        ("al", source.collection if source else None), ("la", song.language),
        ("by", "songsmith"), ("re", "songsmith"), ("ve", __version__),
    ]
    tags = []
    for key, value in pairs:
        clean = _tag_value(value)
        if clean:
            tags.append(f"[{key}:{clean}]")
    return tags


def _tag_value(value: str | None) -> str:
    """One line, without brackets that would end the tag early."""
    if not value:
        return ""
    return " ".join(value.replace("[", "(").replace("]", ")").split())


def _stamps(timings: Sequence[float], count: int) -> list[str]:
    if len(timings) != count:
        raise UsageError(f"got {len(timings)} timings for {count} lyric lines; give one per line")
    centiseconds: list[int] = []
    for index, seconds in enumerate(timings, start=1):
        if not math.isfinite(seconds) or seconds < 0:
            raise UsageError(f"timing {index} is {seconds!r}; expected seconds from 0")
        value = _centiseconds(seconds)
        if value > _MAX_CENTISECONDS:
            raise UsageError(f"timing {index} is {seconds:g} s; LRC [mm:ss.xx] stops at 99:59.99")
        if centiseconds and value <= centiseconds[-1]:
            raise UsageError(f"timing {index} ({seconds:g} s) is not after timing {index - 1} "
                             "(to the hundredth of a second); timings must increase")
        centiseconds.append(value)
    return [_stamp(value) for value in centiseconds]


def _centiseconds(seconds: float) -> int:
    """Hundredths of a second, rounding half up on the number as written (12.345 → 1235)."""
    return int(Decimal(str(seconds)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)


def _stamp(centiseconds: int) -> str:
    minutes, rest = divmod(centiseconds, 6000)
    seconds, hundredths = divmod(rest, 100)
    return f"[{minutes:02d}:{seconds:02d}.{hundredths:02d}]"
