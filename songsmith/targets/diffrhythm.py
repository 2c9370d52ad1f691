"""DiffRhythm v1: ``diffrhythm/lyrics.lrc`` (synthesised, APPROXIMATE timestamps),
``diffrhythm/prompt.txt`` (the ``--ref-prompt`` text) and ``diffrhythm/README.txt`` (the command).

Rules (see docs/targets.md for each rule's source): every LRC line exactly ``[mm:ss.xx]text``; no section tags (they
are skipped); timestamps strictly increasing with plausible spacing (too tight skips a line, too
loose repeats one) and all before ``--audio-length``; ``--audio-length`` exactly 95 or 96–285; with
95 the last line is dropped by DiffRhythm, so a dummy final line repeats the one before it (an
empty one would crash the g2p, which reads every line before the drop); exactly one of
``--ref-prompt``/``--ref-audio-path`` (we write the text prompt); no ``--repo-id`` (infer.py
picks the model from the length and refuses the option); instrumental = no LRC; Mandarin and
English only: Chinese in simplified characters (the g2p's Chinese block), Esperanto respelled
for English phonemes. The contract with DiffRhythm's own code is
:mod:`songsmith.targets.conformance_diffrhythm`.

Timestamps are synthesised from syllable counts and the tempo (:mod:`songsmith.targets.timing`):
they are an estimate, said so in the README and in a warning. Replace them with real timings
when you have them.
"""

from __future__ import annotations

import math
import re

from songsmith import __version__
from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "diffrhythm"
FILES = ("diffrhythm/lyrics.lrc", "diffrhythm/prompt.txt", "diffrhythm/README.txt")
BASE_LENGTH = 95
FULL_LENGTH = (96, 285)
MIN_GAP = 0.8  # seconds between two line starts (validator)
RENDER_GAP = 1.0  # what the renderer leaves at least
MAX_GAP = 45.0
SECONDS_PER_SYLLABLE = 0.15  # a gap shorter than this per syllable of the line is too tight
LINE = re.compile(r"^\[(\d{2}):(\d{2})\.(\d{2})\](.*)$")


def stamp(seconds: float) -> str:
    centi = int(round(seconds * 100))
    minutes, rest = divmod(centi, 6000)
    return f"[{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}]"


