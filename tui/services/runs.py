"""Rendering and batching from the library: the core's own runners, reporting progress.

:func:`render_files` goes through :class:`songsmith.pipeline.render.Renderer` (what ``songsmith
render`` does: ``OUT/<slug>/song.yaml``), :func:`run_batch` through
:class:`songsmith.batch.runner.BatchRunner` (``songsmith batch``: packages, state, report). Both
block; the library runs them in a worker thread and passes ``report(done, total, label)`` and
``cancelled()``. A batch stops between two poems, its state saved, so running it again resumes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.batch.progress import Progress
from songsmith.errors import SongsmithError

if TYPE_CHECKING:
    from songsmith.config import Config

Report = Callable[[int, "int | None", str], None]


class Cancelled(KeyboardInterrupt):
    """The user cancelled; the batch runner treats it as an interrupt (state kept, resumable)."""


@dataclass
class RunResult:
    done: int = 0
    failed: int = 0
    skipped: int = 0
    written: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False
    out: Path | None = None


def _backend(name: str, config: Config | None) -> Any:
    from songsmith.style.backends import get_backend

    return get_backend(name, config)


def render_files(paths: list[Path], out: Path, *, backend: str, candidates: int, config: Config | None,
                 report: Report, cancelled: Callable[[], bool]) -> RunResult:
    """Each file's poems rendered into ``out`` (a poem file becomes ``out/<slug>/song.yaml``)."""
    from songsmith.pipeline.render import Renderer

    renderer = Renderer(out, backend=_backend(backend, config), candidates=candidates)
    result = RunResult(out=out)
    report(0, len(paths), "render")
    for index, path in enumerate(paths):
        if cancelled():
            result.cancelled = True
            break
        for item in renderer.render_path(str(path)):
            if isinstance(item, SongsmithError):
                result.failed += 1
                result.errors.append(str(item))
            else:
                result.done += 1
                result.written.append(item.output)
        report(index + 1, len(paths), path.name)
    return result


class _Progress(Progress):
    def __init__(self, report: Report, cancelled: Callable[[], bool]) -> None:
        super().__init__()
        self.report, self.cancelled = report, cancelled

    def start(self, total: int | None, **info: Any) -> None:
        super().start(total)
        self.report(0, total, "batch")

    def poem(self, key: str, status: str, *, name: str | None = None, title: str | None = None,
             error: str | None = None, warnings: int = 0) -> None:
        super().poem(key, status)
        self.report(self.seen, self.total, title or key)
        if self.cancelled():
            raise Cancelled


def run_batch(directory: Path, out: Path, *, backend: str, candidates: int, config: Config | None,
              report: Report, cancelled: Callable[[], bool]) -> RunResult:
    """Every poem and song of ``directory`` through ``songsmith batch`` into ``out`` (in this
    process: a terminal app's threads and forked workers do not mix)."""
    from songsmith.batch.runner import BatchRunner
    from songsmith.batch.work import BatchOptions
    from songsmith.pipeline.workers import OFFLINE_BACKENDS

    backend_object = None if backend in OFFLINE_BACKENDS else _backend(backend, config)
    options = BatchOptions(backend=backend, candidates=candidates,
                           model=getattr(backend_object, "model", None))
    progress = _Progress(report, cancelled)
    runner = BatchRunner([str(directory)], out, options, jobs=1, progress=progress, backend=backend_object)
    try:
        summary = runner.run()
    except Cancelled:
        counts = progress.counts
        return RunResult(done=counts["done"], failed=counts["failed"], skipped=counts["skipped"], out=out,
                         cancelled=True)
    return RunResult(done=summary.done, failed=summary.failed, skipped=summary.skipped, out=out,
                     errors=[f"{key}: {error}" for key, error in summary.failures])
