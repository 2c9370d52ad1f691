"""``songsmith render --jobs N``: the CPU part of rendering in worker processes.

Rendering a poem has three steps (:class:`songsmith.pipeline.render.Renderer`):

* **plan** (this process, in input order): enumerate the poems, claim each one's slug, read the
  song file an earlier run wrote there;
* **compose** (a worker): analysis, mood, styles, arrangement, the song file's text and, with
  ``render --target``, the package's files and manifest (an ``after`` hook, run on the song);
* **finish** (this process, in input order): write ``song.yaml`` (its fsyncs on a few threads),
  stage the package's files in the one writer that commits them all at the end, report.

Workers are forked after a warm-up poem has loaded the readings, OpenCC, style data, templates
and targets, so they share that memory. They write no file: besides composing, they only check
the package's paths and read the manifest an earlier run left in its folder. Poems go to them in
chunks of a few, with a bounded number of chunks in flight; results are handed back in input
order, so the files, the output and the exit status are those of ``--jobs 1``. A worker dies
with this process (Linux: ``PR_SET_PDEATHSIG``) and ignores Ctrl-C, which this process handles
(it stops the workers, waits for the song files it reported, and the caller discards the staged
package files).

LLM backends always render in this process: their concurrency lives in the backend.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.document.model import Song
from songsmith.errors import SongsmithError
from songsmith.pipeline.render import Composed, Renderer, RenderResult, RenderTask
from songsmith.pipeline.workers import OFFLINE_BACKENDS, fork_available, init_worker

if TYPE_CHECKING:
    from concurrent.futures import Future

#: More poems than this, with the offline backend: worker processes by default.
AUTO_MIN_POEMS = 16
#: At most this many worker processes by default.
AUTO_MAX_JOBS = 4
#: Poems per chunk sent to a worker, and chunks in flight per worker.
CHUNK = 4
WINDOW_PER_JOB = 4
#: Threads waiting for the disk to make song files durable (a virtual disk serves a few fsyncs at
#: once in about the time of one).
SYNC_THREADS = 4

#: ``after(song, task) -> (extra, song file text or None)``: more pure work on a composed song (render
#: --target: the package); ``extra`` travels back with the result, the text saves dumping the song twice.
After = Callable[[Song, RenderTask], tuple[Any, str | None]]
#: (what the report names as the input, the result or the error, what ``after`` made of it).
Outcome = tuple[str, RenderResult | SongsmithError, Any]


def choose_jobs(requested: int | None, backend: str, poems: int | None = None, *, cpus: int | None = None,
                fork: bool | None = None) -> int:
    """How many processes render with.

    * an LLM backend (anything but ``offline``), or no ``fork`` start method (Windows): 1;
    * ``requested`` (``--jobs N``): N;
    * automatic (``requested`` None): ``min(cpus, 4)`` for more than 16 poems, else 1.
    """
    if backend not in OFFLINE_BACKENDS:
        return 1
    if requested is not None and requested <= 1:
        return 1
    if not (fork_available() if fork is None else fork):
        return 1
    if requested is not None:
        return requested
    if poems is None or poems <= AUTO_MIN_POEMS:
        return 1
    cpus = os.cpu_count() if cpus is None else cpus
    return max(1, min(cpus or 1, AUTO_MAX_JOBS))


def render_all(renderer: Renderer, paths: Iterable[str], *, jobs: int | None = None,
               after: After | None = None) -> Generator[Outcome, None, None]:
    """Every poem of ``paths``, rendered, in input order: ``(input, result or error, extra)``.

    ``jobs``: None decides by itself (:func:`choose_jobs`, counting up to 17 poems ahead); 1 is
    :meth:`Renderer.render_path` for each path, exactly; more forks that many workers. ``extra``
    is what ``after`` made of the song in a worker, None for poems rendered in this process
    (the caller does that work itself then).
    """
    backend = getattr(renderer.backend, "name", "")
    if backend not in OFFLINE_BACKENDS or (jobs is not None and jobs <= 1) or not fork_available():
        yield from _serial(renderer, paths)
        return
    plan: Iterator[tuple[str, RenderTask | SongsmithError]] = _plan(renderer, paths)
    if jobs is None:
        head: list[tuple[str, RenderTask | SongsmithError]] = []
        tasks = 0
        for entry in plan:
            head.append(entry)
            tasks += isinstance(entry[1], RenderTask)
            if tasks > AUTO_MIN_POEMS:
                break
        jobs = choose_jobs(None, backend, tasks)
        plan = itertools.chain(head, plan)
        if jobs == 1:
            yield from _in_process(renderer, plan)
            return
    yield from _pooled(renderer, plan, jobs, after)


# In this process ---------------------------------------------------------------------------------


def _serial(renderer: Renderer, paths: Iterable[str]) -> Iterator[Outcome]:
    """``--jobs 1``: each path's :meth:`Renderer.render_path`, as render always did."""
    for path in paths:
        try:
            for result in renderer.render_path(path):
                if isinstance(result, SongsmithError):
                    yield result.path or path, result, None
                else:
                    yield path, result, None
        except SongsmithError as exc:
            yield path, exc, None


