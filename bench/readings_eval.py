"""Reading accuracy on annotated polyphone occurrences: songsmith against plain pypinyin.

The development sets and the held-out set under bench/readings_eval/ (format in dev.yaml's header):

* ``dev.yaml`` — development: occurrences in 唐詩三百首, used while writing the rules;
* ``dev2.yaml`` — development: occurrences in other well-known poems (全唐诗 outside the 300,
  宋词三百首); the first held-out set, scored once, then used to improve the rules;
* ``dev3.yaml`` — development: the second held-out set, scored once (92.1 %), then used to
  improve the rules;
* ``dev4.yaml`` — development: the third held-out set, scored once (93.1 %), then used to
  improve the rules;
* ``dev5.yaml`` — development: the fourth held-out set, scored once (93.0 %), then used to
  improve the rules;
* ``dev6.yaml`` — development: the fifth held-out set, scored once (93.9 %), then used to
  improve the rules;
* ``dev7.yaml`` — development: the sixth held-out set (two annotators), scored once (93.9 %),
  then used to improve the rules;
* ``dev8.yaml`` — development: the seventh held-out set (two annotators), scored once (93.6 %),
  then used to improve the rules;
* ``dev9.yaml`` — development: the eighth held-out set (two annotators), scored once (91.6 %),
  then used to improve the rules;
* ``dev10.yaml`` — development: the ninth held-out set (two annotators), scored once (93.8 %),
  then used to improve the rules;
* ``dev11.yaml`` — development: the tenth held-out set (two annotators), scored once (93.2 %),
  then used to improve the rules;
* ``dev12.yaml`` — development: the eleventh held-out set, scored once (94.2 %), then used to
  improve the rules;
* ``dev13.yaml`` — development: the twelfth held-out set (two annotators), scored once (96.8 %),
  then used to improve the rules;
* ``dev14.yaml`` — development: the thirteenth held-out set (two annotators), scored once
  (95.2 %), then used to improve the rules;
* ``dev15.yaml`` — development: the fourteenth held-out set (two annotators), scored once
  (95.4 %), then used to improve the rules;
* ``dev16.yaml`` — development from the start: 360 occurrences of the twelve characters that
  went wrong most on fresh sets, drawn by ``readings_eval_corpus.py develop`` outside the
  held-out part;
* ``dev17.yaml`` — development: the fifteenth held-out set (two annotators), scored once
  (95.3 %), then used to improve the rules;
* ``dev18.yaml`` — development: the sixteenth held-out set (two annotators), scored once
  (94.8 %), then used to improve the rules;
* ``dev19.yaml`` — development from the start: 345 occurrences of 23 characters that went wrong
  on the fifteenth and sixteenth fresh sets, drawn by ``readings_eval_corpus.py develop``;
* ``dev20.yaml`` — development: the seventeenth held-out set (two annotators), scored once
  (94.2 %), then used to improve the rules;
* ``dev21.yaml`` — development: the eighteenth held-out set (two annotators), scored once
  (96.4 %), then used to improve the rules;
* ``dev22.yaml`` — development: the nineteenth held-out set (two annotators), scored once
  (96.4 %), then used to improve the rules;
* ``dev23.yaml`` — development: the twentieth held-out set (two annotators), scored once
  (94.4 %), then used to improve the rules;
* ``dev24.yaml`` — development: the twenty-first held-out set (two annotators), scored once
  (95.7 %), then used to improve the rules;
* ``dev25.yaml`` — development: the twenty-second held-out set (two annotators), scored once
  (97.0 %), then used to improve the rules;
* ``dev26.yaml`` — development: the twenty-third held-out set (two annotators), scored once
  (95.4 %), then used to improve the rules;
* ``dev27.yaml`` — development: the twenty-fourth held-out set (two annotators), scored once
  (94.6 %), then used to improve the rules;
* ``dev28.yaml`` — development: the twenty-fifth held-out set (two annotators), scored once
  (96.5 %), then used to improve the rules;
* ``dev29.yaml`` — development: the twenty-sixth held-out set (two annotators), scored once
  (95.1 %), then used to improve the rules;
* ``dev30.yaml`` — development: the twenty-seventh held-out set (two annotators), scored once
  (97.4 %), then used to improve the rules;
* ``dev31.yaml`` — development: the twenty-eighth held-out set (two annotators), scored once
  (96.6 %), then used to improve the rules;
* ``heldout.yaml`` — held-out: occurrences in poems used in neither, selected mechanically by
  ``bench/readings_eval_corpus.py``, annotated and committed before it was scored, and never
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
SETS = (("dev", "development"), ("dev2", "development, the first held-out set"),
        ("dev3", "development, the second held-out set"), ("dev4", "development, the third held-out set"),
        ("dev5", "development, the fourth held-out set"), ("dev6", "development, the fifth held-out set"),
        ("dev7", "development, the sixth held-out set"), ("dev8", "development, the seventh held-out set"),
        ("dev9", "development, the eighth held-out set"), ("dev10", "development, the ninth held-out set"),
        ("dev11", "development, the tenth held-out set"), ("dev12", "development, the eleventh held-out set"),
        ("dev13", "development, the twelfth held-out set"), ("dev14", "development, the thirteenth held-out set"),
        ("dev15", "development, the fourteenth held-out set"),
        ("dev16", "development, aimed at twelve characters"),
        ("dev17", "development, the fifteenth held-out set"),
        ("dev18", "development, the sixteenth held-out set"),
        ("dev19", "development, aimed at 23 characters"),
        ("dev20", "development, the seventeenth held-out set"),
        ("dev21", "development, the eighteenth held-out set"),
        ("dev22", "development, the nineteenth held-out set"),
        ("dev23", "development, the twentieth held-out set"),
        ("dev24", "development, the twenty-first held-out set"),
        ("dev25", "development, the twenty-second held-out set"),
        ("dev26", "development, the twenty-third held-out set"),
        ("dev27", "development, the twenty-fourth held-out set"),
        ("dev28", "development, the twenty-fifth held-out set"),
        ("dev29", "development, the twenty-sixth held-out set"),
        ("dev30", "development, the twenty-seventh held-out set"),
        ("dev31", "development, the twenty-eighth held-out set"),
        ("heldout", "held-out"))


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
