"""ACE-Step 1.5: ``ace-step-1.5.json`` for ``POST /release_task``.

Rules (see docs/targets.md for each rule's source): ``caption`` < 512 characters; ``lyrics`` < 4096 characters;
``vocal_language`` from its 50 codes (``yue`` for Cantonese, ``unknown`` for Esperanto);
``duration`` 10–600; ``bpm`` 30–300; ``keyscale`` "X major/minor"; ``timesignature`` one of
"2", "3", "4", "6" (a string: the Python API's ``GenerationParams`` declares ``str`` and strips it);
instrumental = ``instrumental: true`` and lyrics ``[Instrumental]``; tags ``[Verse 1]``,
``[Chorus - climb]`` with at most one descriptor; parentheses are backing vocals; performance
notes become bracketed vocal cues; no blank lines inside a section. Esperanto is written in
Polish orthography and sent as ``pl`` (:mod:`songsmith.targets.esperanto_voice`). The contract
with ACE-Step 1.5's own code is :mod:`songsmith.targets.conformance_ace_step15`.
"""

from __future__ import annotations

import re

from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.base import Block, Options, Problem, TargetOutput

NAME = "ace-step-1.5"
FILES = ("ace-step-1.5.json",)
LANGUAGES = frozenset(
    "ar az bg bn ca cs da de el en es fa fi fr he hi hr ht hu id is it ja ko la lt ms ne nl no pa pl pt "
    "ro ru sa sk sr sv sw ta te th tl tr uk ur vi yue zh unknown".split())
CAPTION_LIMIT = 512  # exclusive
LYRICS_LIMIT = 4096  # exclusive
DURATION = (10, 600)
BPM = (30, 300)
TIME_SIGNATURES = ("2", "3", "4", "6")
KEY = re.compile(r"^\s*([A-Ga-g])\s*([#b♯♭]?)\s*(major|minor|maj|min|m)?\s*$", re.IGNORECASE)
KEYSCALE = re.compile(r"^[A-G][#b]? (major|minor)$")


def keyscale(key: str | None) -> str | None:
    if not key:
        return None
    match = KEY.match(key)
    if not match:
        return None
    note = match.group(1).upper()
    accidental = {"♯": "#", "♭": "b"}.get(match.group(2), match.group(2))
    mode = (match.group(3) or "major").lower()
    mode = "minor" if mode in ("minor", "min", "m") else "major"
    return f"{note}{accidental} {mode}"


def tag_text(label: str, block: Block) -> str:
    text = label
    if block.number is not None and label in ("Verse", "Chorus", "Bridge", "Pre-Chorus"):
        text += f" {block.number}"
    if block.descriptor:
        one = re.split(r"[,;/]| - ", block.descriptor)[0].strip()
        if one:
            text += f" - {one}"
    return text


