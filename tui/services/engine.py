"""What the TUI asks of the core: works, style candidates, arrangements, exports, copy texts.

Every call here is blocking and Textual-free; the screens run them in workers. Each is the
core's own: candidates are made and numbered by :func:`songsmith.pipeline.compose.merge_candidates`
(as ``render`` makes them), works by :func:`songsmith.pipeline.compose.work_from_poem`, exports by
the core's exporters and targets. What the core refuses (no text to work from, an unknown
backend, a missing key) comes back as :class:`NotAvailable` with the core's reason.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.document.model import Candidate, Song
from songsmith.errors import SongsmithError

if TYPE_CHECKING:
    from songsmith.config import Config


class NotAvailable(Exception):
    """An action the core cannot do for this song now; the message says why."""


# Works --------------------------------------------------------------------------------------


def work_of(song: Song, name: str) -> Any:
    """The :class:`songsmith.style.base.Work` for a song, as ``songsmith render`` builds it."""
    from songsmith.pipeline.compose import work_from_poem
    from songsmith.pipeline.sources import poem_of_song

    try:
        poem = poem_of_song(song, name)
    except SongsmithError as exc:
        raise NotAvailable(f"nothing to work from: {exc.message}") from None
    text = song.source.text if song.source and song.source.text else None
    return work_from_poem(poem, source_text=text, language=song.language)


def backend(name: str, config: Config | None = None) -> Any:
    from songsmith.style.backends import get_backend

    try:
        return get_backend(name, config)
    except SongsmithError as exc:
        raise NotAvailable(exc.message) from None


# Style candidates ---------------------------------------------------------------------------


@dataclass
class Generated:
    candidates: list[Candidate]  # the song's candidates with the fresh ones (as render merges them)
    fresh: list[str]  # ids of the new ones
    backend: str = ""


def generate(song: Song, name: str, backend_name: str, n: int, target: str = "suno",
             config: Config | None = None) -> Generated:
    """``n`` style candidates from the backend, merged into the song's as ``render --restyle``
    merges them: the user's (rated, chosen, used by a take) kept, this backend's untouched ones
    replaced, no style twice, ids numbered ``<backend>-N``."""
    from songsmith.pipeline.compose import merge_candidates
    from songsmith.style.base import Hints

    chosen = backend(backend_name, config)
    proposals = chosen.map_style(work_of(song, name), n, Hints(target=target))
    merged = merge_candidates(song, proposals, chosen.name, target, restyle=True)
    before = {c.id: c for c in song.candidates}
    fresh = [c.id for c in merged if before.get(c.id) != c]
    return Generated(merged, fresh, chosen.name)


def arrange(song: Song, name: str, backend_name: str, target: str = "suno",
            config: Config | None = None) -> tuple[list[Any], str, list[str]]:
    """New sections for the song's poem: (sections, arrangement name, notes)."""
    from songsmith.style.base import Hints

    work = work_of(song, name)
    result = backend(backend_name, config).arrange(work, Hints(target=target),
                                                   song.style if not song.style.is_empty() else None)
    return list(result.sections), result.name, list(result.notes)


# Exports and copy ---------------------------------------------------------------------------


def export_formats() -> list[str]:
    """Export formats (tagged, chordpro, lrc) and then every packaging target as ``target:NAME``."""
    from songsmith.document.formats import EXPORTERS
    from songsmith.targets import TARGETS

    return list(EXPORTERS) + [f"target:{name}" for name in TARGETS]


def extension(fmt: str) -> str:
    """The default file suffix of a format; "" for a target (it writes a folder of files)."""
    if fmt.startswith("target:"):
        return ""
    from songsmith.document.formats import EXTENSIONS

    return EXTENSIONS.get(fmt, ".txt")


def target_files(song: Song, name: str) -> tuple[dict[str, str], list[str]]:
    """The files a packaging target writes for the song (relative path -> text), and warnings, in
    the style packages use (the chosen candidate's, see :meth:`Song.effective_style`)."""
    from songsmith.targets import Options, get_target

    try:
        target = get_target(name)
    except ValueError as exc:
        raise NotAvailable(str(exc)) from None
    output = target.render(song.model_copy(update={"style": song.effective_style()}), Options())
    return dict(output.files), list(output.warnings)


def export_text(song: Song, fmt: str) -> tuple[str, list[str], str]:
    """(text, warnings, file extension) of the song in an export format, or a target's main text."""
    if fmt.startswith("target:"):
        files, warnings = target_files(song, fmt.split(":", 1)[1])
        main = next((name for name in files if name.endswith(".txt")), next(iter(files), None))
        return (files[main] if main else ""), warnings, ""
    from songsmith.document.formats import get_exporter

    converted = get_exporter(fmt)(song)
    return converted.text or "", list(converted.warnings), extension(fmt)


