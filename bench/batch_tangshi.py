"""Batch all of 唐詩三百首 (320 poems) with every target, offline; check the OUT tree.

    .venv/bin/python bench/batch_tangshi.py [CORPUS_JSON] [--jobs N] [--out DIR] [--keep]

Target: < 5 s for the run (poems streamed, rendered, packaged into OUT/songs/, reports and the
songbook written). Prints the time, the rate, the counts and a second (resumed) run's time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default=None, help="output directory, absent or empty (default: a temp dir, removed)")
    parser.add_argument("--targets", default="all")
    parser.add_argument("--candidates", type=int, default=3)
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"SKIP: corpus not found: {args.corpus}", file=sys.stderr)
        return 0

    from songsmith.batch.runner import BatchRunner
    from songsmith.batch.work import BatchOptions
    from songsmith.targets import parse_targets

    options = BatchOptions(targets=tuple(parse_targets(args.targets)), candidates=args.candidates)
    from _disk import bench_output

    with bench_output(args.out, "batch-tangshi-") as out:
        started = time.perf_counter()
        summary = BatchRunner([args.corpus], out, options, jobs=args.jobs).run()
        elapsed = time.perf_counter() - started
        again = time.perf_counter()
        resumed = BatchRunner([args.corpus], out, options, jobs=args.jobs).run()
        elapsed_again = time.perf_counter() - again
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        packages = sum(1 for _ in (out / "songs").glob("*/manifest.json"))
        files = sum(1 for p in (out / "songs").rglob("*") if p.is_file())
        print(f"唐詩三百首: {summary.done} done, {summary.failed} failed in {elapsed:.2f} s "
              f"({summary.done / elapsed:.0f} poems/s, --jobs {args.jobs}, {len(options.targets)} targets, "
              f"{files} files, {packages} packages)")
        print(f"resumed run: {resumed.skipped} skipped, {resumed.done} done in {elapsed_again:.2f} s")
        print(f"forms: {index['counts']['form']}")
        print(f"moods: {index['counts']['mood']}")
        print(f"songbook: {(out / 'songbook.html').stat().st_size / 1e6:.1f} MB at {out / 'songbook.html'}")
        ok = summary.failed == 0 and packages == 320
        target = "met" if elapsed < 5 else "MISSED"
        print(f"target < 5 s: {target}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
