"""Atomic file writes: temp file in the same directory, fsync, rename, fsync the directory.

A crash at any moment leaves either the old file or the new one, never half of either.
:func:`atomic_output` is the mechanism (for writers that need a path, such as ffmpeg);
:func:`write_text_atomic` and :func:`write_bytes_atomic` use it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_output(path: str | os.PathLike[str], *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is fsynced and renamed over ``path``
    (keeping an existing file's mode), on any exception it is removed and ``path`` is untouched."""
    target, directory, mode = _prepare(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=directory)
    os.close(fd)
    try:
        yield Path(tmp_name)
    except BaseException:
        _discard(tmp_name)
        raise
    _commit(tmp_name, target, directory, mode)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    start_write_atomic(path, data)()


def start_write_atomic(path: str | os.PathLike[str], data: bytes) -> Callable[[], None]:
    """:func:`write_bytes_atomic` in two halves. This one writes ``data`` to a temporary file beside
    ``path`` (its mode chosen now, as :func:`atomic_output` chooses it) and returns the other half,
    which makes the file durable and renames it over ``path``. That half waits for the disk but
    does not touch the umask, so it may run on another thread; until it runs, ``path`` is untouched."""
    target, directory, mode = _prepare(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        _discard(tmp_name)
        raise
    return lambda: _commit(tmp_name, target, directory, mode)


def _prepare(path: str | os.PathLike[str]) -> tuple[Path, Path, int]:
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    directory.mkdir(parents=True, exist_ok=True)
    return target, directory, _mode_for(target)


def _commit(tmp_name: str, target: Path, directory: Path, mode: int) -> None:
    """fsync the temporary file, give it its mode, rename it over ``target``, fsync the folder."""
    try:
        with open(tmp_name, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        _discard(tmp_name)
        raise
    _fsync_directory(directory)


def _discard(tmp_name: str) -> None:
    try:
        os.unlink(tmp_name)
    except FileNotFoundError:
        pass


def _mode_for(target: Path) -> int:
    """An existing file's permission bits, else what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
