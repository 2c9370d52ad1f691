"""The job store: every submission and every output, in SQLite, so that a run can be killed and resumed.

One row per submission (``jobs``): which song and candidate, which service and model, the sha256 of
the body, which take slots it fills (``slot`` … ``slot + n - 1``), its state and the service's task
id. One row per output of a submission (``outputs``): its URL or where its bytes were saved, the
take it became. A re-run finds the same rows by (scope, candidate, service, model, body, slot):

* ``planned`` — not sent yet (or sent and refused before the service accepted it);
* ``submitting`` — the request may have reached the service, but no task id came back before
  the process stopped (sent again on the next run: the one case that can duplicate, said in a
  warning);
* ``submitted`` — the service has the task: the next run polls the same task id;
* ``done`` — every output saved and attached; ``failed`` — the service said no (a re-run tries
  again); ``budget`` — left out by ``--max-cost`` (a re-run tries again).

Each change is committed at once (WAL, ``synchronous=NORMAL``): a task id is on disk before the
first poll. No header and no key is stored: ``request`` is the body alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STORE_NAME = "generate.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    scope TEXT NOT NULL,
    song TEXT NOT NULL,
    candidate TEXT NOT NULL,
    service TEXT NOT NULL,
    model TEXT NOT NULL,
    body_sha TEXT NOT NULL,
    slot INTEGER NOT NULL,
    n INTEGER NOT NULL,
    request TEXT NOT NULL,
    state TEXT NOT NULL,
    task_id TEXT,
    task TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    cost_usd REAL,
    created REAL NOT NULL,
    submitted REAL,
    finished REAL,
    UNIQUE (scope, candidate, service, model, body_sha, slot)
);
CREATE TABLE IF NOT EXISTS outputs (
    job_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    url TEXT,
    remote_id TEXT,
    seed TEXT,
    duration_s REAL,
    state TEXT NOT NULL,
    path TEXT,
    sha256 TEXT,
    take_id TEXT,
    error TEXT,
    PRIMARY KEY (job_id, idx)
);
CREATE TABLE IF NOT EXISTS submissions (
    job_id INTEGER NOT NULL,
    at REAL NOT NULL,
    task_id TEXT,
    outcome TEXT NOT NULL
);
"""


@dataclass
class JobRow:
    id: int
    scope: str
    song: str
    candidate: str
    service: str
    model: str
    body_sha: str
    slot: int
    n: int
    request: dict[str, Any]
    state: str
    task_id: str | None = None
    task: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    error: str | None = None
    cost_usd: float | None = None


@dataclass
class OutputRow:
    job_id: int
    idx: int
    url: str | None
    remote_id: str | None
    seed: str | None
    duration_s: float | None
    state: str  # pending | saved | attached | failed
    path: str | None = None
    sha256: str | None = None
    take_id: str | None = None
    error: str | None = None


def store_path(directory: str | os.PathLike[str]) -> Path:
    """Where the job store of a folder lives: ``<folder>/.songsmith/generate.sqlite``."""
    return Path(directory) / ".songsmith" / STORE_NAME


