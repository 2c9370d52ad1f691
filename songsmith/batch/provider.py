"""``--provider-batch``: the LLM requests of a batch through Anthropic Message Batches or OpenAI Batch.

A provider batch is an asynchronous, resumable workflow kept in the job state (tables
``batches`` and ``batch_requests``), in two phases, because an arrangement is asked for with the
style the first phase chose:

1. ``map_style`` for every poem still to do whose answer is not cached;
2. ``arrange`` for the same poems, with the style from phase 1.

Per phase: prepare the requests (exactly what the live backend would send: the backend itself
builds them, through a recording runner), record them, submit **one** provider batch, record its
id at once, poll until it has ended, then collect the results by ``custom_id`` (the poem's job
key, or ``p-<hash>`` when the key has characters the providers refuse), validate each answer as
the live path does and put the valid ones in the backend's answer cache. The normal run that
follows then finds every answer in the cache (no request, no cost); a poem whose batch answer was
missing or invalid is asked live, or falls back to the offline backend, as in a live run.

Killed at any step, the next run picks up where it stopped: a recorded batch is polled (never
submitted again) and results are collected again (putting an answer in the cache twice is
harmless). The one window that can submit twice is between the provider accepting a batch and
the id being committed (milliseconds).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.batch.provider_clients import Request
from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.batch.progress import Progress
    from songsmith.batch.provider_clients import ProviderClient
    from songsmith.batch.state import State
    from songsmith.batch.work import BatchOptions, Job

PHASES = ("map_style", "arrange")
_CUSTOM_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
ENDED = {"ended", "completed", "failed", "expired", "cancelled", "canceled"}


def custom_id_for(key: str) -> str:
    """The job key when both providers accept it as a ``custom_id``, else ``p-`` and a hash."""
    if _CUSTOM_ID.match(key):
        return key
    return "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]


class _Captured(Exception):
    pass


class _RecordingRunner:
    """Stands in for the backend's runner: records the request the backend would make."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.asked: list[tuple[str, dict[str, Any], dict[str, Any], Any]] = []
        self.cancelled = real.cancelled

    @property
    def backend(self) -> str:
        return str(self.real.backend)

    @property
    def model(self) -> str:
        return str(self.real.model)

    def ask(self, task: str, data: dict[str, Any], *, values: dict[str, Any] | None = None,
            check: Callable[[Any], list[str]] | None = None) -> Any:
        self.asked.append((task, data, values or {}, check))
        from songsmith.style.llm.errors import LLMError

        raise LLMError("recorded for a provider batch", path=self.backend)


def _capture(backend: Any, call: Callable[[], Any]) -> tuple[str, dict[str, Any], dict[str, Any], Any]:
    """Run ``call`` (a backend method) with a recording runner; the request it would have made."""
    real = backend.runner
    recorder = _RecordingRunner(real)
    backend.runner = recorder
    warnings = list(getattr(backend, "warnings", []))
    try:
        call()
    finally:
        backend.runner = real
        if hasattr(backend, "warnings"):
            backend.warnings[:] = warnings
    if not recorder.asked:
        raise UsageError("the backend made no request to batch")
    return recorder.asked[0]


def _request(backend: Any, key: str, task: str, data: dict[str, Any], values: dict[str, Any], check: Any) -> Request:
    from songsmith.style.llm.cache import cache_key, input_hash
    from songsmith.style.llm.prompts import load_template

    runner = backend.runner
    template = load_template(task)
    return Request(
        key=key, custom_id=custom_id_for(key),
        cache_key=cache_key(runner.cache_backend, runner.model, template.ident, input_hash(data)),
        system=template.system,
        messages=[{"role": "user", "content": template.render_user(data, **values)}],
        max_tokens=template.max_tokens, check=check, task=task, template=template.ident, schema=template.schema,
    )


