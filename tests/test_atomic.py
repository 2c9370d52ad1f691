"""Atomic writes: the old file or the new one, never a mix, and no temp files left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from songsmith.document import writer as atomic
from songsmith.document.writer import write_bytes_atomic, write_text_atomic


def _names(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def test_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "song.yaml"
    write_text_atomic(target, "title: 静夜思\n")
    assert target.read_bytes() == "title: 静夜思\n".encode()
    assert _names(tmp_path) == ["song.yaml"]


def test_new_file_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text_atomic(tmp_path / "a.yaml", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.yaml").stat().st_mode) == 0o640


def test_creates_missing_directories(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "song.yaml"
    write_text_atomic(target, "x\n")
    assert target.read_text() == "x\n"


def test_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "song.yaml"
    target.write_text("old content that is longer than the new one\n")
    os.chmod(target, 0o604)
    write_text_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o604
    assert _names(tmp_path) == ["song.yaml"]


def test_replaces_the_inode_not_the_content(tmp_path: Path) -> None:
    target = tmp_path / "song.yaml"
    target.write_text("old\n")
    link = tmp_path / "hardlink.yaml"
    os.link(target, link)
    write_text_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert link.read_text() == "old\n"  # a rename, not a rewrite in place


def test_write_bytes(tmp_path: Path) -> None:
    target = tmp_path / "b.bin"
    write_bytes_atomic(target, b"\x00\x01\xff")
    assert target.read_bytes() == b"\x00\x01\xff"


def test_relative_path_in_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_text_atomic("plain.yaml", "x\n")
    assert (tmp_path / "plain.yaml").read_text() == "x\n"
    assert _names(tmp_path) == ["plain.yaml"]


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_failure_midway_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    target = tmp_path / "song.yaml"
    target.write_text("original\n")
    os.chmod(target, 0o640)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(OSError, match="No space left on device"):
        write_text_atomic(target, "new content\n")
    monkeypatch.undo()
    assert target.read_text() == "original\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["song.yaml"]


def test_failure_while_writing_data_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "song.yaml"
    target.write_text("original\n")
    real_write = atomic.os.write

    def broken_write(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[:3]))
        raise KeyboardInterrupt  # even a Ctrl-C midway cleans up

    monkeypatch.setattr(atomic.os, "write", broken_write)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomic(target, "new content\n")
    monkeypatch.undo()
    assert target.read_text() == "original\n"
    assert _names(tmp_path) == ["song.yaml"]


def test_failure_on_new_file_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        write_text_atomic(tmp_path / "new.yaml", "x\n")
    monkeypatch.undo()
    assert _names(tmp_path) == []


def test_start_write_atomic_writes_in_two_halves(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "song.yaml"
    target.write_text("original\n")
    os.chmod(target, 0o640)
    finish = atomic.start_write_atomic(target, "新的\n".encode())
    assert target.read_text() == "original\n"  # untouched until the second half runs
    with ThreadPoolExecutor(1) as pool:
        pool.submit(finish).result()  # on another thread
    assert target.read_text(encoding="utf-8") == "新的\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _names(tmp_path) == ["song.yaml"]
    old = os.umask(0o027)
    try:
        finish = atomic.start_write_atomic(tmp_path / "a" / "new.yaml", b"x\n")  # the mode is chosen here
    finally:
        os.umask(old)
    finish()
    assert stat.S_IMODE((tmp_path / "a" / "new.yaml").stat().st_mode) == 0o640


@pytest.mark.parametrize("failing", ["replace", "fsync", "chmod"])
def test_start_write_atomic_failure_keeps_the_original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       failing: str) -> None:
    target = tmp_path / "song.yaml"
    target.write_text("original\n")
    finish = atomic.start_write_atomic(target, b"new content\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, failing, boom)
    with pytest.raises(OSError, match="No space left on device"):
        finish()
    monkeypatch.undo()
    assert target.read_text() == "original\n"
    assert _names(tmp_path) == ["song.yaml"]
