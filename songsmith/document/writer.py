"""The one writer of files: every file songsmith writes goes through here.

A crash at any moment leaves each file old or new, never half of either; nothing the user had
is lost. Three ways of making that durable, for three kinds of work:

* **one file** (:func:`write_text_atomic`, :func:`write_bytes_atomic`, :func:`copy_file_atomic`,
  :func:`atomic_output` for writers that need a path, such as ffmpeg): a temporary file beside
  the target, fsync, rename over it, fsync the folder;
* **many files, one commit** (:class:`StagedWriter`): temporary files beside their targets,
  one ``os.sync``, every rename, another ``os.sync`` — two syncs for a whole collection instead
  of two fsyncs per file;
* **a folder at once** (:func:`write_folder`): the files written into a fresh folder, which is
  renamed into place (the old one moved aside, then removed): a package is all there or not.

Paths that come from data (a target's file names, a song's slug) are checked by
:func:`safe_join`: never absolute, never ``..``, never outside the folder they belong in.

Temporary files are named ``.<name>.ss<pid>-<random>.tmp`` (``.part`` for audio), so that
songsmith.document.leftovers can tell a killed run's leftovers from another live process's files.
The first write into a folder in a process sweeps it (:func:`sweep_once`): a temporary file made
before this process started, by a process that is no longer running, is removed; another live
process's are left alone. A write that fails removes the folders it made for the file (a full
disk leaves no empty folders), and its error names the file it was writing, not a temporary.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from songsmith.document.leftovers import TEMPORARY, first_time_in, sweep_once, sweep_scratch
from songsmith.errors import SongsmithError

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BAD_CHARACTERS = re.compile(r'[\x00-\x1f:*?"<>|\\]')


class UnsafePath(SongsmithError):
    """A file name from data that would not stay inside its folder."""


def safe_join(root: Path, relative: str, *, resolved_root: Path | None = None) -> Path:
    """``root/relative``, refusing absolute paths, ``..``, backslashes, control and reserved
    characters, and anything that would resolve outside ``root`` (a symbolic link on the way).

    ``resolved_root``: ``root.resolve()``, when the caller joins many names to one root."""
    pure = PurePosixPath(relative)
    if (not relative or pure.is_absolute() or _BAD_CHARACTERS.search(relative)
            or any(part in ("", ".", "..") for part in pure.parts)):
        raise UnsafePath(f"refusing to write {relative!r}: not a plain relative path")
    base = resolved_root if resolved_root is not None else root.resolve()
    # With no ``..``, only a symbolic link among the existing components can lead out; below the
    # first missing one nothing exists yet, so the walk stops there.
    probe = base
    for part in pure.parts:
        probe = probe / part
        try:
            mode = os.lstat(probe).st_mode
        except OSError:
            break
        if stat.S_ISLNK(mode):
            probe = probe.resolve()
            if base not in probe.parents:
                raise UnsafePath(f"refusing to write {relative!r}: it would leave {root}")
    return root.joinpath(*pure.parts)


# Temporary files ---------------------------------------------------------------------------------


def _temporary_path(target: Path, suffix: str = ".tmp") -> str:
    return os.path.join(target.parent, f".{target.name}.ss{os.getpid()}-{secrets.token_hex(4)}{suffix}")


def _new_file(target: Path, mode: int, suffix: str = ".tmp") -> tuple[int, str]:
    """An open, new temporary file beside ``target`` (its descriptor and path)."""
    while True:
        name = _temporary_path(target, suffix)
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, mode), name
        except FileExistsError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _write_new(path: str, data: bytes, mode: int) -> None:
    """Create ``path`` (it must not exist) holding ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, mode)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)