def prepare(phase: str, backend: Any, jobs: Sequence[Job], options: Any, *, only_missing: bool = True) -> list[Request]:
    """The requests of ``phase`` for ``jobs`` (only those whose answers are not cached yet)."""
    from songsmith.batch.work import hints_for, work_for

    hints = hints_for(options)
    out: list[Request] = []
    for job in jobs:
        try:
            work = work_for(job.poem)
        except Exception:  # noqa: BLE001 - the live run will record this poem's failure
            continue
        if not work.lines:
            continue
        if phase == "map_style":
            task, data, values, check = _capture(backend, lambda: backend.map_style(work, options.candidates, hints))
        else:
            request = prepare("map_style", backend, [job], options)
            if request:  # no usable style yet: the live run asks for both
                continue
            proposals = backend.map_style(work, options.candidates, hints)  # from the cache
            style = proposals[0].style
            task, data, values, check = _capture(backend, lambda: backend.arrange(work, hints, style))
        request = _request(backend, job.key, task, data, values, check)
        if not only_missing or backend.runner.cache.get(request.cache_key) is None:
            out.append(request)
    return out


# The workflow -----------------------------------------------------------------------------------


@dataclass
class ProviderRun:
    """What a provider batch needs of the run: the LLM backend, the options, where the state
    lives, how to report, and how long to wait."""

    backend: Any
    options: BatchOptions
    out: Path
    progress: Progress
    poll_interval: float = 30.0
    wait: bool = True


def _open_batch(state: State, phase: str) -> Any:
    return state.db.execute("SELECT * FROM batches WHERE phase = ? AND status NOT IN ('collected', 'failed') "
                            "ORDER BY created DESC LIMIT 1", (phase,)).fetchone()


def prefetch(runner: ProviderRun, state: State, jobs: Sequence[Job]) -> bool:
    """Run the provider batch phases for ``jobs``; True when every phase has been collected
    (False: ``--no-wait`` and a batch is still running; the caller stops there)."""
    backend = runner.backend
    if getattr(backend, "runner", None) is None or not hasattr(backend.runner, "cache"):
        raise UsageError(f"--provider-batch needs an LLM backend, not {runner.options.backend!r}")
    from songsmith.style.llm.cache import DiskCache

    if not backend.runner.cache.enabled:  # answers must be kept between the phases and the run
        backend.runner.cache = DiskCache(Path(runner.out) / ".songsmith" / "llm-cache")
    from songsmith.batch.provider_clients import provider_for

    provider = provider_for(backend)
    wait = runner.wait
    by_key = {job.key: job for job in jobs}
    from songsmith.style.llm.errors import LLMError

    for phase in PHASES:
        row = _open_batch(state, phase)
        if row is None:
            requests = prepare(phase, backend, jobs, runner.options)
            if not requests:
                continue
            try:
                _submit(state, provider, backend, phase, requests)
            except LLMError as error:  # nothing was submitted: the poems are asked live
                if error.fatal:
                    raise
                runner.progress.warning(f"{provider.name} batch ({phase}) not submitted: {error.message}; "
                                        "the poems are asked live")
                return True
            runner.progress.note(f"{provider.name} batch submitted ({phase}): {len(requests)} requests")
            row = _open_batch(state, phase)
        try:
            if not _wait(state, provider, row["id"], runner, wait):
                runner.progress.note(f"{provider.name} batch {row['id']} ({phase}) is still running; "
                                     "run the same command again to collect it")
                return False
            _collect(state, provider, backend, row["id"], phase, by_key, runner)
        except LLMError as error:  # the batch is recorded: the next run asks about it again
            if error.fatal:
                raise
            runner.progress.warning(f"{provider.name} batch {row['id']} ({phase}): {error.message}; "
                                    "run the same command again to collect it")
            return False
    return True


