"""Tencent SongGeneration (LeVo): ``songgeneration.jsonl`` (one song per line).

Rules (see docs/targets.md for each rule's source): ``gt_lyric`` on **one line**, ``[tag] s1.s2.s3 ; [tag] …``;
tags only from ``conf/vocab.yaml``; intro/inst/outro carry ``-short`` (≈ 0–10 s) or ``-medium``
(≈ 10–20 s) and **no text**; verse/chorus/bridge need text and at least one is required (an
instrumental is generated with ``--bgm``: a warning says so); ASCII punctuation only (。，！？ are
converted, others dropped, and ``.``/``;`` inside a line become commas); an English vocal section
ends with ``.`` before `` ; ``, a Chinese one does not; at most 300 lyric tokens (estimated on the
safe side; sections are left out from the end, with a warning); ``descriptions`` lower-case comma
tags (gender, genre, emotion, instrument) ending ``.``. The contract with SongGeneration's own
code is :mod:`songsmith.targets.conformance_songgeneration`.
"""

from __future__ import annotations

import json
import re
import unicodedata

from songsmith.document.model import Song
from songsmith.targets import base, timing
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Options, Problem, TargetOutput

NAME = "songgeneration"
FILES = ("songgeneration.jsonl",)
VOCAB = frozenset({"verse", "chorus", "bridge", "intro-short", "intro-medium", "intro-long", "outro-short",
                   "outro-medium", "outro-long", "inst-short", "inst-medium", "inst-long", "silence"})
VOCAL = frozenset({"verse", "chorus", "bridge"})
TOKEN_LIMIT = 300
_FULLWIDTH = {"。": ",", "，": ",", "、": ",", "！": "!", "？": "?", "；": ",", "：": ":", ".": ",", ";": ",",
              "…": ",", "—": " ", "～": " "}
_SECTION = re.compile(r"^\[([a-z\-]+)\](?: (.*))?$")


def ascii_line(line: str) -> str:
    """A lyric line with ASCII punctuation only and no sentence or section separators."""
    out = []
    for char in line:
        if char in _FULLWIDTH:
            out.append(_FULLWIDTH[char])
        elif unicodedata.category(char).startswith("P") or unicodedata.category(char).startswith("S"):
            if char.isascii() and char not in "[]":
                out.append(char)
        else:
            out.append(char)
    text = " ".join("".join(out).split())
    text = re.sub(r"\s*,\s*", ", ", text)
    return text.strip(" ,:!?")


def tokens(text: str) -> int:
    """The lyric conditioner's token count, estimated on the safe side (calibrated against Qwen's
    tokenizer: :func:`songsmith.targets.conformance_tokens.qwen_lyric_tokens`)."""
    from songsmith.targets.conformance_tokens import qwen_lyric_tokens

    return qwen_lyric_tokens(text, frozenset(f"[{tag}]" for tag in VOCAB))


def descriptions(song: Song, options: Options) -> str:
    tags = [t.lower() for t in base.style_tags(song, options)]
    vocal = (song.style.vocal or "").lower() + " " + " ".join(tags)
    gender = "female" if re.search(r"\bfemale|woman|girl", vocal) else (
        "male" if re.search(r"\bmale\b|\bman\b|\bboy\b", vocal) else None)
    parts = ([gender] if gender else []) + [t for t in tags if t not in ("male", "female")]
    text = ", ".join(dict.fromkeys(p.replace(".", "").replace(",", " ").strip() for p in parts if p.strip()))
    return (text or "pop") + "."


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    bpm = base.tempo(song)
    language = base.song_language(song)
    blocks = singable_blocks(base.song_blocks(song, warnings))
    if language in ("zh", "yue") and options.homophones:
        from songsmith.targets.chinese import aid_blocks

        blocks = aid_blocks(blocks, "homophones", notes)
    if language == "eo":
        from songsmith.targets.esperanto_voice import english_voice

        blocks = english_voice(blocks, NAME, "SongGeneration reads Mandarin and English", notes)
    if language not in (None, "zh", "en"):
        warnings.append(f"SongGeneration v1 checkpoints sing Mandarin and English; {language!r} needs a v2 "
                        "checkpoint (UNVERIFIED for this language)")
    pairs = base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings))
    parts: list[str] = []
    for label, block in pairs:
        if label in VOCAL:
            sentences = [s for s in (ascii_line(x) for x in block.sung) if s]
            if not sentences:
                label = "inst"
            else:
                english = not any("\u3400" <= c <= "\u9fff" for c in "".join(sentences))
                body = ".".join(sentences) + ("." if english else "")
                parts.append(f"[{label}] {body}")
                continue
        seconds = timing.instrumental_seconds(block.kind, bpm)
        if block.sung:
            warnings.append(f"[{block.tag or block.kind}] is an instrumental kind with words; SongGeneration "
                            "allows no text there: its lines are left out")
        parts.append(f"[{label}-{'short' if seconds <= 10 else 'medium'}]")
    if not any(p.split("]")[0][1:] in VOCAL for p in parts):
        warnings.append("no vocal section: run SongGeneration with --bgm for an instrumental")
    gt_lyric = fit_tokens(parts, warnings)
    entry = {"idx": _idx(song), "descriptions": descriptions(song, options), "gt_lyric": gt_lyric}
    name = base.variant_name(FILES[0], options.variant)
    return TargetOutput({name: json.dumps(entry, ensure_ascii=False) + "\n"}, warnings, notes)


