"""Suno: ``suno.json`` (songsmith's record, with the web app's internal model name),
``suno.txt`` (copy-paste layout for the web "Custom" mode) and ``suno.api.json``, the body of
``POST /api/v1/generate`` of the sunoapi.org-style services (docs.sunoapi.org "Generate Music",
read 2026-12; kie.ai documents the same body): ``customMode``, ``instrumental``, ``model``
(``V4``, ``V4_5``, ``V4_5PLUS``, ``V5``, ``V5_5``; ``V3_5`` on kie.ai), ``prompt`` (the lyrics in
custom mode), ``style``, ``title``, ``negativeTags``. The caller adds its own ``callBackUrl``
and the ``Authorization`` header; no key is ever written.

Rules (see docs/targets.md for each rule's source): model-aware limits (v3/v3.5/v4: lyrics ≤ 3000, style ≤ 200,
≤ 120 advised on v3/v3.5; v4.5, v4.5+, v5, v5.5: lyrics ≤ 5000, style ≤ 1000); title ≤ 80;
tags in ``[Title Case]``, descriptors kept from v4.5 on; backing vocals in ``( )`` but no
performance notes in ``( )`` (they become ``[Whispered]``-style cue lines); instrumental sends
empty lyrics; exclude goes to ``negative_tags``; artist names are scrubbed from title, style,
exclude and lyrics.
"""

from __future__ import annotations

from songsmith.document.model import Song
from songsmith.targets import base
from songsmith.targets.base import Block, Options, Problem, TargetOutput

NAME = "suno"
FILES = ("suno.json", "suno.txt", "suno.api.json")
#: UI name -> the sunoapi.org-style ``model`` value (v3 has none: its nearest, V3_5, is sent).
API_MODELS = {"v3": "V3_5", "v3.5": "V3_5", "v4": "V4", "v4.5": "V4_5", "v4.5+": "V4_5PLUS", "v5": "V5",
              "v5.5": "V5_5"}
API_FIELDS = ("customMode", "instrumental", "model", "prompt", "style", "title", "negativeTags")

#: UI name -> (internal ``mv`` name, lyrics limit, style limit)
MODELS: dict[str, tuple[str, int, int]] = {
    "v3": ("chirp-v3-0", 3000, 200),
    "v3.5": ("chirp-v3-5", 3000, 200),
    "v4": ("chirp-v4", 3000, 200),
    "v4.5": ("chirp-auk", 5000, 1000),
    "v4.5+": ("chirp-bluejay", 5000, 1000),
    "v5": ("chirp-crow", 5000, 1000),
    "v5.5": ("chirp-fenix", 5000, 1000),
}
_BY_MV = {mv: name for name, (mv, _, _) in MODELS.items()}
TITLE_LIMIT = 80
SAFE_OLD_STYLE = 120  # v3/v3.5 web UI, UNVERIFIED


def model_info(model: str) -> tuple[str, str, int, int]:
    """(UI name, mv name, lyrics limit, style limit) for ``v4.5``, ``V4_5``, ``chirp-auk``, …"""
    key = model.strip().lower().replace("_", ".").replace("plus", "+")
    key = _BY_MV.get(key, key)
    if not key.startswith("v"):
        key = "v" + key
    if key not in MODELS:
        known = ", ".join(MODELS)
        raise ValueError(f"unknown Suno model {model!r}; known: {known}")
    mv, lyrics, style = MODELS[key]
    return key, mv, lyrics, style


def descriptors_allowed(model: str) -> bool:
    return model_info(model)[2] >= 5000


def tag_text(label: str, block: Block, keep_descriptor: bool) -> str:
    if block.kind == "custom":
        return base.title_case(base.clean_line(block.tag or "") or "Instrumental")
    text = label
    if block.number is not None:
        text += f" {block.number}"
    if keep_descriptor and block.descriptor:
        descriptor = block.descriptor
        joiner = " " if (" " not in descriptor or descriptor.split()[0].lower() in
                         ("with", "and", "in", "on", "for", "of")) else ", "
        text += joiner + descriptor
    return base.title_case(text)


