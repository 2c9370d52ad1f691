"""Songwriter's craft on 唐詩三百首: variety of the spells, contradictions, arrangement, length, moods.

    .venv/bin/python bench/craft_tangshi.py [CORPUS_JSON] [--target suno] [--no-before]

Renders every poem in-process with the offline backend (5 candidates, for the general audience and
for children) and prints, against the goals:

* distinct first style prompts (goal ≥ 280 of 320);
* songs with contradictory descriptors in any candidate (goal 0; the rules of
  ``prompts/lint/contradictions.yaml``, the ones ``songsmith check`` applies);
* songs with two identical sections back to back (goal 0);
* songs over the target's length without a part split or excerpt (goal 0), 长恨歌 and 琵琶行 shown;
* children's renders whose candidates ask for unsuitable words (goal 0);
* held-out mood accuracy (goal ≥ 85 %; ``bench/mood_accuracy.py``'s held-out set, labelled by two separate readers, scored once, not tuned on);
* five poems side by side, before (the code of the ``main`` branch, from ``git archive``) and after;
* the styles of the six Esperanto corpus songs and the English sample songs, with their metre.

Exit status 1 when a goal is missed, 2 when the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "corpora"
DEFAULT = SHARED / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
ESPERANTO = SHARED / "esperanto"
ENGLISH = [ROOT / "corpora" / "songs" / "the-star.yaml", ROOT / "corpora" / "songs" / "the-last-rose-of-summer.yaml"]
SIDE_BY_SIDE = ["登高", "春望", "蜀道难", "将进酒", "春晓"]
LONG = ["长恨歌", "琵琶行"]

# Run inside a copy of another revision: render the named poems, print JSON (sections and spell).
_SNAPSHOT = r"""
import json, sys, tempfile
# the copy's code and data, not the editable install's
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in (getattr(f, "__module__", "") or "")]
sys.path.insert(0, sys.argv[1])
import os
for data in ("prompts", "corpora"):  # laid out as in the wheel: songsmith.prompts, songsmith.corpora
    os.symlink(os.path.join(sys.argv[1], data), os.path.join(sys.argv[1], "songsmith", data))
from songsmith.pipeline.render import Renderer
from songsmith.poetry.corpus import load_chinese_poetry
from songsmith.style.backends import get_backend
from songsmith.poetry.script import to_simplified
titles = json.loads(sys.argv[3])
out = {}
with tempfile.TemporaryDirectory() as tmp:
    renderer = Renderer(tmp, backend=get_backend("offline"), candidates=5)
    for poem in load_chinese_poetry(sys.argv[2]):
        if to_simplified(poem.title) in titles and poem.title not in out:
            song = renderer.render_poem(poem).song
            out[to_simplified(poem.title)] = {"style": song.style.prompt,
                               "sections": [[s.tag or s.kind, list(s.lines)] for s in song.sections]}
print(json.dumps(out, ensure_ascii=False))
"""


def back_to_back(sections: list[Any]) -> list[str]:
    """The arrangement rule's findings (:func:`songsmith.style.arrange.plan.back_to_back`): a section
    twice in a row, a section singing again what the one before ended on, a line doubled."""
    from songsmith.style.arrange.plan import back_to_back as findings

    return findings([(s.label, [line for line in s.lines if line]) for s in sections])


def seconds_of(song: Any) -> float:
    from songsmith.targets.timing import total_seconds

    bpm = song.style.tempo_bpm or 72
    return total_seconds([(s.kind, [line for line in s.lines if line]) for s in song.sections], bpm)


def render_all(corpus: str, target: str, audience: str | None) -> list[Any]:
    from songsmith.pipeline.render import Renderer
    from songsmith.poetry.corpus import load_chinese_poetry
    from songsmith.style.backends import get_backend
    from songsmith.style.base import Hints

    with tempfile.TemporaryDirectory() as tmp:
        renderer = Renderer(tmp, backend=get_backend("offline"), candidates=5,
                            hints=Hints(audience=audience, target=target))
        return [renderer.render_poem(poem) for poem in load_chinese_poetry(corpus)]


def before(corpus: str, titles: list[str]) -> dict[str, Any] | str:
    """The named poems rendered by the ``main`` branch's code, or why not."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", "main"], check=True, capture_output=True)
            subprocess.run(["tar", "-x", "-C", tmp], input=archive.stdout, check=True, capture_output=True)
            ran = subprocess.run([sys.executable, "-c", _SNAPSHOT, tmp, corpus, json.dumps(titles)],
                                 check=True, capture_output=True, text=True, cwd=tmp)
        except OSError as exc:
            return f"(before not available: {exc})"
        except subprocess.CalledProcessError as exc:
            return f"(before not available: {str(exc.stderr).strip().splitlines()[-1:]})"
        return dict(json.loads(ran.stdout))


def find(results: list[Any], title: str) -> Any:
    """The render of the poem titled ``title`` (simplified or traditional), or None."""
    from songsmith.poetry.script import to_simplified

    return next((r for r in results if r.song.source and to_simplified(r.song.source.title or "") == title), None)


def shape(sections: list[tuple[str, list[str]]]) -> list[str]:
    return [f"[{tag}] " + " / ".join(line for line in lines if line) for tag, lines in sections]


def mood_heldout() -> tuple[str, int, int]:
    """The held-out set of bench/mood_accuracy.py, scored with the mood reader as it ships."""
    import yaml

    from mood_accuracy import HELD_OUT, SETS

    from songsmith.poetry.analysis import analyse_text
    from songsmith.style.mood import mood_of_analysis

    if not SETS[HELD_OUT].is_file():
        return HELD_OUT, 0, 0
    poems = yaml.safe_load(SETS[HELD_OUT].read_text(encoding="utf-8"))["poems"]
    right = sum(mood_of_analysis(analyse_text(p["text"], title=p["title"], author=p.get("author"))).primary
                in p["moods"] for p in poems)
    return HELD_OUT, right, len(poems)