def timed_lines(sections: list[tuple[str, list[str]]], bpm: int) -> tuple[list[tuple[float, str]], float]:
    """(start, line) for every sung line, and the end of the song, in seconds."""
    lead = 0.0 if sections and not sections[0][1] else 4 * 60.0 / bpm
    out: list[tuple[float, str]] = []
    end = lead
    shift = 0.0  # a line moved later to keep RENDER_GAP moves every line after it too
    for timed, (_, lines) in zip(timing.plan(sections, bpm), sections):
        for start, line in zip(timed.line_starts, lines):
            at = lead + start + shift
            if out and at < out[-1][0] + RENDER_GAP:
                shift += out[-1][0] + RENDER_GAP - at
                at = out[-1][0] + RENDER_GAP
            out.append((round(at, 2), line))
        end = max(end, lead + timed.start + timed.seconds + shift, (out[-1][0] + RENDER_GAP) if out else 0)
    return out, end


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    bpm = base.tempo(song)
    language = base.song_language(song)
    blocks = singable_blocks(base.song_blocks(song, warnings))
    names = {f: base.variant_name(f, options.variant) for f in FILES}
    prompt = base.style_prompt(song, options).rstrip(" .,") or "song"
    files = {names["diffrhythm/prompt.txt"]: prompt + ".\n"}
    if base.is_instrumental(blocks):
        seconds = timing.total_seconds([(b.kind, []) for b in blocks], bpm)
        length = BASE_LENGTH if seconds <= BASE_LENGTH else min(FULL_LENGTH[1], math.ceil(seconds))
        files[names["diffrhythm/README.txt"]] = _readme(names, length, bpm, lrc=False)
        return TargetOutput(files, warnings, notes)
    if language == "eo":
        from songsmith.targets.esperanto_voice import english_voice

        blocks = english_voice(blocks, NAME, "DiffRhythm reads Mandarin and English only", warnings)
    elif language not in (None, "zh", "en"):
        warnings.append(f"DiffRhythm reads Mandarin and English only; {language!r} lyrics will be "
                        "mispronounced")
    from songsmith.targets.scripts import (
        ascii_latin_blocks,
        g2p_han_blocks,
        simplified_blocks,
    )

    blocks = g2p_han_blocks(simplified_blocks(blocks, notes, "DiffRhythm"), notes)  # Chinese lines only
    blocks = ascii_latin_blocks(blocks, notes, NAME)
    sections = [(b.kind, b.sung) for b in blocks]
    lines, end = timed_lines(sections, bpm)
    if end > FULL_LENGTH[1]:
        total = end
        count = base.longest_fitting(lambda n: timed_lines(sections[:n], bpm)[1] <= FULL_LENGTH[1],
                                     len(sections) - 1, 1)
        kept = sections[:count]
        lines, end = timed_lines(kept, bpm)
        if end > FULL_LENGTH[1]:
            lines = [(t, x) for t, x in lines if t < FULL_LENGTH[1] - 5] or [(1.0, lines[0][1])] if lines else []
            end = FULL_LENGTH[1]
        warnings.append(f"the song is about {total:.0f} s; DiffRhythm makes at most {FULL_LENGTH[1]} s: "
                        f"left out the last {len(sections) - len(kept)} section(s)")
    dummy = (lines[-1][0] + max(RENDER_GAP, timing.line_seconds(lines[-1][1], bpm))) if lines else 0.0
    if lines and end <= BASE_LENGTH and dummy < BASE_LENGTH - 0.5:
        length = BASE_LENGTH
        lines.append((round(dummy, 2), lines[-1][1]))  # the 95 s model drops the last line: a repeat
    else:
        length = max(FULL_LENGTH[0], min(FULL_LENGTH[1], math.ceil(end + 2)))
    lrc = "\n".join(f"{stamp(t)}{x}" for t, x in lines) + "\n"
    files[names["diffrhythm/lyrics.lrc"]] = lrc
    files[names["diffrhythm/README.txt"]] = _readme(names, length, bpm, lrc=True)
    notes.append(f"timestamps are APPROXIMATE: synthesised from syllable counts at {bpm} bpm")
    return TargetOutput(dict(sorted(files.items())), warnings, notes)


def _readme(names: dict[str, str], length: int, bpm: int, *, lrc: bool) -> str:
    lrc_name = names["diffrhythm/lyrics.lrc"].rpartition("/")[2]
    prompt_name = names["diffrhythm/prompt.txt"].rpartition("/")[2]
    model = "the 95 s base model" if length == BASE_LENGTH else "the full model (96-285 s)"
    lrc_arg = f"--lrc-path {lrc_name} " if lrc else ""
    timing_note = (
        f"- TIMESTAMPS ARE APPROXIMATE: songsmith synthesised them from syllable counts at {bpm} bpm\n"
        "  (one beat per Chinese syllable, half a beat per other syllable, two beats of breath per line).\n"
        "  Lines placed too close are skipped and too far apart repeated: adjust them by ear.\n"
        if lrc else "- No LRC file: without one DiffRhythm makes an instrumental.\n")
    dummy = ("- --audio-length 95 drops the last timed line, so the LRC ends with a dummy line that repeats\n"
             "  the one before it (never an empty one: DiffRhythm reads every line before dropping it).\n"
             if lrc and length == BASE_LENGTH else "")
    return f"""DiffRhythm v1 (ASLP-lab/DiffRhythm), packaged by songsmith {__version__}.

Run from the DiffRhythm checkout, with this folder's files (or their full paths):

python3 infer/infer.py {lrc_arg}--ref-prompt "$(cat {prompt_name})" --audio-length {length} --output-dir output --chunked

{timing_note}{dummy}- --audio-length {length} selects {model} (infer.py picks it from the length); every timestamp is before it.
"""


