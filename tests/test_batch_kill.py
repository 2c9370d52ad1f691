"""Killing a batch (SIGKILL) at random points, several times, then finishing it, gives exactly the
OUT tree of an uninterrupted run: no half-written package, nothing lost but the work in flight."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_helpers import corpus_of, tree_digest

from songsmith.batch.runner import BatchRunner
from songsmith.batch.state import State
from songsmith.batch.work import BatchOptions

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = ["-t", "suno,yue", "--candidates", "2"]


def _start(corpus: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "songsmith", "batch", str(corpus), "-o", str(out), "-j", "2",
                             "--json", *OPTIONS], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=ROOT)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def test_sigkill_at_random_points_then_resume_gives_the_uninterrupted_tree(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 30)
    reference = tmp_path / "reference"
    BatchRunner([str(corpus)], reference, BatchOptions(targets=("suno", "yue"), candidates=2), jobs=1).run()
    expected = tree_digest(reference)
    assert sum(1 for name in expected if name.endswith("manifest.json")) == 30

    out = tmp_path / "out"
    rng = random.Random(20261123)
    kills = []
    mid_work = 0
    for attempt in range(4):
        process = _start(corpus, out)
        assert process.stdout is not None
        if attempt < 2:  # after a random number of finished poems
            wanted = rng.randint(1, 10)
            seen = 0
            for line in process.stdout:
                event = json.loads(line)
                if event["event"] == "poem" and event["status"] != "skipped":
                    seen += 1
                if seen >= wanted or event["event"] == "finish":
                    break
            mid_work += seen >= wanted
            point = f"after {seen} poems"
        else:  # at a random moment (start-up, warm-up, work, reports)
            delay = rng.uniform(0.3, 3.0)
            time.sleep(delay)
            point = f"after {delay:.2f} s" + (" (it had finished)" if process.poll() is not None else "")
        workers = _children(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        kills.append(point)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(w) for w in workers), "worker processes outlived the killed batch"
        # whatever is in songs/ is a whole package
        for directory in (out / "songs").glob("*") if (out / "songs").exists() else []:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
            assert sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file()) == \
                sorted([*manifest["files"], "manifest.json"])

    state = State(out, readonly=True)
    done_before = state.counts().get("done", 0)
    state.db.close()
    summary = BatchRunner([str(corpus)], out, BatchOptions(targets=("suno", "yue"), candidates=2), jobs=2).run()
    assert mid_work == 2, kills  # the kills did interrupt the work
    assert summary.done + summary.skipped == 30, kills
    assert summary.skipped == done_before
    assert tree_digest(out) == expected, kills
    assert not any((out / ".songsmith" / "tmp").iterdir())