class Store:
    """The job store; safe to share between threads (one connection, one lock)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    # jobs --------------------------------------------------------------------------------------
    def find(self, scope: str, candidate: str, service: str, model: str, body_sha: str) -> list[JobRow]:
        rows = self._run("SELECT * FROM jobs WHERE scope=? AND candidate=? AND service=? AND model=? AND body_sha=? "
                         "ORDER BY slot", (scope, candidate, service, model, body_sha)).fetchall()
        return [self._job(r) for r in rows]

    def add(self, *, scope: str, song: str, candidate: str, service: str, model: str, body_sha: str, slot: int,
            n: int, request: dict[str, Any]) -> JobRow:
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO jobs (scope, song, candidate, service, model, body_sha, slot, n, request, state, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?)",
                (scope, song, candidate, service, model, body_sha, slot, n,
                 json.dumps(request, ensure_ascii=False, sort_keys=True), time.time()))
            return self.job(int(cursor.lastrowid or 0))

    def job(self, job_id: int) -> JobRow:
        return self._job(self._run("SELECT * FROM jobs WHERE id=?", (job_id,)).fetchone())

    def jobs(self, *, scope: str | None = None) -> list[JobRow]:
        if scope is None:
            rows = self._run("SELECT * FROM jobs ORDER BY id").fetchall()
        else:
            rows = self._run("SELECT * FROM jobs WHERE scope=? ORDER BY id", (scope,)).fetchall()
        return [self._job(r) for r in rows]

    def set_state(self, job_id: int, state: str, **values: Any) -> None:
        columns = {"state": state, **values}
        if "task" in columns:
            columns["task"] = json.dumps(columns["task"], ensure_ascii=False, sort_keys=True)
        if state in ("done", "failed"):
            columns.setdefault("finished", time.time())
        assignments = ", ".join(f"{name}=?" for name in columns)
        self._run(f"UPDATE jobs SET {assignments} WHERE id=?", (*columns.values(), job_id))

    def record_submission(self, job_id: int, task_id: str | None, outcome: str) -> None:
        """Every request that may have created a task at the service, accepted or not (for counting)."""
        self._run("INSERT INTO submissions (job_id, at, task_id, outcome) VALUES (?, ?, ?, ?)",
                  (job_id, time.time(), task_id, outcome))

    def submissions(self) -> list[tuple[int, str | None, str]]:
        return [(r[0], r[1], r[2]) for r in self._run("SELECT job_id, task_id, outcome FROM submissions").fetchall()]

    # outputs -----------------------------------------------------------------------------------
    def set_outputs(self, job_id: int, outputs: list[dict[str, Any]]) -> None:
        """The outputs a finished task reported; outputs already saved keep their file and take."""
        with self._lock:
            for idx, output in enumerate(outputs):
                self._db.execute(
                    "INSERT INTO outputs (job_id, idx, url, remote_id, seed, duration_s, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (job_id, idx) DO UPDATE SET "
                    "url=excluded.url, remote_id=COALESCE(excluded.remote_id, remote_id), "
                    "seed=COALESCE(excluded.seed, seed), duration_s=COALESCE(excluded.duration_s, duration_s)",
                    (job_id, idx, output.get("url"), output.get("id"), output.get("seed"), output.get("duration_s")))

    def outputs(self, job_id: int) -> list[OutputRow]:
        rows = self._run("SELECT job_id, idx, url, remote_id, seed, duration_s, state, path, sha256, take_id, error "
                         "FROM outputs WHERE job_id=? ORDER BY idx", (job_id,)).fetchall()
        return [OutputRow(*r) for r in rows]

    def set_output(self, job_id: int, idx: int, **values: Any) -> None:
        assignments = ", ".join(f"{name}=?" for name in values)
        self._run(f"UPDATE outputs SET {assignments} WHERE job_id=? AND idx=?", (*values.values(), job_id, idx))

    def attached(self) -> list[tuple[JobRow, OutputRow]]:
        """Every output that became a take (for the songbook and summaries)."""
        rows = self._run("SELECT job_id, idx, url, remote_id, seed, duration_s, state, path, sha256, take_id, error "
                         "FROM outputs WHERE state='attached' ORDER BY job_id, idx").fetchall()
        jobs: dict[int, JobRow] = {}
        result = []
        for r in rows:
            output = OutputRow(*r)
            if output.job_id not in jobs:
                jobs[output.job_id] = self.job(output.job_id)
            result.append((jobs[output.job_id], output))
        return result

    @staticmethod
    def _job(row: Any) -> JobRow:
        (job_id, scope, song, candidate, service, model, body_sha, slot, n, request, state, task_id, task,
         attempts, error, cost, *_times) = row
        return JobRow(job_id, scope, song, candidate, service, model, body_sha, slot, n, json.loads(request), state,
                      task_id, json.loads(task) if task else {}, attempts, error, cost)
