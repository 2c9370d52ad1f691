"""Tagged text: what users paste into Suno.

Import accepts an optional header before the first tag, as people keep it in their notes::

    Title: 静夜思
    Style: chinese traditional folk, slow, guzheng
    Exclude: heavy metal

    [Verse 1]
    …

Export writes the same header (title, style, exclude) and the lyrics.
"""

from __future__ import annotations

import re
from pathlib import Path

from songsmith.document.formats import Converted
from songsmith.document.lyrics.text import (
    format_lyrics,
    normalise_newlines,
    parse_lyrics,
)
from songsmith.document.model import Song, Style
from songsmith.language import guess_language

_HEADER = re.compile(
    r"^\s*(title|style|style of music|styles|exclude|exclude styles|language|标题|风格|曲风)\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
_KEYS = {
    "title": "title", "标题": "title",
    "style": "style", "style of music": "style", "styles": "style", "风格": "style", "曲风": "style",
    "exclude": "exclude", "exclude styles": "exclude",
    "language": "language",
}


def import_tagged(text: str, name: str) -> Converted:
    header: dict[str, str] = {}
    lines = normalise_newlines(text).split("\n")
    body_start = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        match = _HEADER.match(line)
        if match is None:
            body_start = index
            break
        header[_KEYS[match.group(1).lower()]] = match.group(2).strip()
        body_start = index + 1
    body = "\n".join(lines[body_start:])
    sections, issues = parse_lyrics(body)
    title = header.get("title") or Path(name).stem or "untitled"
    style = Style(prompt=header.get("style") or None, exclude=header.get("exclude") or None)
    song = Song(
        title=title,
        language=header.get("language") or guess_language(body),
        style=style,
        sections=sections,
    )
    warnings = [f"{name}:{issue.line + body_start}: {issue.message}" for issue in issues]
    return Converted(song=song, warnings=warnings, lyrics_line=body_start + 1)


def export_tagged(song: Song) -> Converted:
    head = [f"Title: {song.title}"]
    if song.style.prompt:
        head.append(f"Style: {song.style.prompt}")
    if song.style.exclude:
        head.append(f"Exclude: {song.style.exclude}")
    lyrics = format_lyrics(song.sections)
    return Converted(text="\n".join(head) + "\n\n" + lyrics)