def _discard(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass


def new_file_mode() -> int:
    """The permission bits the umask gives a new file."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _mode_for(target: Path) -> int:
    """An existing file's permission bits (they are kept), else what the umask gives."""
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return new_file_mode()


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


@contextmanager
def naming(path: str | os.PathLike[str]) -> Iterator[None]:
    """An OSError inside names ``path`` (the file the user asked for) when it names no file or
    a temporary one: "No space left on device" alone does not say where."""
    try:
        yield
    except OSError as exc:
        named = exc.filename
        if named is None or TEMPORARY.match(os.path.basename(os.fspath(named))):
            raise OSError(exc.errno, exc.strerror or str(exc), os.fspath(path)) from exc
        raise


def _make_parents(directory: Path) -> list[Path]:
    """``mkdir -p directory``; returns the folders it made, deepest first."""
    made: list[Path] = []
    missing = directory
    while not missing.exists() and missing != missing.parent:
        made.append(missing)
        missing = missing.parent
    directory.mkdir(parents=True, exist_ok=True)
    return made


def _remove_if_empty(folders: list[Path]) -> None:
    """Remove ``folders`` (deepest first) that are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


# One file ----------------------------------------------------------------------------------------


def _prepare(path: str | os.PathLike[str]) -> tuple[Path, Path, int, list[Path]]:
    """The target, its folder (made, with the folders made for it), the mode it will have."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    with naming(target):
        made = _make_parents(directory)
    sweep_once(directory)
    return target, directory, _mode_for(target), made


def _commit(tmp_name: str, target: Path, directory: Path, mode: int) -> None:
    """fsync the temporary file, give it its mode, rename it over ``target``, fsync the folder."""
    try:
        fd = os.open(tmp_name, os.O_RDONLY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        _discard(tmp_name)
        raise
    _fsync_directory(directory)


def _commit_or_clean(tmp_name: str, target: Path, directory: Path, mode: int, made: list[Path]) -> None:
    """:func:`_commit`, its errors naming ``target``; on failure the folders made for it go."""
    try:
        with naming(target):
            _commit(tmp_name, target, directory, mode)
    except BaseException:
        _remove_if_empty(made)
        raise


@contextmanager
def atomic_output(path: str | os.PathLike[str], *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is fsynced and renamed over ``path``
    (keeping an existing file's mode), on any exception it is removed and ``path`` is untouched."""
    target, directory, mode, made = _prepare(path)
    try:
        with naming(target):
            fd, tmp_name = _new_file(target, 0o600, suffix)
        os.close(fd)
    except BaseException:
        _remove_if_empty(made)
        raise
    try:
        yield Path(tmp_name)
    except BaseException:
        _discard(tmp_name)
        _remove_if_empty(made)
        raise
    _commit_or_clean(tmp_name, target, directory, mode, made)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    start_write_atomic(path, data)()


def start_write_atomic(path: str | os.PathLike[str], data: bytes) -> Callable[[], None]:
    """:func:`write_bytes_atomic` in two halves. This one writes ``data`` to a temporary file beside
    ``path`` (its mode chosen now) and returns the other half, which makes the file durable and
    renames it over ``path``. That half waits for the disk but does not touch the umask, so it may
    run on another thread; until it runs, ``path`` is untouched."""
    target, directory, mode, made = _prepare(path)
    try:
        with naming(target):
            fd, tmp_name = _new_file(target, 0o600)
            try:
                _write_all(fd, data)
            except BaseException:
                os.close(fd)
                _discard(tmp_name)
                raise
            os.close(fd)
    except BaseException:
        _remove_if_empty(made)
        raise

    def finish() -> None:
        _commit_or_clean(tmp_name, target, directory, mode, made)

    return finish


def copy_file_atomic(source: str | os.PathLike[str], path: str | os.PathLike[str], *, suffix: str = ".part") -> None:
    """Copy ``source`` to ``path`` as :func:`write_bytes_atomic` writes (a copy cut short never
    becomes ``path``)."""
    with atomic_output(path, suffix=suffix) as tmp, open(source, "rb") as src, open(tmp, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


@contextmanager
def partial_file(path: str | os.PathLike[str], *, suffix: str = ".part") -> Iterator[tuple[BinaryIO, Path]]:
    """A download in progress: yield an open binary handle on a temporary file beside ``path`` and
    that file's path. The caller writes, flushes and checks it (decodes the audio, say); when the
    block ends the handle is closed and the file made durable and renamed over ``path``. On any
    exception the temporary file is removed: a partial download never becomes ``path``."""
    with atomic_output(path, suffix=suffix) as tmp, open(tmp, "wb") as handle:
        yield handle, tmp


# Many files, one commit --------------------------------------------------------------------------


class StagedWriter:
    """Atomic, durable writes for one or many packages, with two ``sync`` calls in all.

    Each file is written to a temporary file beside its target; :meth:`commit` flushes them all
    to disk (``os.sync``), renames each over its target (readers see the old file or the new one,
    never a mix) and syncs again. Use it as a context manager; an exception discards the
    temporary files and leaves every target untouched.
    """

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []
        self._remove: list[tuple[Path, Path]] = []
        self._made: set[Path] = set()
        self._created: list[Path] = []  # folders this writer made, removed again if it is discarded
        self._mode = new_file_mode()

    def write(self, path: Path, text: str) -> None:
        with naming(path):
            if path.parent not in self._made:
                self._created[:0] = _make_parents(path.parent)
                self._made.add(path.parent)
                sweep_once(path.parent)
            fd, tmp = _new_file(path, self._mode)
            try:
                _write_all(fd, text.encode("utf-8"))
            except BaseException:
                os.close(fd)
                _discard(tmp)
                raise
            os.close(fd)
        self._staged.append((tmp, path))

    def remove_later(self, path: Path, directory: Path) -> None:
        """Remove ``path`` at the commit (and its folder, if emptied and not ``directory``)."""
        self._remove.append((path, directory))

    def commit(self) -> None:
        if not self._staged and not self._remove:
            return
        os.sync()
        for tmp, path in self._staged:
            with naming(path):
                os.replace(tmp, path)
        self._staged.clear()
        self._created.clear()
        for path, directory in self._remove:
            try:
                path.unlink()
                if path.parent != directory and not any(path.parent.iterdir()):
                    path.parent.rmdir()
            except OSError:
                pass
        self._remove.clear()
        os.sync()

    def discard(self) -> None:
        for tmp, _ in self._staged:
            _discard(tmp)
        self._staged.clear()
        self._remove.clear()
        _remove_if_empty_all(self._created)
        self._created.clear()

    def __enter__(self) -> StagedWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


# A folder at once --------------------------------------------------------------------------------


def write_folder(final: Path, files: Mapping[str, str], *, scratch: Path) -> None:
    """Make ``final`` a folder holding exactly ``files`` (relative path → text), all at once.

    The files are written into a new folder under ``scratch`` (on the same file system), which is
    renamed to ``final``; an earlier ``final`` is moved aside under ``scratch`` first and removed
    after. Not fsynced: a folder a crash leaves incomplete is never renamed into place, and the
    caller redoes any whose record says it is not done. One thread, ``os.open``/``os.write``: a
    file costs about 0.03 ms on a healthy disk, less than any thread pool would.
    """
    tmp = scratch / "tmp" / f"{final.name}.{os.getpid()}.{secrets.token_hex(4)}"
    mode = new_file_mode()
    if first_time_in(tmp.parent):
        sweep_scratch(tmp.parent)
        sweep_scratch(scratch / "trash")
    with naming(final):
        os.makedirs(tmp)
    made = {""}
    try:
        for relative, text in files.items():
            path = safe_join(tmp, relative)
            folder = os.path.dirname(relative)
            try:
                if folder not in made:
                    os.makedirs(path.parent, exist_ok=True)
                    made.add(folder)
                _write_new(os.fspath(path), text.encode("utf-8"), mode)
            except OSError as exc:  # named as the file it becomes, not the scratch copy
                raise OSError(exc.errno, exc.strerror or str(exc), os.fspath(final / relative)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # a full disk: no half folder left behind
        raise
    try:
        os.rename(tmp, final)
    except OSError:
        if not final.exists():
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(tmp, final)
        else:  # an earlier folder: move it aside, put the new one in place, drop the old
            trash = scratch / "trash" / f"{final.name}.{os.getpid()}.{secrets.token_hex(4)}"
            trash.parent.mkdir(parents=True, exist_ok=True)
            os.rename(final, trash)
            os.rename(tmp, final)
            shutil.rmtree(trash, ignore_errors=True)


def _remove_if_empty_all(folders: list[Path]) -> None:
    """Remove each of ``folders`` that is empty, deepest paths first (a folder emptied by the
    removal of its subfolders goes too)."""
    for folder in sorted(set(folders), key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            continue


def move_aside(path: Path, aside: Path) -> None:
    """Rename ``path`` to ``aside`` (same folder): a file kept, out of the way of what follows."""
    os.replace(path, aside)
