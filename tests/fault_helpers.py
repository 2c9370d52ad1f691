"""Fault injection: run a songsmith command in a subprocess, SIGKILL it at a random moment, and
check what a user relies on afterwards. Shared by tests/test_faults.py (a few trials each) and
bench/fault_soak.py (many).

A trial *holds* when, after the kill:

* the user's file (the song fmt rewrites, the song take adds to, the audio file audio writes) is
  its old content or its new content, never anything else;
* the same command run again succeeds;
* and leaves no temporary file (``.NAME.ss<pid>-<hex>.tmp|.part``) and no scratch folder behind.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPORARY = re.compile(r"^\..+\.ss\d+-[0-9a-f]{8}\.(?:tmp|part)$")

UNFORMATTED = """title:   春晓
songsmith: 1
language: zh
lyrics: |
  [Verse 1]
  春眠不觉晓
  处处闻啼鸟

  [Chorus]
  夜来风雨声
  花落知多少
style: {prompt: "chinese folk, guzheng", tempo_bpm: 72}
"""


def songsmith(*args: str | os.PathLike[str], cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "songsmith", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "NO_COLOR": "1"})


def kill_at(args: list[str | os.PathLike[str]], cwd: Path, after: float) -> bool:
    """Start ``songsmith ARGS`` and SIGKILL it ``after`` seconds later; True if it was still running."""
    process = subprocess.Popen([sys.executable, "-m", "songsmith", *map(str, args)], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=after)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def leftovers(root: Path) -> list[Path]:
    """Temporary files and write_folder scratch folders under ``root``."""
    found = [p for p in root.rglob("*") if TEMPORARY.match(p.name)]
    for scratch in root.rglob(".songsmith"):
        for kind in ("tmp", "trash"):
            if (scratch / kind).is_dir():
                found += list((scratch / kind).iterdir())
    return found


def audio_file(path: Path, seconds: float = 8.0) -> Path:
    """A tone as WAV, written with the standard library (no ffmpeg needed to make it)."""
    import math
    import struct
    import wave

    rate = 22050
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                                 for n in range(int(rate * seconds))))
    return path


@dataclass
class Trial:
    command: str
    killed: bool  # still running at the kill (else it had finished: the trial proves less)
    held: bool
    detail: str = ""


def _after_kill(command: str, killed: bool, work: Path, again: Callable[[], subprocess.CompletedProcess[str]],
                check: Callable[[], str | None]) -> Trial:
    problem = check()
    if problem:
        return Trial(command, killed, False, f"after the kill: {problem}")
    done = again()
    if done.returncode != 0:
        return Trial(command, killed, False, f"the next run: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    left = leftovers(work)
    if left:
        return Trial(command, killed, False, f"the next run left {[str(p.relative_to(work)) for p in left]}")
    problem = check()
    if problem:
        return Trial(command, killed, False, f"after the next run: {problem}")
    return Trial(command, killed, True)


def trial(command: str, work: Path, rng: random.Random) -> Trial:
    """One trial of ``command`` (fmt, take, audio, render, batch) in the empty folder ``work``."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    song = work / "song.yaml"
    if command == "fmt":
        song.write_text(UNFORMATTED, encoding="utf-8")
        reference = work / "reference.yaml"
        reference.write_text(UNFORMATTED, encoding="utf-8")
        songsmith("fmt", reference, cwd=work)
        new = reference.read_text(encoding="utf-8")
        reference.unlink()
        killed = kill_at(["fmt", song], work, rng.uniform(0.05, 0.6))

        def check() -> str | None:
            text = song.read_text(encoding="utf-8")
            return None if text in (UNFORMATTED, new) else f"song.yaml is neither old nor new ({len(text)} chars)"

        return _after_kill(command, killed, work, lambda: songsmith("fmt", song, cwd=work), check)
    if command == "take":
        song.write_text(UNFORMATTED, encoding="utf-8")
        songsmith("fmt", song, cwd=work)
        old = song.read_text(encoding="utf-8")
        audio = audio_file(work / "take.wav")
        killed = kill_at(["take", "add", song, audio], work, rng.uniform(0.1, 1.5))

        def check() -> str | None:
            text = song.read_text(encoding="utf-8")
            if text == old:
                return None
            return None if "takes:" in text and text.endswith("\n") else "song.yaml is neither old nor new"

        def again() -> subprocess.CompletedProcess[str]:
            if "takes:" in song.read_text(encoding="utf-8"):
                return songsmith("take", "list", song, cwd=work)
            return songsmith("take", "add", song, audio, cwd=work)

        return _after_kill(command, killed, work, again, check)
    if command == "audio":
        audio = audio_file(work / "in.wav", 20.0)
        target = work / "out.flac"
        complete: list[int] = []
        reference = work / "ref" / "out.flac"
        reference.parent.mkdir()
        songsmith("audio", audio, "-o", reference, "--normalize", "-14", cwd=work)
        complete.append(reference.stat().st_size)
        shutil.rmtree(reference.parent)
        killed = kill_at(["audio", audio, "-o", target, "--normalize", "-14"], work, rng.uniform(0.3, 1.5))

        def check() -> str | None:
            if not target.exists():
                return None
            return None if target.stat().st_size in complete else f"out.flac has {target.stat().st_size} bytes"

        return _after_kill(command, killed, work, lambda: songsmith("audio", audio, "-o", target, "--normalize",
                                                                    "-14", cwd=work), check)
    if command in ("render", "batch"):
        poems = work / "poems"
        shutil.copytree(ROOT / "corpora" / "poems", poems)
        out = work / "out"
        args: list[str | os.PathLike[str]] = (["render", poems, "-o", out, "--target", "all"] if command == "render"
                                              else ["batch", poems, "-o", out, "--target", "all", "-j", "1"])
        killed = kill_at(args, work, rng.uniform(0.3, 1.2 if command == "render" else 2.0))

        def check() -> str | None:
            for manifest in out.rglob("manifest.json"):
                if not manifest.read_text(encoding="utf-8").rstrip().endswith("}"):
                    return f"{manifest.relative_to(work)} is cut short"
            return None

        return _after_kill(command, killed, work, lambda: songsmith(*args, cwd=work), check)
    raise ValueError(f"unknown command {command!r}")


COMMANDS = ("fmt", "take", "audio", "render", "batch")


def soak(commands: tuple[str, ...], trials: int, work: Path, seed: int = 0) -> dict[str, list[Trial]]:
    rng = random.Random(seed)
    results: dict[str, list[Trial]] = {}
    for command in commands:
        results[command] = [trial(command, work / command, rng) for _ in range(trials)]
    return results


def wait_until_dead(pid: int, timeout: float = 5.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.02)
