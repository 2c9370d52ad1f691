"""One job: a poem → a song (issue 4's analysis, styles and arrangement) → a package (issue 5).

:func:`run_job` is what a worker runs. It writes the package into ``OUT/.songsmith/tmp/`` and
renames the finished directory to ``OUT/songs/<name>/``: a package is either all there or not
there. Files are not fsynced: a killed process loses nothing the kernel already has, and two
fsyncs per file would make 全唐诗 take hours. A power cut can lose the last packages; the next
run redoes any poem whose package has no manifest.json.

The package is the same as :func:`songsmith.package.write_package` writes (the test
suite checks they agree); it is built here so that the files can go to a temp dir first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from songsmith.errors import SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.style.base import Hints, StyleBackend, Work
    from songsmith.document.model import Song
    from songsmith.poetry.corpus import Poem

STATE_DIR = ".songsmith"
SONGS_DIR = "songs"


@dataclass(frozen=True)
class BatchOptions:
    """Everything that decides a package besides the poem (its hash is the options hash)."""

    targets: tuple[str, ...] = ("suno",)
    backend: str = "offline"
    model: str | None = None
    candidates: int = 3
    package_candidates: bool = False
    audience: str | None = None
    suno_model: str = "v4.5"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        from songsmith.batch.sources import digest

        return digest(self.to_json())


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

_BAD_PATH = re.compile(r'[\x00-\x1f:*?"<>|\\]')


def check_relative(relative: str) -> None:
    pure = PurePosixPath(relative)
    if (not relative or pure.is_absolute() or _BAD_PATH.search(relative)
            or any(p in ("", ".", "..") for p in pure.parts)):
        raise SongsmithError(f"refusing to write {relative!r}: not a plain relative path")


def package_files(song: Song, name: str, options: BatchOptions) -> tuple[dict[str, str], dict[str, Any], list[str]]:
    """(relative path → text, manifest data, warnings) exactly as ``write_package`` would write them."""
    from songsmith.targets.base import Options
    from songsmith.package import package_contents, render_targets

    wanted = True if options.package_candidates else None
    results = render_targets(song, list(options.targets), options=Options(suno_model=options.suno_model),
                             candidates=wanted)
    warnings = [f"{target}: {w}" for target, (out, _) in results.items() for w in out.warnings]
    warnings += [str(p) for _, (_, found) in results.items() for p in found]
    files, data = package_contents(song, results, candidates=wanted, slug=name)
    for relative in files:
        check_relative(relative)
    return files, data, warnings


def write_directory(out: Path, name: str, files: dict[str, str], manifest: dict[str, Any]) -> None:
    """Write the files into a temp dir inside OUT, then rename it to ``OUT/songs/<name>``.

    The files are written one after the other, in this thread, with ``os.open``/``os.write``:
    creating a file costs about 0.03 ms on a healthy disk, so a thread pool would cost more than
    it saves (every C call that lets go of the GIL then waits to get it back), and Python's
    ``open()`` adds a few system calls per file.
    """
    if not name or "/" in name or "\\" in name or name.startswith(".") or _BAD_PATH.search(name):
        raise SongsmithError(f"refusing to write outside {out}: {name!r}")  # cannot happen with our names
    root = os.fspath(out)
    state = os.path.join(root, STATE_DIR)
    tmp = os.path.join(state, "tmp", f"{name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    all_files = dict(files)
    all_files["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    os.makedirs(tmp)
    made = {""}
    try:
        for relative, text in all_files.items():
            folder = os.path.dirname(relative)
            if folder not in made:
                os.makedirs(os.path.join(tmp, folder), exist_ok=True)
                made.add(folder)
            fd = os.open(os.path.join(tmp, relative), os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o666)
            try:
                data = text.encode("utf-8")
                while data:
                    data = data[os.write(fd, data):]
            finally:
                os.close(fd)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk: no half package left behind
        raise
    final = os.path.join(root, SONGS_DIR, name)
    try:
        os.rename(tmp, final)
    except OSError:
        if not os.path.exists(final):
            os.makedirs(os.path.dirname(final), exist_ok=True)
            os.rename(tmp, final)
        else:  # an earlier package of this poem: move it aside, put the new one in place, drop the old
            trash = os.path.join(state, "trash", f"{name}.{uuid.uuid4().hex[:8]}")
            os.makedirs(os.path.dirname(trash), exist_ok=True)
            os.rename(final, trash)
            os.rename(tmp, final)
            shutil.rmtree(trash, ignore_errors=True)


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# Songbook card ----------------------------------------------------------------------------------


def card_of(song: Song, poem: Poem, files: dict[str, str], manifest: dict[str, Any]) -> dict[str, Any]:
    """What the songbook shows of a song (stored in the job state so the songbook costs no pinyin)."""
    from songsmith.language import has_cjk
    from songsmith.targets.chinese import poem_readings
    from songsmith.package import ruby_html

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
