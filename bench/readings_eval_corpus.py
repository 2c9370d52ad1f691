"""The corpus side of the readings evaluation: which poems are held out, and what may be read.

The held-out set (``bench/readings_eval/heldout.yaml``) is drawn mechanically from a part of the
corpus that rule writing never reads:

* 全唐诗 poems whose ``sha1(SALT + "|" + id)`` starts with ``0`` (1/16 of the poems; :data:`SALT`),
  except the poems of 唐詩三百首 and of the development sets (any poem sharing a line of five or
  more characters with one of them). The salt changes when a held-out set has been scored and
  becomes development material (``readings-heldout-2`` drew ``dev3.yaml``; each former held-out
  set's header names the salt that drew it);
* the 词 of 宋词三百首 that no development set uses and that share no such line with one;
* never a poem holding a line that ``contexts`` showed while rules were written (``seen.txt``,
  from the fourth held-out set on).

``select`` lists the held-out occurrences to annotate: for each polyphone of :data:`CHARS`, its
occurrences in that part ordered by ``sha1(id|line|index)``, at most one per poem and character,
the first five in 全唐诗 and two in 宋词三百首 (more 全唐诗 ones where the 词 have fewer). The sets drawn
with the salts readings-heldout-3 to readings-heldout-24 took four and two (that of readings-heldout-2
five); with four, the twenty-fourth found 295 and the next 299 occurrences, under the 300 a
held-out set must have. It
writes the poems' texts and the cases without any reading, for the annotator to fill in.

``contexts`` prints the lines holding a character (or a string) in the *rest* of 全唐诗, for
writing rules: lines of held-out poems are never shown, wherever they occur, and every line it
shows is added to ``seen.txt``, so that no later held-out set draws a poem already read.

    .venv/bin/python bench/readings_eval_corpus.py select > skeleton.yaml
    .venv/bin/python bench/readings_eval_corpus.py contexts 骑 [--limit 200]
    .venv/bin/python bench/readings_eval_corpus.py develop 为还重 --salt readings-dev-16 > skeleton.yaml

``develop`` draws a development skeleton aimed at given characters, from poems outside the
held-out part and sharing no line with a held-out poem.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpora" / "chinese-poetry"
DATA = ROOT / "bench" / "readings_eval"
SALT = "readings-heldout-31"
CHARS = "中为乘令传冠分单参叹听吹好将少干应当忘思探教数斜景曲更望朝燕相看着禁种空胜著行衰见观论调载过还醒重长间降难骑傍"
TANG_PER_CHAR, CI_PER_CHAR = 5, 2
MIN_SHARED = 5


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def verse_lines(poem) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """The poem's verse lines as the analysis splits them, and their simplified forms."""
    from songsmith.poetry.analysis import _simplify_lines
    from songsmith.poetry.prosody import split_verse_lines

    display = split_verse_lines("\n".join(poem.lines))
    return display, _simplify_lines(display)