def fit_tokens(parts: list[str], warnings: list[str]) -> str:
    """``parts`` joined, within the conditioner's 300 tokens: sections are left out from the end
    (a trailing instrumental part is kept) until the estimate fits, with a warning."""
    lyric = " ; ".join(parts)
    count = tokens(lyric)
    if count <= TOKEN_LIMIT:
        return lyric
    tail = [parts[-1]] if len(parts) > 1 and parts[-1].split("]")[0][1:] not in VOCAL else []
    body = parts[:len(parts) - len(tail)]

    def fits(items: list[str]) -> bool:
        return tokens(" ; ".join(items + tail)) <= TOKEN_LIMIT

    kept = body[:base.longest_fitting(lambda n: fits(body[:n]), len(body), min(1, len(body)))]
    dropped_lines = 0
    if kept and not fits(kept):
        # The last part's sentences are separated by "."; keep as many of the first ones as fit.
        last = kept[-1]
        sentences = last.rstrip(".").split(".")
        end = "." if last.endswith(".") else ""

        def first(n: int) -> list[str]:
            return kept[:-1] + [".".join(sentences[:n]) + end]

        keep = base.longest_fitting(lambda n: fits(first(n)), len(sentences), 1)
        dropped_lines = len(sentences) - keep
        kept = first(keep)
    fitted = " ; ".join(kept + tail)
    left = len(parts) - len(kept) - len(tail)
    warnings.append(f"lyrics are about {count} tokens; SongGeneration's lyric conditioner keeps {TOKEN_LIMIT} "
                    f"and cuts the rest: left out the last {left} section(s)"
                    + (f" and {dropped_lines} line(s)" if dropped_lines else "") + f" (about {tokens(fitted)} tokens)")
    return fitted


def _idx(song: Song) -> str:
    from songsmith.poetry.slug import slugify

    return slugify(song.title)


def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, FILES[0], "missing", "no songgeneration.jsonl")]
    for group in groups.values():
        name, text = group[FILES[0]]

        def err(code: str, message: str, severity: str = "error", name: str = name) -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        rows = [line for line in text.split("\n") if line.strip()]
        if len(rows) != 1:
            err("jsonl", "one JSON object per line, one song")
        for row in rows:
            try:
                entry = json.loads(row)
            except ValueError as exc:
                err("json", f"not JSON: {exc}")
                continue
            if not isinstance(entry, dict) or not {"idx", "gt_lyric"} <= set(entry):
                err("fields", "needs idx and gt_lyric")
                continue
            if "descriptions" in entry and "prompt_audio_path" in entry:
                err("descriptions", "descriptions and prompt_audio_path do not combine")
            desc = str(entry.get("descriptions", ""))
            if desc and (desc != desc.lower() or not desc.endswith(".")):
                err("descriptions", "descriptions are lower-case comma tags ending with '.'")
            lyric = str(entry["gt_lyric"])
            if "\n" in lyric:
                err("one-line", "gt_lyric must be one line")
            if not lyric.isascii() and any(c in lyric for c in "。，！？；：、“”‘’《》"):
                err("punctuation", "full-width punctuation in gt_lyric: ASCII only")
            vocal = 0
            for part in lyric.split(" ; "):
                found = _SECTION.match(part)
                if not found:
                    err("section", f"{part!r} is not '[tag] text' (sections are joined by ' ; ')")
                    continue
                tag, body = found.group(1), found.group(2) or ""
                if tag not in VOCAB:
                    err("tag", f"[{tag}] is not in SongGeneration's vocab.yaml")
                elif tag in VOCAL:
                    vocal += 1
                    if not body.strip():
                        err("empty-vocal", f"[{tag}] needs text")
                    cjk = any("\u3400" <= c <= "\u9fff" for c in body)
                    if cjk and body.endswith("."):
                        err("final-period", f"[{tag}]: a Chinese section has no final '.'")
                    if not cjk and body and not body.endswith("."):
                        err("final-period", f"[{tag}]: an English section ends with '.'")
                    if ";" in body or "[" in body or "]" in body:
                        err("separator", f"[{tag}]: ';' or brackets inside the text")
                elif body.strip():
                    err("inst-text", f"[{tag}] must have no text")
            if not vocal:
                err("no-vocal", "no verse, chorus or bridge: generate with --bgm", "warning")
            if tokens(lyric) > TOKEN_LIMIT:
                err("tokens", f"about {tokens(lyric)} tokens; the conditioner keeps {TOKEN_LIMIT}", "warning")
    return problems
