"""Mureka (Kunlun): ``mureka.json``: the endpoint and the request body.

Rules (see docs/targets.md for each rule's source): ``lyrics`` non-empty and ≤ 3000 characters; ``prompt`` ≤ 1024
and never together with ``reference_id``/``vocal_id``/``melody_id`` (we send only the prompt);
``n`` ≤ 3; instrumentals go to ``/v1/instrumental/generate`` with no lyrics field; tags
``[Intro] [Verse] [Pre-chorus] [Chorus] [Bridge] [Outro]``.
"""

from __future__ import annotations

from songsmith.document.model import Song
from songsmith.targets import base
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "mureka"
FILES = ("mureka.json",)
SONG_ENDPOINT = "POST https://api.mureka.ai/v1/song/generate"
INSTRUMENTAL_ENDPOINT = "POST https://api.mureka.ai/v1/instrumental/generate"
LYRICS_LIMIT = 3000
PROMPT_LIMIT = 1024
MAX_N = 3
MODELS = ("auto", "mureka-6", "mureka-7.5", "mureka-o1")
TAGS = frozenset({"Intro", "Verse", "Pre-chorus", "Chorus", "Bridge", "Outro"})


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    if options.mureka_model not in MODELS:
        warnings.append(f"Mureka model {options.mureka_model!r} is not one of {', '.join(MODELS)} (UNVERIFIED)")
    prompt = base.with_language_tag(base.style_prompt(song, options), base.language_tag(song))
    prompt = base.cut_text(prompt, PROMPT_LIMIT, "prompt", warnings)
    blocks = singable_blocks(base.song_blocks(song, warnings), keep_breaks=True)
    body: dict[str, object] = {"model": options.mureka_model, "n": 2, "prompt": prompt}
    if base.is_instrumental(blocks):
        endpoint = INSTRUMENTAL_ENDPOINT
    else:
        endpoint = SONG_ENDPOINT
        if base.song_language(song) in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
        lyrics, _ = base.fit(base.bracket_lyrics, pairs, LYRICS_LIMIT, "lyrics", warnings)
        body = {"lyrics": lyrics, **body}
    data = {"endpoint": endpoint, "body": body}
    return TargetOutput({base.variant_name(FILES[0], options.variant): base.dump_json(data)}, warnings, notes)




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, FILES[0], "missing", "no mureka.json")]
    for group in groups.values():
        name, text = group[FILES[0]]
        data = base.load_json(NAME, name, text, problems)
        if not isinstance(data, dict) or not isinstance(data.get("body"), dict):
            problems.append(Problem(NAME, name, "fields", "needs endpoint and body"))
            continue

        def err(code: str, message: str, severity: str = "error", name: str = name) -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        body = data["body"]
        prompt = str(body.get("prompt", ""))
        if len(prompt) > PROMPT_LIMIT:
            err("prompt-length", f"prompt is {len(prompt)} characters; limit {PROMPT_LIMIT}")
        if prompt and ({"reference_id", "vocal_id", "melody_id"} & set(body)):
            err("exclusive", "prompt cannot be combined with reference_id, vocal_id or melody_id")
        if not isinstance(body.get("n", 2), int) or not 1 <= body.get("n", 2) <= MAX_N:
            err("n", f"n must be 1–{MAX_N}")
        if data.get("endpoint") == INSTRUMENTAL_ENDPOINT:
            if "lyrics" in body:
                err("instrumental", "the instrumental endpoint takes no lyrics")
            continue
        if data.get("endpoint") != SONG_ENDPOINT:
            err("endpoint", f"unknown endpoint {data.get('endpoint')!r}")
        lyrics = str(body.get("lyrics", ""))
        if not lyrics.strip():
            err("no-lyrics", "lyrics must not be empty (instrumentals use the instrumental endpoint)")
        if len(lyrics) > LYRICS_LIMIT:
            err("lyrics-length", f"lyrics are {len(lyrics)} characters; limit {LYRICS_LIMIT}")
        base.check_tag_lines(lyrics, err, TAGS)
    return problems