def render_lyrics(pairs: list[tuple[str, Block]], keep_descriptor: bool) -> str:
    chunks = []
    for label, block in pairs:
        tag, _ = base.scrub_artists(tag_text(label, block, keep_descriptor), lyrics=True)
        lines = [f"[{' '.join(tag.split()).strip(' ,;:-–—') or label}]"]
        for line in block.lines:
            if base.is_performance_note(line):
                lines.append(f"[{base.title_case(line[1:-1].strip())}]")
            else:
                lines.append(line)
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    ui, mv, lyrics_limit, style_limit = model_info(options.suno_model)
    keep = lyrics_limit >= 5000

    title, found = base.scrub_artists(song.title, lyrics=True)
    title = base.cut_text(" ".join(title.split()) or "Untitled", TITLE_LIMIT, "title", warnings)
    style = base.with_language_tag(base.style_prompt(song, options), base.language_tag(song))
    style, found_style = base.scrub_artists(style)
    exclude, found_exclude = base.scrub_artists(song.style.exclude or "")
    found += found_style + found_exclude
    style = base.cut_text(style, style_limit, f"style ({ui})", warnings)
    if ui in ("v3", "v3.5") and len(style) > SAFE_OLD_STYLE:
        warnings.append(f"style is {len(style)} characters; the {ui} web UI may cut it at "
                        f"{SAFE_OLD_STYLE} (UNVERIFIED)")

    blocks = base.song_blocks(song, warnings)
    instrumental = base.is_instrumental(blocks)
    lyrics = ""
    if not instrumental:
        if base.song_language(song) in ("zh", "yue") and (options.pinyin_hints or options.homophones):
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "pinyin" if options.pinyin_hints else "homophones", notes)
        scrubbed = []
        for block in blocks:
            lines = base.scrub_block_lines(block, found).lines
            descriptor, names = base.scrub_artists(block.descriptor or "", lyrics=True)
            tag, more = base.scrub_artists(block.tag or "", lyrics=True)
            found += names + more
            scrubbed.append(Block(block.kind, block.number, descriptor.strip(" ,;:-–—") or None, lines,
                                  tag.strip(" ,;:-–—") or block.tag and None))
        pairs = base.map_blocks(scrubbed, NAME, warnings)
        lyrics, _ = base.fit(lambda p: render_lyrics(p, keep), pairs, lyrics_limit,
                             f"lyrics ({ui})", warnings)
    if found:
        warnings.append("artist names removed (Suno rejects them): " + ", ".join(sorted(set(found))))

    data = {"title": title, "style": style, "exclude": exclude, "lyrics": lyrics, "model": mv,
            "instrumental": instrumental}
    txt = _copy_paste(data, ui, lyrics_limit, style_limit)
    if ui == "v3":
        notes.append("suno.api.json: the API services have no v3; it asks for V3_5")
    api = {"customMode": True, "instrumental": instrumental, "model": API_MODELS[ui], "prompt": lyrics,
           "style": style, "title": title, "negativeTags": exclude}
    return TargetOutput({base.variant_name("suno.json", options.variant): base.dump_json(data),
                         base.variant_name("suno.txt", options.variant): txt,
                         base.variant_name("suno.api.json", options.variant): base.dump_json(api)}, warnings, notes)


def _copy_paste(data: dict[str, object], ui: str, lyrics_limit: int, style_limit: int) -> str:
    title, style, exclude, lyrics = (str(data[k]) for k in ("title", "style", "exclude", "lyrics"))
    parts = [
        f"Suno, Custom mode, model {ui} ({data['model']}). Paste each block into the field it names.",
        "",
        f"=== Title ({len(title)}/{TITLE_LIMIT}) ===",
        title,
        "",
        f"=== Style of Music ({len(style)}/{style_limit}) ===",
        style,
        "",
        "=== Exclude Styles ===",
        exclude,
        "",
    ]
    if data["instrumental"]:
        parts += ["=== Instrumental: ON (leave Lyrics empty) ===", ""]
    else:
        parts += [f"=== Lyrics ({len(lyrics)}/{lyrics_limit}) ===", lyrics, ""]
    return "\n".join(parts)




