"""Worker processes shared by ``render --jobs`` and ``batch --jobs``."""

from __future__ import annotations

import os
import signal

#: Style backends whose work is CPU in this process (the others call a model and have their own
#: concurrency, so they never get worker processes).
OFFLINE_BACKENDS = ("offline",)


def fork_available() -> bool:
    """Whether worker processes can be forked (they share the loaded data; not on Windows)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this worker when its parent dies (even by ``kill -9``), so no orphan
    goes on writing into the output (or holding an inherited lock) behind the next run's back."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def init_worker(parent: int) -> None:
    """A worker's start: die with the parent, leave Ctrl-C to it (it stops the pool)."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