def _submit(state: State, provider: ProviderClient, backend: Any, phase: str, requests: Sequence[Request]) -> None:
    now = time.time()
    for request in requests:
        state.db.execute("INSERT OR REPLACE INTO batch_requests (custom_id, phase, key, batch_id, cache_key, status) "
                         "VALUES (?, ?, ?, NULL, ?, 'prepared')", (request.custom_id, phase, request.key,
                                                                 request.cache_key))
    state.commit()
    batch_id = provider.submit(requests, backend.runner.model)
    state.db.execute("INSERT INTO batches (id, provider, phase, status, created, updated, requests) "
                     "VALUES (?, ?, ?, 'submitted', ?, ?, ?)", (batch_id, provider.name, phase, now, now, len(requests)))
    state.db.execute("UPDATE batch_requests SET batch_id = ?, status = 'submitted' WHERE phase = ? AND status = 'prepared'",
                     (batch_id, phase))
    state.commit()


def _wait(state: State, provider: ProviderClient, batch_id: str, runner: ProviderRun, wait: bool) -> bool:
    last = None
    while True:
        status, counts = provider.status(batch_id)
        state.db.execute("UPDATE batches SET status = ?, updated = ?, succeeded = ?, errored = ?, detail = ? "
                         "WHERE id = ?", (status if status not in ENDED else "ended", time.time(),
                                          counts.get("succeeded", 0), counts.get("errored", 0),
                                          json.dumps(counts), batch_id))
        state.commit()
        if status in ENDED:
            return True
        if status != last:
            runner.progress.note(f"batch {batch_id}: {status} {counts}")
            last = status
        if not wait:
            return False
        time.sleep(runner.poll_interval)


def _collect(state: State, provider: ProviderClient, backend: Any, batch_id: str, phase: str,
             jobs: dict[str, Any], runner: ProviderRun) -> None:
    from songsmith.style.llm.answers import ANSWER_MODELS

    wanted = {row["custom_id"]: row for row in state.db.execute(
        "SELECT * FROM batch_requests WHERE batch_id = ? AND phase = ?", (batch_id, phase))}
    requests: dict[str, Request] = {}
    if wanted:  # rebuild the checks (they are code, not data) for the poems still to do
        todo = [jobs[row["key"]] for row in wanted.values() if row["key"] in jobs]
        for request in prepare(phase, backend, todo, runner.options, only_missing=False):
            requests[request.custom_id] = request
    answer_model = ANSWER_MODELS[phase]
    good = bad = 0
    for custom_id, outcome in provider.results(batch_id):
        row = wanted.get(custom_id)
        if row is None:
            continue
        if isinstance(outcome, str):
            status, error, tokens = "errored", outcome, (0, 0)
        else:
            tokens = (outcome.input_tokens, outcome.output_tokens)
            request = requests.get(custom_id)
            answer, problems = backend.runner.check_answer(outcome, answer_model, request.check if request else None)
            if answer is None or request is None or request.cache_key != row["cache_key"]:
                status, error = "invalid", "; ".join(problems)[:300] or "the poem changed since the batch"
            else:
                backend.runner.cache.put(row["cache_key"], {
                    "answer": answer.model_dump(mode="json"), "model": outcome.model or backend.runner.model,
                    "template": request.template, "backend": backend.runner.backend, "via": f"{provider.name} batch"})
                status, error = "ok", None
        good += status == "ok"
        bad += status != "ok"
        state.db.execute("UPDATE batch_requests SET status = ?, error = ?, tokens_in = ?, tokens_out = ? "
                         "WHERE custom_id = ? AND phase = ?", (status, error, tokens[0], tokens[1], custom_id, phase))
    state.db.execute("UPDATE batches SET status = 'collected', updated = ? WHERE id = ?", (time.time(), batch_id))
    state.commit()
    runner.progress.note(f"{provider.name} batch {batch_id} ({phase}) collected: {good} answers, "
                         f"{bad} missing or invalid (asked live)")


def provider_tokens(state: State) -> tuple[int, int]:
    row = state.db.execute("SELECT COALESCE(SUM(tokens_in), 0), COALESCE(SUM(tokens_out), 0) FROM batch_requests"
                           ).fetchone()
    return int(row[0]), int(row[1])
