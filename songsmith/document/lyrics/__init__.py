"""Tagged lyrics: ``[Verse 1]`` / ``[Chorus]`` text as users paste it into Suno."""

from songsmith.document.lyrics.tags import CANONICAL_KINDS, TagInfo, parse_tag
from songsmith.document.lyrics.text import (
    LyricsIssue,
    Section,
    format_lyrics,
    line_kind,
    parse_lyrics,
)

__all__ = [
    "CANONICAL_KINDS",
    "LyricsIssue",
    "Section",
    "TagInfo",
    "format_lyrics",
    "line_kind",
    "parse_lyrics",
    "parse_tag",
]