def _plan(renderer: Renderer, paths: Iterable[str]) -> Iterator[tuple[str, RenderTask | SongsmithError]]:
    """Each poem of each path, planned (its slug claimed), or its error; a file that cannot be
    read is one error and the next path goes on."""
    for path in paths:
        try:
            for item in renderer.plan_path(path):
                yield ((item.path or path) if isinstance(item, SongsmithError) else path), item
        except SongsmithError as exc:
            yield path, exc


def _failed(path: str, task: RenderTask, exc: SongsmithError) -> Outcome:
    """A poem whose compose or finish failed, reported as :func:`_serial` reports it."""
    if task.guarded:  # a poem of a collection: named by its label
        exc = task.relabel(exc)
        return exc.path or path, exc, None
    return path, exc, None  # a poem or song file: render_path raised, the error names the file


def _finished(renderer: Renderer, path: str, task: RenderTask, composed: Composed | SongsmithError,
              extra: Any, write: Callable[[Path, str], None] | None = None) -> Outcome:
    if isinstance(composed, SongsmithError):
        return _failed(path, task, composed)
    try:
        return path, renderer.finish(task, composed, write=write), extra
    except SongsmithError as exc:
        return _failed(path, task, exc)


def _in_process(renderer: Renderer, plan: Iterable[tuple[str, RenderTask | SongsmithError]]) -> Iterator[Outcome]:
    for path, item in plan:
        if isinstance(item, SongsmithError):
            yield path, item, None
            continue
        try:
            composed: Composed | SongsmithError = renderer.compose(item)
        except SongsmithError as exc:
            composed = exc
        yield _finished(renderer, path, item, composed, None)


# Workers -----------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _compose(renderer: Renderer, after: After | None, task: RenderTask) -> tuple[Composed | SongsmithError, Any]:
    """One poem's pure work: the composed song (or its error) and what ``after`` made of it."""
    from songsmith.document.songfile import dump_song

    try:
        composed = renderer.compose(task, dump=after is None)
    except SongsmithError as exc:
        return exc, None
    if after is None:
        return composed, None
    extra, text = after(composed.song, task)
    composed.text = text if text is not None else dump_song(composed.song)
    return composed, extra


def _work(chunk: list[RenderTask]) -> list[tuple[Composed | SongsmithError, Any]]:
    renderer, after = _WORKER["renderer"], _WORKER["after"]
    return [_compose(renderer, after, task) for task in chunk]


