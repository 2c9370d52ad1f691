"""What a killed run leaves behind, and its removal by the next run.

The writer (:mod:`songsmith.document.writer`) names its temporary files
``.<name>.ss<pid>-<hex>.tmp|.part`` and write_folder's scratch folders ``<name>.<pid>.<hex>``: a
leftover is recognised by its name, and removed only when it is older than this process and the
process that made it is gone (never a live process's file).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

TEMPORARY = re.compile(r"^\..+\.ss(\d+)-[0-9a-f]{8}\.(?:tmp|part)$")
#: write_folder's scratch folders: ``<name>.<pid>.<random>`` under ``scratch/tmp`` and ``scratch/trash``.
SCRATCH = re.compile(r"^.+\.(\d+)\.[0-9a-f]{8}$")
#: When this process started (about: when this module was imported): older leftovers are a past run's.
PROCESS_STARTED = time.time()
_swept: set[str] = set()


def sweep_temporary(directory: str | os.PathLike[str], *, started: float | None = None) -> list[Path]:
    """Remove the temporary files a killed run left in ``directory``: ours by name, older than
    ``started`` (default: now), and made by a process that is no longer running."""
    started = time.time() if started is None else started
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = TEMPORARY.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= started or _alive(int(match.group(1))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def first_time_in(directory: str | os.PathLike[str]) -> bool:
    """Whether this is the first time this process asks about ``directory`` (then it sweeps it)."""
    key = os.fspath(directory)
    if key in _swept:
        return False
    _swept.add(key)
    return True


def sweep_once(directory: str | os.PathLike[str]) -> None:
    """:func:`sweep_temporary` of ``directory``, the first time this process writes there."""
    if first_time_in(directory):
        sweep_temporary(directory, started=PROCESS_STARTED)


def sweep_scratch(directory: str | os.PathLike[str], *, started: float | None = None) -> list[Path]:
    """Remove the folders :func:`write_folder` left in ``directory`` (its scratch's ``tmp`` or
    ``trash``) when a run was killed: older than ``started`` (default: this process's start) and
    made by a process that is no longer running."""
    started = PROCESS_STARTED if started is None else started
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = SCRATCH.match(entry.name)
        if not match or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= started or _alive(int(match.group(1))):
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed.append(Path(entry.path))
    return removed



def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
