"""ElevenLabs Music: ``elevenlabs.json``, a ``music_v1`` composition plan with section durations.

Rules (see docs/targets.md for each rule's source): body is ``composition_plan`` (or, for an instrumental,
``prompt`` + ``music_length_ms`` + ``force_instrumental``), never both; each section
3000–120000 ms, ≤ 30 lines, ≤ 200 characters per line, ``section_name`` 1–100 characters; total
≤ 600 s (the sum of the sections is the song length); English style lists (a warning for other
scripts); no artist names (scrubbed from styles and lyrics). Durations are estimated from syllable
counts and tempo (:mod:`songsmith.targets.timing`).
"""

from __future__ import annotations

import math
import re

from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "elevenlabs"
FILES = ("elevenlabs.json",)
SECTION_MS = (3000, 120000)
MAX_LINES = 30
MAX_LINE = 200
TOTAL_MS = (3000, 600000)


def split_line(line: str, limit: int = MAX_LINE) -> list[str]:
    """A line over ``limit`` characters, cut at spaces or punctuation into lines that fit."""
    out = []
    while len(line) > limit:
        cut = max(line.rfind(" ", 0, limit), line.rfind(",", 0, limit) + 1, line.rfind("，", 0, limit) + 1)
        if cut <= 0:
            cut = limit
        out.append(line[:cut].strip())
        line = line[cut:].strip()
    if line:
        out.append(line)
    return out


def section_name(label: str, number: int | None) -> str:
    return (f"{label} {number}" if number is not None else label)[:100]


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    bpm = base.tempo(song)
    found: list[str] = []
    styles = []
    for tag in base.style_tags(song, options):
        clean, names = base.scrub_artists(tag)
        found += names
        styles.extend(t.strip() for t in clean.split(",") if t.strip())
    language = base.language_tag(song)
    if language and language.lower() not in (s.lower() for s in styles):
        styles.append(language)
    negative = []
    for tag in re.split(r"[,;]", song.style.exclude or ""):
        clean, names = base.scrub_artists(tag.strip())
        found += names
        if clean.strip():
            negative.append(clean.strip())
    if any(not s.isascii() for s in styles + negative):
        warnings.append("ElevenLabs styles work best in English: some style tags are not")
    blocks = base.song_blocks(song, warnings)
    variant = base.variant_name(FILES[0], options.variant)
    if base.is_instrumental(blocks):
        seconds = timing.total_seconds([(b.kind, []) for b in blocks], bpm) or 30.0
        ms = int(min(TOTAL_MS[1], max(TOTAL_MS[0], seconds * 1000)))
        data = {"model_id": "music_v1", "prompt": ", ".join(styles) or "instrumental",
                "music_length_ms": ms, "force_instrumental": True}
        return TargetOutput({variant: base.dump_json(data)}, warnings, notes)
    pairs = base.map_blocks(blocks, NAME, warnings)
    sections = []
    total = 0
    dropped = 0
    split = False
    for label, block in pairs:
        lines = []
        for line in block.sung:
            if base.is_performance_note(line):
                continue
            clean, names = base.scrub_artists(line, lyrics=True)
            found += names
            parts = split_line(clean.strip())
            split = split or len(parts) > 1
            lines.extend(parts)
        descriptor, names = base.scrub_artists(block.descriptor or "")
        found += names
        local = [descriptor] if descriptor and descriptor.isascii() else []
        chunks = [lines[i:i + MAX_LINES] for i in range(0, len(lines), MAX_LINES)] or [[]]
        for part, chunk in enumerate(chunks):
            seconds = (sum(timing.line_seconds(x, bpm) for x in chunk) if chunk
                       else timing.instrumental_seconds(block.kind, bpm))
            pieces = max(1, math.ceil(seconds * 1000 / SECTION_MS[1]))
            for piece in range(pieces):
                lines_here = chunk[piece * math.ceil(len(chunk) / pieces):(piece + 1) * math.ceil(len(chunk) / pieces)] \
                    if chunk else []
                ms = int(min(SECTION_MS[1], max(SECTION_MS[0], round(seconds * 1000 / pieces))))
                if total + ms > TOTAL_MS[1]:
                    dropped += 1
                    continue
                total += ms
                name = section_name(label, block.number)
                if len(chunks) > 1 or pieces > 1:
                    name = f"{name} ({part * pieces + piece + 1})"[:100]
                sections.append({"section_name": name, "positive_local_styles": local,
                                 "negative_local_styles": [], "duration_ms": ms, "lines": lines_here})
    if split:
        warnings.append(f"lines over {MAX_LINE} characters were split (ElevenLabs limit)")
    if dropped:
        warnings.append(f"the song is over {TOTAL_MS[1] // 1000} s: left out the last {dropped} section(s)")
    if found:
        warnings.append("artist names removed (ElevenLabs rejects them): " + ", ".join(sorted(set(found))))
    data = {"model_id": "music_v1", "respect_sections_durations": True,
            "composition_plan": {"positive_global_styles": styles, "negative_global_styles": negative,
                                 "sections": sections}}
    return TargetOutput({variant: base.dump_json(data)}, warnings, notes)


def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for name, data, err in base.json_documents(NAME, files, FILES, problems):

        if ("prompt" in data) == ("composition_plan" in data):
            err("body", "exactly one of prompt or composition_plan")
            continue
        if "prompt" in data:
            ms = data.get("music_length_ms")
            if not isinstance(ms, int) or not TOTAL_MS[0] <= ms <= TOTAL_MS[1]:
                err("length", f"music_length_ms {ms!r} is not within {TOTAL_MS[0]}–{TOTAL_MS[1]}")
            if base.find_artists(str(data["prompt"])):
                err("artist", "the prompt names an artist")
            continue
        plan = data["composition_plan"]
        sections = plan.get("sections") if isinstance(plan, dict) else None
        if not isinstance(sections, list) or not sections:
            err("sections", "the plan needs sections")
            continue
        for style in [*plan.get("positive_global_styles", []), *plan.get("negative_global_styles", [])]:
            if base.find_artists(str(style)):
                err("artist", f"style {style!r} names an artist")
        total = 0
        for index, section in enumerate(sections, 1):
            label = str(section.get("section_name", ""))
            if not 1 <= len(label) <= 100:
                err("section-name", f"section {index}: section_name must be 1–100 characters")
            ms = section.get("duration_ms")
            if not isinstance(ms, int) or not SECTION_MS[0] <= ms <= SECTION_MS[1]:
                err("duration", f"section {index}: duration_ms {ms!r} is not within {SECTION_MS[0]}–{SECTION_MS[1]}")
            else:
                total += ms
            for style in [*section.get("positive_local_styles", []), *section.get("negative_local_styles", [])]:
                if base.find_artists(str(style)):
                    err("artist", f"section {index}: style {style!r} names an artist")
            lines = section.get("lines", [])
            if len(lines) > MAX_LINES:
                err("lines", f"section {index}: {len(lines)} lines; at most {MAX_LINES}")
            for line in lines:
                if len(line) > MAX_LINE:
                    err("line-length", f"section {index}: a line of {len(line)} characters; at most {MAX_LINE}")
                if base.find_artists(line, lyrics=True):
                    err("artist", f"section {index}: a line names an artist")
        if total > TOTAL_MS[1]:
            err("total", f"sections add up to {total / 1000:.0f} s; at most {TOTAL_MS[1] // 1000} s")
    return problems
