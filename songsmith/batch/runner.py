"""Scheduling a batch: stream poems, skip what is done, run the rest, record, report.

* offline: ``--jobs N`` worker processes (forked after the data is loaded, so they share it);
  poems go to them in small chunks, at most a few chunks in flight, so memory stays flat;
* LLM backends: threads in this process, as many as the backend's concurrency limit;
* ``--jobs 1``: everything in this process.

A poem is skipped when its row is ``done`` with the same input and options hashes and its
package directory is there; everything else (new, changed, failed) is (re)done. Rows are
committed every half second; a package is renamed into place before its row says ``done``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.batch.progress import Progress
from songsmith.batch.sources import Namer, count_poems, digest, parse_select, poem_input
from songsmith.batch.state import BatchLock, State, StateWriteError
from songsmith.batch.work import (
    SONGS_DIR,
    STATE_DIR,
    BatchOptions,
    Job,
    JobResult,
    run_job,
)
from songsmith.pipeline.workers import OFFLINE_BACKENDS

if TYPE_CHECKING:
    from songsmith.poetry.corpus import Poem


@dataclass
class Summary:
    out: Path
    done: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    waiting: bool = False  # --provider-batch --no-wait: a provider batch is still running
    failures: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"out": str(self.out), "done": self.done, "failed": self.failed, "skipped": self.skipped,
                "seconds": round(self.seconds, 3), "interrupted": self.interrupted, "waiting": self.waiting}


def clean_leftovers(out: Path) -> None:
    """Temp and trash directories a killed run left behind (we hold the lock: nobody else writes)."""
    for name in ("tmp", "trash"):
        directory = out / STATE_DIR / name
        if directory.is_dir():
            for child in directory.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)


# Workers ---------------------------------------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _init_worker(out: str, options: BatchOptions, parent: int) -> None:
    from songsmith.pipeline.workers import init_worker

    init_worker(parent)
    _WORKER["out"] = out
    _WORKER["options"] = options


def _run_chunk(chunk: list[tuple[str, str, Poem]]) -> list[JobResult]:
    """Render and write a chunk of poems; return when every package of the chunk is in place."""
    out, options = _WORKER["out"], _WORKER["options"]
    return [run_job(out, key, name, poem, options) for key, name, poem in chunk]


def warm_up(options: BatchOptions) -> None:
    """Load readings, OpenCC, style data and templates once, before worker processes fork."""
    import tempfile

    from songsmith.poetry.corpus import make_poem

    poem = make_poem("warm-up#0", "静夜思", ["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉。"], author="李白")
    with tempfile.TemporaryDirectory() as tmp:
        run_job(tmp, "warm-up#0", "warm-up", poem, options)


class _TokenCounter:
    """Wraps an LLM client to count tokens per thread (so each poem's cost is known)."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.local = threading.local()
        self.backend = client.backend
        self.model = client.model

    def __getattr__(self, name: str) -> Any:  # settings and anything else the runner reads
        return getattr(self._client, name)

    def reset(self) -> None:
        self.local.tokens = [0, 0]

    def read(self) -> tuple[int, int]:
        tokens = getattr(self.local, "tokens", [0, 0])
        return tokens[0], tokens[1]

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int, **options: Any) -> Any:
        completion = self._client.complete(system, messages, max_tokens, **options)
        tokens = getattr(self.local, "tokens", None)
        if tokens is None:
            tokens = self.local.tokens = [0, 0]
        tokens[0] += completion.input_tokens
        tokens[1] += completion.output_tokens
        return completion


# The run ---------------------------------------------------------------------------------------------


