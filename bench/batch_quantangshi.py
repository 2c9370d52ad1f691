"""Batch all of 全唐诗 (57,607 poems, 58 files) with the suno target, offline.

    .venv/bin/python bench/batch_quantangshi.py [CORPUS_DIR] [--jobs N] [--out DIR] [--limit N]

Targets: < 120 s, peak RSS < 1 GB (the batch process and, separately, its largest worker), and
exactly 57,607 packages or a recorded reason for each poem that produced none. Prints the time,
rate, peak RSS, the counts, the reasons for the failures, and a resumed run's time.

It first prints how fast the disk creates files (bench/_disk.py): right after many files were
deleted on this kind of VM (ext4 without a journal), file creation is 20× slower for minutes,
so wait before measuring again after deleting an earlier output. The temp output this script
makes is removed at the end, which has that very effect on the next run.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "全唐诗"
EXPECTED = 57_607


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", default=None, help="output directory, absent or empty (default: a temp dir, removed)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N poems (a quick look)")
    parser.add_argument("--candidates", type=int, default=1)
    args = parser.parse_args()
    if not Path(args.corpus).is_dir():
        print(f"SKIP: corpus not found: {args.corpus}", file=sys.stderr)
        return 0

    from songsmith.batch.progress import PlainProgress
    from songsmith.batch.runner import BatchRunner
    from songsmith.batch.work import BatchOptions

    options = BatchOptions(targets=("suno",), candidates=args.candidates)
    from _disk import bench_output

    with bench_output(args.out, "batch-quantangshi-") as out:
        started = time.perf_counter()
        summary = BatchRunner([args.corpus], out, options, jobs=args.jobs, limit=args.limit,
                              progress=PlainProgress(every=10.0)).run()
        elapsed = time.perf_counter() - started
        rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        packages = sum(1 for _ in os.scandir(out / "songs"))
        db = sqlite3.connect(out / ".songsmith" / "batch.db")
        reasons = Counter(row[0] for row in db.execute("SELECT error FROM jobs WHERE status = 'failed'"))
        unexplained = db.execute("SELECT COUNT(*) FROM jobs WHERE status = 'failed' AND (error IS NULL OR error = '')"
                                 ).fetchone()[0]
        rows = db.execute("SELECT COUNT(*) FROM jobs").fetchone()[0]
        db.close()
        expected = args.limit or EXPECTED
        again = time.perf_counter()
        resumed = BatchRunner([args.corpus], out, options, jobs=args.jobs, limit=args.limit).run()
        elapsed_again = time.perf_counter() - again
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        print(f"全唐诗: {summary.done:,} done, {summary.failed:,} failed in {elapsed:.1f} s "
              f"({(summary.done + summary.failed) / elapsed:.0f} poems/s, --jobs {args.jobs})")
        print(f"peak RSS: batch process {rss_self:.0f} MB, largest worker {rss_child:.0f} MB")
        print(f"packages: {packages:,}; job rows: {rows:,}; packages + failures with a reason = "
              f"{packages + sum(reasons.values()) - unexplained:,} (expected {expected:,})")
        for reason, count in reasons.most_common(10):
            print(f"  failed ×{count}: {reason}")
        print(f"resumed run: {resumed.skipped:,} skipped, {resumed.done:,} done, {resumed.failed:,} retried and "
              f"failed again in {elapsed_again:.1f} s")
        print(f"forms: {dict(list(index['counts']['form'].items())[:8])}")
        print(f"warnings by kind (top 5): {dict(list(index['counts']['warnings'].items())[:5])}")
        ok = packages + sum(reasons.values()) == expected and not unexplained and rows == expected
        print(f"complete: {'yes' if ok else 'NO'}; < 120 s: {'met' if elapsed < 120 else 'MISSED'}; "
              f"RSS < 1 GB: {'met' if max(rss_self, rss_child) < 1024 else 'MISSED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