def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, FILES[2], "missing", "no diffrhythm/README.txt")]
    for group in groups.values():
        def err(name: str, code: str, message: str, severity: str = "error") -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        for needed in ("diffrhythm/prompt.txt", "diffrhythm/README.txt"):
            if needed not in group:
                err(needed, "missing", f"no {needed}")
        if "diffrhythm/README.txt" not in group:
            continue
        rname, readme = group["diffrhythm/README.txt"]
        if "diffrhythm/prompt.txt" in group:
            pname, prompt = group["diffrhythm/prompt.txt"]
            if len([x for x in prompt.split("\n") if x.strip()]) != 1:
                err(pname, "prompt", "the --ref-prompt text must be one non-empty line")
        match = re.search(r"--audio-length (\d+)", readme)
        length = int(match.group(1)) if match else None
        if length is None or not (length == BASE_LENGTH or FULL_LENGTH[0] <= length <= FULL_LENGTH[1]):
            err(rname, "audio-length", f"--audio-length {length} is not 95 or 96-285")
            length = FULL_LENGTH[1]
        if readme.count("--ref-prompt") + readme.count("--ref-audio-path") != 1:
            err(rname, "reference", "exactly one of --ref-prompt or --ref-audio-path")
        if "diffrhythm/lyrics.lrc" not in group:
            if re.search(r"--lrc-path \S+", readme):
                err(rname, "lrc", "the command names an LRC that is not there")
            continue
        lname, lrc = group["diffrhythm/lyrics.lrc"]
        lrc_arg = re.search(r"--lrc-path (\S+)", readme)
        if not lrc_arg or lrc_arg.group(1) != lname.rpartition("/")[2]:
            err(rname, "lrc", "the command does not pass --lrc-path")
        if "APPROXIMATE" not in readme:
            err(rname, "approximate", "synthesised timestamps must be marked APPROXIMATE")
        times: list[float] = []
        texts: list[str] = []
        for number, line in enumerate(lrc.rstrip("\n").split("\n"), 1):
            found = LINE.match(line)
            if not found:
                err(lname, "format", f"line {number}: not exactly [mm:ss.xx]text: {line!r}")
                continue
            minutes, seconds, hundredths, text = found.groups()
            if int(seconds) >= 60:
                err(lname, "format", f"line {number}: {seconds} seconds")
            at = int(minutes) * 60 + int(seconds) + int(hundredths) / 100
            if "[" in text or "]" in text:
                err(lname, "bracket", f"line {number}: a bracket in the text (a tag or a bad stamp)")
            if times:
                gap = at - times[-1]
                if gap <= 0:
                    err(lname, "order", f"line {number}: {at:.2f} s is not after {times[-1]:.2f} s")
                elif gap < max(MIN_GAP, SECONDS_PER_SYLLABLE * timing.syllables(texts[-1])):
                    err(lname, "tight", f"line {number}: {gap:.2f} s after a {timing.syllables(texts[-1])}-"
                                        "syllable line is too tight (DiffRhythm skips it)")
                elif gap > MAX_GAP:
                    err(lname, "loose", f"line {number}: {gap:.2f} s after the previous line (DiffRhythm may "
                                        "repeat it)", "warning")
            if at >= length:
                err(lname, "length", f"line {number}: {at:.2f} s is not before --audio-length {length}")
            times.append(at)
            texts.append(text)
        if not times:
            err(lname, "empty", "no timed lines")
        elif length == BASE_LENGTH and (len(texts) < 2 or texts[-1] != texts[-2]):
            err(lname, "dummy", "with --audio-length 95 the last line is dropped: it must repeat the line before it")
        for number, text in enumerate(texts, 1):
            if not re.search(r"[\u4e00-\u9fa5A-Za-z]", text):
                err(lname, "g2p", f"line {number}: {text!r} has no Chinese character or ASCII letter "
                                  "(DiffRhythm's g2p raises 'Unknown language')")
        if "--repo-id" in readme:
            err(rname, "repo-id", "infer.py has no --repo-id option")
    return problems
