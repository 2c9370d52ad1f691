"""ACE-Step v1 (3.5B): ``ace-step.json``, the body of ``infer-api.py``'s ``POST /generate``, and
``ace-step.input_params.json``, the file ``infer.py`` reads (put it alone in
``examples/default/input_params/``: its ``DataSampler`` picks a file of that folder).

The API body has every field the server's request model requires (``checkpoint_path`` empty:
the pipeline downloads the checkpoint; ``actual_seeds`` and ``oss_steps`` empty: a random seed,
no custom steps); the infer.py file has the keys ``infer.py`` reads, without the server's own.
Chinese is written in simplified characters and short Chinese lines are joined in pairs, so
ACE-Step v1's language segmenter reads every line as Chinese (:mod:`songsmith.targets.scripts`).
The contract with ACE-Step's own code is :mod:`songsmith.targets.conformance_ace_step`.

Rules (see docs/targets.md for each rule's source): ``prompt`` comma tags, about 256 UMT5 tokens (cut above
900 characters); ``lyrics`` one lower-case tag line per section (``[verse]``, ``[chorus]``,
``[bridge]``, ``[pre-chorus]``, ``[intro]``, ``[outro]``, ``[inst]``), a blank line between
sections and none inside one; instrumental = lyrics ``[instrumental]``; ``audio_duration``
30–240 s fitted to the lyrics (estimated from syllables and tempo); never a ``[zh]`` line;
languages outside ``en de fr es it pt pl tr ru cs nl ar zh ja hu ko hi`` fall back to English, so
Esperanto is respelled (ĉ→ch, ĝ→dj, ĥ→h, ĵ→zh, ŝ→sh, ŭ→w; the letters are [UNK] in its vocabulary);
Chinese polyphones can only be steered by homophone substitution (``homophones`` option).
"""

from __future__ import annotations

from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.base import Block, Options, Problem, TargetOutput

NAME = "ace-step"
FILES = ("ace-step.json", "ace-step.input_params.json")
LANGUAGES = frozenset("en de fr es it pt pl tr ru cs nl ar zh ja hu ko hi".split())
TAGS = frozenset({"intro", "verse", "pre-chorus", "chorus", "bridge", "outro", "inst", "instrumental"})
UNK_LETTERS = frozenset("ĉĝĥĵŝŭĈĜĤĴŜŬ")
PROMPT_SOFT_LIMIT = 900
MIN_SECONDS, MAX_SECONDS = 30, 240
PARAMS = {"infer_step": 60, "guidance_scale": 15.0, "scheduler_type": "euler", "cfg_type": "apg",
          "omega_scale": 10.0, "actual_seeds": [], "guidance_interval": 0.5, "guidance_interval_decay": 0.0,
          "min_guidance_scale": 3.0, "use_erg_tag": True, "use_erg_lyric": True, "use_erg_diffusion": True,
          "oss_steps": [], "guidance_scale_text": 0.0, "guidance_scale_lyric": 0.0}
#: Fields only the API server reads (infer-api.py ``ACEStepInput``).
SERVER = {"checkpoint_path": "", "bf16": True, "torch_compile": False, "device_id": 0}


def respell(text: str, language: str | None) -> str:
    if language == "eo":
        # normalises x- and h-system spellings first, keeps capitals (ĈU → CHU): docs/esperanto.md
        from songsmith.esperanto.respell import singable_text

        return singable_text(text, "ace-step")
    from songsmith.targets.data import target_data

    table = target_data("singing-aids.yaml").get("respell", {}).get(language or "", {})
    return "".join(table.get(c, c) for c in text) if table else text


def sung_text(line: str) -> str:
    """A line as the open models should sing it: backing parentheses dropped, notes gone."""
    if base.is_performance_note(line):
        return ""
    if line.startswith("(") and line.endswith(")"):
        line = line[1:-1].strip()
    return line


