"""One job: a poem → a song (:func:`songsmith.pipeline.compose.compose_song`) → a package.

:func:`run_job` is what a worker runs. The package's files are those
:func:`songsmith.package.write_package` writes (the test suite checks they agree), written with
:func:`songsmith.document.writer.write_folder` into ``OUT/.songsmith/tmp/`` and renamed to
``OUT/songs/<name>/``: a package is either all there or not there. Files are not fsynced: a
killed process loses nothing the kernel already has, and two fsyncs per file would make 全唐诗
take hours. A power cut can lose the last packages; the next run redoes any poem whose package
has no manifest.json.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import SongsmithError

if TYPE_CHECKING:
    from songsmith.document.model import Song
    from songsmith.poetry.corpus import Poem
    from songsmith.style.base import Hints, StyleBackend, Work

STATE_DIR = ".songsmith"
SONGS_DIR = "songs"


@dataclass(frozen=True)
class BatchOptions:
    """Everything that decides a package besides the poem (its hash is the options hash)."""

    targets: tuple[str, ...] = ("suno",)
    backend: str = "offline"
    model: str | None = None
    candidates: int = 5
    package_candidates: str | None = None  # --package-candidates: all, N or ids
    audience: str | None = None
    suno_model: str = "v4.5"
    minimax_model: str = "music-2.6"
    homophones: bool = False
    pinyin_hints: bool = False
    strict: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        from songsmith.batch.sources import digest

        return digest(self.to_json())


@dataclass
class Job:
    """A poem to render and package: its place in the stream, key, folder name and input hash."""

    seq: int
    key: str
    name: str
    poem: Poem
    input_hash: str


@dataclass
class JobResult:
    key: str
    name: str
    ok: bool
    files: list[str] = field(default_factory=list)
    form: str | None = None
    mood: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    card: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    tokens_in: int = 0
    tokens_out: int = 0


# Composing the song -----------------------------------------------------------------------------


def work_for(poem: Poem) -> Work:
    """The work a poem's song is composed from (what the LLM is asked about)."""
    from songsmith.pipeline.compose import prepare_work

    song = poem.song
    source_text = song.source.text if song is not None and song.source and song.source.text else None
    return prepare_work(poem, song, source_text=source_text)[0]


def compose_song(poem: Poem, backend: StyleBackend, n_candidates: int, hints: Hints) -> tuple[Song, Work, list[str]]:
    """The song of ``poem``, as ``songsmith render`` makes it (:func:`songsmith.pipeline.compose.compose_song`),
    starting from the user's song when the poem came from a song file."""
    from songsmith.pipeline.compose import compose_song as compose

    song = poem.song
    source_text = song.source.text if song is not None and song.source and song.source.text else None
    made = compose(poem, song, backend=backend, n_candidates=n_candidates, hints=hints, source_text=source_text)
    notes = [n for n in made.notes if n.lower().startswith("warning")]
    notes.extend(f"warning: {w}" for w in made.warnings if f"warning: {w}" not in notes)
    return made.song, made.work, notes


# Building the package -------------------------------------------------------------------------------

def package_files(song: Song, name: str, options: BatchOptions) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """(relative path → text, manifest data, warnings) exactly as ``write_package`` would write them."""
    from songsmith.package import build_contents, candidate_choice
    from songsmith.targets.base import Options

    made = build_contents(song, list(options.targets), slug=name, strict=options.strict,
                          candidates=candidate_choice(options.package_candidates),
                          options=Options(suno_model=options.suno_model, minimax_model=options.minimax_model,
                                          homophones=options.homophones, pinyin_hints=options.pinyin_hints))
    return made.files, made.data, made.warnings + [str(p) for p in made.problems]


def write_directory(out: Path, name: str, files: dict[str, str], manifest: dict[str, Any]) -> None:
    """``OUT/songs/<name>/``: the files and manifest.json, all at once (:func:`write_folder`)."""
    from songsmith.document.writer import safe_join, write_folder

    if "/" in name or name.startswith("."):  # cannot happen with our names
        raise SongsmithError(f"refusing to write {name!r}: not a plain folder name")
    final = safe_join(out / SONGS_DIR, name)
    all_files = dict(files)
    all_files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    write_folder(final, all_files, scratch=out / STATE_DIR)


# Songbook card ----------------------------------------------------------------------------------


def card_of(song: Song, poem: Poem, files: dict[str, str], manifest: dict[str, Any]) -> dict[str, Any]:
    """What the songbook shows of a song (stored in the job state so the songbook costs no pinyin)."""
    from songsmith.language import has_cjk
    from songsmith.package.sheet import ruby_html
    from songsmith.targets.chinese import poem_readings

    source = song.source
    original = [x.strip() for x in (source.text or "").splitlines() if x.strip()] if source else []
    # the readings sheet_html shows (from the analysis' cache: no pinyin is computed again)
    rows = poem_readings(original) if any(has_cjk(x) for x in original) else {}
    lines_html = [ruby_html(line, rows.get(line)) for line in original]
    styles = [song.style.prompt] if song.style.prompt else []
    styles += [c.style for c in song.candidates if c.style and c.style not in styles]
    return {
        "title": song.title, "author": poem.author, "dynasty": poem.dynasty, "collection": poem.collection,
        "form": source.form if source else poem.form, "subtitle": poem.subtitle, "lines_html": lines_html,
        "styles": styles,
        "targets": {t: v["files"] for t, v in manifest["targets"].items()},
    }


# The job ----------------------------------------------------------------------------------------

_BACKENDS: dict[str, Any] = {}


def backend_for(options: BatchOptions) -> StyleBackend:
    """One backend per process (and per name), made on first use."""
    backend = _BACKENDS.get(options.backend)
    if backend is None:
        from songsmith.style.backends import get_backend

        backend = _BACKENDS[options.backend] = get_backend(options.backend)
    return backend


def hints_for(options: BatchOptions) -> Hints:
    from songsmith.style.base import Hints

    return Hints(audience=options.audience, target=options.targets[0] if options.targets else "suno")


def run_job(out: str, key: str, name: str, poem: Poem, options: BatchOptions,
            backend: StyleBackend | None = None) -> JobResult:
    """Render and package one poem; a problem with the poem is returned as a failed result."""
    started = time.perf_counter()
    result = JobResult(key=key, name=name, ok=False)
    try:
        backend = backend or backend_for(options)
        hints = hints_for(options)
        song, work, notes = compose_song(poem, backend, options.candidates, hints)
        result.form = work.form
        result.mood = work.mood.primary if work.mood else None
        files, manifest, warnings = package_files(song, name, options)
        result.card = card_of(song, poem, files, manifest)
        result.files = sorted([*files, "manifest.json"])
        result.warnings = [*notes, *warnings]
        write_directory(Path(out), name, files, manifest)
        result.ok = True
    except SongsmithError as exc:
        result.error = exc.message
    except OSError as exc:
        result.error = f"could not write the package: {exc}"
        result.card = {}
        result.files = []
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        # a bug with one poem must not stop 57,607 others: record it
        result.error = f"internal error: {type(exc).__name__}: {exc}"
    result.warnings += [f"source: {a.kind}" for a in poem.annotations if a.kind not in ("note",)]
    result.seconds = time.perf_counter() - started
    return result
