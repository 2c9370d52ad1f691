"""Files too large are refused from their size, before they are read: a 70 MB file costs no more
memory than a small one. Each command runs in a subprocess whose peak memory (ru_maxrss) is
compared with the same command on a small input."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIG = 70 * 1024 * 1024
#: What refusing may cost above the small input's run (a reader that reads it all costs 70 MB+).
MARGIN_KB = 25 * 1024


def _peak_kb(args: list[str], cwd: Path) -> tuple[int, subprocess.CompletedProcess[str]]:
    """Peak resident memory (KiB) of ``songsmith ARGS`` run in a fresh interpreter."""
    probe = ("import resource, subprocess, sys; "
             "done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "sys.stderr.write(done.stderr); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "songsmith", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    peak, code = done.stdout.split()
    return int(peak), subprocess.CompletedProcess(args, int(code), "", done.stderr)


def _sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (it reads as zeros)."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


CASES = {
    # name: (file name, command with {big} / {small} / {song} / {out})
    "song YAML (check)": ("song.yaml", ["check", "{file}"]),
    "song YAML (render)": ("song.yaml", ["render", "{file}", "-o", "{out}"]),
    "poem JSON (render)": ("poems.json", ["render", "{file}", "-o", "{out}"]),
    "poem JSON (batch)": ("poems.json", ["batch", "{file}", "-o", "{out}", "--target", "suno", "-j", "1"]),
    "text (import)": ("poem.txt", ["import", "{file}", "-o", "{out}/imported.yaml"]),
    "ChordPro (import)": ("song.cho", ["import", "{file}", "-o", "{out}/imported.yaml"]),
    "text collection (batch)": ("poems.txt", ["batch", "{file}", "-o", "{out}", "--target", "suno", "-j", "1"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_70_mb_file_is_refused_without_reading_it(case: str, tmp_path: Path) -> None:
    name, command = CASES[case]
    small_dir, big_dir = tmp_path / "small", tmp_path / "big"
    small_dir.mkdir()
    big_dir.mkdir()
    small = small_dir / name
    if name.endswith(".json"):
        small.write_text('[{"title": "静夜思", "author": "李白", "paragraphs": ["床前明月光，疑是地上霜。"]}]',
                         encoding="utf-8")
    elif name.endswith(".yaml"):
        shutil.copy(ROOT / "corpora" / "songs" / "spring-dawn.yaml", small)
    else:
        small.write_text("# 静夜思 | author: 李白\n床前明月光\n疑是地上霜\n", encoding="utf-8")
    big = _sparse(big_dir / name, BIG)

    def args(file: Path, out: Path) -> list[str]:
        return [part.format(file=file, out=out) for part in command]

    baseline, _ = _peak_kb(args(small, tmp_path / "out-small"), tmp_path)
    peak, done = _peak_kb(args(big, tmp_path / "out-big"), tmp_path)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr and "MB" in done.stderr, done.stderr
    assert peak < baseline + MARGIN_KB, f"{case}: {peak} KiB to refuse a 70 MB file, {baseline} KiB for a small one"


def test_an_audio_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    shutil.copy(ROOT / "corpora" / "songs" / "spring-dawn.yaml", tmp_path / "song.yaml")
    big = _sparse(tmp_path / "take.wav", 70 * 1024 * 1024)
    env_cap = {"SONGSMITH_AUDIO_MAX_BYTES": str(32 * 1024 * 1024)}
    os.environ.update(env_cap)
    try:
        peak, done = _peak_kb(["take", "add", str(tmp_path / "song.yaml"), str(big)], tmp_path)
    finally:
        for key in env_cap:
            os.environ.pop(key)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert peak < 70 * 1024, f"{peak} KiB to refuse a 70 MB take"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 0
