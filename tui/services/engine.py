"""What the TUI asks of the core: works, style candidates, arrangements, exports, copy texts.

Every call here is blocking and Textual-free; the screens run them in workers. Parts of the core
still being built (render, targets, esperanto) are looked up when called; when missing, a
:class:`NotAvailable` says so and the screen shows "not available yet".
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith.document.model import Candidate, Song, Style


class NotAvailable(Exception):
    """A part of songsmith this action needs is not there (yet)."""


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


# Works --------------------------------------------------------------------------------------


def work_of(song: Song, name: str) -> Any:
    """The :class:`songsmith.style.base.Work` for a song, as ``songsmith render`` builds it."""
    from songsmith.pipeline.compose import work_from_poem
    from songsmith.errors import SongsmithError
    from songsmith.pipeline.sources import poem_of_song

    try:
        poem = poem_of_song(song, name)
    except SongsmithError as exc:
        raise NotAvailable(f"nothing to work from: {exc.message}") from None
    text = song.source.text if song.source and song.source.text else None
    return work_from_poem(poem, source_text=text, language=song.language)


def backend(name: str) -> Any:
    from songsmith.style.backends import get_backend

    _module("songsmith.style.llm")  # LLM backends register themselves when their package loads
    try:
        return get_backend(name)
    except ImportError as exc:
        raise NotAvailable(f"backend {name!r} is not available yet ({exc})") from None


# Style candidates ---------------------------------------------------------------------------


@dataclass
class Generated:
    candidates: list[Candidate]
    styles: dict[str, Style] = field(default_factory=dict)  # candidate id -> its full style
    backend: str = ""


def generate(song: Song, name: str, backend_name: str, n: int, target: str = "suno") -> Generated:
    """``n`` style candidates from the backend, with ids that do not clash with the song's."""
    from songsmith.style.base import Hints

    chosen = backend(backend_name)
    proposals = chosen.map_style(work_of(song, name), n, Hints(target=target))
    taken = {c.id for c in song.candidates}
    made: list[Candidate] = []
    styles: dict[str, Style] = {}
    number = 1
    for proposal in proposals:
        while f"{chosen.name}-{number}" in taken:
            number += 1
        cid = f"{chosen.name}-{number}"
        taken.add(cid)
        made.append(Candidate(id=cid, target=target, style=proposal.style.prompt, backend=chosen.name,
                              notes=proposal.why or None))
        styles[cid] = proposal.style
    return Generated(made, styles, chosen.name)


def arrange(song: Song, name: str, backend_name: str, target: str = "suno") -> tuple[list[Any], str, list[str]]:
    """New sections for the song's poem: (sections, arrangement name, notes)."""
    from songsmith.style.base import Hints

    work = work_of(song, name)
    try:
        chosen = backend(backend_name)
        result = chosen.arrange(work, Hints(target=target), song.style if not song.style.is_empty() else None)
    except NotAvailable:
        core = _module("songsmith.style.arrange")
        if core is None or not hasattr(core, "arrange"):
            raise
        result = core.arrange(work, Hints(target=target))
    return list(result.sections), result.name, list(result.notes)


# Exports and copy ---------------------------------------------------------------------------


def _targets() -> Any | None:
    """``songsmith.targets`` (issue 5) when it offers its registry, else None."""
    module = _module("songsmith.targets")
    if module is None or not all(hasattr(module, n) for n in ("TARGET_NAMES", "get_target", "Options")):
        return None
    return module


def export_formats() -> list[str]:
    """Export formats (tagged, chordpro, lrc) and then every packaging target as ``target:NAME``."""
    from songsmith.document.formats import EXPORTERS

    targets = _targets()
    return list(EXPORTERS) + ([f"target:{name}" for name in targets.TARGET_NAMES] if targets else [])


def extension(fmt: str) -> str:
    """The default file suffix of a format; "" for a target (it writes a folder of files)."""
    if fmt.startswith("target:"):
        return ""
    from songsmith.document.formats import EXTENSIONS

    return EXTENSIONS.get(fmt, ".txt")


def target_files(song: Song, name: str) -> tuple[dict[str, str], list[str]]:
    """The files a packaging target writes for the song (relative path -> text), and warnings."""
    targets = _targets()
    if targets is None:
        raise NotAvailable("packaging targets are not available yet")
    output = targets.get_target(name).render(song, targets.Options())
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


def export_to(song: Song, fmt: str, path: Path) -> list[str]:
    """Write an export format to ``path``, or a target's files into the folder ``path``."""
    from songsmith.document.writer import UnsafePath, safe_join, write_text_atomic

    if fmt.startswith("target:"):
        files, warnings = target_files(song, fmt.split(":", 1)[1])
        path.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            try:
                target = safe_join(path, name)  # a target names its files; never outside the folder
            except UnsafePath as exc:
                raise NotAvailable(exc.message) from None
            write_text_atomic(target, text)
        return warnings
    text, warnings, _ = export_text(song, fmt)
    write_text_atomic(path, text)
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