class BatchRunner:
    def __init__(self, sources: Sequence[str], out: str | os.PathLike[str], options: BatchOptions, *,
                 jobs: int = 1, select: Iterable[str] = (), limit: int | None = None,
                 progress: Progress | None = None, backend: Any = None, provider_batch: bool = False,
                 poll_interval: float = 30.0, write_reports: bool = True, wait: bool = True) -> None:
        self.sources = list(sources)
        self.out = Path(out)
        self.options = options
        self.jobs = max(1, jobs)
        self.select = list(select)
        self.predicate = parse_select(self.select)
        self.limit = limit
        self.progress = progress or Progress()
        self.backend = backend
        self.provider_batch = provider_batch
        self.poll_interval = poll_interval
        self.write_reports = write_reports
        self.wait = wait
        self.llm = options.backend not in OFFLINE_BACKENDS
        self._warned: set[str] = set()
        self._warned_lock = threading.Lock()

    # planning ----------------------------------------------------------------------------------
    def plan(self, known: dict[str, tuple[str, str | None, str | None, str | None]], summary: Summary,
             *, quiet: bool = False) -> Iterator[Job | JobResult]:
        """Jobs to run (and failed results for unreadable files), skipping done work as it goes."""
        namer = Namer()
        options_hash = self.options.digest()
        songs = self.out / SONGS_DIR
        selected = 0
        from songsmith.pipeline.sources import InputProblem, read_poems

        for seq, item in enumerate(read_poems(self.sources, exclude=self.out)):
            if isinstance(item, InputProblem):
                yield JobResult(key=namer.key(item.key), name="", ok=False, error=item.message)
                continue
            poem = item
            if self.select and not self.predicate(poem):
                continue
            selected += 1
            if self.limit is not None and selected > self.limit:
                return
            key = namer.key(poem.id)
            name = namer.name(poem.title, key)
            input_hash = digest(poem_input(poem))
            row = known.get(key)
            if (row is not None and row[0] == "done" and row[1] == input_hash and row[2] == options_hash
                    and row[3] == name and (songs / name / "manifest.json").is_file()):
                summary.skipped += 1
                if not quiet:
                    self.progress.poem(key, "skipped", name=name, title=poem.title)
                continue
            yield Job(seq, key, name, poem, input_hash)

    # running -----------------------------------------------------------------------------------
    def run(self) -> Summary:
        self.out.mkdir(parents=True, exist_ok=True)
        summary = Summary(self.out)
        with BatchLock(self.out):
            clean_leftovers(self.out)
            (self.out / SONGS_DIR).mkdir(exist_ok=True)
            from songsmith.batch.repair import open_state

            state = open_state(self.out, note=self.progress.warning)
            try:
                self._run(state, summary)
            except sqlite3.DatabaseError as exc:  # a full disk, an I/O error under the job state
                raise StateWriteError(f"cannot write the job state: {exc}", path=str(state.path)) from None
            finally:
                try:
                    state.close()
                except (StateWriteError, sqlite3.DatabaseError):
                    pass  # already reported, or about to be
        return summary

    def _run(self, state: State, summary: Summary) -> None:
        started = time.monotonic()
        run_id = state.start_run()
        state.set_meta("sources", [str(s) for s in self.sources])
        state.set_meta("options", self.options.to_json())
        state.set_meta("select", self.select)
        state.set_meta("limit", self.limit)
        state.commit()
        known = state.known()
        self._known = known
        total = None
        if not self.select:
            total = count_poems(self.sources)
            if self.limit is not None:
                total = min(total, self.limit)
        if not self.llm:
            warm_up(self.options)
        elif self.backend is None:
            from songsmith.style.backends import get_backend

            self.backend = get_backend(self.options.backend)
        if self.provider_batch:
            from songsmith.batch.provider import ProviderRun, prefetch

            todo = [j for j in self.plan(known, Summary(self.out), quiet=True) if isinstance(j, Job)]
            run = ProviderRun(self.backend, self.options, self.out, self.progress, self.poll_interval, self.wait)
            if todo and not prefetch(run, state, todo):
                summary.waiting = True
                summary.seconds = time.monotonic() - started
                state.finish_run(run_id, done=0, failed=0, skipped=0, seconds=summary.seconds, interrupted=True)
                return
        executor = self._executor()
        options_hash = self.options.digest()
        self.progress.start(total, out=str(self.out), jobs=self.jobs, backend=self.options.backend)
        interrupted = False
        try:
            self._drain(executor, self.plan(known, summary), state, summary, options_hash)
        except KeyboardInterrupt:
            interrupted = True
            summary.interrupted = True
            raise
        finally:
            self.progress.stop()
            if executor is not None:
                executor.shutdown(wait=not interrupted, cancel_futures=True)
            state.commit()
            summary.seconds = time.monotonic() - started
            state.finish_run(run_id, done=summary.done, failed=summary.failed, skipped=summary.skipped,
                             seconds=summary.seconds, interrupted=interrupted)
            if not interrupted:
                if self.write_reports:
                    from songsmith.batch.report import write_reports

                    write_reports(self.out, state)
                self.progress.finish(**summary.to_json())

    def _executor(self) -> Executor | None:
        if self.llm:
            workers = int(getattr(self.backend, "concurrency", 4) or 4)
            if hasattr(self.backend, "on_warning"):
                self.backend.on_warning = self._llm_warning
            runner = getattr(self.backend, "runner", None)
            if runner is not None and not isinstance(runner.client, _TokenCounter):
                runner.client = _TokenCounter(runner.client)
            return ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="songsmith-batch")
        if self.jobs == 1:
            return None
        import multiprocessing

        context = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=context, initializer=_init_worker,
                                   initargs=(str(self.out), self.options, os.getpid()))

    def _llm_warning(self, text: str) -> None:
        """An LLM fallback, on stderr the first time its kind is seen (every one is in report.md)."""
        from songsmith.batch.report import warning_kind

        kind = warning_kind(text)
        with self._warned_lock:
            if kind in self._warned:
                return
            self._warned.add(kind)
        self.progress.warning(f"warning: {text} (the poems it happens to are listed in report.md)")

    def _llm_job(self, job: Job) -> list[JobResult]:
        runner = getattr(self.backend, "runner", None)
        counter = runner.client if runner is not None and isinstance(runner.client, _TokenCounter) else None
        if counter is not None:
            counter.reset()
        result = run_job(str(self.out), job.key, job.name, job.poem, self.options, backend=self.backend)
        if counter is not None:
            result.tokens_in, result.tokens_out = counter.read()
        return [result]

    def _drain(self, executor: Executor | None, plan: Iterator[Job | JobResult], state: State, summary: Summary,
               options_hash: str) -> None:
        jobs_by_key: dict[str, Job] = {}
        chunk_size = 1 if (self.llm or executor is None) else 16
        window = (self.jobs * 6) if not self.llm else int(getattr(self.backend, "concurrency", 4) or 4) * 2
        pending: set[Future[list[JobResult]]] = set()

        def record(results: list[JobResult]) -> None:
            for result in results:
                job = jobs_by_key.pop(result.key, None)
                self._record(state, summary, result, job, options_hash)
            state.maybe_commit()

        stream = iter(plan)
        while True:
            chunk: list[Job] = []
            for item in itertools.islice(stream, chunk_size):
                if isinstance(item, JobResult):
                    self._record(state, summary, item, None, options_hash)
                else:
                    chunk.append(item)
            if not chunk:
                # the stream may have yielded only problems; is it finished?
                try:
                    item = next(stream)
                except StopIteration:
                    break
                stream = itertools.chain([item], stream)
                continue
            for job in chunk:
                jobs_by_key[job.key] = job
            if executor is None:
                record([run_job(str(self.out), j.key, j.name, j.poem, self.options) for j in chunk])
                continue
            if self.llm:
                pending.add(executor.submit(self._llm_job, chunk[0]))
            else:
                pending.add(executor.submit(_run_chunk, [(j.key, j.name, j.poem) for j in chunk]))
            while len(pending) >= window:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    record(future.result())
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                record(future.result())

    def _drop_old_package(self, name: str, job: Job) -> None:
        """The poem's title changed, so did its directory: remove the old one if it is this poem's."""
        import json

        directory = self.out / SONGS_DIR / name
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(manifest, dict) and (manifest.get("source") or {}).get("id") == job.poem.id:
            shutil.rmtree(directory, ignore_errors=True)

    def _record(self, state: State, summary: Summary, result: JobResult, job: Job | None, options_hash: str) -> None:
        poem = job.poem if job else None
        state.record(result, seq=job.seq if job else -1, title=poem.title if poem else None,
                     author=poem.author if poem else None, source=poem.source if poem else None,
                     input_hash=job.input_hash if job else None, options_hash=options_hash)
        old = getattr(self, "_known", {}).get(result.key)
        if result.ok and job is not None and old is not None and old[3] and old[3] != result.name:
            self._drop_old_package(old[3], job)
        if result.ok:
            summary.done += 1
        else:
            summary.failed += 1
            summary.failures.append((result.key, result.error or "failed"))
        self.progress.poem(result.key, "done" if result.ok else "failed", name=result.name or None,
                           title=poem.title if poem else None, error=result.error, warnings=len(result.warnings))
