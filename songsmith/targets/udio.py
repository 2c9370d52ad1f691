"""Udio: ``udio.json`` (the ``gen_params`` shape seen in third-party API payloads).

Rules (see docs/targets.md for each rule's source): prompt = short style text plus tags; lyrics with
``[Verse]``/``[Chorus]``/``[Bridge]``/``[Outro]`` only; instrumental via
``lyrics_type: "instrumental"`` (never ``make_instrumental``); ``bypass_prompt_optimization`` for
manual mode; artist names scrubbed; numeric limits UNVERIFIED: warn above 3000 lyric characters
and when the song outlasts a 130 s clip.
"""

from __future__ import annotations

from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "udio"
FILES = ("udio.json",)
LABELS = {"Verse", "Chorus", "Bridge", "Outro"}
SOFT_LYRICS_LIMIT = 3000
CLIP_SECONDS = 130


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    prompt = base.with_language_tag(base.style_prompt(song, options), base.language_tag(song))
    prompt, found = base.scrub_artists(prompt)
    negative, more = base.scrub_artists(song.style.exclude or "")
    found += more
    blocks = base.song_blocks(song, warnings)
    instrumental = base.is_instrumental(blocks)
    lyrics = ""
    if not instrumental:
        if base.song_language(song) in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        cleaned = [base.scrub_block_lines(block, found) for block in blocks]
        pairs = base.merge_trailing_instrumentals(base.map_blocks(cleaned, NAME, warnings))
        lyrics = base.bracket_lyrics(pairs)
        if not any(line and not line.startswith("[") for line in lyrics.splitlines()):
            # every sung line was an artist name or sat in a section Udio has no tag for
            warnings.append("nothing left to sing after mapping the sections and removing artist names: "
                            "sent as an instrumental")
            instrumental, lyrics = True, ""
        if len(lyrics) > SOFT_LYRICS_LIMIT:
            warnings.append(f"lyrics are {len(lyrics)} characters; above about {SOFT_LYRICS_LIMIT} Udio "
                            "may not sing them all in one generation (limit UNVERIFIED): extend the clip")
        seconds = timing.total_seconds([(b.kind, b.sung) for _, b in pairs], base.tempo(song))
        if seconds > CLIP_SECONDS:
            warnings.append(f"the song is about {seconds:.0f} s at {base.tempo(song)} bpm; a Udio clip is "
                            f"{CLIP_SECONDS} s: generate the rest with extensions")
    if found:
        warnings.append("artist names removed (Udio rewrites them into tags): " + ", ".join(sorted(set(found))))
    data = {"gen_params": {
        "prompt": prompt,
        "lyrics": lyrics,
        "lyrics_type": "instrumental" if instrumental else "user",
        "bypass_prompt_optimization": True,
        "negative_prompt": negative,
        "seed": -1,
        "song_section_start": 0,
        "config": {"mode": "regular"},
    }}
    return TargetOutput({base.variant_name("udio.json", options.variant): base.dump_json(data)}, warnings, notes)




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, "udio.json", "missing", "no udio.json")]
    for group in groups.values():
        name, text = group["udio.json"]
        data = base.load_json(NAME, name, text, problems)
        params = data.get("gen_params") if isinstance(data, dict) else None
        if not isinstance(params, dict):
            problems.append(Problem(NAME, name, "fields", "no gen_params object"))
            continue

        def err(code: str, message: str, severity: str = "error", name: str = name) -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        prompt, lyrics = str(params.get("prompt", "")), str(params.get("lyrics", ""))
        kind = params.get("lyrics_type")
        if kind not in ("user", "instrumental", "generate"):
            err("lyrics-type", f"lyrics_type {kind!r} is not user, instrumental or generate")
        if "make_instrumental" in params:
            err("instrumental", "Udio rejects make_instrumental; use lyrics_type")
        if kind == "instrumental" and lyrics.strip():
            err("instrumental", "instrumental with lyrics")
        if kind == "user" and not lyrics.strip():
            err("no-lyrics", "lyrics_type user without lyrics")
        if len(lyrics) > SOFT_LYRICS_LIMIT:
            err("lyrics-length", f"lyrics are {len(lyrics)} characters (soft limit {SOFT_LYRICS_LIMIT}, "
                                 "UNVERIFIED)", "warning")
        for field, value in (("prompt", prompt), ("negative_prompt", str(params.get("negative_prompt", "")))):
            names = base.find_artists(value)
            if names:
                err("artist", f"{field} names an artist: {', '.join(names)}")
        if base.find_artists(lyrics, lyrics=True):
            err("artist", "lyrics name an artist")
        base.check_tag_lines(lyrics, err, LABELS)
    return problems
