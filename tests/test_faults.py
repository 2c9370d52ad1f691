"""Fault injection: SIGKILL at random moments, leftovers of killed runs, a full disk, a folder
that cannot be written. bench/fault_soak.py runs the kill trials many more times."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fault_helpers import ROOT, UNFORMATTED, audio_file, leftovers, songsmith, trial


@pytest.mark.parametrize("command", ["fmt", "take", "audio", "render", "batch"])
def test_a_kill_at_a_random_moment_leaves_old_or_new_and_the_next_run_cleans_up(command: str,
                                                                                tmp_path: Path) -> None:
    rng = random.Random(command)
    for n in range(2):
        result = trial(command, tmp_path / f"trial{n}", rng)
        assert result.held, result.detail


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _plant(folder: Path, name: str, pid: int, *, age: float = 3600.0, suffix: str = "tmp") -> Path:
    path = folder / f".{name}.ss{pid}-{os.urandom(4).hex()}.{suffix}"
    path.write_bytes(b"half a file")
    past = time.time() - age
    os.utime(path, (past, past))
    return path


def test_the_next_save_removes_a_killed_runs_temporary_files_and_no_live_ones(tmp_path: Path) -> None:
    song = tmp_path / "song.yaml"
    song.write_text(UNFORMATTED, encoding="utf-8")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _plant(tmp_path, "song.yaml", _dead_pid())
        dead_part = _plant(tmp_path, "take.wav", _dead_pid(), suffix="part")
        alive = _plant(tmp_path, "song.yaml", live.pid)
        fresh = _plant(tmp_path, "song.yaml", _dead_pid(), age=-3600)  # made after this run began
        other = tmp_path / ".notes.txt.tmp"  # not ours by name
        other.write_text("keep", encoding="utf-8")
        done = songsmith("fmt", song, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert not dead.exists() and not dead_part.exists()
        assert alive.exists() and fresh.exists() and other.exists()
    finally:
        live.kill()
        live.wait()


def test_render_and_batch_sweep_their_folders(tmp_path: Path) -> None:
    poems = tmp_path / "poems"
    shutil.copytree(ROOT / "corpora" / "poems", poems)
    out = tmp_path / "out"
    assert songsmith("render", poems / "jing-ye-si.yaml", "-o", out, "--target", "suno", cwd=tmp_path).returncode == 0
    package = next(out.glob("*/song.yaml")).parent
    planted = [_plant(package, "suno.txt", _dead_pid()), _plant(package, "song.yaml", _dead_pid())]
    assert songsmith("render", poems / "jing-ye-si.yaml", "-o", out, "--target", "suno", "--restyle",
                     cwd=tmp_path).returncode == 0
    assert not any(p.exists() for p in planted)

    batch = tmp_path / "batch"
    assert songsmith("batch", poems, "-o", batch, "--target", "suno", "-j", "1", cwd=tmp_path).returncode == 0
    scratch = batch / ".songsmith" / "tmp" / f"jing-ye-si.{_dead_pid()}.{os.urandom(4).hex()}"
    scratch.mkdir(parents=True)
    (scratch / "suno.txt").write_text("half", encoding="utf-8")
    past = time.time() - 3600
    os.utime(scratch, (past, past))
    for song in (batch / "songs").iterdir():
        shutil.rmtree(song)  # the next run has packages to write again
        break
    done = songsmith("batch", poems, "-o", batch, "--target", "suno", "-j", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert leftovers(batch) == []


def _small_filesystem() -> str | None:
    """Why a small file system cannot be mounted here (None: it can, in a user namespace)."""
    if shutil.which("unshare") is None:
        return "no unshare command"
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot mount a tmpfs in a user namespace: {probe.stderr.strip()[:120]}"
    return None


def _on_a_full_disk(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (sh) with ``tmp_path/disk`` a 256 KiB tmpfs, in a private mount namespace."""
    (tmp_path / "disk").mkdir()
    return subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=256k none {tmp_path / 'disk'} && "
                           + script], capture_output=True, text=True, timeout=300, cwd=tmp_path,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.skipif(_small_filesystem() is not None, reason=str(_small_filesystem()))
@pytest.mark.parametrize("filler", [10_000_000, 190_000], ids=["full", "full-while-packaging"])
def test_a_full_disk_names_the_path_in_one_line_and_leaves_nothing_behind(tmp_path: Path, filler: int) -> None:
    disk = tmp_path / "disk"
    song = ROOT / "corpora" / "poems" / "jing-ye-si.yaml"
    python = f"{sys.executable} -m songsmith"
    keep = disk / "keep.yaml"
    (tmp_path / "unformatted.yaml").write_text(UNFORMATTED, encoding="utf-8")
    script = (
        f"cp {tmp_path / 'unformatted.yaml'} {keep} && "
        f"(head -c {filler} /dev/zero > {disk}/filler 2>/dev/null; true) && "
        f"{python} render {song} -o {disk}/out --target all; echo \"render exit $?\"; "
        f"{python} batch {song} -o {disk}/batch --target all -j 1; echo \"batch exit $?\"; "
        f"{python} fmt {keep}; echo \"fmt exit $?\"; "
        f"find {disk} -mindepth 1 | sort"
    )
    done = _on_a_full_disk(tmp_path, script)
    out, err = done.stdout, done.stderr
    assert "render exit 2" in out and "batch exit 2" in out, (out, err)
    assert "Traceback" not in err and "internal error" not in err
    lines = [line for line in err.splitlines() if "No space left" in line or "disk is full" in line]
    assert lines and all(str(disk) in line for line in lines), err
    assert all(".ss" not in line for line in lines), err  # the file asked for, not a temporary
    listing = [line for line in out.splitlines() if line.startswith(str(disk))]
    package = f"{disk}/out/jing-ye-si"
    # the song file may have been written; the package's folders are not left empty
    assert not [line for line in listing if line.startswith(package + "/")
                and not any(other.startswith(line + "/") for other in listing) and "." not in line[len(package):]]
    assert not any(".ss" in line and line.endswith((".tmp", ".part")) for line in listing), listing
    assert not any("/.songsmith/tmp/" in line or "/.songsmith/trash/" in line for line in listing), listing
    if "fmt exit 0" not in out:
        assert f"{keep}: No space left on device" in err


def test_a_folder_that_cannot_be_written_is_named_in_one_line(tmp_path: Path) -> None:
    """Not writable: by its permissions (as a user), or as a read-only mount (as root, whom
    permissions do not stop)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    song = tmp_path / "song.yaml"
    song.write_text(UNFORMATTED, encoding="utf-8")
    command = [sys.executable, "-m", "songsmith", "render", str(song), "-o", str(locked / "out"), "--target", "suno"]
    if os.geteuid() != 0:
        os.chmod(locked, 0o555)
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
        os.chmod(locked, 0o755)
    else:
        why = _small_filesystem()
        if why is not None:
            pytest.skip(f"running as root, and {why}")
        script = f"mount --bind {locked} {locked} && mount -o remount,bind,ro {locked} && " + " ".join(command)
        done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and str(locked) in done.stderr, done.stderr
    assert list(locked.iterdir()) == []
