"""How a batch tells the user where it is.

* on a terminal: a ``rich`` progress bar (count, rate, elapsed, ETA; failures in the label);
* otherwise: plain lines on stderr, one per failure and a summary line every few seconds;
* ``--json``: one JSON object per line on stdout (``start``, ``poem``, ``note``, ``finish``).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any


#: Seconds of work before the first progress line (``off``: none), for scripts that want quiet.
PROGRESS_ENV = "SONGSMITH_PROGRESS_AFTER"


def progress_after(default: float) -> float | None:
    """When the first progress line is due: ``$SONGSMITH_PROGRESS_AFTER`` seconds if set (None
    for ``off``), else ``default``."""
    value = os.environ.get(PROGRESS_ENV, "").strip().lower()
    if value in ("off", "no", "none"):
        return None
    try:
        return max(0.0, float(value)) if value else default
    except ValueError:
        return default


class Heartbeat:
    """A line on stderr while long work goes on: the first after ``first`` seconds (default:
    :func:`progress_after`, 3 s), then one every ``every`` seconds, saying what ``describe()``
    says and for how long it has run. Short work prints nothing; stdout (``--json``) is never
    touched."""

    def __init__(self, describe: Callable[[], str], *, first: float | None = None, every: float = 10.0,
                 stream: IO[str] | None = None) -> None:
        self.describe = describe
        self.first, self.every = first if first is not None else progress_after(3.0), every
        self.stream = stream
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started = time.monotonic()

    def __enter__(self) -> Heartbeat:
        self.started = time.monotonic()
        self._stop.clear()
        if self.first is None:
            return self
        self._thread = threading.Thread(target=self._beat, name="songsmith-heartbeat", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=1.0)

    def _beat(self) -> None:
        wait = self.first
        while not self._stop.wait(wait):
            seconds = time.monotonic() - self.started
            print(f"{self.describe()} ({_duration(seconds)})", file=self.stream or sys.stderr, flush=True)
            wait = self.every


class Progress:
    """The interface (and the silent implementation)."""

    def __init__(self) -> None:
        self.total: int | None = None
        self.counts = {"done": 0, "failed": 0, "skipped": 0}
        self.started = time.monotonic()

    def start(self, total: int | None, **info: Any) -> None:
        self.total = total
        self.started = time.monotonic()

    def poem(self, key: str, status: str, *, name: str | None = None, title: str | None = None,
             error: str | None = None, warnings: int = 0) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1

    def note(self, message: str, **data: Any) -> None:
        pass

    def stop(self) -> None:
        """No more lines of their own (the run is over or interrupted)."""

    def warning(self, message: str) -> None:
        """Something the user must hear of even with ``--quiet``: always one line on stderr."""
        print(message, file=sys.stderr, flush=True)

    def finish(self, **summary: Any) -> None:
        pass

    @property
    def seen(self) -> int:
        return sum(self.counts.values())

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        worked = self.counts["done"] + self.counts["failed"]
        return worked / elapsed if elapsed > 0 else 0.0


class PlainProgress(Progress):
    def __init__(self, stream: IO[str] | None = None, every: float = 5.0) -> None:
        super().__init__()
        self.stream = stream or sys.stderr
        self.every = every
        self._last = time.monotonic()

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def start(self, total: int | None, **info: Any) -> None:
        super().start(total)
        self._line(f"batch: {total if total is not None else 'an unknown number of'} poems"
                   + (f", {info['skipped']} already done" if info.get("skipped") else ""))
        # a poem that takes long (a very long one) still gets a line every few seconds
        self._beat = Heartbeat(lambda: self._status() + ", working", first=progress_after(self.every),
                               every=self.every * 2, stream=self.stream)
        self._beat.__enter__()

    def _status(self) -> str:
        c = self.counts
        of = f"/{self.total}" if self.total is not None else ""
        rate = self.rate()
        eta = ""
        if self.total is not None and rate > 0:
            left = max(0, self.total - self.seen)
            eta = f", ETA {_duration(left / rate)}"
        return (f"batch: {self.seen}{of} ({c['done']} done, {c['failed']} failed, {c['skipped']} skipped), "
                f"{rate:.1f} poems/s{eta}")

    def poem(self, key: str, status: str, *, name: str | None = None, title: str | None = None,
             error: str | None = None, warnings: int = 0) -> None:
        super().poem(key, status)
        if status == "failed":
            self._line(f"failed {key} ({title or '?'}): {error}")
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._line(self._status())

    def note(self, message: str, **data: Any) -> None:
        self._line(message)

    def stop(self) -> None:
        beat = getattr(self, "_beat", None)
        if beat is not None:
            beat.__exit__()

    def finish(self, **summary: Any) -> None:
        self.stop()
        self._line(self._status().replace("batch:", "batch finished:", 1)
                   + f" in {_duration(time.monotonic() - self.started)}")


class JsonProgress(Progress):
    def __init__(self, stream: IO[str] | None = None) -> None:
        super().__init__()
        self.stream = stream or sys.stdout

    def _event(self, event: str, **data: Any) -> None:
        self.stream.write(json.dumps({"event": event, **data}, ensure_ascii=False) + "\n")
        self.stream.flush()

    def start(self, total: int | None, **info: Any) -> None:
        super().start(total)
        self._event("start", total=total, **info)

    def poem(self, key: str, status: str, *, name: str | None = None, title: str | None = None,
             error: str | None = None, warnings: int = 0) -> None:
        super().poem(key, status)
        data: dict[str, Any] = {"key": key, "status": status, "title": title, "dir": f"songs/{name}" if name and status != "failed" else None,
                                "warnings": warnings, "n": self.seen, "total": self.total}
        if error:
            data["error"] = error
        self._event("poem", **data)

    def note(self, message: str, **data: Any) -> None:
        self._event("note", message=message, **data)

    def warning(self, message: str) -> None:
        super().warning(message)
        self._event("warning", message=message)

    def finish(self, **summary: Any) -> None:
        self._event("finish", **summary)


class RichProgress(Progress):
    def __init__(self, console: Any = None) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self.console = console or Console(stderr=True)
        self.bar = Bar(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                       TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                       TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=False)
        self.task: Any = None

    def start(self, total: int | None, **info: Any) -> None:
        super().start(total)
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, rate="")

    def poem(self, key: str, status: str, *, name: str | None = None, title: str | None = None,
             error: str | None = None, warnings: int = 0) -> None:
        super().poem(key, status)
        if status == "failed":
            self.bar.console.print(f"[red]failed[/red] {_escape(key)} ({_escape(title or '?')}): {_escape(error or '')}",
                                   highlight=False)
        failed = self.counts["failed"]
        label = "batch" + (f" [red]{failed} failed[/red]" if failed else "")
        self.bar.update(self.task, advance=1, description=label, rate=f"{self.rate():.0f}/s")

    def note(self, message: str, **data: Any) -> None:
        self.bar.console.print(_escape(message))

    def warning(self, message: str) -> None:
        self.bar.console.print(_escape(message), highlight=False)

    def finish(self, **summary: Any) -> None:
        self.bar.stop()
        c = self.counts
        self.console.print(f"batch finished: {c['done']} done, {c['failed']} failed, {c['skipped']} skipped "
                           f"in {_duration(time.monotonic() - self.started)}", highlight=False)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def make_progress(as_json: bool, quiet: bool = False) -> Progress:
    if as_json:
        return JsonProgress()
    if quiet:
        return Progress()
    if sys.stderr.isatty():
        try:
            return RichProgress()
        except ImportError:  # rich comes with textual; without it, plain lines
            pass
    return PlainProgress()
