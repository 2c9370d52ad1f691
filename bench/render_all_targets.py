"""``songsmith render tangshisanbaishou.json -o OUT --target all``, the command itself, timed.

    .venv/bin/python bench/render_all_targets.py [CORPUS_JSON] [--jobs N] [--runs 3]

Issue 5's figure: all 320 poems of 唐詩三百首 rendered and packaged for every target in < 5 s,
every package passing every validator. Runs the installed CLI in a fresh output directory each
time (the best of ``--runs`` is the figure; all are printed), then reads every manifest.json and
counts validator errors and warnings by target. Prints the disk's file-creation speed first
(see bench/_disk.py). Skips with a message when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
SONGSMITH = Path(sys.executable).with_name("songsmith")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", default=None, help="pass --jobs N to render (default: render's own choice)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.corpus).is_file():
        print(f"SKIP: corpus not found: {args.corpus}")
        return 0
    from _disk import describe

    scratch = Path(tempfile.mkdtemp(prefix="render-all-"))
    try:
        print(describe(scratch / "out"))
        times = []
        for run in range(1, args.runs + 1):
            out = scratch / f"out{run}"
            command = [str(SONGSMITH), "render", args.corpus, "-o", str(out), "--target", "all"]
            if args.jobs:
                command += ["--jobs", str(args.jobs)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            elapsed = time.perf_counter() - started
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times.append(elapsed)
            print(f"run {run}: {elapsed:.2f} s wall, {cpu:.2f} s CPU (all processes), exit {done.returncode}")
            if done.returncode not in (0, 1):
                print(done.stderr[-2000:])
                return 1
        manifests = sorted((scratch / f"out{args.runs}").glob("*/manifest.json"))
        errors: Counter[str] = Counter()
        warnings: Counter[str] = Counter()
        files = 0
        for path in manifests:
            data = json.loads(path.read_text(encoding="utf-8"))
            files += len(data["files"]) + 1
            for name, entry in data["targets"].items():
                errors[name] += sum(1 for p in entry["problems"] if p["severity"] == "error")
                warnings[name] += len(entry["warnings"])
        targets = sorted(set(errors) | set(warnings))
        print(f"packages: {len(manifests)}, files: {files:,}, targets: {len(targets)}")
        for name in targets:
            print(f"  {name:15s} validator errors {errors[name]:3d}   warnings {warnings[name]:4d}")
        best = min(times)
        ok = len(manifests) == 320 and not sum(errors.values())
        print(f"best of {args.runs}: {best:.2f} s; < 5 s: {'met' if best < 5 else 'MISSED'}; "
              f"every package passes every validator: {'yes' if ok else 'NO'}")
        return 0 if ok else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
