"""Generating takes: plan the submissions, run them within the service's limits, attach the results.

:meth:`Generator.plan` renders each song's body (per candidate), finds the submissions the job
store already has for it and adds rows for the take slots still missing; nothing is sent.
:meth:`Generator.run` works the rows on ``concurrency`` threads (a thread holds its place from
submission to the last take): submit (unless the store has the task id), poll with backoff,
fetch, check, save under ``takes/``, add the take to the song. Submissions in flight from an
earlier run are collected too, whatever the song's body is now.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from songsmith.generate.base import Output, Service
from songsmith.generate.bodies import body_sha, candidates_of, package_body, target_options
from songsmith.generate.connection import Connection, GenerateOptions
from songsmith.generate.costs import Budget, price_for
from songsmith.generate.download import DownloadError, fetch, save_bytes
from songsmith.generate.http import ServiceError, deadline
from songsmith.errors import SongsmithError
from songsmith.generate.store import JobRow, Store

#: states whose rows are (re)submitted
TO_SUBMIT = frozenset({"planned", "submitting", "failed", "budget"})


@dataclass
class SongWork:
    """One song to generate for: its file, its key in the store, where its takes go."""

    path: str
    scope: str
    takes_dir: Path
    stem: str


@dataclass
class Planned:
    job: JobRow
    work: SongWork
    target: str | None
    style: str | None
    estimate: float


@dataclass
class Summary:
    submitted: int = 0
    takes: int = 0
    failed: int = 0
    running: int = 0
    budget_skipped: int = 0
    uncertain: int = 0
    estimated_cost: float = 0.0
    spent: float = 0.0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"submitted": self.submitted, "takes": self.takes, "failed": self.failed, "still_running": self.running,
                "skipped_by_budget": self.budget_skipped, "uncertain_resubmissions": self.uncertain,
                "estimated_cost_usd": round(self.estimated_cost, 4), "spent_usd": round(self.spent, 4),
                "seconds": round(self.seconds, 3), "failures": self.failures}


Report = Callable[[str, dict[str, Any]], None]


class Generator:
    def __init__(self, service: Service, options: GenerateOptions, store: Store | None, *,
                 config: Any = None, report: Report | None = None) -> None:
        self.service = service
        self.options = options
        self.store = store
        self.config = config
        self.report = report or (lambda kind, data: None)
        self.model = options.model or service.default_model or ""
        self.price, self.minutes_if_unknown = price_for(service.name, self.model)
        self.planned: list[Planned] = []
        self.summary = Summary()
        self._lock = threading.Lock()

    # planning ----------------------------------------------------------------------------------
    def plan(self, songs: list[SongWork], *, skip_errors: bool = False) -> list[Planned]:
        """The submissions for ``songs``. A song that cannot be generated for (a package with
        errors, comments a save would drop) stops the plan, or with ``skip_errors`` is counted as
        failed and left out (a batch goes on with the others)."""
        seen: set[int] = set()
        for work in songs:
            try:
                self._plan_song(work, seen)
            except SongsmithError as exc:
                if not skip_errors:
                    raise
                self._count("failed", str(exc))
                self.report("failed", {"song": work.path, "candidate": None, "error": exc.message})
        if self.store is not None:  # tasks an earlier run sent and did not collect
            scopes = {w.scope: w for w in songs}
            for row in self.store.jobs():
                if row.id not in seen and row.scope in scopes and row.service == self.service.name \
                        and row.state == "submitted":
                    self.planned.append(self._planned(row, scopes[row.scope], self.service.target, None))
        return self.planned

    def _plan_song(self, work: SongWork, seen: set[int]) -> None:
        from songsmith.generate.attach import check_song

        target = getattr(self.service, "target_for", lambda m: self.service.target)(self.model)
        options = target_options(self.service.name, self.model)
        per_request = max(1, self.service.max_per_request)
        fixed = getattr(self.service, "fixed_per_request", False)
        song = check_song(work.path).song
        for candidate in candidates_of(song, self.options.candidates, work.path):
            body = package_body(song, target, candidate=candidate, options=options, path=work.path)
            digest = body_sha({"body": body.body, "model": self.model, "service": self.service.name})
            rows = self.store.find(work.scope, candidate or "", self.service.name, self.model, digest) \
                if self.store else []
            covered = {s for r in rows for s in range(r.slot, r.slot + r.n)}
            slot = 0
            while slot < self.options.count:
                if slot in covered:
                    slot += 1
                    continue
                n = per_request if fixed else min(per_request, self.options.count - slot)
                while not fixed and n > 1 and any(s in covered for s in range(slot, slot + n)):
                    n -= 1
                request = self.service.request(body.body, self.model, n)
                if self.store is not None and not self.options.dry_run:
                    rows.append(self.store.add(scope=work.scope, song=work.path, candidate=candidate or "",
                                               service=self.service.name, model=self.model, body_sha=digest,
                                               slot=slot, n=n, request=request))
                else:
                    rows.append(JobRow(-1 - len(self.planned), work.scope, work.path, candidate or "",
                                       self.service.name, self.model, digest, slot, n, request, "planned"))
                covered.update(range(slot, slot + n))
                slot += n
            for row in rows:
                if row.slot < self.options.count or row.state == "submitted":
                    seen.add(row.id)
                    self.planned.append(self._planned(row, work, body.target, body.style))

    def _planned(self, row: JobRow, work: SongWork, target: str | None, style: str | None) -> Planned:
        estimate = self.price.estimate(row.n, self.service.expected_seconds(row.request), self.minutes_if_unknown)
        return Planned(row, work, target, style, estimate)

    def to_submit(self) -> list[Planned]:
        return [p for p in self.planned if p.job.state in TO_SUBMIT]

    # running -----------------------------------------------------------------------------------
    def run(self, key: str | None, base_url: str) -> Summary:
        started = time.monotonic()
        budget = Budget(self.options.max_cost)
        conn = Connection(self.service, self.options, key=key, base_url=base_url, config=self.config)
        self.summary.estimated_cost = sum(p.estimate for p in self.to_submit())
        try:
            work = [p for p in self.planned if p.job.state != "done" or self._unattached(p.job)]
            with ThreadPoolExecutor(max_workers=conn.concurrency, thread_name_prefix="songsmith-generate") as pool:
                for future in [pool.submit(self._job, conn, budget, p) for p in work]:
                    future.result()
        finally:
            conn.close()
        self.summary.spent = budget.spent
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def _unattached(self, job: JobRow) -> bool:
        assert self.store is not None
        return any(o.state != "attached" for o in self.store.outputs(job.id))

    def _count(self, name: str, message: str | None = None) -> None:
        with self._lock:
            setattr(self.summary, name, getattr(self.summary, name) + 1)
            if message:
                self.summary.failures.append(message)

    def _job(self, conn: Connection, budget: Budget, planned: Planned) -> None:
        try:
            self._work(conn, budget, planned)
        except ServiceError as exc:
            self._fail(planned, exc.message)
        except DownloadError as exc:
            self._fail(planned, exc.message)

    def _fail(self, planned: Planned, message: str) -> None:
        assert self.store is not None
        self.store.set_state(planned.job.id, "failed", error=message)
        self._count("failed", f"{planned.work.path}: {message}")
        self.report("failed", {"song": planned.work.path, "candidate": planned.job.candidate or None, "error": message})

    def _work(self, conn: Connection, budget: Budget, planned: Planned) -> None:
        assert self.store is not None
        job = self.store.job(planned.job.id)
        attempts = 0
        while True:
            outputs: list[Output] | None = None
            if job.state in TO_SUBMIT:
                if attempts >= self.options.attempts:
                    raise ServiceError(job.error or "failed")
                attempts += 1
                sent, outputs = self._submit(conn, budget, planned, job)
                if not sent:
                    return
                job = self.store.job(job.id)
            if outputs is None and self.service.synchronous:
                outputs = [Output(url=o.url, id=o.remote_id, seed=o.seed, duration_s=o.duration_s)
                           for o in self.store.outputs(job.id)]
            if outputs is None:
                result = self._wait(conn, job)
                if result is None:
                    self._count("running")
                    return
                if result.state == "failed":
                    self.store.set_state(job.id, "failed", error=result.error)
                    job = self.store.job(job.id)
                    if result.permanent:
                        raise ServiceError(result.error or "failed")
                    self.report("retry", {"song": planned.work.path, "error": result.error})
                    continue
                outputs = result.outputs
                self.store.set_outputs(job.id, [o.record() for o in outputs])
            if self._collect(conn, planned, job, outputs):
                self.store.set_state(job.id, "done", error=None)
                return
            job = self.store.job(job.id)
            if job.state != "failed":
                return
            self.report("retry", {"song": planned.work.path, "error": job.error})

    def _submit(self, conn: Connection, budget: Budget, planned: Planned,
                job: JobRow) -> tuple[bool, list[Output] | None]:
        """Send the job (within the budget); (False, None) when the budget refused it, else (True,
        the outputs of a synchronous service or None)."""
        assert self.store is not None
        if not budget.reserve(planned.estimate):
            self.store.set_state(job.id, "budget")
            self._count("budget_skipped")
            self.report("budget", {"song": planned.work.path, "estimate": planned.estimate})
            return False, None
        if job.state == "submitting":
            self._count("uncertain")
            self.report("warning", {"song": planned.work.path, "message": "an earlier run was stopped while this "
                                    "request was being sent; sending it again may make a second task"})
        self.store.set_state(job.id, "submitting", attempts=job.attempts + 1)
        tries = 0
        while True:
            try:
                submitted = self.service.submit(conn, job.request)
                break
            except ServiceError as exc:
                self.store.record_submission(job.id, None, "refused")
                if not exc.transient or tries >= self.options.retries:
                    budget.settle(planned.estimate, spent=False)
                    self.store.set_state(job.id, "planned" if exc.transient else "failed", error=exc.message)
                    raise
                tries += 1
                wait = conn.http.limiter.pause(exc.retry_after, tries) if exc.status == 429 else min(2.0 ** tries,
                                                                                                    self.options.max_wait)
                if exc.status != 429:
                    time.sleep(wait * conn.time_scale)
        budget.settle(planned.estimate, spent=True)
        self.store.record_submission(job.id, submitted.task_id, "accepted")
        self.store.set_state(job.id, "submitted", task_id=submitted.task_id, task=submitted.task,
                             submitted=time.time(), cost_usd=planned.estimate, error=None)
        self._count("submitted")
        self.report("submitted", {"song": planned.work.path, "candidate": job.candidate or None,
                                  "task_id": submitted.task_id, "takes": job.n})
        if submitted.outputs is not None:
            self.store.set_outputs(job.id, [o.record() for o in submitted.outputs])
        return True, submitted.outputs

    def _wait(self, conn: Connection, job: JobRow) -> Any:
        """Poll until the task ends; None when it is still running after ``max_poll_seconds``."""
        interval = self.options.poll or self.service.poll_interval
        ceiling = self.options.poll_max or self.service.poll_max
        deadline = time.monotonic() + self.options.max_poll_seconds
        errors = 0
        while True:
            try:
                result = self.service.poll(conn, job.task_id or "", job.task)
                errors = 0
            except ServiceError as exc:
                errors += 1
                if not exc.transient or errors > self.options.retries:
                    raise
                result = None
            if result is not None and result.state != "running":
                return result
            if time.monotonic() + interval > deadline:
                return None
            time.sleep(interval)
            interval = min(interval * 2, ceiling)

    def _collect(self, conn: Connection, planned: Planned, job: JobRow, outputs: list[Output]) -> bool:
        """Save and attach every output; False when one could not be had (the job is then failed or
        left submitted, so that a re-run fetches it again)."""
        from songsmith.generate.attach import attach

        assert self.store is not None
        rows = {o.idx: o for o in self.store.outputs(job.id)}
        complete = True
        for idx, output in enumerate(outputs):
            row = rows.get(idx)
            if row is not None and row.state == "attached":
                continue
            name = f"{planned.work.stem}-{self.service.name}-{_safe(job.task_id or str(job.id))}-{idx + 1}." \
                   f"{_safe(output.extension)[:4] or 'mp3'}"
            target = planned.work.takes_dir / name
            try:
                info = self._fetch(conn, job, idx, output, target)
            except DownloadError as exc:
                complete = False
                message = f"take {idx + 1} of task {job.task_id}: {exc.message}"
                self.store.set_output(job.id, idx, error=message)
                gone = exc.expired or output.data is not None or not output.url
                self.store.set_state(job.id, "failed" if gone and self.service.synchronous else "submitted",
                                     error=message)
                if not (gone and self.service.synchronous):
                    message += " (a re-run fetches it again)"
                    self._count("failed", f"{planned.work.path}: {message}")
                    self.report("failed", {"song": planned.work.path, "candidate": job.candidate or None,
                                           "error": message})
                continue
            self.store.set_output(job.id, idx, state="saved", path=str(target), sha256=info.sha256, error=None)
            generation = {"service": self.service.name, "model": self.model or None, "task_id": job.task_id or None,
                          "output_id": output.id, "seed": output.seed, "prompt_sha256": body_sha(job.request),
                          "cost_usd": round((job.cost_usd or planned.estimate) / max(1, len(outputs)), 4),
                          "cost_basis": self.price.basis,
                          "created": datetime.now(timezone.utc).replace(microsecond=0).isoformat()}
            take_id, new = attach(planned.work.path, audio=target, info=info, candidate=job.candidate or None,
                                  target=planned.target, style=planned.style, generation=generation)
            self.store.set_output(job.id, idx, state="attached", take_id=take_id)
            if new:
                self._count("takes")
                self.report("take", {"song": planned.work.path, "take": take_id, "file": str(target),
                                     "duration_s": info.duration_s, "task_id": job.task_id})
        return complete

    def _fetch(self, conn: Connection, job: JobRow, idx: int, output: Output, target: Path) -> Any:
        expected = output.duration_s or self.service.expected_seconds(job.request)
        plausible = self.options.plausible
        if target.is_file():  # saved by an earlier run, killed before the take was recorded
            from songsmith.generate.download import check

            return check(target, expected=expected, plausible=plausible)
        if output.data is not None:
            return save_bytes(output.data, target, expected=expected, plausible=plausible)
        tries = 0
        url = output.url
        while True:
            if not url:
                raise DownloadError("the service gave no link for this take", transient=False)
            try:
                with deadline(self.options.timeout):
                    return fetch(conn.download_client, url, target, expected=expected, plausible=plausible,
                                 redact=conn.redact, headers=conn.download_headers(url))
            except DownloadError as exc:
                tries += 1
                if tries > self.options.retries or not exc.transient:
                    raise
                if exc.expired:
                    fresh = self.service.refresh(conn, job.task_id or "", job.task)
                    if not fresh or idx >= len(fresh):
                        raise
                    url = fresh[idx].url
                    self.store.set_output(job.id, idx, url=url)  # type: ignore[union-attr]
                    self.report("refreshed", {"task_id": job.task_id, "take": idx + 1})
                else:
                    time.sleep(min(0.5 * 2 ** tries, self.options.max_wait) * conn.time_scale)


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in text)[:40]

