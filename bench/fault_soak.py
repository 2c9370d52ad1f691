"""Soak: SIGKILL songsmith at random moments, many times per command, and count the trials that
held (tests/fault_helpers.py says what holding means: the user's file old or new, the next run
succeeds and leaves no temporary file or scratch folder). tests/test_faults.py runs two trials
of each; this runs ``--trials`` (20) of each and prints trials / held, and how many of the kills
landed while the command was still running (the others had finished: they prove less).

Run: ``.venv/bin/python bench/fault_soak.py [--trials 20] [--only fmt,take,audio,render,batch]
[--seed 0]``; exits 1 if a trial did not hold (its detail is printed).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fault_helpers import COMMANDS, trial  # noqa: E402 - tests/ is put on the path above

import random  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--only", default=",".join(COMMANDS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failed = 0
    print(f"{'command':8} {'trials':>6} {'held':>5} {'killed mid-run':>15} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for command in [c for c in args.only.split(",") if c]:
            started = time.monotonic()
            results = [trial(command, Path(tmp) / command, rng) for _ in range(args.trials)]
            held = sum(r.held for r in results)
            killed = sum(r.killed for r in results)
            print(f"{command:8} {len(results):>6} {held:>5} {killed:>15} {time.monotonic() - started:>8.0f}",
                  flush=True)
            for result in results:
                if not result.held:
                    failed += 1
                    print(f"  did not hold: {result.detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
