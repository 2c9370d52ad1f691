"""Primary-mood accuracy of the offline mood analysis on the labelled sets.

    .venv/bin/python bench/mood_accuracy.py [--set dev|dev2|heldout2|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|train1|heldout11|train2|heldout12|train3|heldout13|train4|heldout14|wellknown|all] [-v]

Sets (bench/mood_eval/, each poem labelled with its reasons before it was scored): ``dev`` and
``dev2``, 236 poems of 唐詩三百首 split by hash (``dev2`` was the first held-out set, scored once
at 76.9 %, then used for development), ``heldout2`` (109 poems of 全唐诗 outside 唐詩三百首, the
second held-out set, scored once at 49.5 %, then used for development), ``heldout3`` (83 poems
of 20 other poets of 全唐诗, the third held-out set, scored once at 74.7 %, then used for
development), ``heldout4`` (82 poems of 20 further poets of 全唐诗, the fourth held-out set,
scored once at 75.6 %, recorded in its header, then used for development), ``heldout5``
(101 poems of 20 further poets, labelled by a separate reader, the fifth held-out set, scored
once at 58.4 %, recorded in its header, then used for development), ``heldout6`` (101 poems of
20 further poets, labelled by two separate readers who agree on the main mood of 95, the sixth
held-out set, scored once at 66.3 %, recorded in its header, then used for development),
``heldout7`` (98 poems of 20 further poets, two separate readers who agree on the main mood of
91, the seventh held-out set, scored once at 68.4 %, recorded in its header, then used for
development), ``heldout8`` (88 poems of 20 further poets, two separate readers who agree on the
main mood of 81, the eighth held-out set, scored once at 62.5 % (strict 60.2 %), recorded in its
header, then used for development), ``heldout9`` (74 poems of 20 further poets, two separate
readers who agree on the main mood of 69, the ninth held-out set, scored once at 44.6 %, the cue
rules alone 43.2 %, recorded in its header, then used for development), ``heldout10`` (one poem
from each of 90 further poets, two separate readers who agree on the main mood of 80 of 88, the
tenth held-out set, scored once at 72.7 %, the cue rules alone 65.9 %, recorded in its header,
then used for development), ``train1`` (one poem from each of 200 further poets, each poem
labelled by one reader: training material for the learned model, never a poet of the held-out
set), ``heldout11`` (one poem from each of 90 further poets, two separate readers, the eleventh
held-out set, scored once at 73.2 %, the cue rules alone 63.4 %, recorded in its header, then
used for development), ``train2`` (one poem from each of 1,200 further poets, one reader each,
training material), ``heldout12`` (one poem from each of 90 further poets, two separate
readers, the twelfth held-out set, scored at 75.0 % with the model of 1,358 poems and 81.0 % with
the model of 2,600, recorded in its header, then used for development), ``train3`` (1,200 more
poems, up to three of each poet already read, one reader each, training material),
``heldout13`` (one poem from each of 90 further poets, two separate readers, the thirteenth
held-out set, scored at 68.6 % (strict 65.7 %, the cue rules alone 52.9 %), recorded in its
header, then used for development), ``train4`` (up to six more poems of each poet but
heldout14's, one reader each, training material: 2,931 poems labelled by 31 readers), ``heldout14`` (one poem from each of 90
further poets, two separate readers; the held-out set, scored at 70.0 % with the model of
3,899 poems and 71.4 % with that of 6,830; the strict figure counts a poem right
only when the primary mood is among both readers' moods) and ``wellknown`` (bench/mood_labels.yaml, 100 well-known poems, the set
the first lexicon was built with). A poem counts as right when the primary mood is one of its
accepted moods.
Targets: ≥ 85 % held-out, ≥ 80 % on the others.

Figures after the satire and minimum-evidence rules learnt from heldout7 (a 咏史 title naming a
fallen dynasty's or a sage's site — 隋堤, 汴河, 骊山, 华清, 隆中, 五丈原 … — turns to satire on two
of the ironist's words, 岂知, 不觉, 至今, 可怜, 不见 …; a 公子/王孙 portrait with two of its luxuries
and a 咏物 creature thriving on favour, 燕, 蝇, 鼠 …, are satire; a strongest mood under 2.8 that no
title occasion, subject or stated feeling backs — a lone 故人, 玉, 月, 秋 — gives way to calm;
少年行 is the knight-errant's): dev 85.6 %, dev2 84.6 %, heldout2 73.4 %, heldout3 88.0 %,
heldout4 87.8 %, heldout5 83.2 %, heldout6 79.2 %, heldout7 73.5 % (strict 68.4 %), wellknown
93.0 % (mean of the nine 83.1 %; before them: 85.6, 84.6, 71.6, 84.3, 87.8, 83.2, 77.2, 68.4,
93.0, mean 81.7). Tried and left out: season words (秋, 寒, 霜, 凉, 冷) counting half when no grief
is stated lost five poems and gained none — the autumn poems read calm by the readers hold 残,
空, 暮 as well; 何必 as a negation traded one poem for another.

Figures after the cue classes and title occasions learnt from heldout6 (a feeling stated in the
last couplet outweighs scenery, which sets calm or gladness only when the ending does not state
another feeling; 无题 only opening the title; 别馆 no parting; 卧病, 寄, 过酒家, 游仙 and feasts,
a night at a temple): dev 85.6 %, dev2 84.6 %, heldout2 71.6 %, heldout3 84.3 %, heldout4
87.8 %, heldout5 83.2 %, heldout6 77.2 %, wellknown 93.0 % (mean 83.4 %; before them: 84.1,
84.6, 69.7, 84.3, 85.4, 82.2, 66.3, 93.0, mean 81.2).

Figures after the rules learnt from heldout5 (spring seen going, birds in pairs beside a lone
woman, satire's cues, banquets and congratulations, homesickness at a temple, the mood a poem
ends in, titles that set down one's lot): dev 84.1 %, dev2 84.6 %, heldout2 69.7 %, heldout3
84.3 %, heldout4 85.4 %, heldout5 82.2 %, wellknown 93.0 % (before them: 84.1, 84.6, 68.8,
84.3, 84.1, 58.4, 93.0).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from songsmith.poetry.analysis import analyse_text  # noqa: E402
from songsmith.style.mood import MOODS, mood_of_analysis  # noqa: E402

SETS = {
    "dev": ROOT / "bench" / "mood_eval" / "dev.yaml",
    "dev2": ROOT / "bench" / "mood_eval" / "dev2.yaml",
    "heldout2": ROOT / "bench" / "mood_eval" / "heldout2.yaml",
    "heldout3": ROOT / "bench" / "mood_eval" / "heldout3.yaml",
    "heldout4": ROOT / "bench" / "mood_eval" / "heldout4.yaml",
    "heldout5": ROOT / "bench" / "mood_eval" / "heldout5.yaml",
    "heldout6": ROOT / "bench" / "mood_eval" / "heldout6.yaml",
    "heldout7": ROOT / "bench" / "mood_eval" / "heldout7.yaml",
    "heldout8": ROOT / "bench" / "mood_eval" / "heldout8.yaml",
    "heldout9": ROOT / "bench" / "mood_eval" / "heldout9.yaml",
    "heldout10": ROOT / "bench" / "mood_eval" / "heldout10.yaml",
    "train1": ROOT / "bench" / "mood_eval" / "train1.yaml",
    "heldout11": ROOT / "bench" / "mood_eval" / "heldout11.yaml",
    "train2": ROOT / "bench" / "mood_eval" / "train2.yaml",
    "heldout12": ROOT / "bench" / "mood_eval" / "heldout12.yaml",
    "train3": ROOT / "bench" / "mood_eval" / "train3.yaml",
    "heldout13": ROOT / "bench" / "mood_eval" / "heldout13.yaml",
    "train4": ROOT / "bench" / "mood_eval" / "train4.yaml",
    "heldout14": ROOT / "bench" / "mood_eval" / "heldout14.yaml",
    "wellknown": ROOT / "bench" / "mood_labels.yaml",
}
LEARNED = True
HELD_OUT = "heldout14"  # the set no rule and no model training has read
TARGETS = {"heldout14": 0.85, "train4": 0.8, "heldout13": 0.8, "train3": 0.8, "heldout12": 0.8, "train2": 0.8, "heldout11": 0.8, "train1": 0.8, "heldout10": 0.8, "heldout9": 0.8, "heldout8": 0.8, "heldout7": 0.8, "heldout6": 0.8, "heldout5": 0.8, "heldout4": 0.8, "heldout3": 0.8, "heldout2": 0.8, "dev": 0.8, "dev2": 0.8, "wellknown": 0.8}


def score(poems: list[dict[str, Any]]) -> tuple[int, int, Counter[str], Counter[str], Counter[tuple[str, str]], list[Any]]:
    right = strict = 0
    per_mood: Counter[str] = Counter()
    per_mood_right: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for poem in poems:
        accepted = poem["moods"]
        assert all(m in MOODS for m in accepted), poem["title"]
        analysis = analyse_text(poem["text"], title=poem["title"], author=poem.get("author"))
        result = mood_of_analysis(analysis, learned=LEARNED)
        per_mood[accepted[0]] += 1
        readers = poem.get("readers")
        strict += readers is not None and all(result.primary in moods for moods in readers.values())
        if result.primary in accepted:
            right += 1
            per_mood_right[accepted[0]] += 1
        else:
            confusion[(accepted[0], result.primary)] += 1
            misses.append((poem["title"], poem.get("author"), accepted, result))
    return right, strict, per_mood, per_mood_right, confusion, misses


def _top(scores: dict[str, float]) -> str:
    return min(MOODS, key=lambda m: (-scores[m], MOODS.index(m)))


def cross_validate() -> None:
    """Each development set scored by a model trained on the other development sets (and the
    rules alone, which were written from all of them): what the model does on poems it never saw."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from train_mood_model import SETTINGS, examples, train

    from songsmith.style.mood_model import parse_model

    names = [name for name in SETS if name != HELD_OUT and SETS[name].is_file()]
    rows = {name: examples(SETS[name]) for name in names}
    right = rules = count = 0
    for name in names:
        trained = train([row for other in names if other != name for row in rows[other]])
        model = parse_model({"moods": list(MOODS), "rule_scale": SETTINGS["rule_scale"], **trained})
        ours = sum(_top(model.probabilities(found, raw)) in moods for found, raw, moods in rows[name])
        alone = sum(_top(raw) in moods for _, raw, moods in rows[name])
        print(f"{name}: model trained without it {ours}/{len(rows[name])} = {ours / len(rows[name]):.1%}; "
              f"rules alone {alone / len(rows[name]):.1%}")
        right, rules, count = right + ours, rules + alone, count + len(rows[name])
    print(f"all development sets: {right}/{count} = {right / count:.1%} (rules alone {rules / count:.1%})")