def singable_blocks(blocks: list[Block], *, keep_breaks: bool = False) -> list[Block]:
    out = []
    for block in blocks:
        lines = []
        for line in block.lines:
            if not line:
                if keep_breaks and lines and lines[-1]:
                    lines.append("")
                continue
            text = sung_text(line)
            if text:
                lines.append(text)
        while lines and not lines[-1]:
            lines.pop()
        out.append(Block(block.kind, block.number, block.descriptor, lines, block.tag))
    return out


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    language = base.song_language(song)
    bpm = base.tempo(song)
    prompt = base.style_prompt(song, options)
    if song.style.tempo_bpm and "bpm" not in prompt.lower():
        prompt = f"{prompt}, {bpm} BPM" if prompt else f"{bpm} BPM"
    prompt = base.cut_text(prompt, PROMPT_SOFT_LIMIT, "prompt (about 256 UMT5 tokens)", warnings)
    blocks = singable_blocks(base.song_blocks(song, warnings))
    if base.is_instrumental(blocks):
        lyrics, seconds = "[instrumental]", timing.total_seconds([(b.kind, []) for b in blocks], bpm)
    else:
        if language != "eo" and any(c in UNK_LETTERS for b in blocks for x in b.lines for c in x):
            blocks = [Block(b.kind, b.number, b.descriptor, [respell(x, "eo") for x in b.lines], b.tag)
                      for b in blocks]
            notes.append("Esperanto letters are unknown tokens in ACE-Step v1: respelled ĉ→ch ĝ→dj ĥ→h ĵ→zh "
                         "ŝ→sh ŭ→w")
        if language and language not in LANGUAGES:
            if language == "eo":
                blocks = [Block(b.kind, b.number, b.descriptor, [respell(x, "eo") for x in b.lines], b.tag)
                          for b in blocks]
                notes.append("Esperanto is not an ACE-Step v1 language (it falls back to English and "
                                "ĉ ĝ ĥ ĵ ŝ ŭ are unknown tokens): respelled ĉ→ch ĝ→dj ĥ→h ĵ→zh ŝ→sh ŭ→w")
            else:
                warnings.append(f"language {language!r} is not an ACE-Step v1 language: it is sung as "
                                "English")
        if language in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        if language == "yue":
            warnings.append("ACE-Step v1 has no Cantonese: Chinese text is read as Mandarin pinyin")
        from songsmith.targets.scripts import (  # Chinese lines only
            join_short_lines,
            simplified_blocks,
        )

        blocks = join_short_lines(simplified_blocks(blocks, notes, "ACE-Step v1"), notes, warnings)
        if language == "eo":
            warnings.append("ACE-Step v1 guesses each line's language and has no Esperanto: lines it reads as "
                            "Spanish, French or another of its languages are sung that way (about a third of "
                            "respelled lines, measured with its segmenter)")
        pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
        pairs = fit_seconds(pairs, bpm, MAX_SECONDS, warnings)
        lyrics = base.bracket_lyrics(pairs)
        seconds = timing.total_seconds([(b.kind, b.sung) for _, b in pairs], bpm)
    duration = round(min(MAX_SECONDS, max(MIN_SECONDS, seconds + 4)), 1)
    song_fields = {"prompt": prompt, "lyrics": lyrics, "audio_duration": duration, **PARAMS}
    files = {base.variant_name(FILES[0], options.variant): base.dump_json({**SERVER, **song_fields}),
             base.variant_name(FILES[1], options.variant): base.dump_json(song_fields)}
    return TargetOutput(files, warnings, notes)


def fit_seconds(pairs: list[tuple[str, Block]], bpm: int, limit: float,
                warnings: list[str]) -> list[tuple[str, Block]]:
    """Drop sections from the end until the estimate fits ``limit`` seconds (with a warning)."""
    def seconds(items: list[tuple[str, Block]]) -> float:
        return timing.total_seconds([(b.kind, b.sung) for _, b in items], bpm)

    total = seconds(pairs)
    if total <= limit:
        return pairs
    kept = pairs[:base.longest_fitting(lambda n: seconds(pairs[:n]) <= limit, len(pairs) - 1, 1)]
    warnings.append(f"the song is about {total:.0f} s at {bpm} bpm; the target takes at most {limit:.0f} s: "
                    f"left out the last {len(pairs) - len(kept)} section(s) ({seconds(kept):.0f} s)")
    return kept




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for group in base.split_variants(files, FILES).values():
        if FILES[1] not in group:
            problems.append(Problem(NAME, FILES[1], "missing", f"no {FILES[1]} (the file infer.py reads)"))
    for name, data, err in base.json_documents(NAME, files, FILES, problems):

        missing = ({"prompt", "lyrics", "audio_duration"} | set(PARAMS) | {"checkpoint_path"}) - set(data)
        if missing:
            err("fields", f"missing fields: {', '.join(sorted(missing))}")
            continue
        prompt, lyrics, duration = str(data["prompt"]), str(data["lyrics"]), data["audio_duration"]
        if len(prompt) > PROMPT_SOFT_LIMIT:
            err("prompt-length", f"prompt is {len(prompt)} characters; UMT5 keeps about 256 tokens", "warning")
        if not isinstance(duration, (int, float)) or not (MIN_SECONDS <= duration <= MAX_SECONDS):
            err("duration", f"audio_duration {duration!r} is not within {MIN_SECONDS}–{MAX_SECONDS} s")
        if not lyrics.strip():
            err("no-lyrics", "empty lyrics; an instrumental is [instrumental]")
        bad = sorted({c for c in lyrics if c in UNK_LETTERS})
        if bad:
            err("unk", f"letters {' '.join(bad)} are [UNK] in ACE-Step v1's vocabulary: respell them")
        lines = lyrics.split("\n")
        if lines and not base.TAG_LINE.match(lines[0]):
            err("first-tag", "lyrics must start with a tag line")
        for number, line in enumerate(lines, 1):
            tag = base.TAG_LINE.match(line)
            if tag:
                if tag.group(1) not in TAGS:
                    err("tag", f"lyrics line {number}: [{tag.group(1)}] is not one of {sorted(TAGS)}")
                if number > 1 and lines[number - 2] != "":
                    err("blank", f"lyrics line {number}: a tag needs a blank line before it")
            elif "[" in line or "]" in line:
                err("bracket", f"lyrics line {number}: a '[' would make the line a structure tag")
            elif line == "" and number < len(lines) and not base.TAG_LINE.match(lines[number]):
                err("blank", f"lyrics line {number}: blank line inside a section (reads as a section break)")
            if line != line.strip() or "  " in line:
                err("spaces", f"lyrics line {number}: stray spaces", "warning")
    return problems
