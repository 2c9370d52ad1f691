"""How many packages of each open model pass its conformance contract, on real collections.

    .venv/bin/python bench/conformance_tangshi.py [--out DIR] [--keep] [--tokenizer] [--upstream MIRRORS]

Runs ``songsmith render <唐詩三百首> corpora/poems/* corpora/songs/* <six Esperanto songs> -o OUT
--target all`` (the command itself), then checks every package with
:mod:`songsmith.targets.conformance` and prints, per open-model target, how many packages pass
and which rules the others break. The Esperanto songs (``../shared/corpora/esperanto/*.txt``,
a ``# title | author: … | …`` header, stanzas separated by blank lines) are turned into song
files in a temporary folder (one ``[Verse N]`` per stanza, ``language: eo``) because render
arranges only Chinese poems.

``--tokenizer``: also count SongGeneration's lyric tokens with Qwen's own BPE ranks (the
``qwen.tiktoken`` file of the ``dashscope`` package, read by ``tiktoken``; both installed by hand,
neither is a songsmith dependency) and report how the contract's estimate compares.

``--upstream MIRRORS``: a folder of bare git snapshots named ``owner+repo/repo`` (what a
repository snapshot tool leaves); for each contract, print the snapshot's commit and whether the
upstream files the contract was read from changed since the commit it names (``git diff
--stat``). Nothing upstream is built or run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpora"
TANGSHI = SHARED / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"
ESPERANTO = SHARED / "esperanto"
SONGSMITH = Path(sys.executable).with_name("songsmith")


def esperanto_songs(folder: Path) -> list[Path]:
    import yaml

    out = []
    for text_file in sorted(ESPERANTO.glob("*.txt")):
        lines = text_file.read_text(encoding="utf-8").split("\n")
        header = [part.strip() for part in lines[0].lstrip("# ").split(" | ")]
        author = next((p.split(":", 1)[1].strip() for p in header[1:] if p.startswith("author:")), None)
        stanzas = [s.strip() for s in "\n".join(lines[1:]).strip().split("\n\n") if s.strip()]
        lyrics = "\n\n".join(f"[Verse {i}]\n{s}" for i, s in enumerate(stanzas, 1)) + "\n"
        song = {"songsmith": 1, "title": header[0], "language": "eo",
                "source": {"title": header[0], "author": author}, "lyrics": lyrics}
        path = folder / f"{text_file.stem}.yaml"
        path.write_text(yaml.safe_dump(song, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out.append(path)
    return out


def qwen_counter():  # type: ignore[no-untyped-def]
    import base64
    import os

    import dashscope
    import tiktoken

    pattern = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"
               r"\s*[\r\n]+|\s+(?!\S)|\s+")
    path = os.path.join(os.path.dirname(dashscope.__file__), "resources", "qwen.tiktoken")
    with open(path, "rb") as handle:
        ranks = {base64.b64decode(token): int(rank) for token, rank in (line.split() for line in handle if line.strip())}
    encoding = tiktoken.Encoding("qwen", pat_str=pattern, mergeable_ranks=ranks, special_tokens={})

    from songsmith.targets.conformance_songgeneration import VOCAB

    def count(lyric: str) -> int:
        import re

        total = 1
        for piece in re.split("(" + "|".join(re.escape(v) for v in VOCAB) + ")", lyric):
            if piece in VOCAB:
                total += 1
            elif piece:
                total += len(encoding.encode_ordinary(piece))
        return total

    return count


def upstream_report(mirrors: Path) -> None:
    from songsmith.targets.conformance import CONTRACTS, contract

    for target in CONTRACTS:
        up = contract(target).UPSTREAM
        git_dir = mirrors / up.repo.replace("/", "+") / "repo"
        if not git_dir.is_dir():
            print(f"{target}: no snapshot of {up.repo} in {mirrors}")
            continue
        head = subprocess.run(["git", f"--git-dir={git_dir}", "rev-parse", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        diff = subprocess.run(["git", f"--git-dir={git_dir}", "diff", "--stat", up.commit, "HEAD", "--", *up.files],
                              capture_output=True, text=True)
        state = "unchanged" if not diff.stdout.strip() and diff.returncode == 0 else (diff.stdout.strip() or diff.stderr.strip())
        print(f"{target}: read at {up.short}, snapshot {head[:12]}: contract files {state}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="output folder (must be empty or absent; default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary output")
    parser.add_argument("--tokenizer", action="store_true", help="compare the token estimate with Qwen's BPE")
    parser.add_argument("--upstream", type=Path, help="folder of upstream snapshots to compare the contracts with")
    args = parser.parse_args()
    if args.upstream:
        upstream_report(args.upstream)
    if not TANGSHI.is_file() or not ESPERANTO.is_dir():
        print(f"SKIP: shared corpora not found under {SHARED}")
        return 0
    from songsmith.targets.conformance import CONTRACTS, check_package

    scratch = Path(tempfile.mkdtemp(prefix="conformance-"))
    out = Path(args.out) if args.out else scratch / "out"
    if out.exists() and any(out.iterdir()):
        print(f"refusing to use {out}: not empty")
        return 2
    try:
        inputs = [str(TANGSHI), *sorted(str(p) for p in (ROOT / "corpora" / "poems").iterdir() if p.suffix in (".yaml", ".txt")),
                  *sorted(str(p) for p in (ROOT / "corpora" / "songs").glob("*.yaml")),
                  *map(str, esperanto_songs(scratch))]
        done = subprocess.run([str(SONGSMITH), "render", *inputs, "-o", str(out), "--target", "all"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode not in (0, 1):
            print(done.stderr[-2000:])
            return done.returncode
        packages = sorted(p.parent for p in out.glob("*/manifest.json"))
        passed: Counter[str] = Counter()
        broken: dict[str, Counter[str]] = {t: Counter() for t in CONTRACTS}
        for package in packages:
            for target, violations in check_package(package).items():
                if not violations:
                    passed[target] += 1
                for rule in {v.rule for v in violations}:
                    broken[target][rule] += 1
        print(f"packages: {len(packages)} (render exit {done.returncode})")
        for target in CONTRACTS:
            rules = ", ".join(f"{rule} {n}" for rule, n in broken[target].most_common()) or "-"
            print(f"{target:15} {passed[target]:4} / {len(packages)} pass   failing rules: {rules}")
        if args.tokenizer:
            count = qwen_counter()
            from songsmith.targets.conformance_songgeneration import MAX_TOKENS, VOCAB
            from songsmith.targets.conformance_tokens import qwen_lyric_tokens

            ratios, over = [], 0
            for package in packages:
                for row in (package / "songgeneration.jsonl").read_text(encoding="utf-8").splitlines():
                    lyric = json.loads(row)["gt_lyric"]
                    real = count(lyric)
                    ratios.append(qwen_lyric_tokens(lyric, VOCAB) / real)
                    over += real > MAX_TOKENS
            print(f"songgeneration tokens (Qwen BPE): {over} over {MAX_TOKENS}; estimate / real "
                  f"{min(ratios):.2f}-{max(ratios):.2f}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
        else:
            print(f"kept {scratch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
