"""DiffRhythm 2: ``inference.py`` as it reads the README command, ``songs.jsonl`` and the lyrics.

Re-stated from ASLP-lab/DiffRhythm2 (commit below):

* ``inference.py`` declares ``--repo-id --output-dir --input-jsonl`` (strings, default None:
  each is used unchecked, so each must be given), ``--cfg-strength`` (float), ``--max-secs``
  (float, 210), ``--steps`` (int) and ``--fake-stereo``.
* It reads the JSONL with ``readlines`` and ``json.loads`` on every line (a blank line fails),
  skips an entry without ``lyrics`` or ``style_prompt``, and opens ``lyrics`` as a path
  relative to the working directory.
* ``parse_lyrics`` splits the lyrics file on ``\\n``: a line equal to one of 13 structure tags is
  a structure token; every other line, stripped, goes to the g2p
  (:mod:`songsmith.targets.conformance_g2p`), so an empty line, the one after a final newline
  included, stops the run.
"""

from __future__ import annotations

import json
from functools import lru_cache

from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import (
    CommandError,
    StrictParser,
    command_words,
    variant_groups,
)
from songsmith.targets.conformance_g2p import foreign_letters, g2p_problem

TARGET = "diffrhythm2"
UPSTREAM = Upstream("ASLP-lab/DiffRhythm2", "d865f3e716a90f56193f01c7df022ce14ef46f5c", "2026-12",
                    ("inference.py", "g2p/g2p_generation.py", "example/test.jsonl", "example/lrc/1.lrc"))
RULES = {
    "command": "README.txt runs inference.py with options its argument parser declares",
    "required": "--repo-id, --output-dir and --input-jsonl are given (their defaults are None)",
    "jsonl": "every line of songs.jsonl is a JSON object with lyrics and style_prompt",
    "lyrics-path": "the JSONL lyrics path names the package's lyrics file",
    "structure": "a bracketed line is one of the 13 structure tags exactly (anything else is sung)",
    "g2p": "every other line, the last one included, has a Chinese character or an ASCII letter",
    "letters": "every letter is Chinese in U+4E00-U+9FA5 or ASCII (others are phonemised as a neighbour)",
}
STRUCTURE = frozenset("[start] [end] [intro] [verse] [chorus] [outro] [inst] [solo] [bridge] [hook] [break] "
                      "[stop] [space]".split())
FILES = ("diffrhythm2/songs.jsonl", "diffrhythm2/lyrics.lrc", "diffrhythm2/README.txt")
SCRIPT = "inference.py"


@lru_cache(maxsize=1)
def inference_parser() -> StrictParser:
    parser = StrictParser(SCRIPT)
    for name in ("--repo-id", "--output-dir", "--input-jsonl"):
        parser.add_argument(name, type=str, default=None)
    parser.add_argument("--cfg-strength", type=float, default=2.0)
    parser.add_argument("--max-secs", type=float, default=210.0)
    parser.add_argument("--steps", type=int, default=16)
    parser.add_argument("--fake-stereo", type=bool, default=True)
    return parser


def check(files: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        def bad(name: str, rule: str, message: str) -> None:
            out.append(Violation(TARGET, name, rule, message))

        if "diffrhythm2/README.txt" in group:
            readme_name, readme = group["diffrhythm2/README.txt"]
            words = command_words(readme, SCRIPT)
            if words is None:
                bad(readme_name, "command", f"no {SCRIPT} command")
            else:
                try:
                    args = inference_parser().parse_command(words)
                    for option in ("repo_id", "output_dir", "input_jsonl"):
                        if not getattr(args, option):
                            bad(readme_name, "required", f"--{option.replace('_', '-')} is not given")
                except CommandError as exc:
                    bad(readme_name, "command", f"{SCRIPT} refuses the command: {exc}")
        if "diffrhythm2/songs.jsonl" not in group or "diffrhythm2/lyrics.lrc" not in group:
            continue
        jsonl_name, jsonl = group["diffrhythm2/songs.jsonl"]
        lyrics_name, lyrics = group["diffrhythm2/lyrics.lrc"]
        for number, row in enumerate(jsonl.splitlines(keepends=True), 1):
            try:
                entry = json.loads(row.strip())
            except ValueError:
                bad(jsonl_name, "jsonl", f"line {number} is not JSON")
                continue
            if not isinstance(entry, dict) or entry.get("lyrics") is None or entry.get("style_prompt") is None:
                bad(jsonl_name, "jsonl", f"line {number} lacks lyrics or style_prompt: DiffRhythm 2 skips it")
            elif entry["lyrics"] != lyrics_name.rpartition("/")[2]:
                bad(jsonl_name, "lyrics-path", f"lyrics is {entry['lyrics']!r}, not the package's lyrics file")
        for number, line in enumerate(lyrics.split("\n"), 1):
            if line in STRUCTURE:
                continue
            if line.strip().startswith("[") and line.strip().endswith("]"):
                bad(lyrics_name, "structure", f"line {number}: {line!r} is not a structure tag: it would be sung")
            problem = g2p_problem(line.strip())
            if problem:
                bad(lyrics_name, "g2p", f"line {number}: {problem}")
            others = foreign_letters(line)
            if others:
                bad(lyrics_name, "letters", f"line {number}: {''.join(others)} are neither Chinese nor ASCII")
    return out
