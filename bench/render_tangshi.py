"""Render all 320 poems of 唐詩三百首 in-process, check every song file loads, print distributions.

    .venv/bin/python bench/render_tangshi.py [CORPUS_JSON] [--candidates 5] [--audience children]

Target: the whole corpus in < 3 s (analysis, mood, style, arrangement and the atomic writes).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--candidates", type=int, default=5)
    parser.add_argument("--audience", choices=["general", "children"], default="general")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2

    from songsmith.document.lint import style_issues
    from songsmith.document.songfile import load_song
    from songsmith.pipeline.render import Renderer
    from songsmith.poetry.corpus import load_chinese_poetry
    from songsmith.style.backends import get_backend
    from songsmith.style.base import Hints

    # warm the caches (pypinyin, OpenCC, YAML data) so the figure is the per-corpus cost
    warm = time.perf_counter()
    from songsmith.poetry.analysis import analyse_text

    analyse_text("床前明月光，疑是地上霜。", title="静夜思")
    warm = time.perf_counter() - warm

    moods: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    arrangements: Counter[str] = Counter()
    firsts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        hints = Hints(audience="children" if args.audience == "children" else None)
        renderer = Renderer(tmp, backend=get_backend("offline"), candidates=args.candidates, hints=hints)
        started = time.perf_counter()
        cpu_started = time.process_time()
        results = []
        for poem in load_chinese_poetry(args.corpus):
            result = renderer.render_poem(poem)
            results.append(result)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        check = time.perf_counter()
        bad = []
        lint_findings: list[tuple[str, str, str]] = []
        distinct_fail = 0
        for result in results:
            loaded = load_song(result.output)
            if loaded.shape != "song" or not loaded.song.sections or loaded.song.style.is_empty():
                bad.append(str(result.output))
            pairs = {(c.style or "").split(",")[0] for c in loaded.song.candidates}
            if len({c.style for c in loaded.song.candidates}) != len(loaded.song.candidates):
                distinct_fail += 1
            del pairs
            for candidate in loaded.song.candidates:
                lint_findings.extend(style_issues(candidate.style or "", target=candidate.target))
            moods[result.mood.primary if result.mood else "?"] += 1
            forms[result.form or "?"] += 1
            arrangements[result.arrangement or "?"] += 1
            firsts[loaded.song.style.genre[0] if loaded.song.style.genre else "?"] += 1
        checked = time.perf_counter() - check
        files = len({r.output for r in results})

    def show(name: str, counter: Counter[str]) -> None:
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in counter.most_common()))

    print(f"rendered {len(results)} poems into {files} song files; {len(bad)} failed to load back")
    show("moods", moods)
    show("forms", forms)
    show("arrangements", arrangements)
    show("first-candidate genres", firsts)
    print(f"style lint findings on the candidates: {len(lint_findings)}"
          + (f" (first: {lint_findings[0][2]})" if lint_findings else ""))
    if distinct_fail:
        print(f"poems with duplicate candidate prompts: {distinct_fail}")
    print(f"time: {elapsed:.2f} s for {len(results)} poems ({elapsed / max(len(results), 1) * 1000:.1f} ms each; "
          f"target < 3 s); CPU {cpu:.2f} s (wall time suffers on a loaded machine); warm-up {warm:.2f} s; load-back check {checked:.2f} s")
    return 0 if not bad and not distinct_fail and elapsed < 3 else 1


if __name__ == "__main__":
    sys.exit(main())
