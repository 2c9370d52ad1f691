"""What the TUI asks of the core: works, style candidates, arrangements, exports, copy texts.

Every call here is blocking and Textual-free; the screens run them in workers. Each is the
core's own: candidates are made and numbered by :func:`songsmith.pipeline.compose.merge_candidates`
(as ``render`` makes them), works by :func:`songsmith.pipeline.compose.work_from_poem`, exports by
the core's exporters and targets. What the core refuses (no text to work from, an unknown
backend, a missing key) comes back as :class:`NotAvailable` with the core's reason.
"""

from __future__ import annotations

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
