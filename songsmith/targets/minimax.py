"""MiniMax (Hailuo) music: ``minimax.json``, the body of ``POST /v1/music_generation``.

Rules (see docs/targets.md for each rule's source): model-aware limits (music-1.5: prompt 10–300, lyrics 10–600;
music-2.0: prompt 10–2000, lyrics 10–3000; music-2.5/2.6: prompt ≤ 2000, lyrics ≤ 3500;
music-3.0: prompt ≤ 2000 (UNVERIFIED), lyrics 10–3000), every character counting 1; tags
``[Intro] [Verse] [Pre Chorus] [Chorus] [Bridge] [Outro] [Inst]`` ("Pre Chorus" with a space);
newline = line, blank line = pause; instrumental needs ``is_instrumental: true`` (empty lyrics
alone still sing); ``audio_setting`` from the fixed enums.
"""

from __future__ import annotations

from songsmith.document.model import Song
from songsmith.targets import base
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "minimax"
FILES = ("minimax.json",)
#: model -> ((prompt min, max), (lyrics min, max))
MODELS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "music-1.5": ((10, 300), (10, 600)),
    "music-2.0": ((10, 2000), (10, 3000)),
    "music-2.5": ((0, 2000), (0, 3500)),
    "music-2.6": ((0, 2000), (0, 3500)),
    "music-3.0": ((0, 2000), (10, 3000)),
}
#: The service's current model (platform.minimax.io music-generation docs and its resellers, read
#: 2026-12: music-2.6, released 2026-04-12); ``Options.minimax_model`` defaults to it.
DEFAULT_MODEL = "music-2.6"
TAGS = frozenset({"Intro", "Verse", "Pre Chorus", "Chorus", "Bridge", "Outro", "Inst"})
SAMPLE_RATES = (16000, 24000, 32000, 44100)
BITRATES = (32000, 64000, 128000, 256000)
FORMATS = ("mp3", "wav", "pcm")


def model_limits(model: str) -> tuple[tuple[int, int], tuple[int, int]]:
    key = model.strip().lower()
    if not key.startswith("music-"):
        key = "music-" + key
    if key not in MODELS:
        raise ValueError(f"unknown MiniMax model {model!r}; known: {', '.join(MODELS)}")
    return MODELS[key]


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    model = options.minimax_model.strip().lower()
    model = model if model.startswith("music-") else "music-" + model
    (pmin, pmax), (lmin, lmax) = model_limits(model)
    prompt = base.with_language_tag(base.style_prompt(song, options), base.language_tag(song))
    prompt = base.cut_text(prompt, pmax, f"prompt ({model})", warnings)
    if len(prompt) < pmin:
        prompt = (prompt + ", song" if prompt else "song, vocal")[:pmax]
        prompt = prompt if len(prompt) >= pmin else prompt.ljust(pmin, ".")
        warnings.append(f"the style prompt was under {pmin} characters: padded to {prompt!r}")
    blocks = singable_blocks(base.song_blocks(song, warnings), keep_breaks=True)
    instrumental = base.is_instrumental(blocks)
    data: dict[str, object] = {"model": model, "prompt": prompt}
    if instrumental:
        data["is_instrumental"] = True
    else:
        if base.song_language(song) in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
        lyrics, _ = base.fit(base.bracket_lyrics, pairs, lmax, f"lyrics ({model})", warnings)
        if len(lyrics) < lmin:
            short = len(lyrics)
            while len(lyrics) < lmin:
                lyrics += "\n\n[Outro]"
            warnings.append(f"lyrics are {short} characters; {model} wants at least {lmin}: added an [Outro] tag")
        data["lyrics"] = lyrics
        data["is_instrumental"] = False
    data["output_format"] = "url"
    data["audio_setting"] = {"sample_rate": 44100, "bitrate": 256000, "format": "mp3"}
    return TargetOutput({base.variant_name(FILES[0], options.variant): base.dump_json(data)}, warnings, notes)




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for name, data, err in base.json_documents(NAME, files, FILES, problems):

        try:
            (pmin, pmax), (lmin, lmax) = model_limits(str(data.get("model", "")))
        except ValueError as exc:
            err("model", str(exc))
            continue
        prompt = str(data.get("prompt", ""))
        if not pmin <= len(prompt) <= pmax:
            err("prompt-length", f"prompt is {len(prompt)} characters; {data['model']} takes {pmin}–{pmax}")
        lyrics = data.get("lyrics")
        if data.get("is_instrumental") is True:
            if lyrics:
                err("instrumental", "is_instrumental with lyrics", "warning")
        else:
            if data.get("is_instrumental") is not False:
                err("instrumental", "is_instrumental must be true or false")
            lyrics = str(lyrics or "")
            if not lmin <= len(lyrics) <= lmax or not lyrics.strip():
                err("lyrics-length", f"lyrics are {len(lyrics)} characters; {data['model']} takes {lmin}–{lmax}")
            base.check_tag_lines(lyrics, err, TAGS)
        setting = data.get("audio_setting", {})
        if not isinstance(setting, dict) or setting.get("sample_rate") not in SAMPLE_RATES \
                or setting.get("bitrate") not in BITRATES or setting.get("format") not in FORMATS:
            err("audio-setting", "audio_setting values must come from the fixed enums")
    return problems
