"""The song library: every song or poem file in a directory, with a one-line status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from songsmith.document.songfile import load_song
from songsmith.errors import SongsmithError

SUFFIXES = (".yaml", ".yml")
MAX_FILES = 2000


@dataclass
class LibraryEntry:
    path: Path
    title: str
    form: str
    mood: str
    status: str
    error: str | None = None


def _status(loaded) -> str:  # type: ignore[no-untyped-def]
    song = loaded.song
    if loaded.shape == "poem":
        return "poem"
    parts = ["lyrics" if song.sections else "no lyrics"]
    if song.style.prompt:
        parts.append("styled")
    if song.candidates:
        chosen = any(c.chosen for c in song.candidates)
        parts.append(f"{len(song.candidates)} cand{' ✓' if chosen else ''}")
    if song.takes:
        chosen = any(t.chosen for t in song.takes)
        parts.append(f"{len(song.takes)} take{'s' if len(song.takes) > 1 else ''}{' ✓' if chosen else ''}")
    return ", ".join(parts)


def read_entry(path: Path) -> LibraryEntry:
    try:
        loaded = load_song(path)
    except (SongsmithError, OSError, UnicodeDecodeError) as exc:
        return LibraryEntry(path, path.stem, "", "", "error", error=str(exc))
    song = loaded.song
    form = song.source.form if song.source and song.source.form else ""
    status = _status(loaded)
    if path.with_name(f".{path.name}.recover").is_file():
        status = "unsaved work to recover · " + status
    return LibraryEntry(path, song.title, form or "", ", ".join(song.style.mood), status)


def scan(directory: str | Path) -> list[LibraryEntry]:
    """Song and poem files under ``directory`` (hidden files and folders skipped), by path."""
    root = Path(directory)
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if path.suffix.lower() in SUFFIXES and path.is_file():
            found.append(path)
            if len(found) >= MAX_FILES:
                break
    return [read_entry(path) for path in found]


def distinguishing_names(paths: list[Path], root: Path) -> dict[Path, str]:
    """Each path relative to ``root``, shortened to its file name and as many of its closest
    folders as it takes to tell it from every other path (``…/`` marks what was left out)."""
    parts = {path: path.relative_to(root).parts for path in paths}
    names: dict[Path, str] = {}
    for path, mine in parts.items():
        for depth in range(1, len(mine) + 1):
            tail = mine[-depth:]
            if all(other[-depth:] != tail for p, other in parts.items() if p != path):
                break
        names[path] = ("…/" if depth < len(mine) else "") + "/".join(tail)
    return names
