"""Song files on disk: YAML with the lyrics as one literal block of tagged text.

Two shapes load:

* a **song file** (``songsmith: 1``, title, source, style, lyrics, candidates, takes, notes);
* a **poem file**, the minimal shape users hand to ``render``::

      title: 静夜思
      author: 李白
      text: |
        床前明月光，疑是地上霜。

Every problem is reported as ``path:line:col: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from songsmith import SCHEMA_VERSION
from songsmith.document.lyrics.text import LyricsIssue, format_lyrics, parse_lyrics
from songsmith.document.model import Song, Source, Style
from songsmith.document.writer import write_text_atomic
from songsmith.document.yamlio import Positions, dump_yaml, load_yaml, read_text
from songsmith.errors import FileFormatError
from songsmith.language import guess_language
from songsmith.validation import describe_error

#: Keys of a song file, in the order they are written.
SONG_KEYS = ("songsmith", "title", "language", "source", "style", "lyrics", "translations", "candidates", "takes",
             "notes")
POEM_KEYS = ("title", "author", "dynasty", "form", "collection", "id", "text", "language", "style", "notes")


class PoemFile(BaseModel):
    """The minimal poem shape: a title, an author and the text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    title: str | None = None
    author: str | None = None
    dynasty: str | None = None
    form: str | None = None
    collection: str | None = None
    id: str | None = None
    text: str
    language: str | None = None
    style: Style | None = None
    notes: str | None = None


@dataclass
class FileIssue:
    """A warning or error found while reading a file, located in that file."""

    path: str
    line: int | None
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class LoadedSong:
    song: Song
    path: str
    shape: str  # "song" or "poem"
    positions: Positions
    issues: list[FileIssue] = field(default_factory=list)

    def lyrics_line(self, line_in_lyrics: int) -> int | None:
        """File line of a 1-based line of the lyrics block, when the block is a literal one."""
        start = self.positions.block_start.get(("lyrics",))
        if start is None:
            return self.positions.values.get(("lyrics",), (None, None))[0]
        return start + line_in_lyrics - 1


def load_song(path: str | os.PathLike[str]) -> LoadedSong:
    """A YAML song or poem file (:func:`songsmith.pipeline.sources.load_one` reads every other kind)."""
    return parse_song_text(read_text(path), str(path))


def parse_song_text(text: str, name: str = "<input>") -> LoadedSong:
    data, positions = load_yaml(text, name)
    if data is None:
        raise FileFormatError("empty file: expected a song (title, lyrics) or a poem (title, text)", path=name)
    if not isinstance(data, dict):
        raise FileFormatError(
            "expected a mapping of keys (title:, lyrics: …) at the top level", path=name, line=1, col=1
        )
    poem_only = {"author", "dynasty", "form", "collection", "id"} & set(data)
    if "songsmith" not in data and "lyrics" not in data and "text" not in data and poem_only:
        key = next(k for k in data if k in poem_only)
        line, col = positions.find((key,), key=True) or (None, None)
        raise FileFormatError(f"a poem file needs text: (the poem itself, as a | block) besides {key}:; "
                              "a song file has lyrics: instead", path=name, line=line, col=col)
    if "songsmith" in data or "lyrics" in data or "text" not in data:
        loaded = _song_from_data(data, positions, name)
    else:
        loaded = _poem_from_data(data, positions, name)
    loaded.issues.extend(
        FileIssue(name, line, "warning", "comment",
                  "YAML comment; songsmith does not keep comments when it rewrites the file (use notes:)")
        for line, _ in positions.comments
    )
    return loaded


