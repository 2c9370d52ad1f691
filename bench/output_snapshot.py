"""What `render`, `package` and `batch` write for 唐詩三百首, as a list of files and hashes.

    python bench/output_snapshot.py --out /tmp/before          # run the three commands, hash the trees
    python bench/output_snapshot.py --compare /tmp/before /tmp/after

A refactoring that should not change the output is checked by taking a snapshot before and
after and comparing them: the comparison prints how many files each command wrote, how many
differ, and the first differing files of each kind. Files that record time (batch's job state,
its report's timings and the index's time section) are left out or cleaned before hashing.
Reads ../shared; says so and exits 0 when it is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
SONGSMITH = Path(sys.executable).parent / "songsmith"
_REPORT_TIME = re.compile(r"^## Time and cost.*?(?=^## |\Z)", re.S | re.M)


def _run(*args: str) -> None:
    result = subprocess.run([str(SONGSMITH), *args], capture_output=True, text=True)
    if result.returncode not in (0, 1):
        sys.exit(f"songsmith {' '.join(args)} failed ({result.returncode}): {result.stderr[-2000:]}")


def _clean(relative: str, data: bytes) -> bytes:
    if relative.endswith("index.json") and relative.startswith("batch/"):
        index = json.loads(data)
        index.pop("time", None)
        return json.dumps(index, ensure_ascii=False, sort_keys=True).encode()
    if relative.endswith("report.md"):
        return _REPORT_TIME.sub("", data.decode()).encode()
    return data


def snapshot(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        sys.exit(f"{out} is not empty; give a new folder")
    _run("render", str(CORPUS), "-o", str(out / "render"), "--target", "all", "-j", "1")
    songs = sorted(str(p) for p in (out / "render").glob("*/song.yaml"))
    _run("package", *songs, "-o", str(out / "package"), "--target", "all")
    _run("batch", str(CORPUS), "-o", str(out / "batch"), "--target", "all", "--jobs", "1")
    rows = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        relative = path.relative_to(out).as_posix()
        if "/.songsmith/" in f"/{relative}":
            continue
        rows.append(f"{relative}\t{hashlib.sha256(_clean(relative, path.read_bytes())).hexdigest()}")
    (out / "tree.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} files hashed into {out / 'tree.tsv'}")


def _tree(folder: Path) -> dict[str, str]:
    lines = (folder / "tree.tsv").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t") for line in lines if line and not line.startswith("tree.tsv"))


def compare(before: Path, after: Path) -> None:
    old, new = _tree(before), _tree(after)
    for command in ("render", "package", "batch"):
        a = {k: v for k, v in old.items() if k.startswith(command + "/")}
        b = {k: v for k, v in new.items() if k.startswith(command + "/")}
        changed = sorted(k for k in a.keys() & b.keys() if a[k] != b[k])
        gone, added = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
        kinds = Counter(Path(k).name if "." in Path(k).name else k for k in changed)
        print(f"{command}: {len(a)} files before, {len(b)} after; {len(changed)} differ, "
              f"{len(gone)} gone, {len(added)} new")
        for name, count in kinds.most_common(8):
            print(f"  {count:5d} × {name}")
        for label, items in (("gone", gone), ("new", added)):
            for item in items[:5]:
                print(f"  {label}: {item}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare)
        return 0
    if not CORPUS.is_file():
        print(f"skipped: the corpus is not at {CORPUS}")
        return 0
    if args.out is None:  # `make bench` runs every script bare: say how to use this one
        print(__doc__.strip().splitlines()[2].strip() + "   (needs --out DIR or --compare BEFORE AFTER)")
        return 0
    snapshot(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
