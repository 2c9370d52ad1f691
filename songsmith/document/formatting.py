"""Canonical formatting of song and poem files (``songsmith fmt``)."""

from __future__ import annotations

from typing import Any

from songsmith.document.songfile import LoadedSong, PoemFile, dump_song, parse_song_text
from songsmith.document.yamlio import dump_yaml
from songsmith.errors import SongsmithError


def dump_poem(loaded: LoadedSong) -> str:
    """A poem file stays a poem file: its own keys, in the documented order."""
    song = loaded.song
    source = song.source
    assert source is not None
    data: dict[str, Any] = {}
    for key in PoemFile.model_fields:
        if key == "style":
            value = song.style.model_dump(exclude_defaults=True) or None
        elif key == "language":
            # keep only a language the user wrote; a guessed one is not theirs to store
            value = song.language if ("language",) in loaded.positions.values else None
        elif key == "notes":
            value = song.notes
        else:
            value = getattr(source, key)
        if value is not None:
            data[key] = value
    return dump_yaml(data)


def format_loaded(loaded: LoadedSong, *, canonical_tags: bool = False) -> str:
    """The canonical text of a loaded file, checked to mean exactly what the file meant."""
    song = loaded.song
    if canonical_tags:
        song = song.model_copy(update={"sections": [s.canonical() for s in song.sections]})
    text = dump_poem(loaded) if loaded.shape == "poem" else dump_song(song)
    reread = parse_song_text(text, loaded.path).song
    if reread.model_dump() != song.model_dump():
        raise SongsmithError(
            "internal check failed: the formatted file would not read back the same; file left as it is",
            path=loaded.path, exit_code=3,
        )
    return text
