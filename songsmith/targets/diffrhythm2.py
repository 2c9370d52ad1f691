"""DiffRhythm 2: ``diffrhythm2/songs.jsonl``, ``diffrhythm2/lyrics.lrc`` (untimed, structure
lines) and ``diffrhythm2/README.txt``.

Rules (see docs/targets.md for each rule's source): JSONL ``{song_name, style_prompt, lyrics: <path>}``; the
lyrics file has **exact lower-case** tag lines from {start, end, intro, verse, chorus, outro, inst,
solo, bridge, hook, break, stop, space} (any other line, ``[Verse]`` included, is sung); it begins
``[start]`` and ends ``[end]`` with no newline after it (upstream splits on ``\n`` and an empty line
crashes its g2p); no timestamps; pre-chorus → verse; ``--max-secs`` ≤ 210 by default (a warning
above); instrumental generation is "todo" upstream (a warning). Chinese in simplified characters,
Esperanto respelled for English phonemes, as for DiffRhythm v1. The contract with DiffRhythm 2's
own code is :mod:`songsmith.targets.conformance_diffrhythm2`.
"""

from __future__ import annotations

import json
import re

from songsmith import __version__
from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "diffrhythm2"
FILES = ("diffrhythm2/songs.jsonl", "diffrhythm2/lyrics.lrc", "diffrhythm2/README.txt")
STRUCT = frozenset({"start", "end", "intro", "verse", "chorus", "outro", "inst", "solo", "bridge", "hook",
                    "break", "stop", "space"})
MAX_SECS = 210
STAMP = re.compile(r"\[\d+:\d+(\.\d+)?\]")


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    bpm = base.tempo(song)
    blocks = singable_blocks(base.song_blocks(song, warnings))
    language = base.song_language(song)
    if language == "eo":
        from songsmith.targets.esperanto_voice import english_voice

        blocks = english_voice(blocks, NAME, "DiffRhythm 2 reads Mandarin and English", warnings)
    from songsmith.targets.scripts import (
        ascii_latin_blocks,
        g2p_han_blocks,
        simplified_blocks,
    )

    blocks = g2p_han_blocks(simplified_blocks(blocks, notes, "DiffRhythm 2"), notes)  # Chinese lines only
    blocks = ascii_latin_blocks(blocks, notes, NAME)
    if base.is_instrumental(blocks):
        warnings.append("DiffRhythm 2 lists instrumental generation as todo: expect singing or silence")
    pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
    lines = ["[start]"]
    for label, block in pairs:
        lines.append(f"[{label}]")
        lines.extend(block.sung)
    lines.append("[end]")
    seconds = timing.total_seconds([(b.kind, b.sung) for _, b in pairs], bpm)
    max_secs = MAX_SECS
    if seconds > MAX_SECS:
        max_secs = int(seconds) + 5
        warnings.append(f"the song is about {seconds:.0f} s; DiffRhythm 2 defaults to --max-secs {MAX_SECS}: "
                        f"the README passes --max-secs {max_secs} (longer than the default, UNVERIFIED quality)")
    names = {f: base.variant_name(f, options.variant) for f in FILES}
    lyrics_name = names["diffrhythm2/lyrics.lrc"].rpartition("/")[2]
    slug = _song_name(song)
    entry = {"song_name": slug, "style_prompt": base.style_prompt(song, options) or "song",
             "lyrics": lyrics_name}
    jsonl_name = names["diffrhythm2/songs.jsonl"].rpartition("/")[2]
    readme = f"""DiffRhythm 2 (ASLP-lab/DiffRhythm2), packaged by songsmith {__version__}.

The lyrics path in {jsonl_name} is relative: run from this folder, or make it absolute.

PYTHONPATH=/path/to/DiffRhythm2 python /path/to/DiffRhythm2/inference.py --repo-id ASLP-lab/DiffRhythm2 --output-dir ./output --input-jsonl {jsonl_name} --cfg-strength 2.0 --max-secs {max_secs}

- {lyrics_name} has no timestamps; its structure lines are exact lower-case tags ([start] ... [end]),
  and it ends right after [end]: no final newline (DiffRhythm 2 would read an empty last line).
- Estimated length: {seconds:.0f} s at {bpm} bpm.
"""
    files = {
        names["diffrhythm2/songs.jsonl"]: json.dumps(entry, ensure_ascii=False) + "\n",
        names["diffrhythm2/lyrics.lrc"]: "\n".join(lines),
        names["diffrhythm2/README.txt"]: readme,
    }
    return TargetOutput(files, warnings, notes)


def _song_name(song: Song) -> str:
    from songsmith.poetry.slug import slugify

    return slugify(song.title)


def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, FILES[0], "missing", "no diffrhythm2/songs.jsonl")]
    for group in groups.values():
        def err(name: str, code: str, message: str, severity: str = "error") -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        missing = [f for f in FILES[:2] if f not in group]
        if missing:
            for f in missing:
                err(f, "missing", f"no {f}")
            continue
        jname, jsonl = group["diffrhythm2/songs.jsonl"]
        lname, lyrics = group["diffrhythm2/lyrics.lrc"]
        rows = [line for line in jsonl.split("\n") if line.strip()]
        if len(rows) != 1:
            err(jname, "jsonl", "one JSON object per line, one song")
        for row in rows:
            try:
                entry = json.loads(row)
            except ValueError as exc:
                err(jname, "json", f"not JSON: {exc}")
                continue
            if not isinstance(entry, dict) or not {"song_name", "style_prompt", "lyrics"} <= set(entry):
                err(jname, "fields", "needs song_name, style_prompt and lyrics")
            elif entry["lyrics"] != lname.rpartition("/")[2]:
                err(jname, "path", f"lyrics path {entry['lyrics']!r} is not {lname.rpartition('/')[2]!r}")
        lines = lyrics.split("\n")
        if lines[0] != "[start]":
            err(lname, "start", "the lyrics must begin with [start]")
        if lines[-1] != "[end]":
            err(lname, "end", "the lyrics must end with [end]")
        for number, line in enumerate(lines, 1):
            if STAMP.search(line):
                err(lname, "timestamp", f"line {number}: DiffRhythm 2 lyrics carry no timestamps")
            elif line.startswith("[") and line.endswith("]"):
                if line[1:-1] not in STRUCT:
                    err(lname, "tag", f"line {number}: {line} is not an exact structure tag: it would be sung")
            elif "[" in line or "]" in line:
                err(lname, "bracket", f"line {number}: a bracket in a sung line")
            if not line.strip():
                err(lname, "blank", f"line {number}: an empty line (a final newline included) crashes "
                                    "DiffRhythm 2's g2p")
            elif line != line.strip():
                err(lname, "spaces", f"line {number}: padded line", "warning")
    return problems
