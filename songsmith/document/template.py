"""The song a new file starts from (``songsmith new``, ``songsmith edit`` on a file not there yet)."""

from __future__ import annotations

import os
from pathlib import Path

from songsmith.document.model import Song

#: The sections of a new song, empty: the shape most songs take.
TEMPLATE = "[Intro]\n\n[Verse 1]\n\n[Chorus]\n\n[Verse 2]\n\n[Chorus]\n\n[Outro]\n"


def new_song(path: str | os.PathLike[str], *, title: str | None = None, language: str | None = None) -> Song:
    """A song with the template's sections, titled from the file name unless ``title`` is given."""
    from songsmith.document.lyrics.text import parse_lyrics
    from songsmith.document.model import Style

    stem = Path(path).stem.replace("_", " ").replace("-", " ").strip()
    return Song(title=title or stem or "untitled", language=language, style=Style(prompt=""),
                sections=parse_lyrics(TEMPLATE)[0])