def _song_from_data(data: dict[str, Any], positions: Positions, name: str) -> LoadedSong:
    version = data.get("songsmith", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        line, col = positions.find(("songsmith",)) or (None, None)
        if isinstance(version, int) and version > SCHEMA_VERSION:
            message = f"written by a newer songsmith (schema {version}); this one reads schema {SCHEMA_VERSION}"
        else:
            message = f"unknown schema version {version!r}; expected songsmith: {SCHEMA_VERSION}"
        raise FileFormatError(message, path=name, line=line, col=col)
    fields = dict(data)
    lyrics = fields.pop("lyrics", None)
    if "sections" in fields:
        line, col = positions.find(("sections",), key=True) or (None, None)
        raise FileFormatError("unknown key 'sections' (write the lyrics as text under lyrics:)",
                              path=name, line=line, col=col)
    if lyrics is not None and not isinstance(lyrics, str):
        line, col = positions.find(("lyrics",)) or (None, None)
        raise FileFormatError("lyrics: expected text (use a | block)", path=name, line=line, col=col)
    sections, lyric_issues = parse_lyrics(lyrics or "")
    fields["sections"] = sections
    translations = fields.get("translations")
    if isinstance(translations, dict):
        parsed: dict[Any, Any] = {}
        for language, text in translations.items():
            if not isinstance(text, str):
                line, col = positions.find(("translations", language)) or (None, None)
                raise FileFormatError(f"translations.{language}: expected tagged lyrics text (use a | block)",
                                      path=name, line=line, col=col)
            parsed[str(language)] = parse_lyrics(text)[0]
        fields["translations"] = parsed
    song = _validate(Song, fields, positions, name)
    loaded = LoadedSong(song, name, "song", positions)
    loaded.issues.extend(_lyrics_issues(loaded, lyric_issues))
    return loaded


def _poem_from_data(data: dict[str, Any], positions: Positions, name: str) -> LoadedSong:
    poem = _validate(PoemFile, data, positions, name)
    if not poem.text.strip():
        line, col = positions.find(("text",)) or (None, None)
        raise FileFormatError("text is empty", path=name, line=line, col=col)
    title = poem.title if poem.title and poem.title.strip() else _first_line(poem.text)
    source = Source(
        title=poem.title, author=poem.author, dynasty=poem.dynasty, form=poem.form,
        collection=poem.collection, id=poem.id, text=poem.text,
    )
    song = Song(
        title=title,
        language=poem.language or guess_language(poem.text),
        source=source,
        style=poem.style or Style(),
        notes=poem.notes,
    )
    return LoadedSong(song, name, "poem", positions)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:40]
    return "untitled"


def _lyrics_issues(loaded: LoadedSong, issues: list[LyricsIssue]) -> list[FileIssue]:
    return [
        FileIssue(loaded.path, loaded.lyrics_line(issue.line), issue.severity, issue.code, issue.message)
        for issue in issues
    ]


def _validate(model: type[BaseModel], data: dict[str, Any], positions: Positions, name: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        error = errors[0]
        loc = tuple(error["loc"])
        is_key = error["type"] == "extra_forbidden"
        line, col = positions.find(loc, key=is_key) or (None, None)
        raise FileFormatError(describe_error(error), path=name, line=line, col=col,
                              notes=[describe_error(e) for e in errors[1:]]) from None


# Writing ------------------------------------------------------------------------------------


def song_to_data(song: Song) -> dict[str, Any]:
    """The song as ordered plain data, exactly as it is written to a song file."""
    data: dict[str, Any] = {"songsmith": SCHEMA_VERSION, "title": song.title}
    if song.language:
        data["language"] = song.language
    if song.source is not None:
        source = song.source.model_dump(exclude_none=True)
        if source:
            data["source"] = source
    style = song.style.model_dump(exclude_defaults=True)
    if style:
        data["style"] = style
    if song.sections or not (song.source and song.source.text):
        data["lyrics"] = format_lyrics(song.sections)  # a poem not arranged yet has only its source text
    if song.translations:
        data["translations"] = {language: format_lyrics(sections) for language, sections in song.translations.items()}
    if song.candidates:
        data["candidates"] = [c.model_dump(exclude_defaults=True) for c in song.candidates]
    if song.takes:
        data["takes"] = [t.model_dump(exclude_defaults=True) for t in song.takes]
    if song.notes:
        data["notes"] = song.notes
    return data


def dump_song(song: Song) -> str:
    return dump_yaml(song_to_data(song))


def save_over(loaded: LoadedSong, song: Song) -> None:
    """Write ``song`` over the file ``loaded`` came from, refusing when that would drop its YAML
    comments (nothing the user wrote is lost silently)."""
    if loaded.positions.comments:
        line = loaded.positions.comments[0][0]
        raise FileFormatError("has YAML comments that saving would drop; move them into notes: (or run "
                              f"`songsmith fmt --drop-comments {loaded.path}` first)", path=loaded.path, line=line)
    save_song(song, loaded.path)


def save_song(song: Song, path: str | os.PathLike[str]) -> None:
    """Write atomically: a crash leaves the old file or the new one, never a mix."""
    write_text_atomic(Path(path), dump_song(song))
