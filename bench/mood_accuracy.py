"""Primary-mood accuracy of the offline mood analysis on a labelled set of well-known poems.

    .venv/bin/python bench/mood_accuracy.py [--labels bench/mood_labels.yaml] [-v]

A poem counts as right when the primary mood is one of its accepted moods. Target: ≥ 80%.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from songsmith.poetry.analysis import analyse_text  # noqa: E402
from songsmith.style.mood import MOODS, mood_of_analysis  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", default=str(ROOT / "bench" / "mood_labels.yaml"))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss with its cues")
    args = parser.parse_args()

    poems = yaml.safe_load(Path(args.labels).read_text(encoding="utf-8"))["poems"]
    started = time.perf_counter()
    right = 0
    per_mood: Counter[str] = Counter()
    per_mood_right: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for poem in poems:
        accepted = poem["moods"]
        assert all(m in MOODS for m in accepted), poem["title"]
        analysis = analyse_text(poem["text"], title=poem["title"], author=poem.get("author"))
        result = mood_of_analysis(analysis)
        per_mood[accepted[0]] += 1
        if result.primary in accepted:
            right += 1
            per_mood_right[accepted[0]] += 1
        else:
            confusion[(accepted[0], result.primary)] += 1
            misses.append((poem["title"], poem.get("author"), accepted, result))
    elapsed = time.perf_counter() - started

    covered = sorted(per_mood, key=MOODS.index)
    print(f"labelled poems: {len(poems)} (moods covered: {len(covered)}/{len(MOODS)})")
    print(f"primary-mood accuracy: {right}/{len(poems)} = {right / len(poems):.1%}  (target ≥ 80%)")
    print("per labelled mood: " + ", ".join(f"{m} {per_mood_right[m]}/{per_mood[m]}" for m in covered))
    if confusion:
        print("confusions (label → predicted): "
              + ", ".join(f"{a}→{b} ×{n}" for (a, b), n in confusion.most_common()))
    if args.verbose:
        for title, author, accepted, result in misses:
            print(f"  miss: {title} ({author}) labelled {'/'.join(accepted)}, got {result.primary}: "
                  + "; ".join(result.explain()[:3]))
    print(f"time: {elapsed:.2f} s")
    return 0 if right / len(poems) >= 0.8 else 1


if __name__ == "__main__":
    sys.exit(main())