def report(name: str, verbose: bool) -> bool:
    if not SETS[name].is_file():
        print(f"{name}: {SETS[name].relative_to(ROOT)} not labelled yet")
        return True
    poems = yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["poems"]
    right, strict, per_mood, per_mood_right, confusion, misses = score(poems)
    covered = sorted(per_mood, key=MOODS.index)
    target = TARGETS[name]
    print(f"{name}: {right}/{len(poems)} = {right / len(poems):.1%}  (target ≥ {target:.0%}; "
          f"moods covered {len(covered)}/{len(MOODS)})")
    if any("readers" in poem for poem in poems):
        print(f"  strict (in every reader's moods): {strict}/{len(poems)} = {strict / len(poems):.1%}")
    print("  per labelled mood: " + ", ".join(f"{m} {per_mood_right[m]}/{per_mood[m]}" for m in covered))
    if confusion:
        print("  confusions (label → predicted): "
              + ", ".join(f"{a}→{b} ×{n}" for (a, b), n in confusion.most_common()))
    if verbose:
        for title, author, accepted, result in misses:
            print(f"  miss: {title} ({author}) labelled {'/'.join(accepted)}, got {result.primary}: "
                  + "; ".join(result.explain()[:3]))
    return right / len(poems) >= target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=[*SETS, "all", "development"], default="all",
                        help="one set, all of them, or the development sets (all but the held-out one)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss with its cues")
    parser.add_argument("--rules-only", action="store_true", help="score the cue rules without the learned model")
    parser.add_argument("--cross", action="store_true",
                        help="score each development set with a model trained on the others")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.cross:
        cross_validate()
        print(f"time: {time.perf_counter() - started:.2f} s")
        return 0
    global LEARNED
    LEARNED = not args.rules_only
    names = {"all": list(SETS), "development": [n for n in SETS if n != HELD_OUT]}.get(args.set, [args.set])
    ok = all([report(name, args.verbose) for name in names])
    print(f"time: {time.perf_counter() - started:.2f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
