"""Run a function over many items on a few threads, stopping cleanly on Ctrl-C.

Workers are daemon threads: on KeyboardInterrupt the main thread sets ``cancel`` (no new
request starts, no answer is cached after it), re-raises, and the process exits without waiting
for requests in flight. Nothing is half-written: cache entries are written atomically, and
commands write their output files only after all results are in.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def map_concurrently(function: Callable[[T], R], items: Sequence[T], *, workers: int,
                     cancel: threading.Event | None = None) -> list[R]:
    """``[function(item) for item in items]`` on up to ``workers`` threads, in input order.

    The first exception raised by ``function`` is re-raised (after the other workers stop).
    """
    cancel = cancel or threading.Event()
    results: list[R | None] = [None] * len(items)
    errors: list[BaseException] = []
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(items)):
        todo.put(index)
    finished = threading.Semaphore(0)

    def work() -> None:
        try:
            while not cancel.is_set() and not errors:
                try:
                    index = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[index] = function(items[index])
                except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                    errors.append(exc)
                    return
        finally:
            finished.release()

    count = max(1, min(workers, len(items)))
    threads = [threading.Thread(target=work, daemon=True, name=f"songsmith-llm-{n}") for n in range(count)]
    for thread in threads:
        thread.start()
    try:
        for _ in threads:
            while not finished.acquire(timeout=0.2):  # a timed wait lets Ctrl-C through
                pass
    except KeyboardInterrupt:
        cancel.set()
        raise
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