def render_lyrics(pairs: list[tuple[str, Block]]) -> str:
    chunks = []
    for label, block in pairs:
        lines = [f"[{tag_text(label, block)}]"]
        for line in block.lines:
            if not line:
                continue
            if base.is_performance_note(line):
                lines.append(f"[{line[1:-1].strip().lower()}]")
            else:
                lines.append(line)
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def vocal_language(song: Song) -> str:
    language = base.song_language(song) or "unknown"
    if language == "eo":
        from songsmith.targets.esperanto_voice import POLISH_CODE

        return POLISH_CODE
    return language if language in LANGUAGES else "unknown"


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    caption = base.with_language_tag(base.style_prompt(song, options), base.language_tag(song))
    caption = base.cut_text(caption, CAPTION_LIMIT - 1, "caption", warnings)
    language = vocal_language(song)
    if language == "unknown" and base.song_language(song):
        warnings.append(f"language {base.song_language(song)!r} has no ACE-Step 1.5 code: vocal_language "
                        "is 'unknown' (quality UNVERIFIED)")
    blocks = base.song_blocks(song, warnings)
    if base.song_language(song) == "eo":
        from songsmith.targets.esperanto_voice import polish_spelling, respell_blocks

        blocks = respell_blocks(blocks, polish_spelling)
        notes.append("ACE-Step 1.5 has no Esperanto: written in Polish orthography (ĉ→cz ĝ→dż ĥ→ch ĵ→ż ŝ→sz "
                     "ŭ→ł v→w) and sent as vocal_language 'pl', the closest sounds it has (quality UNVERIFIED)")
    bpm = base.tempo(song)
    instrumental = base.is_instrumental(blocks)
    if instrumental:
        lyrics = "[Instrumental]"
        seconds = timing.total_seconds([(b.kind, []) for b in blocks], bpm)
    else:
        if language in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
        lyrics, kept = base.fit(render_lyrics, pairs, LYRICS_LIMIT, "lyrics", warnings, strict_less=True)
        seconds = timing.total_seconds([(b.kind, b.sung) for _, b in kept], bpm)
    duration = round(min(DURATION[1], max(DURATION[0], seconds + 4)))
    if seconds + 4 > DURATION[1]:
        warnings.append(f"the song is about {seconds:.0f} s; ACE-Step 1.5 makes at most {DURATION[1]} s")
    data: dict[str, object] = {"caption": caption, "lyrics": lyrics, "instrumental": instrumental,
                               "vocal_language": language, "duration": duration, "timesignature": "4"}
    if song.style.tempo_bpm:
        clamped = min(BPM[1], max(BPM[0], song.style.tempo_bpm))
        if clamped != song.style.tempo_bpm:
            warnings.append(f"tempo {song.style.tempo_bpm} bpm is outside {BPM[0]}–{BPM[1]}: sent {clamped}")
        data["bpm"] = clamped
    key = keyscale(song.style.key)
    if key:
        data["keyscale"] = key
    elif song.style.key:
        warnings.append(f"key {song.style.key!r} is not 'X major' or 'X minor': keyscale left out")
    return TargetOutput({base.variant_name(FILES[0], options.variant): base.dump_json(data)}, warnings, notes)




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for name, data, err in base.json_documents(NAME, files, FILES, problems):

        caption, lyrics = str(data.get("caption", "")), str(data.get("lyrics", ""))
        if len(caption) >= CAPTION_LIMIT:
            err("caption-length", f"caption is {len(caption)} characters; must be under {CAPTION_LIMIT}")
        if len(lyrics) >= LYRICS_LIMIT:
            err("lyrics-length", f"lyrics are {len(lyrics)} characters; must be under {LYRICS_LIMIT}")
        if data.get("vocal_language") not in LANGUAGES:
            err("language", f"vocal_language {data.get('vocal_language')!r} is not an ACE-Step 1.5 code")
        duration = data.get("duration")
        if not isinstance(duration, (int, float)) or not DURATION[0] <= duration <= DURATION[1]:
            err("duration", f"duration {duration!r} is not within {DURATION[0]}–{DURATION[1]}")
        if "bpm" in data and (not isinstance(data["bpm"], int) or not BPM[0] <= data["bpm"] <= BPM[1]):
            err("bpm", f"bpm {data['bpm']!r} is not within {BPM[0]}–{BPM[1]}")
        if "keyscale" in data and not KEYSCALE.match(str(data["keyscale"])):
            err("keyscale", f"keyscale {data['keyscale']!r} is not 'X major' or 'X minor'")
        if data.get("timesignature") not in TIME_SIGNATURES:
            err("timesignature", f"timesignature {data.get('timesignature')!r} is not \"2\", \"3\", \"4\" or \"6\" "
                                 "(a string)")
        if data.get("instrumental"):
            if lyrics.strip().lower() not in ("[instrumental]", "[inst]"):
                err("instrumental", "an instrumental sends lyrics [Instrumental]")
        elif not lyrics.strip():
            err("no-lyrics", "no lyrics and not instrumental")
        lines = lyrics.split("\n")
        for number, line in enumerate(lines, 1):
            tag = base.TAG_LINE.match(line)
            if tag:
                if tag.group(1).count(" - ") > 1:
                    err("descriptors", f"lyrics line {number}: more than one descriptor in [{tag.group(1)}]")
            elif "[" in line or "]" in line:
                err("bracket", f"lyrics line {number}: square bracket inside a lyric line")
            elif line == "" and number < len(lines) and not base.TAG_LINE.match(lines[number]):
                err("blank", f"lyrics line {number}: blank line inside a section", "warning")
            if line != line.strip() or "  " in line:
                err("spaces", f"lyrics line {number}: stray spaces", "warning")
    return problems
