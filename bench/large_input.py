"""Benchmark: time of every command against the size of its input, which must grow linearly.

Inputs made here: a poem file of 1k, 4k and 16k verse lines (7-character lines, varied, in
quatrains), and a song file with 1k and 4k tagged sections. Each command below runs once per
size as ``songsmith …`` in a fresh process (start-up included, the same for every size); the
table gives the wall time per size and the ratio of each size to the one before it: 4 for a 4×
larger input when the time is linear, 16 when it is quadratic.

Commands: ``check``, ``fmt --check``, ``show``, ``analyze`` of the input; ``render`` (no
target), ``render --target suno``, ``render --target all`` (every target, the lyric sheet, the
manifest); then, on the song ``render --target all`` wrote: ``package --target all``, ``check``,
``fmt`` (a rewrite), ``show``, ``export --to lrc`` and ``--to chordpro``, ``import`` of its tagged
export; and ``batch --target all`` of a folder holding the input. A third table times ``batch
--target suno`` of a chinese-poetry JSON file of 250 and 1,000 quatrains (``--poems``). About
0.3 s of every figure is start-up, the same for every size.

Run: ``.venv/bin/python bench/large_input.py [--sizes 1000,4000,16000] [--sections 1000,4000]
[--poems 250,1000] [--only render-suno,…] [--repeat N] [--tree DIR] [--timeout S]``. Each figure
is the best of ``--repeat`` runs (1). ``--tree DIR`` runs the songsmith package found in DIR (a
checkout of another commit) with this venv, for before/after figures; a run longer than
``--timeout`` (600 s) is cut and shown so, a run that fails is shown as ``exit N``. Prints the
machine's load with the figures.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Characters of the verse lines (common in Tang poems), drawn at random with a fixed seed.
HAN = ("山水月风花雪云天日春秋江河人家夜雨心梦长远高寒清明白红青黄孤归飞落流行来去"
       "不见无有一千万里年时声色光影城楼舟客酒歌故乡思君别离愁泪烟草木鸟松竹石门路")
PROGRAM: list[str] = []
COMMANDS = {
    "check": ["check", "{song}"],
    "fmt": ["fmt", "--check", "{song}"],
    "show": ["show", "{song}"],
    "analyze": ["analyze", "{song}"],
    "render": ["render", "{song}", "-o", "{out}/render"],
    "render-suno": ["render", "{song}", "-o", "{out}/suno", "--target", "suno"],
    "render-all": ["render", "{song}", "-o", "{out}/all", "--target", "all"],
    "package-all": ["package", "{rendered}", "-o", "{out}/package", "--target", "all"],
    "check-song": ["check", "{rendered}"],
    "fmt-song": ["fmt", "{rendered}"],
    "show-song": ["show", "{rendered}"],
    "export-lrc": ["export", "{rendered}", "--to", "lrc", "-o", "{out}/song.lrc"],
    "export-cho": ["export", "{rendered}", "--to", "chordpro", "-o", "{out}/song.cho"],
    "import": ["import", "{out}/song.txt", "--from", "tagged", "-o", "{out}/imported.yaml", "--force"],
    "batch": ["batch", "{folder}", "-o", "{out}/batch", "--target", "all"],
}
#: Commands run on the song ``render-all`` wrote (its package, checked, rewritten, exported).
AFTER_RENDER = ("package-all", "check-song", "fmt-song", "show-song", "export-lrc", "export-cho", "import")


def _line(rng: random.Random, end: str) -> str:
    return "".join(rng.choice(HAN) for _ in range(7)) + end


def poem_file(path: Path, lines: int) -> str:
    """A poem file of ``lines`` verse lines; returns its slug."""
    rng = random.Random(lines)
    body = [f"  {_line(rng, '，' if n % 2 == 0 else '。')}" for n in range(lines)]
    path.write_text(f"title: 长歌{lines}\nauthor: 无名氏\ntext: |\n" + "\n".join(body) + "\n", encoding="utf-8")
    return f"chang-ge{lines}"


def song_file(path: Path, sections: int) -> str:
    """A song file of ``sections`` tagged sections of four lines."""
    rng = random.Random(sections)
    parts = []
    for n in range(sections):
        kind = "Chorus" if n % 3 == 2 else f"Verse {n + 1}"
        parts.append(f"  [{kind}]\n" + "\n".join(f"  {_line(rng, '')}" for _ in range(4)))
    path.write_text(f"songsmith: 1\ntitle: 长曲{sections}\nlanguage: zh\nlyrics: |\n" + "\n\n".join(parts) + "\n",
                    encoding="utf-8")
    return f"chang-qu{sections}"


def songsmith(tree: Path | None) -> list[str]:
    """The command that runs songsmith (from ``tree`` when given: ahead of the editable install)."""
    if tree is None:
        return [sys.executable, "-m", "songsmith"]
    return [sys.executable, "-c", f"import sys, runpy; sys.path.insert(0, {str(tree.resolve())!r}); "
            "runpy.run_module('songsmith', run_name='__main__')"]


def run(command: list[str], env: dict[str, str], timeout: float, ok: tuple[int, ...] = (0,)) -> float | str:
    """Seconds the command took, or why there is no figure (cut at the timeout, failed)."""
    started = time.perf_counter()
    try:
        done = subprocess.run([*PROGRAM, *command], env=env, cwd=ROOT, timeout=timeout,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except subprocess.TimeoutExpired:
        return f">{timeout:.0f} (cut)"
    if done.returncode not in ok:
        return f"exit {done.returncode}"
    return time.perf_counter() - started


def best(command: list[str], env: dict[str, str], timeout: float, repeat: int) -> float | str:
    """The best of ``repeat`` runs, each into a fresh output folder (a second render or batch into
    the same one would find its work done)."""
    figures = []
    for _ in range(repeat):
        if "-o" in command:
            out = Path(command[command.index("-o") + 1])
            if out.is_dir():
                shutil.rmtree(out)
        figures.append(run(command, env, timeout))
    seconds = [f for f in figures if isinstance(f, float)]
    return min(seconds) if len(seconds) == len(figures) else next(f for f in figures if isinstance(f, str))


def prepare(out: Path, env: dict[str, str], timeout: float, song: Path) -> None:
    """The song render-all writes and its tagged export: the input of the AFTER_RENDER commands."""
    rendered = glob.glob(str(out / "all" / "*" / "song.yaml"))
    if not rendered:
        run([part.format(song=song, out=out) for part in COMMANDS["render-all"]], env, timeout)
        rendered = glob.glob(str(out / "all" / "*" / "song.yaml"))
    if rendered and not (out / "song.txt").exists():
        run(["export", rendered[0], "--to", "tagged", "-o", str(out / "song.txt")], env, timeout)


def table(kind: str, sizes: list[int], names: list[str], env: dict[str, str], timeout: float,
          repeat: int) -> None:
    print(f"\n{kind}: " + " / ".join(f"{n:,}" for n in sizes) + "   (seconds; ×: ratio to the size before)")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for size in sizes:
            folder = Path(tmp) / f"in-{size}"
            folder.mkdir()
            path = folder / f"{kind}-{size}.yaml"
            slug = poem_file(path, size) if kind == "lines" else song_file(path, size)
            files[size] = (path, slug)
        for name in names:
            cells, previous = [], None
            for size in sizes:
                path, slug = files[size]
                out = Path(tmp) / f"out-{size}"
                if name in AFTER_RENDER:
                    prepare(out, env, timeout, path)
                rendered = next(iter(glob.glob(str(out / "all" / "*" / "song.yaml"))), "")
                command = [part.format(song=path, out=out, slug=slug, rendered=rendered, folder=path.parent)
                           for part in COMMANDS[name]]
                seconds = best(command, env, timeout, repeat)
                if isinstance(seconds, str):
                    cells.append(f"{seconds:>13}")
                    previous = None
                    continue
                ratio = f" ×{seconds / previous:4.1f}" if previous else "      "
                cells.append(f"{seconds:7.2f}{ratio}")
                previous = seconds
            print(f"  {name:12} " + "  ".join(cells), flush=True)


def poems_table(sizes: list[int], env: dict[str, str], timeout: float, repeat: int) -> None:
    """``batch --target suno`` of a chinese-poetry file of N quatrains (a fresh OUT each run)."""
    print("\npoems: " + " / ".join(f"{n:,}" for n in sizes) + "   (batch --target suno of one JSON file)")
    cells, previous = [], None
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            rng = random.Random(size)
            poems = [{"title": f"绝句{n}", "author": "无名氏",
                      "paragraphs": [_line(rng, "，") + _line(rng, "。") for _ in range(2)]} for n in range(size)]
            source = Path(tmp) / f"poems-{size}.json"
            source.write_text(json.dumps(poems, ensure_ascii=False), encoding="utf-8")
            figures = []
            for trial in range(repeat):
                figures.append(run(["batch", str(source), "-o", str(Path(tmp) / f"out-{size}-{trial}"),
                                    "--target", "suno"], env, timeout, ok=(0, 1)))
            seconds = [f for f in figures if isinstance(f, float)]
            if len(seconds) != len(figures):
                cells.append(f"{next(f for f in figures if isinstance(f, str)):>13}")
                previous = None
                continue
            ratio = f" ×{min(seconds) / previous:4.1f}" if previous else "      "
            cells.append(f"{min(seconds):7.2f}{ratio}")
            previous = min(seconds)
    print(f"  {'batch-suno':12} " + "  ".join(cells), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000,16000", help="verse lines of the poem files")
    parser.add_argument("--sections", default="1000,4000", help="sections of the song files")
    parser.add_argument("--poems", default="250,1000", help="quatrains in the batch's chinese-poetry file")
    parser.add_argument("--only", default=",".join(COMMANDS), help="commands to run (comma list)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure (the best is shown)")
    parser.add_argument("--tree", type=Path, default=None, help="run the songsmith package in this folder")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before a run is cut")
    args = parser.parse_args()
    names = [name for name in args.only.split(",") if name]
    unknown = sorted(set(names) - set(COMMANDS))
    if unknown:
        parser.error(f"unknown command {unknown[0]}; known: {', '.join(COMMANDS)}")
    env = dict(os.environ)
    PROGRAM[:] = songsmith(args.tree)
    probe = "import songsmith; print(songsmith.__file__)"
    if args.tree is not None:
        probe = f"import sys; sys.path.insert(0, {str(args.tree.resolve())!r}); {probe}"
    where = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True,
                           check=True).stdout.strip()
    print(f"songsmith from {where}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    if args.sizes:
        table("lines", [int(n) for n in args.sizes.split(",")], names, env, args.timeout, args.repeat)
    if args.sections:
        table("sections", [int(n) for n in args.sections.split(",")], names, env, args.timeout, args.repeat)
    if args.poems:
        poems_table([int(n) for n in args.poems.split(",")], env, args.timeout, args.repeat)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