def warm_up(renderer: Renderer, after: After | None) -> None:
    """Load readings, OpenCC, style data, templates and targets once, before the workers fork."""
    from songsmith.poetry.corpus import make_poem

    poem = make_poem("warm-up#0", "静夜思", ["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉。"], author="李白")
    task = RenderTask("warm-up", poem, Path(renderer.out, "warm-up", "song.yaml"), None)
    try:
        _compose(renderer, after, task)  # nothing is written
    except Exception:  # noqa: BLE001 - only a head start: a real poem that fails so reports it
        pass


class _Chunk:
    """Consecutive entries of the plan (poems and errors, in input order); its poems go to one worker."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, RenderTask | SongsmithError]] = []
        self.tasks: list[RenderTask] = []
        self.future: Future[list[tuple[Composed | SongsmithError, Any]]] | None = None

    def add(self, path: str, item: RenderTask | SongsmithError) -> None:
        self.entries.append((path, item))
        if isinstance(item, RenderTask):
            self.tasks.append(item)

    def done(self) -> bool:
        return self.future is None or self.future.done()

    def outcomes(self, renderer: Renderer, songs: _SongFiles) -> Iterator[Outcome]:
        results = iter(self.future.result() if self.future is not None else [])
        for path, item in self.entries:
            if isinstance(item, SongsmithError):
                yield path, item, None
            else:
                composed, extra = next(results)
                yield _finished(renderer, path, item, composed, extra, songs.write)
                songs.check()


class _SongFiles:
    """Song files written as :func:`songsmith.document.writer.write_text_atomic` writes them (temporary file,
    fsync, rename, fsync of the folder), the waits for the disk on a few threads while this one
    goes on with the next poem: one after the other, 320 of them took 1–2 s of the main process
    on a virtual disk, which serves a few fsyncs at once in about the time of one. :meth:`close`
    returns when every file is in place (before the packages are committed); an error is raised
    by :meth:`check` or :meth:`close`, as write_text_atomic would have raised it."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=SYNC_THREADS, thread_name_prefix="songsmith-render-sync")
        self._pending: deque[Future[None]] = deque()

    def write(self, path: Path, text: str) -> None:
        from songsmith.document.writer import start_write_atomic

        self._pending.append(self._pool.submit(start_write_atomic(path, text.encode("utf-8"))))

    def check(self) -> None:
        while self._pending and self._pending[0].done():
            self._pending.popleft().result()

    def close(self) -> None:
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self._pool.shutdown(wait=True)


def _pooled(renderer: Renderer, plan: Iterable[tuple[str, RenderTask | SongsmithError]], jobs: int,
            after: After | None) -> Iterator[Outcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    warm_up(renderer, after)
    _WORKER["renderer"], _WORKER["after"] = renderer, after  # the workers inherit them (fork)
    sys.stdout.flush()  # a worker flushes what it inherited when it exits: nothing, then
    sys.stderr.flush()
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                   initializer=init_worker, initargs=(os.getpid(),))
    window = jobs * WINDOW_PER_JOB
    pending: deque[_Chunk] = deque()
    songs = _SongFiles()
    interrupted = True
    try:
        chunk = _Chunk()
        for path, item in plan:
            chunk.add(path, item)
            if len(chunk.tasks) < CHUNK:
                continue
            chunk.future = executor.submit(_work, chunk.tasks)
            pending.append(chunk)
            chunk = _Chunk()
            # finish what is ready at the head (in input order) while the workers go on
            while pending and (len(pending) >= window or pending[0].done()):
                yield from pending.popleft().outcomes(renderer, songs)
        if chunk.tasks:
            chunk.future = executor.submit(_work, chunk.tasks)
        pending.append(chunk)
        while pending:
            yield from pending.popleft().outcomes(renderer, songs)
        interrupted = False
    finally:
        _WORKER.clear()
        # interrupted (Ctrl-C, an error, the caller gave up): drop the queued chunks, do not wait
        executor.shutdown(wait=not interrupted, cancel_futures=True)
        try:
            songs.close()  # every song file reported is in place, interrupted or not
        except Exception:
            if not interrupted:
                raise
