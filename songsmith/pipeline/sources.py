"""Every input a command takes, read one way: song and poem files, lyrics, collections, folders.

What a path can be (decided from the file's suffix, then from its text):

* a **song or poem file** (``.yaml``/``.yml``, see :mod:`songsmith.document.songfile`);
* **tagged lyrics** (``.txt``/``.md``/``.text``/``.lyrics`` holding ``[Verse]``-style tags, with an
  optional ``Title:``/``Style:`` header) and **ChordPro** (``.cho``, ``.chopro``, ``.chordpro``,
  ``.crd``, ``.pro``): songs with lyrics;
* **plain text**: Chinese poems (a title line, the verse; several poems separated by blank lines)
  or lyrics in any other language, one song per file, stanzas separated by blank lines, with an
  optional header line ``# Title | author: Name | …`` (the Esperanto corpus' convention);
* a **chinese-poetry JSON** collection (唐詩三百首, 全唐诗 …);
* a **folder** of any of these, searched recursively (hidden folders, the output folder and
  Markdown files left out): JSON collections first, in the corpus' numeric file order, then the
  other files by path.

:func:`load_one` reads a file that holds one song (``check``, ``show``, ``export``, ``choose`` …);
:func:`read_poems` streams every poem and song of any paths (``render``, ``batch``, ``analyze``,
``package``), a file that cannot be read coming out as an :class:`InputProblem` so the others go on.
A poem read from a song or poem file carries that file's :class:`~songsmith.document.model.Song` as
``poem.song``: its lyrics, style and candidates are the starting point, never thrown away.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from songsmith.errors import FileFormatError, SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.document.model import Song
    from songsmith.document.songfile import LoadedSong
    from songsmith.poetry.corpus import Poem

SONG_SUFFIXES = (".yaml", ".yml")
CORPUS_SUFFIXES = (".json",)
CHORDPRO_SUFFIXES = (".cho", ".chopro", ".chordpro", ".crd", ".pro")
TEXT_SUFFIXES = (".txt", ".text", ".md", ".lyrics")
READABLE_SUFFIXES = SONG_SUFFIXES + CORPUS_SUFFIXES + CHORDPRO_SUFFIXES + TEXT_SUFFIXES
#: What a folder is searched for: Markdown only when named (a folder's README.md is not a song).
FOLDER_SUFFIXES = tuple(s for s in READABLE_SUFFIXES if s != ".md")

_TAG_LINE = re.compile(r"^\s*\[([^\[\]]+)\]\s*$")


@dataclass
class InputProblem:
    """A path that could not be read, or one poem of a collection (``poem``: its index, as in its
    id); a batch records it as one failed job keyed ``file:<path>`` (``file:<path>#<poem>``)."""

    path: str
    message: str
    line: int | None = None
    poem: str | None = None

    @property
    def key(self) -> str:
        return f"file:{self.path}#{self.poem}" if self.poem is not None else f"file:{self.path}"

    def error(self) -> SongsmithError:
        return FileFormatError(self.message, path=self.path, line=self.line)


# What a file is --------------------------------------------------------------------------------


def is_song_file(path: str | os.PathLike[str]) -> bool:
    """A YAML song or poem file: the only kind songsmith rewrites in place."""
    return Path(path).suffix.lower() in SONG_SUFFIXES


def refuse_rewrite(path: str | os.PathLike[str]) -> None:
    """Raise unless ``path`` is a YAML song file (``fmt`` and ``edit`` rewrite only those)."""
    if is_song_file(path):
        return
    name = str(path)
    suffix = Path(path).suffix.lower()
    if suffix in CORPUS_SUFFIXES or Path(path).is_dir():
        hint = f"`songsmith import {name} -o DIR` writes one poem file per poem"
    else:
        hint = f"`songsmith import {name}` makes a song file from it"
    raise FileFormatError(f"not a YAML song file, so it is read but never rewritten: {hint}", path=name)


def text_kind(text: str) -> str:
    """``tagged`` (section tags such as ``[Verse 1]``), ``poems`` (Chinese text) or ``lyrics``."""
    from songsmith.document.lyrics.tags import parse_tag
    from songsmith.language import has_cjk

    for line in text.splitlines():
        match = _TAG_LINE.match(line)
        if match and any(c.isalpha() for c in match.group(1)) and parse_tag(match.group(1)).kind != "custom":
            return "tagged"
    return "poems" if has_cjk(text) else "lyrics"


# One song from one file ------------------------------------------------------------------------


def load_one(path: str | os.PathLike[str]) -> LoadedSong:
    """The one song or poem a file holds, whatever its kind (see the module docstring)."""
    from songsmith.document.songfile import load_song
    from songsmith.document.yamlio import read_text

    name = str(path)
    p = Path(path)
    suffix = p.suffix.lower()
    if p.is_dir() or suffix in CORPUS_SUFFIXES:
        if not p.exists():
            raise FileFormatError("no such file or directory", path=name)
        raise UsageError("a collection, not one song: this command reads one song or poem file; "
                         f"`songsmith import {name} -o DIR` writes one poem file per poem", path=name)
    if suffix in SONG_SUFFIXES:
        return load_song(path)
    text = read_text(path)
    if suffix in CHORDPRO_SUFFIXES:
        return _imported(text, name, "chordpro")
    kind = text_kind(text)
    if kind == "tagged":
        return _imported(text, name, "tagged")
    if kind == "poems":
        return _one_chinese_poem(text, name)
    return _lyric_text(text, name)


def _imported(text: str, name: str, fmt: str) -> LoadedSong:
    from songsmith.document.formats import get_importer
    from songsmith.document.songfile import FileIssue, LoadedSong
    from songsmith.document.yamlio import Positions

    converted = get_importer(fmt)(text, name)
    assert converted.song is not None
    positions = Positions()
    if converted.lyrics_line is not None:  # lint's line numbers are the file's
        positions.block_start[("lyrics",)] = converted.lyrics_line
    loaded = LoadedSong(converted.song, name, "song", positions)
    for warning in converted.warnings:  # "name:line: message", or a message
        match = re.match(rf"^{re.escape(name)}:(\d+): (.*)$", warning, re.S)
        line, message = (int(match.group(1)), match.group(2)) if match else (None, warning)
        loaded.issues.append(FileIssue(name, line, "warning", fmt, message))
    return loaded


def _one_chinese_poem(text: str, name: str) -> LoadedSong:
    from songsmith.document.model import Song, Source
    from songsmith.document.songfile import LoadedSong
    from songsmith.document.yamlio import Positions
    from songsmith.language import guess_language
    from songsmith.poetry.corpus import parse_text_poems

    poems = [p for p in parse_text_poems(text, name) if p.lines]
    if not poems:
        raise FileFormatError("no poem in this text file (title on the first line, then the verse)", path=name)
    if len(poems) > 1:
        raise FileFormatError(f"{len(poems)} poems in this text file; this command reads one "
                              "(`songsmith render` and `songsmith import` read them all)",
                              path=name, line=poems[1].first_line)
    poem = poems[0]
    verse = "\n".join(poem.original or poem.lines).strip("\n") + "\n"
    song = Song(title=poem.title or Path(name).stem, language=guess_language(verse),
                source=Source(title=poem.title, author=poem.author, text=verse))
    return LoadedSong(song, name, "poem", Positions())


def _lyric_text(text: str, name: str) -> LoadedSong:
    """Lyrics in a language other than Chinese (:mod:`songsmith.document.formats.plaintext`): one
    poem-shaped song, stanzas kept."""
    loaded = _imported(text, name, "text")
    source = loaded.song.source
    if source is None or not source.text or not any(c.isalpha() for c in source.text):
        raise FileFormatError("no lyrics in this text file", path=name)
    loaded.shape = "poem"
    return loaded


# Every poem of any paths -----------------------------------------------------------------------


def input_files(root: Path, *, exclude: Path | None = None) -> list[Path]:
    """The readable files under a folder: JSON collections first (numeric file order), then the
    other kinds by path; hidden folders and files, and ``exclude`` (the output folder), left out."""
    from songsmith.poetry.corpus import corpus_files

    def visible(path: Path) -> bool:
        parts = path.relative_to(root).parts
        return not any(part.startswith(".") for part in parts) and not (exclude is not None and _inside(path, exclude))

    corpora = [p for p in corpus_files(root) if visible(p)]
    others = sorted((p for p in root.rglob("*")
                     if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                     and p.suffix.lower() not in CORPUS_SUFFIXES and visible(p)), key=str)
    return corpora + others


def _inside(file: Path, directory: Path) -> bool:
    try:
        file.resolve().relative_to(directory.resolve())
        return True
    except ValueError:
        return False


def read_poems(paths: Iterable[str | os.PathLike[str]], *,
               exclude: Path | None = None) -> Iterator[Poem | InputProblem]:
    """Every poem and song of ``paths``, in a stable order; a path that cannot be read is yielded
    as an :class:`InputProblem` and the others go on."""
    for path in paths:
        p = Path(path)
        if not p.exists():
            yield InputProblem(str(path), "no such file or directory")
            continue
        if p.is_dir():
            files = input_files(p, exclude=exclude)
            if not files:
                yield InputProblem(str(path), "no song, poem or collection files in this folder ("
                                   + ", ".join(FOLDER_SUFFIXES) + ")")
            for file in files:
                yield from _guarded(file)
        else:
            yield from _guarded(p)


def _guarded(file: Path) -> Iterator[Poem | InputProblem]:
    try:
        yield from poems_of_file(file)
    except SongsmithError as exc:
        yield InputProblem(exc.path or str(file), exc.message, exc.line)
    except OSError as exc:
        yield InputProblem(str(file), f"cannot read: {exc.strerror or exc}")


def poems_of_file(file: Path) -> Iterator[Poem | InputProblem]:
    """The poems of one file (see the module docstring), a poem of a collection that cannot be
    read yielded as its :class:`InputProblem`; raises when the file cannot be read at all."""
    from songsmith.document.yamlio import read_text
    from songsmith.poetry.corpus import PoemProblem, parse_text_poems, read_chinese_poetry

    name = str(file)
    suffix = file.suffix.lower()
    if suffix in CORPUS_SUFFIXES:
        for poem in read_chinese_poetry(file):
            if isinstance(poem, PoemProblem):
                yield InputProblem(name, f"poem #{poem.index}: {poem.message}", poem=poem.index)
                continue
            poem.label = f"{name}#{poem.id.rpartition('#')[2]}"
            yield poem
        return
    if suffix not in SONG_SUFFIXES + CHORDPRO_SUFFIXES:
        text = read_text(file)
        if text_kind(text) == "poems":
            poems = parse_text_poems(text, name)
            if not any(poem.lines for poem in poems):
                raise FileFormatError("no poem found in the file (a title line, then the verse)", path=name)
            for poem in poems:
                poem.label = name if len(poems) == 1 else f"{name}:{poem.first_line}"
            yield from poems
            return
    loaded = load_one(file)
    yield poem_of_song(loaded.song, name)


def poem_of_song(song: Song, name: str) -> Poem:
    """The poem a song is made from (its source text, else its sung lines), carrying the song."""
    from songsmith.poetry.corpus import make_poem

    source = song.source
    from_lyrics = not (source is not None and source.text and source.text.strip())
    if not from_lyrics and source is not None and source.text:
        paragraphs = [line.strip() for line in source.text.splitlines() if line.strip()]
    else:
        paragraphs = [line.strip() for s in song.sections for line in s.sung_lines if line.strip()]
    if not paragraphs:
        raise UsageError("nothing to work from: no lyrics and no source text", path=name)
    title = (source.title if source and source.title else None) or song.title
    poem = make_poem(
        (source.id if source and source.id else Path(name).stem), title, paragraphs,
        author=source.author if source else None, collection=source.collection if source else None,
        dynasty=source.dynasty if source else None,
        form=(source.form if source else None) or ("song" if from_lyrics else None), source=name,
    )
    poem.song = song
    poem.label = name
    return poem
