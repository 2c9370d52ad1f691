"""Load and analyse every poem of 全唐诗 (57,607 poems in 58 files) from ../shared.

Prints poems, poems with warnings (and by kind; ``--rhyme xin`` for the warnings under modern
finals instead of 平水韵), exceptions, wall time, poems/s, Han chars/s
and peak RSS (the parent and the largest worker). Files are analysed one at a time by a pool of
worker processes (default: the number of CPUs), so no process ever holds more than one file.

    .venv/bin/python bench/quantangshi.py [--corpus DIR] [--workers N]

Target: under 60 s and under 500 MB peak RSS on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
from collections import Counter
from functools import partial
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "全唐诗"

_KIND = [
    ("平仄 by modern tone", re.compile(r"平仄 by modern tone")),
    ("通韵 in 近体", re.compile(r"rhymes by 通韵")),
    ("ambiguous reading", re.compile(r"is ambiguous")),
    ("lost/uncoded character", re.compile(r"lost or uncoded")),
    ("no reading known", re.compile(r"no reading known")),
    ("出韵 (does not rhyme)", re.compile(r"does not rhyme")),
    ("empty poem", re.compile(r"no verse lines")),
]


def _kind(warning: str) -> str:
    for name, pattern in _KIND:
        if pattern.search(warning):
            return name
    return "other"


def analyse_file(path: str, rhyme: str | None = None) -> dict[str, object]:
    from songsmith.poetry.analysis import analyse_poem
    from songsmith.poetry.corpus import load_chinese_poetry

    poems = warned = han = errors = 0
    kinds: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    first_error = None
    for poem in load_chinese_poetry(path):
        poems += 1
        try:
            result = analyse_poem(poem, rhyme)
            data = result.to_json()
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors += 1
            first_error = first_error or f"{poem.id}: {type(exc).__name__}: {exc}"
            continue
        for line in data["lines"]:
            han += len(line["pinyin"])
            assert len(line["pinyin"]) == len(line["tones"])
        forms[result.form] += 1
        if result.warnings:
            warned += 1
            kinds.update({_kind(w) for w in result.warnings})
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"poems": poems, "warned": warned, "han": han, "errors": errors, "kinds": kinds,
            "forms": forms, "first_error": first_error, "rss": rss}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="The 全唐诗 directory.")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--rhyme", choices=["pingshui", "cilin", "xin"], default=None,
                        help="Rhyme system (default: by form, 平水韵 for 诗).")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"corpus not found: {corpus}")
    from songsmith.poetry.corpus import corpus_files

    files = [str(p) for p in corpus_files(corpus)]
    # biggest files first, so the pool finishes evenly
    files.sort(key=lambda p: -os.path.getsize(p))
    start = time.perf_counter()
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    worker_rss = 0.0
    first_error = None
    with Pool(args.workers, maxtasksperchild=None) as pool:
        for result in pool.imap_unordered(partial(analyse_file, rhyme=args.rhyme), files):
            for key in ("poems", "warned", "han", "errors"):
                totals[key] += int(result[key])  # type: ignore[call-overload]
            kinds.update(result["kinds"])  # type: ignore[arg-type]
            forms.update(result["forms"])  # type: ignore[arg-type]
            worker_rss = max(worker_rss, float(result["rss"]))  # type: ignore[arg-type]
            first_error = first_error or result["first_error"]
    elapsed = time.perf_counter() - start
    parent_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    print(f"files: {len(files)}  workers: {args.workers}")
    print(f"poems: {totals['poems']}  with warnings: {totals['warned']}  exceptions: {totals['errors']}")
    if first_error:
        print(f"first exception: {first_error}")
    print("warnings by kind (poems): " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("forms: " + ", ".join(f"{k} {v}" for k, v in forms.most_common()))
    print(f"time: {elapsed:.1f} s  poems/s: {totals['poems'] / elapsed:,.0f}  "
          f"Han chars/s: {totals['han'] / elapsed:,.0f}  (Han chars: {totals['han']:,})")
    print(f"worker CPU time: {cpu:.1f} s (wall time ≈ CPU / workers on an idle machine; "
          f"load average now {os.getloadavg()[0]:.1f})")
    print(f"peak RSS: parent {parent_rss:.0f} MB, largest worker {worker_rss:.0f} MB, "
          f"sum bound {parent_rss + args.workers * worker_rss:.0f} MB")


if __name__ == "__main__":
    main()
