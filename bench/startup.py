"""Start-up time of `songsmith --help`, against `python -c pass` in the same run.

Prints the median and best of N runs of each. Target: `songsmith --help` median < 0.15 s.

    .venv/bin/python bench/startup.py [--runs 21]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    script = Path(sys.executable).parent / "songsmith"
    songsmith = str(script) if script.exists() else shutil.which("songsmith")
    if songsmith is None:
        sys.exit("songsmith is not installed in this environment (run `make setup`)")
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("songsmith --help", [songsmith, "--help"]),
        ("songsmith --version", [songsmith, "--version"]),
    ]
    timed(rows[1][1], 2)  # warm the file cache
    print(f"{'command':<22} {'median':>8} {'best':>8}   ({args.runs} runs)")
    medians = {}
    for name, command in rows:
        times = timed(command, args.runs)
        medians[name] = statistics.median(times)
        print(f"{name:<22} {medians[name]:>7.3f}s {min(times):>7.3f}s")
    overhead = medians["songsmith --help"] - medians["python -c pass"]
    verdict = "ok" if medians["songsmith --help"] < 0.15 else "TOO SLOW"
    print(f"songsmith --help: {medians['songsmith --help']:.3f}s median "
          f"({overhead:+.3f}s over bare Python), target < 0.150s: {verdict}")


if __name__ == "__main__":
    main()
