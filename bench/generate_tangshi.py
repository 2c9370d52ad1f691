"""`songsmith batch 唐詩三百首 --generate mureka --count 2` against a fake Mureka on 127.0.0.1.

    .venv/bin/python bench/generate_tangshi.py [CORPUS_JSON] [--latency 3] [--errors 0.05]
        [--concurrency 16] [--poll 1] [--kill-after N] [--out DIR]

The fake (tests/music_fakes.py) finishes each task ``--latency`` seconds after it was submitted
and, with probability ``--errors`` per request, answers a submission with 500, 429 (Retry-After)
or a task that fails, a poll with 500, a download with a truncated body, an HTML page or an
expired link. ``--kill-after N`` kills the batch (SIGKILL) after N accepted submissions and runs
it again. Prints what it used, the wall time against the bound the concurrency sets
(ceil(submissions / concurrency) × latency), the takes, the submissions the fake accepted, the
failed tasks sent again and the duplicates: tasks that succeeded at the fake but became no take.
"""

from __future__ import annotations

import argparse
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

DEFAULT = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--latency", type=float, default=3.0, help="seconds from submission to a finished task")
    parser.add_argument("--errors", type=float, default=0.05, help="share of requests that meet a fault")
    parser.add_argument("--concurrency", type=int, default=16, help="Mureka tasks in flight (the account's tier)")
    parser.add_argument("--poll", type=float, default=1.0, help="seconds between polls")
    parser.add_argument("--count", type=int, default=2)
    parser.add_argument("--kill-after", type=int, default=0, help="SIGKILL the batch after N accepted submissions")
    parser.add_argument("--out", default=None)
    parser.add_argument("--limit", type=int, default=0, help="only the first N poems")
    parser.add_argument("--verbose", action="store_true", help="show the batch's own output")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"SKIP: corpus not found: {args.corpus}", file=sys.stderr)
        return 0
    from music_fakes import FakeMusic

    import yaml

    out = Path(args.out or tempfile.mkdtemp(prefix="generate-tangshi-")) / "out"
    config = out.parent / "config.yaml"
    config.write_text(f"generate:\n  mureka:\n    concurrency: {args.concurrency}\n    rate: 200\n", encoding="utf-8")
    print(f"used: latency {args.latency:g} s, errors {args.errors:.0%}, concurrency {args.concurrency}, "
          f"poll every {args.poll:g} s, --count {args.count}, corpus {Path(args.corpus).name}")
    fake_music = FakeMusic(latency=args.latency, error_rate=args.errors, seed=20, retry_after=0.5, key="bench-key")
    with fake_music as fake:
        env = dict(os.environ, MUREKA_API_KEY="bench-key", SONGSMITH_MUREKA_BASE_URL=fake.url,
                   SONGSMITH_CONFIG=str(config), SONGSMITH_GENERATE_POLL=str(args.poll),
                   SONGSMITH_GENERATE_MAX_WAIT="5")
        command = [sys.executable, "-m", "songsmith", "batch", args.corpus, "-o", str(out), "--target", "mureka",
                   "--generate", "mureka", "--count", str(args.count), *(["-q"] if not args.verbose else []), *(["--limit", str(args.limit)] if args.limit else [])]
        started = time.perf_counter()
        runs = 0
        if args.kill_after:
            child = subprocess.Popen(command, env=env)
            while len(fake.submissions) < args.kill_after and child.poll() is None:
                time.sleep(0.05)
            child.send_signal(signal.SIGKILL)
            child.wait()
            runs += 1
            print(f"killed after {len(fake.submissions)} accepted submissions ({time.perf_counter() - started:.1f} s)")
        result = subprocess.run(command, env=env)
        runs += 1
        elapsed = time.perf_counter() - started
        songs = sorted((out / "songs").glob("*/song.yaml"))
        takes = [t for s in songs for t in (yaml.safe_load(s.read_text(encoding="utf-8")).get("takes") or [])]
        used = {t["generation"]["task_id"] for t in takes}
        succeeded = [tid for tid, task in fake.tasks.items() if task["service"] == "mureka" and not task["fail"]]
        failed_tasks = len(fake.tasks) - len(succeeded)
        duplicates = [tid for tid in succeeded if tid not in used]
        shas = [t["sha256"] for t in takes]
        missing = [t for t in takes if not (out / "songs" / "x" / t["audio"]).resolve().is_file()]
        needed = len(songs) * math.ceil(args.count / 3)  # Mureka makes up to 3 takes a submission
        bound = math.ceil(needed / args.concurrency) * args.latency
        print(f"exit {result.returncode} after {runs} run(s); {elapsed:.1f} s in all "
              f"(bound from the concurrency: ceil({needed} / {args.concurrency}) × {args.latency:g} s = {bound:.0f} s)")
        print(f"songs {len(songs)}, takes {len(takes)} ({len(set(shas))} distinct files, {len(missing)} missing), "
              f"accepted submissions {len(fake.submissions)} (failed tasks sent again: {failed_tasks}), "
              f"refused requests {len(fake.refused)}, downloads {len(fake.downloads)}")
        print(f"duplicate submissions (succeeded at the service, no take): {len(duplicates)}")
        print(f"songbook players: {(out / 'songbook.html').read_text(encoding='utf-8').count('<audio')}")
    return 0 if result.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
