"""The durable job state of a batch: ``OUT/.songsmith/batch.db`` (SQLite, WAL) and a lock file.

One row per poem (``jobs``): its status (``done`` or ``failed``), input and options hashes, the
files written, warnings, error, form, mood, timing, tokens, and the songbook card. A row becomes
``done`` only after its package directory has been renamed into place, so a killed run loses at
most the poems in flight. ``batches`` holds provider batch ids (``--provider-batch``) and
``runs`` one line per run (for the report's timing).

:class:`BatchLock` (``fcntl.flock`` on ``OUT/.songsmith/lock``) refuses a second batch on the same
OUT; the kernel drops the lock when the process dies, even on ``kill -9``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.batch.work import JobResult

STATE_DIR = ".songsmith"
DB_NAME = "batch.db"
LOCK_NAME = "lock"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    name TEXT,
    title TEXT,
    author TEXT,
    source TEXT,
    status TEXT NOT NULL,
    input_hash TEXT,
    options_hash TEXT,
    outputs TEXT,
    warnings TEXT,
    error TEXT,
    form TEXT,
    mood TEXT,
    card TEXT,
    seconds REAL DEFAULT 0,
    tokens_in INTEGER DEFAULT 0,
    tokens_out INTEGER DEFAULT 0,
    attempts INTEGER DEFAULT 0,
    updated REAL
);
CREATE INDEX IF NOT EXISTS jobs_seq ON jobs(seq);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started REAL, finished REAL, seconds REAL,
    done INTEGER DEFAULT 0, failed INTEGER DEFAULT 0, skipped INTEGER DEFAULT 0,
    interrupted INTEGER DEFAULT 0
);
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    phase TEXT NOT NULL,
    status TEXT NOT NULL,
    created REAL,
    updated REAL,
    requests INTEGER DEFAULT 0,
    succeeded INTEGER DEFAULT 0,
    errored INTEGER DEFAULT 0,
    detail TEXT
);
CREATE TABLE IF NOT EXISTS batch_requests (
    custom_id TEXT NOT NULL,
    phase TEXT NOT NULL,
    key TEXT NOT NULL,
    batch_id TEXT,
    cache_key TEXT,
    status TEXT NOT NULL,
    error TEXT,
    tokens_in INTEGER DEFAULT 0,
    tokens_out INTEGER DEFAULT 0,
    PRIMARY KEY (custom_id, phase)
);
"""


class BatchLock:
    """An exclusive, non-blocking lock on OUT; a second batch gets a clear :class:`UsageError`."""

    def __init__(self, out: Path) -> None:
        self.path = out / STATE_DIR / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> BatchLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            try:
                holder = os.read(fd, 64).decode("ascii", "replace").strip()
            except OSError:
                holder = ""
            os.close(fd)
            who = f" (process {holder})" if holder.isdigit() else ""
            raise UsageError(f"another batch is already running on this output directory{who}; "
                             "wait for it to finish, or use another -o", path=str(self.path.parent.parent)) from None
        from songsmith.document.writer import naming

        try:
            with naming(self.path):
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode("ascii"))
        except OSError:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def __enter__(self) -> BatchLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def db_path(out: Path) -> Path:
    return out / STATE_DIR / DB_NAME