def export_files(song: Song, fmt: str, path: Path) -> tuple[dict[Path, str], list[str]]:
    """The files an export writes (path -> text) and its warnings: ``path`` itself for a format,
    the target's files inside the folder ``path`` for a target (never outside it)."""
    from songsmith.document.writer import UnsafePath, safe_join

    if fmt.startswith("target:"):
        files, warnings = target_files(song, fmt.split(":", 1)[1])
        if path.exists() and not path.is_dir():
            raise NotAvailable(f"{path} is a file; a target writes a folder of files")
        planned: dict[Path, str] = {}
        for name, text in files.items():
            try:
                planned[safe_join(path, name)] = text  # a target names its files; never outside the folder
            except UnsafePath as exc:
                raise NotAvailable(exc.message) from None
        return planned, warnings
    if path.is_dir():
        raise NotAvailable(f"{path} is a folder; give a file name")
    text, warnings, _ = export_text(song, fmt)
    return {path: text}, warnings


def existing(files: dict[Path, str]) -> tuple[list[Path], list[Path]]:
    """(files already there, those of them that are read-only): what writing would replace.

    Read-only is the file's own mark (no write permission bit, ``chmod 444``) as well as what this
    user may not write: an atomic rename would replace even a read-only file, so it is asked here."""
    import os
    import stat

    there = [path for path in files if path.exists()]
    return there, [path for path in there
                   if not os.access(path, os.W_OK) or not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)]


def write_files(files: dict[Path, str]) -> None:
    """Write each file atomically (a target's folder is made first)."""
    from songsmith.document.writer import write_text_atomic

    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, text)


def export_to(song: Song, fmt: str, path: Path) -> list[str]:
    """Write an export format to ``path``, or a target's files into the folder ``path``."""
    files, warnings = export_files(song, fmt, path)
    write_files(files)
    return warnings


#: What "copy" offers: label -> how to get the text.
COPY_CHOICES = ("lyrics", "style", "exclude", "title")


def copy_text(song: Song, what: str) -> str:
    if what == "lyrics":
        return song.lyrics
    if what == "style":
        return song.style.prompt or ""
    if what == "exclude":
        return song.style.exclude or ""
    if what == "title":
        return song.title
    return export_text(song, what)[0]


# Takes --------------------------------------------------------------------------------------


def add_takes(song: Song, song_path: str, files: list[str], candidate: str | None = None) -> Any:
    """Measure and copy audio files in as new takes (``songsmith take add``'s own code); the song
    itself is not changed: the editor adds the returned takes as an undoable edit."""
    from songsmith.audio.takes import make_takes

    return make_takes(song, song_path, files, candidate=candidate)


@functools.cache
def generate_available() -> bool:
    """Whether this songsmith can generate takes (the ``songsmith.generate`` package is there)."""
    from importlib.util import find_spec

    try:
        return find_spec("songsmith.generate") is not None
    except (ImportError, ValueError):
        return False


def generate_services() -> list[str]:
    """The music services ``songsmith generate --service`` knows, in its order."""
    from songsmith.generate.base import SERVICES

    return list(SERVICES)


def generate_key_problem(service: str, config: Config | None = None) -> str | None:
    """Why ``songsmith generate --service SERVICE`` cannot run here (an unknown service, no API key
    in the environment or the config file), in the core's words; None when it can. The key itself
    is never part of the answer."""
    from songsmith.generate.base import api_key_for, get_service

    try:
        api_key_for(get_service(service), config)
    except SongsmithError as exc:
        return exc.message
    return None


def services_with_keys(config: Config | None = None) -> list[str]:
    """The services a key is configured for (or that need none)."""
    return [name for name in generate_services() if generate_key_problem(name, config) is None]


def generate_command(song_path: str, candidate: str | None, options: list[str],
                     config: Config | None = None) -> tuple[list[str], dict[str, str]]:
    """``songsmith generate SONG [--for-candidates ID] OPTIONS`` as the user would run it, and its
    environment (this one, with the config file the editor read)."""
    import os
    import sys

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}  # each line as it is printed: the editor shows progress
    if config is not None and config.file_found:
        env["SONGSMITH_CONFIG"] = str(config.path)
    return ([sys.executable, "-m", "songsmith", "generate", song_path,
             *(["--for-candidates", candidate] if candidate else []), *options], env)


def option_value(words: list[str], name: str) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in a command line's words (the last one)."""
    found = None
    for i, word in enumerate(words):
        if word == name and i + 1 < len(words):
            found = words[i + 1]
        elif word.startswith(name + "="):
            found = word.split("=", 1)[1]
    return found
