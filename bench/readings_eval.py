"""Reading accuracy on annotated polyphone occurrences: songsmith against plain pypinyin.

The sets under bench/readings_eval/ (format in dev.yaml's header), each file's header saying
where its occurrences come from, how they were annotated and, for a former held-out set, its score:

* ``dev.yaml`` — development: occurrences in 唐詩三百首, used while writing the rules;
* ``dev2.yaml``, ``dev3.yaml`` … — development: former held-out sets, each scored once and then
  used to improve the rules (``dev16.yaml`` and ``dev19.yaml`` were development from the start,
  drawn at the characters that went wrong most);
* ``heldout.yaml`` — held-out: occurrences in poems used in none of them, selected mechanically
  by ``bench/readings_eval_corpus.py``, annotated and committed before it was scored, and never
  used to change the rules.

For each set: songsmith's accuracy, plain pypinyin's (``lazy_pinyin(line, style=TONE)`` on the
simplified line), and the remaining errors by class: what decides the reading (sense, metre,
rhyme, from the annotation's reason), the character, and what songsmith did (kept pypinyin's
reading for want of a rule, or a sense rule, the metre or the rhyme chose wrongly).

    .venv/bin/python bench/readings_eval.py [--verbose] [--sets dev,dev2,dev3]

Goal: ≥ 97 % on the held-out set.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "bench" / "readings_eval"
# every set on disk, the development sets in their order (dev, dev2, dev3 …), then the held-out set
SETS = tuple([(path.stem, "development") for path in sorted(
    DATA.glob("dev*.yaml"), key=lambda path: int(path.stem[3:] or 1))] + [("heldout", "held-out")])


def decided_by(reason: str) -> str:
    if "rhyme foot" in reason:
        return "rhyme"
    if any(word in reason for word in ("slot", "律句", "unrhymed line", "三平尾")):
        return "metre"
    return "sense"


def _cause(rule: str | None) -> str:
    if rule is None:
        return "no rule (pypinyin's reading kept)"
    if rule in ("metre-slot", "metre-line", "rhyme-group") or rule.startswith("zdic-phrase"):
        return rule.split(":")[0]
    return "a sense rule misfired"


def evaluate(path: Path, role: str, verbose: bool) -> None:
    import yaml
    from pypinyin import Style, lazy_pinyin

    from songsmith.language import is_cjk
    from songsmith.poetry.analysis import analyse_text

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    analyses = {}
    ours = plain = 0
    errors: Counter[str] = Counter()
    by_char: Counter[str] = Counter()
    by_cause: Counter[str] = Counter()
    cases = data["cases"]
    for case in cases:
        key = case["poem"]
        if key not in analyses:
            title = key.split("|")[0]
            analyses[key] = analyse_text(data["poems"][key], title=title, form=case.get("form"))
        analysis = analyses[key]
        line = analysis.lines[case["line"] - 1]
        assert line.simplified == case["text"], (key, case["line"], line.simplified, case["text"])
        accepted = {case["reading"], *case.get("also", [])}
        # a line's pinyin has one reading per Han character: a lost character (□) before the
        # case's has none, so count the Han characters before it
        at = sum(1 for c in case["text"][:case["index"]] if is_cjk(c))
        mine = line.pinyin[at]
        theirs = lazy_pinyin(case["text"], style=Style.TONE, errors=lambda s: [None] * len(s))[case["index"]]
        ours += mine in accepted
        plain += theirs in accepted
        if mine not in accepted:
            errors[decided_by(case["reason"])] += 1
            by_char[case["char"]] += 1
            rule = next((c.rule for c in analysis.readings
                         if c.line == case["line"] - 1 and c.index == case["index"]), None)
            by_cause[_cause(rule)] += 1
        if verbose and mine not in accepted:
            marked = case["text"][:case["index"]] + "[" + case["char"] + "]" + case["text"][case["index"] + 1:]
            print(f"  BAD {key.split('|')[0]} {case['line']}: {marked} expected {case['reading']} "
                  f"({case['reason']}), songsmith {mine} ({rule or 'no rule'}), pypinyin {theirs}")
    total = len(cases)
    print(f"{path.stem} ({role}): {total} occurrences in {len(data['poems'])} poems")
    print(f"  songsmith:      {ours}/{total} = {ours / total:.1%}")
    print(f"  plain pypinyin: {plain}/{total} = {plain / total:.1%}")
    if errors:
        print("  errors by what decides the reading: " + ", ".join(f"{k} {v}" for k, v in errors.most_common()))
        print("  errors by character: " + ", ".join(f"{k} {v}" for k, v in by_char.most_common()))
        print("  errors by what songsmith did: " + ", ".join(f"{k} {v}" for k, v in by_cause.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", "-v", action="store_true", help="List every error.")
    parser.add_argument("--sets", default=",".join(name for name, _ in SETS),
                        help="Comma-separated sets to score (the development sets only while writing rules).")
    args = parser.parse_args()
    chosen = args.sets.split(",")
    for name, role in SETS:
        if name not in chosen:
            continue
        path = DATA / f"{name}.yaml"
        if path.is_file():
            evaluate(path, role, args.verbose)
        else:
            print(f"{name}: {path} not found")


if __name__ == "__main__":
    main()
