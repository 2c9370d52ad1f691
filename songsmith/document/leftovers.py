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


def _leftovers(directory: str | os.PathLike[str], name: re.Pattern[str], folders: bool,
               started: float) -> list[os.DirEntry[str]]:
    """The entries of ``directory`` named like ours (files, or ``folders``), older than
    ``started`` and made by a process that is no longer running."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    found = []
    for entry in entries:
        match = name.match(entry.name)
        kind_ok = entry.is_dir(follow_symlinks=False) if folders else entry.is_file(follow_symlinks=False)
        if not match or not kind_ok:
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime < started and not _alive(int(match.group(1))):
                found.append(entry)
        except OSError:
            continue
    return found


def sweep_temporary(directory: str | os.PathLike[str], *, started: float | None = None) -> list[Path]:
    """Remove the temporary files a killed run left in ``directory``: ours by name, older than
    ``started`` (default: now), and made by a process that is no longer running."""
    removed: list[Path] = []
    for entry in _leftovers(directory, TEMPORARY, False, time.time() if started is None else started):
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
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
    """Remove the folders :func:`~songsmith.document.writer.write_folder` left in ``directory``
    (its scratch's ``tmp`` or ``trash``) when a run was killed: older than ``started`` (default:
    this process's start) and made by a process that is no longer running."""
    removed: list[Path] = []
    for entry in _leftovers(directory, SCRATCH, True, PROCESS_STARTED if started is None else started):
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