class DamagedState(SongsmithError):
    """``batch.db`` is not a readable SQLite database (random bytes, text, cut short)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"the job state is damaged ({reason})", path=str(path))
        self.reason = reason


class StateWriteError(SongsmithError):
    """The job state could not be written (a full disk, a read-only folder)."""


#: The prefix of rows rebuilt from the packages on disk (see :mod:`songsmith.batch.repair`).
REBUILT = "rebuilt:"


class State:
    """The jobs database of one OUT directory; a damaged one raises :class:`DamagedState`."""

    def __init__(self, out: Path, *, readonly: bool = False) -> None:
        path = db_path(out)
        self.path = path
        if readonly and not path.exists():
            raise UsageError("no batch here (no .songsmith/batch.db)", path=str(out))
        if not readonly:
            path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        try:
            self.db = sqlite3.connect(f"file:{path}?mode=ro" if readonly else str(path), uri=readonly,
                                      timeout=10 if readonly else 30)
        except sqlite3.Error as exc:
            raise StateWriteError(f"cannot open the job state: {exc}", path=str(path)) from None
        try:
            if existed and path.stat().st_size == 0:  # SQLite would take it for a new database
                raise sqlite3.DatabaseError("the file is empty")
            self._open(readonly)
        except sqlite3.OperationalError as exc:  # I/O, a full disk, a read-only folder: not damage
            self.db.close()
            raise StateWriteError(f"cannot open the job state: {exc}", path=str(path)) from None
        except sqlite3.DatabaseError as exc:  # not a database, malformed
            self.db.close()
            raise DamagedState(path, str(exc)) from None
        self.db.row_factory = sqlite3.Row
        self._pending = 0
        self._last_commit = time.monotonic()
        self.rebuilt = self._has_rebuilt_rows()

    def _open(self, readonly: bool) -> None:
        if not readonly:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        problems = [row[0] for row in self.db.execute("PRAGMA quick_check(3)")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(problems)[:200])
        if not readonly:
            self.db.executescript(_SCHEMA)
            self._migrate()
            self.db.commit()
        elif not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'jobs'").fetchone():
            raise sqlite3.DatabaseError("no jobs table")

    def _has_rebuilt_rows(self) -> bool:
        try:
            return self.db.execute("SELECT 1 FROM jobs WHERE key >= ? AND key < ? LIMIT 1",
                                   (REBUILT, REBUILT[:-1] + ";")).fetchone() is not None
        except sqlite3.DatabaseError:
            return False

    def _migrate(self) -> None:
        """Columns added after a state file was made (early versions of this module)."""
        wanted = {"batch_requests": [("key", "TEXT NOT NULL DEFAULT ''"), ("tokens_in", "INTEGER DEFAULT 0"),
                                     ("tokens_out", "INTEGER DEFAULT 0")]}
        for table, columns in wanted.items():
            have = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
            for name, kind in columns:
                if name not in have:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}")

    def close(self) -> None:
        self.commit()
        self.db.close()

    def commit(self) -> None:
        try:
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            raise StateWriteError(f"cannot write the job state: {exc}", path=str(self.path)) from None
        self._pending = 0
        self._last_commit = time.monotonic()

    def maybe_commit(self, every: int = 200, seconds: float = 0.5) -> None:
        if self._pending >= every or time.monotonic() - self._last_commit >= seconds:
            self.commit()

    # meta ------------------------------------------------------------------------------------
    def get_meta(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        (key, json.dumps(value, ensure_ascii=False, sort_keys=True)))

    # jobs ------------------------------------------------------------------------------------
    def known(self) -> dict[str, tuple[str, str | None, str | None, str | None]]:
        """key -> (status, input hash, options hash, directory name), for the skip decision."""
        return {row[0]: (row[1], row[2], row[3], row[4]) for row in
                self.db.execute("SELECT key, status, input_hash, options_hash, name FROM jobs")}

    def record(self, result: JobResult, *, seq: int, title: str | None, author: str | None,
               source: str | None, input_hash: str | None, options_hash: str | None) -> None:
        self.db.execute(
            """INSERT INTO jobs (key, seq, name, title, author, source, status, input_hash, options_hash,
                                 outputs, warnings, error, form, mood, card, seconds, tokens_in, tokens_out,
                                 attempts, updated)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)
               ON CONFLICT(key) DO UPDATE SET seq=excluded.seq, name=excluded.name, title=excluded.title,
                 author=excluded.author, source=excluded.source, status=excluded.status,
                 input_hash=excluded.input_hash, options_hash=excluded.options_hash, outputs=excluded.outputs,
                 warnings=excluded.warnings, error=excluded.error, form=excluded.form, mood=excluded.mood,
                 card=excluded.card, seconds=excluded.seconds, tokens_in=excluded.tokens_in,
                 tokens_out=excluded.tokens_out, attempts=jobs.attempts + 1, updated=excluded.updated""",
            (result.key, seq, result.name, title, author, source, "done" if result.ok else "failed",
             input_hash, options_hash, json.dumps(result.files, ensure_ascii=False),
             json.dumps(result.warnings, ensure_ascii=False), result.error, result.form, result.mood,
             json.dumps(result.card, ensure_ascii=False, separators=(",", ":")) if result.card else None,
             result.seconds, result.tokens_in, result.tokens_out, time.time()),
        )
        if self.rebuilt and result.name:  # this poem's package had a row rebuilt from disk
            self.db.execute("DELETE FROM jobs WHERE key = ?", (REBUILT + result.name,))
        self._pending += 1

    def rows(self) -> Iterator[sqlite3.Row]:
        yield from self.db.execute("SELECT * FROM jobs ORDER BY seq, key")

    def counts(self) -> dict[str, int]:
        return {row[0]: row[1] for row in self.db.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status")}

    # runs ------------------------------------------------------------------------------------
    def start_run(self) -> int:
        cursor = self.db.execute("INSERT INTO runs (started, interrupted) VALUES (?, 1)", (time.time(),))
        self.commit()
        return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: int, *, done: int, failed: int, skipped: int, seconds: float,
                   interrupted: bool = False) -> None:
        self.db.execute("UPDATE runs SET finished=?, seconds=?, done=?, failed=?, skipped=?, interrupted=? "
                        "WHERE id=?", (time.time(), seconds, done, failed, skipped, int(interrupted), run_id))
        self.commit()

    def runs(self) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM runs ORDER BY id"))