@lru_cache(maxsize=1)
def development_lines() -> frozenset[str]:
    """Simplified lines (≥ 5 characters) of 唐詩三百首 and of the development sets."""
    import yaml

    from songsmith.poetry.corpus import load_chinese_poetry

    lines: set[str] = set()
    for poem in load_chinese_poetry(CORPUS / "蒙学" / "tangshisanbaishou.json"):
        lines.update(s for s in verse_lines(poem)[1] if len(s) >= MIN_SHARED)
    from songsmith.poetry.analysis import _simplify_lines
    from songsmith.poetry.prosody import split_verse_lines

    for path in sorted(DATA.glob("dev*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for text in data["poems"].values():
            # a set's poems are verse lines (dev.yaml) or the corpus's couplets (sets drawn by select)
            lines.update(s for s in _simplify_lines(split_verse_lines(text)) if len(s) >= MIN_SHARED)
    return frozenset(s.strip() for s in lines)


@lru_cache(maxsize=1)
def seen_lines() -> frozenset[str]:
    """Lines ``contexts`` showed while rules were written (``seen.txt``): their poems are not drawn."""
    path = DATA / "seen.txt"
    if not path.is_file():
        return frozenset()
    text = path.read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def development_ids() -> frozenset[str]:
    """The corpus ids of the development sets' poems."""
    import yaml

    ids: set[str] = set()
    for path in sorted(DATA.glob("dev*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.update(key.rsplit("|", 1)[-1] for key in data["poems"])  # any id: 宋词 ids are not all "宋词三百首#N"
    return frozenset(ids)


def tang_held_out(poem_id: str) -> bool:
    return _hash(f"{SALT}|{poem_id}").startswith("0")


def held_out_poems() -> Iterator[tuple[str, object, list[str], list[str]]]:
    """(collection, poem, display lines, simplified lines) of every held-out poem."""
    from songsmith.poetry.corpus import load_chinese_poetry

    dev, used = development_lines() | seen_lines(), development_ids()
    for poem in load_chinese_poetry(CORPUS / "全唐诗"):
        if not tang_held_out(poem.id):
            continue
        display, simple = verse_lines(poem)
        if simple and poem.id not in used and not dev.intersection(simple):
            yield "全唐诗", poem, display, simple
    for poem in load_chinese_poetry(CORPUS / "宋词" / "宋词三百首.json"):
        display, simple = verse_lines(poem)
        if poem.id not in used and simple and not dev.intersection(simple):
            yield "宋词三百首", poem, display, simple


def select() -> dict[str, object]:
    per_char: dict[str, dict[str, list[tuple[str, object, int, int, list[str], list[str]]]]] = {
        c: {"全唐诗": [], "宋词三百首": []} for c in CHARS}
    for collection, poem, display, simple in held_out_poems():
        for char in CHARS:
            found = [(li, j) for li, line in enumerate(simple) for j, c in enumerate(line) if c == char]
            if not found:
                continue
            li, j = min(found, key=lambda at: _hash(f"{poem.id}|{at[0]}|{at[1]}"))  # type: ignore[attr-defined]
            per_char[char][collection].append(
                (_hash(f"{poem.id}|{li}|{j}"), poem, li, j, display, simple))  # type: ignore[attr-defined]
    poems: dict[str, str] = {}
    cases: list[dict[str, object]] = []
    for char in CHARS:
        ci = sorted(per_char[char]["宋词三百首"], key=lambda x: x[0])[:CI_PER_CHAR]
        tang = sorted(per_char[char]["全唐诗"], key=lambda x: x[0])[:TANG_PER_CHAR + CI_PER_CHAR - len(ci)]
        for _, poem, li, j, display, simple in tang + ci:
            key = f"{poem.title}|{poem.author}|{poem.id}"  # type: ignore[attr-defined]
            poems[key] = "\n".join(poem.lines)  # type: ignore[attr-defined]
            case: dict[str, object] = {"poem": key, "line": li + 1, "index": j, "char": char,
                                       "text": simple[li], "reading": None, "reason": None}
            if poem.form == "词":  # type: ignore[attr-defined]
                case["form"] = "词"
            cases.append(case)
    return {"cases": cases, "poems": poems}


def develop(salt: str, chars: str, per_char: int) -> dict[str, object]:
    """A development skeleton aimed at the characters that still go wrong: for each of ``chars``,
    ``per_char`` occurrences (one per poem) in 全唐诗 poems outside the held-out part, the
    development sets and any poem sharing a line with a held-out poem, in sha1(salt|id|line|index)
    order. Its poems are development material from the start; nothing of the held-out part is read."""
    from songsmith.poetry.corpus import load_chinese_poetry

    hidden: set[str] = set()
    for _, _, _, simple in held_out_poems():
        hidden.update(line for line in simple if len(line) >= MIN_SHARED)
    dev, used = development_lines(), development_ids()
    found: dict[str, list[tuple[str, object, int, int, list[str]]]] = {c: [] for c in chars}
    taken: set[str] = set()
    for poem in load_chinese_poetry(CORPUS / "全唐诗"):
        if tang_held_out(poem.id) or poem.id in used:
            continue
        display, simple = verse_lines(poem)
        if not simple or hidden.intersection(simple) or dev.intersection(simple):
            continue
        for char in chars:
            spots = [(li, j) for li, line in enumerate(simple) for j, c in enumerate(line) if c == char]
            if spots:
                li, j = min(spots, key=lambda at: _hash(f"{salt}|{poem.id}|{at[0]}|{at[1]}"))
                found[char].append((_hash(f"{salt}|{poem.id}|{li}|{j}"), poem, li, j, simple))
    poems: dict[str, str] = {}
    cases: list[dict[str, object]] = []
    for char in chars:
        for _, poem, li, j, simple in sorted(found[char], key=lambda x: x[0]):
            if sum(1 for c in cases if c["char"] == char) >= per_char:
                break
            line = simple[li]
            if line in taken:  # the same line in two collections
                continue
            taken.add(line)
            key = f"{poem.title}|{poem.author}|{poem.id}"  # type: ignore[attr-defined]
            poems[key] = "\n".join(poem.lines)  # type: ignore[attr-defined]
            cases.append({"poem": key, "line": li + 1, "index": j, "char": char, "text": line,
                          "reading": None, "reason": None})
    return {"cases": cases, "poems": poems}


def _record_seen(line: str) -> None:
    """Add a shown line to ``seen.txt`` so no later held-out set draws its poem."""
    if line in seen_lines():
        return
    with (DATA / "seen.txt").open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def contexts(target: str, limit: int, written: str | None = None) -> None:
    from songsmith.poetry.corpus import load_chinese_poetry

    hidden: set[str] = set()
    for _, _, _, simple in held_out_poems():
        hidden.update(simple)
    shown = 0
    for poem in load_chinese_poetry(CORPUS / "全唐诗"):
        if tang_held_out(poem.id):
            continue
        display, simple = verse_lines(poem)
        for li, line in enumerate(simple):
            if written is not None:  # TEXT (simplified) written with `written` in the original
                at = line.find(target)
                if at < 0 or not display[li][at:at + len(target)].startswith(written):
                    continue
            if target in line and line not in hidden:
                before = simple[li - 1] if li else ""
                after = simple[li + 1] if li + 1 < len(simple) else ""
                print(f"{line}\t[{before} / {after}]\t{poem.title}|{poem.author}")
                _record_seen(line)
                shown += 1
                if shown >= limit:
                    return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("select", help="Print the held-out occurrences to annotate (YAML).")
    dev = sub.add_parser("develop", help="Print a development skeleton for some characters (YAML).")
    dev.add_argument("chars", help="The characters, e.g. 为还重")
    dev.add_argument("--salt", required=True, help="Orders the draw; a new one for each set.")
    dev.add_argument("--per-char", type=int, default=25)
    ctx = sub.add_parser("contexts", help="Lines holding TEXT outside the held-out poems.")
    ctx.add_argument("text")
    ctx.add_argument("--limit", type=int, default=200)
    ctx.add_argument("--written", help="Only where the original (traditional) text writes TEXT's "
                                       "first character(s) as this (干 written 乾).")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpus not found: {CORPUS}")
    if args.command == "select":
        import yaml

        print(yaml.safe_dump(select(), allow_unicode=True, sort_keys=False, width=120))
    elif args.command == "develop":
        import yaml

        print(yaml.safe_dump(develop(args.salt, args.chars, args.per_char), allow_unicode=True,
                             sort_keys=False, width=120))
    else:
        contexts(args.text, args.limit, args.written)


if __name__ == "__main__":
    main()
