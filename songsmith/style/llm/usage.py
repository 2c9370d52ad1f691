"""A local SQLite log of every LLM call: tokens, cost estimate, latency, cache hits.

The log holds no prompt, no answer and no key: only counts, names and (redacted) error lines.
Prices per million tokens come from ``prompts/llm/prices.yaml``; unknown models (local ones)
cost ``NULL``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    task TEXT NOT NULL,
    template TEXT NOT NULL,
    cache_hit INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    attempt INTEGER NOT NULL,
    tokens_in INTEGER NOT NULL,
    tokens_out INTEGER NOT NULL,
    cost_usd REAL,
    latency_ms REAL NOT NULL,
    error TEXT
)
"""


@lru_cache(maxsize=1)
def price_table() -> list[tuple[str, float, float]]:
    """(model prefix, USD per million input tokens, per million output tokens), longest prefix first."""
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("llm/prices.yaml")
    rows = [(str(prefix), float(p["input"]), float(p["output"])) for prefix, p in data["models"].items()]
    return sorted(rows, key=lambda row: -len(row[0]))


def estimate_cost(model: str, tokens_in: int, tokens_out: int) -> float | None:
    for prefix, per_in, per_out in price_table():
        if model.startswith(prefix):
            return round((tokens_in * per_in + tokens_out * per_out) / 1_000_000, 6)
    return None


@dataclass
class Call:
    backend: str
    model: str
    task: str
    template: str
    cache_hit: bool
    ok: bool
    attempt: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: float = 0.0
    error: str | None = None


class UsageLog:
    """Append-only, thread-safe. ``path=None`` logs nothing."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection:
        """The one connection, opened on first use (callers hold ``_lock``)."""
        if self._connection is None:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
            # WAL with synchronous=NORMAL: a commit does not wait for the disk, and a crash
            # loses at most the last rows, never the database.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(_SCHEMA)
            self._connection = connection
        return self._connection

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def record(self, call: Call) -> None:
        if self.path is None:
            return
        cost = None if call.cache_hit else estimate_cost(call.model, call.tokens_in, call.tokens_out)
        row = (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), call.backend, call.model, call.task,
               call.template, int(call.cache_hit), int(call.ok), call.attempt, call.tokens_in, call.tokens_out,
               0.0 if call.cache_hit else cost, round(call.latency_ms, 1), call.error)
        with self._lock:
            connection = self._connect()
            with connection:
                connection.execute(
                    "INSERT INTO calls (at, backend, model, task, template, cache_hit, ok, attempt, tokens_in,"
                    " tokens_out, cost_usd, latency_ms, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", row)

    def rows(self) -> list[dict[str, Any]]:
        if self.path is None or not self.path.exists():
            return []
        with self._lock:
            cursor = self._connect().execute("SELECT * FROM calls ORDER BY id")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]