def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, "suno.json", "missing", "no suno.json")]
    for group in groups.values():
        if "suno.json" not in group:
            problems.append(Problem(NAME, "suno.json", "missing", "no suno.json"))
            continue
        name, text = group["suno.json"]
        data = base.load_json(NAME, name, text, problems)
        if not isinstance(data, dict):
            continue
        _validate_data(name, data, problems)
        if "suno.txt" not in group:
            problems.append(Problem(NAME, name, "missing", "no suno.txt next to it"))
        elif str(data.get("lyrics", "")) not in group["suno.txt"][1]:
            problems.append(Problem(NAME, group["suno.txt"][0], "mismatch", "lyrics differ from suno.json"))
        if "suno.api.json" not in group:
            problems.append(Problem(NAME, name, "missing", "no suno.api.json next to it"))
        else:
            _validate_api(group["suno.api.json"], data, problems)
    return problems


def _validate_data(name: str, data: dict[str, object], problems: list[Problem]) -> None:
    def err(code: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(NAME, name, code, message, severity))

    missing = {"title", "style", "exclude", "lyrics", "model", "instrumental"} - set(data)
    if missing:
        err("fields", f"missing fields: {', '.join(sorted(missing))}")
        return
    try:
        ui, _, lyrics_limit, style_limit = model_info(str(data["model"]))
    except ValueError as exc:
        err("model", str(exc))
        return
    title, style, lyrics = str(data["title"]), str(data["style"]), str(data["lyrics"])
    if not title.strip():
        err("title", "empty title")
    if len(title) > TITLE_LIMIT:
        err("title-length", f"title is {len(title)} characters; limit {TITLE_LIMIT}")
    if len(style) > style_limit:
        err("style-length", f"style is {len(style)} characters; {ui} takes {style_limit}")
    if len(lyrics) > lyrics_limit:
        err("lyrics-length", f"lyrics are {len(lyrics)} characters; {ui} takes {lyrics_limit}")
    if data["instrumental"] and lyrics:
        err("instrumental", "instrumental songs must send empty lyrics")
    if not data["instrumental"] and not lyrics.strip():
        err("no-lyrics", "no lyrics and not instrumental")
    for field in ("title", "style", "exclude"):
        names = base.find_artists(str(data[field]), lyrics=field == "title")
        if names:
            err("artist", f"{field} names an artist: {', '.join(names)}")
    names = base.find_artists(lyrics, lyrics=True)
    if names:
        err("artist", f"lyrics name an artist: {', '.join(names)}")
    for number, line in enumerate(lyrics.split("\n"), 1):
        tag = base.TAG_LINE.match(line)
        if tag:
            if not base.is_title_case(tag.group(1)):
                err("tag-case", f"lyrics line {number}: tag [{tag.group(1)}] is not Title Case")
        elif "[" in line or "]" in line:
            err("bracket", f"lyrics line {number}: square bracket inside a lyric line")
        elif base.is_performance_note(line):
            err("note-in-parens", f"lyrics line {number}: {line} would be sung; performance notes "
                                  "belong in [brackets]")
        if line != line.strip():
            err("spaces", f"lyrics line {number}: leading or trailing spaces", "warning")


def _validate_api(named: tuple[str, str], record: dict[str, object], problems: list[Problem]) -> None:
    """``suno.api.json``: every field the service's custom mode needs, with the record's values."""
    name, text = named
    body = base.load_json(NAME, name, text, problems)
    if not isinstance(body, dict):
        return

    def err(code: str, message: str) -> None:
        problems.append(Problem(NAME, name, code, message))

    missing = [f for f in API_FIELDS if f not in body]
    if missing:
        err("fields", f"missing fields: {', '.join(missing)}")
        return
    if body["customMode"] is not True or not isinstance(body["instrumental"], bool):
        err("mode", "customMode must be true and instrumental a boolean")
    if body["model"] not in API_MODELS.values():
        err("model", f"model {body['model']!r} is not one of {', '.join(sorted(set(API_MODELS.values())))}")
    same = {"prompt": "lyrics", "style": "style", "title": "title", "negativeTags": "exclude",
            "instrumental": "instrumental"}
    for api_field, field in same.items():
        if body[api_field] != record.get(field):
            err("mismatch", f"{api_field} differs from suno.json's {field}")
    if not body["instrumental"] and not str(body["prompt"]).strip():
        err("no-lyrics", "custom mode without instrumental needs the lyrics in prompt")
