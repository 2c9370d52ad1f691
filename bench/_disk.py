"""How fast this disk creates files right now, printed beside every I/O-heavy figure.

On ext4 without a journal (this project's CI and development VMs), the kernel skips inodes
freed in the last minute (five if their block is still dirty) when it allocates a new one,
scanning past each: right after a big ``rm -rf`` (an earlier 全唐诗 output, 460,000 inodes),
creating a file or directory costs 0.6–1 ms instead of 0.03 ms, for several minutes. A
benchmark run then measures the disk's recovery, not songsmith; this probe says which case a
figure was taken in.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HEALTHY_MS = 0.15


def probe(near: str | os.PathLike[str], count: int = 300) -> tuple[float, float]:
    """(ms per mkdir, ms per small-file creation) in a scratch directory beside ``near``."""
    parent = os.path.dirname(os.path.abspath(os.fspath(near))) or "."
    os.makedirs(parent, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix=".disk-probe-", dir=parent)
    try:
        started = time.perf_counter()
        for i in range(count):
            os.mkdir(os.path.join(scratch, f"d{i}"))
        mkdir_ms = (time.perf_counter() - started) / count * 1e3
        started = time.perf_counter()
        for i in range(count):
            fd = os.open(os.path.join(scratch, f"d{i}", "f"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            os.write(fd, b"x" * 1000)
            os.close(fd)
        file_ms = (time.perf_counter() - started) / count * 1e3
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return mkdir_ms, file_ms


def describe(near: str | os.PathLike[str]) -> str:
    mkdir_ms, file_ms = probe(near)
    state = ("healthy" if max(mkdir_ms, file_ms) < HEALTHY_MS else
             "SLOW: many files were deleted here in the last minutes; I/O figures are pessimistic")
    return f"disk: mkdir {mkdir_ms:.3f} ms, file creation {file_ms:.3f} ms ({state})"


@contextmanager
def bench_output(out: str | None, prefix: str) -> Iterator[Path]:
    """The output directory of a batch benchmark, with the disk's speed printed first.

    ``out`` given: used as it is, and it must be absent or empty (deleting an old output right
    before measuring is what makes the disk slow, see above). Else a temp dir, removed at the end.
    """
    if out:
        path = Path(out)
        if path.exists() and any(path.iterdir()):
            raise SystemExit(f"{path} is not empty: delete it a few minutes before measuring (see bench/_disk.py)")
        print(describe(path))
        yield path
        return
    temp = tempfile.mkdtemp(prefix=prefix)
    try:
        path = Path(temp) / "out"
        print(describe(path))
        yield path
    finally:
        shutil.rmtree(temp, ignore_errors=True)