def other_languages() -> list[tuple[str, str, str, str]]:
    """(file, language, metre, first style prompt) of the Esperanto corpus and the English songs."""
    from songsmith.pipeline.render import Renderer
    from songsmith.style.backends import get_backend

    paths = sorted(ESPERANTO.glob("*.txt")) if ESPERANTO.is_dir() else []
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        renderer = Renderer(tmp, backend=get_backend("offline"), candidates=5, restyle=True)
        for path in [*paths, *ENGLISH]:
            for result in renderer.render_path(str(path)):
                if isinstance(result, Exception):
                    out.append((path.name, "?", "?", f"error: {result}"))
                    continue
                song = result.song
                out.append((path.name, song.language or "?", _metre(song), song.style.prompt or ""))
    return out


def _metre(song: Any) -> str:
    lines = [line for s in song.sections for line in s.lines if line]
    if song.language == "eo":
        from songsmith.esperanto.analysis import analyse_text

        return str(analyse_text("\n".join(dict.fromkeys(lines))).metre)
    from songsmith.style.lyricstyle import english_metre

    return str(english_metre(list(dict.fromkeys(lines)))[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT))
    parser.add_argument("--target", default="suno")
    parser.add_argument("--no-before", action="store_true", help="skip rendering main's code for comparison")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"corpus not found: {args.corpus} (the shared chinese-poetry corpus)", file=sys.stderr)
        return 2
    from songsmith.document.lint import children_unsuitable, contradicting_words
    from songsmith.style.arrange.length import clock, limits

    general = render_all(args.corpus, args.target, None)
    children = render_all(args.corpus, args.target, "children")
    n = len(general)
    ok = True

    def goal(label: str, value: int | float, met: bool, detail: str = "") -> None:
        nonlocal ok
        ok &= met
        print(f"{'ok  ' if met else 'MISS'} {label}: {value}{detail}")

    firsts = Counter(r.song.style.prompt for r in general)
    goal("distinct first style prompts", f"{len(firsts)}/{n}", len(firsts) >= 280 * n / 320,
         f" (goal ≥ 280/320; the most shared prompt is used {firsts.most_common(1)[0][1]}×)")

    contradicting = []
    for result in [*general, *children]:
        for candidate in result.song.candidates:
            found = contradicting_words(candidate.style or "", candidate.tempo_bpm)
            if found:
                contradicting.append((result.song.title, candidate.style, found[0][2]))
                break
    goal("songs with contradictory descriptors (general + children)", len(contradicting), not contradicting,
         " (goal 0)" + (f"; first: {contradicting[0]}" if contradicting else ""))

    doubled = [f"{r.song.title}: {back_to_back(r.song.sections)[0]}" for r in [*general, *children]
               if back_to_back(r.song.sections)]
    goal("songs with back-to-back identical sections (general + children)", len(doubled), not doubled,
         " (goal 0)" + (f"; e.g. {', '.join(doubled[:5])}" if doubled else ""))

    over = []
    for audience, results in (("general", general), ("children", children)):
        high = limits(args.target, audience if audience == "children" else None)[1]
        for result in results:
            split = any("excerpt" in note or "part " in note for note in result.notes)
            if seconds_of(result.song) > high and not split:
                over.append(f"{result.song.title} ({audience}, {clock(seconds_of(result.song))})")
    goal(f"songs over the {args.target} length without a part split or excerpt", len(over), not over,
         " (goal 0)" + (f"; {', '.join(over[:5])}" if over else ""))
    for title in LONG:
        result = find(general, title)
        if result is None:
            print(f"     {title}: not in the corpus")
            continue
        warning = next((note for note in result.notes if note.startswith("warning: ")), "no warning")
        print(f"     {title}: {clock(seconds_of(result.song))} sung; {warning.removeprefix('warning: ')}")

    unsuitable = []
    for result in children:
        for candidate in result.song.candidates:
            words = children_unsuitable(candidate.style or "")
            if words:
                unsuitable.append((result.song.title, words))
                break
    goal("children's renders with unsuitable words", len(unsuitable), not unsuitable,
         " (goal 0)" + (f"; first: {unsuitable[0]}" if unsuitable else ""))

    name, right, total = mood_heldout()
    goal(f"held-out mood accuracy ({name}: {total} poems, one from each of 90 further poets of 全唐诗, two separate "
         "readers' labels)", f"{right}/{total} = {right / max(total, 1):.1%}", total > 0 and right / total >= 0.85,
         " (goal ≥ 85 %)")

    print("\nfive poems, before (main) and after (this branch)")
    old = {} if args.no_before else before(args.corpus, SIDE_BY_SIDE)
    if isinstance(old, str):
        print(old)
        old = {}
    for title in SIDE_BY_SIDE:
        result = find(general, title)
        if result is None:
            continue
        print(f"\n== {title} ({result.song.source.author})")
        if title in old:
            print(f"  before: {old[title]['style']}")
            for line in shape(old[title]["sections"]):
                print(f"    {line}")
        new = [(s.tag or s.kind, list(s.lines)) for s in result.song.sections]
        print(f"  after:  {result.song.style.prompt}")
        for line in shape(new):
            print(f"    {line}")
        chorus = next((note for note in result.notes if note.startswith("chorus: ")), None)
        if chorus:
            print(f"    ({chorus})")

    print("\nEsperanto corpus and English songs: language, metre, first style")
    for name, language, metre, prompt in other_languages():
        print(f"  {name} [{language}, {metre}]: {prompt}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
