"""What every packaging target shares: options, outputs, problems and the lyric preparation.

A target is a pure function ``Song (+ Options) -> TargetOutput`` (files as text, keyed by a
relative path, plus warnings) and a validator ``files -> [Problem]`` that re-checks the files
against that target's rules (../shared/reference/music-targets.md §10). Renderers never truncate
silently: whatever they cut to fit a limit is named in a warning with the numbers.

Rules shared by all targets (music-targets.md §10, G1–G5):

* G1: render from the canonical section model (kind, number, descriptor), never the user's tag text;
* G2: artist names are scrubbed for Suno, Udio and ElevenLabs (:func:`scrub_artists`);
* G3: lengths are ``len()`` code points of the serialised field, tags and newlines included;
* G4: newlines are ``\\n``, lines are stripped, interior runs of spaces collapse, spaces between
  Chinese characters go;
* G5: ``[`` and ``]`` never appear inside a lyric line (they are removed, with a warning).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from songsmith.language import guess_language, is_cjk
from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Song

# Outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A rule a target's files break. ``severity`` is ``error`` (the target would misread the
    files) or ``warning`` (a soft limit or an unverified rule)."""

    target: str
    file: str
    code: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.target}: {self.file}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass
class TargetOutput:
    """Files (relative path -> text), warnings (something the user should act on; ``--strict``
    fails on them) and notes (what was done on purpose, e.g. synthesised timestamps)."""

    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """Options for rendering. Every field has a safe default.

    * ``suno_model``: ``v3``, ``v3.5``, ``v4``, ``v4.5``, ``v4.5+``, ``v5``, ``v5.5`` (or the
      ``chirp-*`` name); decides the length limits and whether tag descriptors are kept.
    * ``minimax_model``: ``music-1.5``, ``music-2.0``, ``music-2.5``, ``music-2.6``, ``music-3.0``.
    * ``mureka_model``: ``auto``, ``mureka-6``, ``mureka-7.5``, ``mureka-o1``.
    * ``homophones``: replace polyphonic characters read classically by an unambiguous homophone
      in targets that read characters the modern way (the lyric sheet keeps the original).
    * ``pinyin_hints``: Suno only: write such characters as tone-marked pinyin instead.
    * ``style_prompt``: a candidate's style prompt, used instead of the song's.
    * ``variant``: a candidate number; file names get it before their extension (suno.1.json).
    """

    suno_model: str = "v4.5"
    minimax_model: str = "music-2.6"
    mureka_model: str = "auto"
    homophones: bool = False
    pinyin_hints: bool = False
    style_prompt: str | None = None
    variant: str | None = None


def variant_name(path: str, variant: str | None) -> str:
    """``suno.json`` -> ``suno.1.json``; ``yue/genre.txt`` -> ``yue/genre.1.txt``."""
    if not variant:
        return path
    head, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    new = f"{stem}.{variant}.{ext}" if dot else f"{name}.{variant}"
    return f"{head}/{new}" if head else new


def split_variants(files: dict[str, str], canonical: Iterable[str]) -> dict[str | None, dict[str, tuple[str, str]]]:
    """Group files by variant: ``{variant: {canonical name: (actual name, text)}}``.

    Files that are not one of ``canonical`` (with or without a variant number) are ignored.
    """
    patterns = []
    for name in canonical:
        head, _, base = name.rpartition("/")
        stem, dot, ext = base.rpartition(".")
        prefix = re.escape(f"{head}/") if head else ""
        if dot:
            pattern = rf"{prefix}{re.escape(stem)}(?:\.(\d+))?\.{re.escape(ext)}"
        else:
            pattern = rf"{prefix}{re.escape(base)}(?:\.(\d+))?"
        patterns.append((name, re.compile(pattern)))
    groups: dict[str | None, dict[str, tuple[str, str]]] = {}
    for actual, text in files.items():
        for name, pattern in patterns:
            match = pattern.fullmatch(actual)
            if match:
                groups.setdefault(match.group(1), {})[name] = (actual, text)
                break
    return groups


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def bracket_lyrics(pairs: list[tuple[str, Block]]) -> str:
    """``[Label]`` then the section's lines, a blank line between sections."""
    return "\n\n".join("\n".join([f"[{label}]", *block.lines]) for label, block in pairs)


def json_documents(target: str, files: dict[str, str], canonical: Sequence[str],
                   problems: list[Problem]) -> Iterator[tuple[str, dict[str, Any], Callable[..., None]]]:
    """Each variant's main JSON file as ``(name, data, err)``, for validators.

    A missing file or a file that is not a JSON object is recorded in ``problems`` and skipped;
    ``err(code, message, severity="error")`` records a problem against that file.
    """
    groups = split_variants(files, canonical)
    if not groups:
        problems.append(Problem(target, canonical[0], "missing", f"no {canonical[0]}"))
        return
    for group in groups.values():
        name, text = group[canonical[0]]
        data = load_json(target, name, text, problems)
        if not isinstance(data, dict):
            continue

        def err(code: str, message: str, severity: str = "error", name: str = name) -> None:
            problems.append(Problem(target, name, code, message, severity))

        yield name, data, err


def load_json(target: str, name: str, text: str, problems: list[Problem]) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        problems.append(Problem(target, name, "json", f"not valid JSON: {exc}"))
        return None


# Data ---------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _data(name: str) -> Any:
    from songsmith.resources import load_prompt_yaml

    return load_prompt_yaml(f"targets/{name}")


def tag_table(target: str) -> tuple[dict[str, str | None], str]:
    entry = _data("tags.yaml")[target]
    return dict(entry["labels"]), str(entry["fallback"])


@lru_cache(maxsize=1)
def performance_notes() -> frozenset[str]:
    """Words that make a parenthesised line a performance note, not a backing vocal.

    Read from the lint data of ``songsmith check`` (prompts/lint/style-words.yaml) when present.
    """
    words = {"whisper", "whispered", "spoken", "softly", "humming", "repeat", "echo", "sigh", "fade",
             "instrumental", "falsetto", "harmony", "laughs", "shouted", "spoken word"}
    try:
        from songsmith.resources import load_prompt_yaml

        words |= {str(w).lower() for w in load_prompt_yaml("lint/style-words.yaml").get("performance_notes", [])}
    except Exception:  # noqa: BLE001 - the lint data belongs to another module; ours suffices
        pass
    return frozenset(words)


_NOTE_FILLERS = {"and", "the", "a", "with", "x2", "x3", "x4", "twice"}
_TOKEN = re.compile(r"[A-Za-z0-9]+")


def is_performance_note(line: str) -> bool:
    """``(whispered)``, ``(softly, echo)``: a parenthesised line that is a direction, not words."""
    if not (line.startswith("(") and line.endswith(")")):
        return False
    words = {w.lower() for w in _TOKEN.findall(line)}
    return bool(words) and words <= performance_notes() | _NOTE_FILLERS and not any(is_cjk(c) for c in line)


# Artists ------------------------------------------------------------------------------------


_ARTIST_ANY: list[re.Pattern[str]] = []  # one pattern: does a (lower-cased) text hold any name at all?


@lru_cache(maxsize=1)
def _artist_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    table: dict[str, str] = dict(_data("artists.yaml")["artists"])
    try:  # an artist list the lint data may gain (issue 4); read-only
        from songsmith.resources import load_prompt_yaml

        extra = load_prompt_yaml("lint/style-words.yaml").get("artists")
        if isinstance(extra, dict):
            for name, value in extra.items():
                table.setdefault(str(name), str(value) if value else "")
        elif isinstance(extra, list):
            for name in extra:
                table.setdefault(str(name), "")
    except Exception:  # noqa: BLE001
        pass
    patterns = []
    names = sorted({name.lower() for name in table if name}, key=len, reverse=True)
    _ARTIST_ANY[:] = [re.compile("|".join(map(re.escape, names)) if names else r"(?!)")]
    for name in sorted(table, key=len, reverse=True):
        cjk = any(is_cjk(c) for c in name)
        lead = r"(?:(?:in the style of|inspired by|like|by)\s+)?"
        core = re.escape(name) if cjk else rf"\b{re.escape(name)}\b"
        pattern = re.compile(lead + core, re.IGNORECASE)
        in_lyrics = cjk or " " in name.strip()
        patterns.append((pattern, table[name] or "", in_lyrics))
    return tuple(patterns)


def scrub_artists(text: str, *, lyrics: bool = False) -> tuple[str, list[str]]:
    """Replace real artist names by descriptive tags. Returns the text and the names found."""
    found: list[str] = []
    patterns = _artist_patterns()
    if not _ARTIST_ANY[0].search(text.lower()):
        return text, found
    for pattern, replacement, in_lyrics in patterns:
        if lyrics and not in_lyrics:
            continue

        def sub(match: re.Match[str], replacement: str = replacement) -> str:
            found.append(match.group(0))
            return "" if lyrics else replacement

        text = pattern.sub(sub, text)
    if found:
        text = re.sub(r"[ \t]{2,}", " ", text)
        if not lyrics:
            text = _tidy_list(text)
    return text, found


def find_artists(text: str, *, lyrics: bool = False) -> list[str]:
    patterns = _artist_patterns()
    if not _ARTIST_ANY[0].search(text.lower()):
        return []
    return [m.group(0) for p, _, in_lyrics in patterns if in_lyrics or not lyrics for m in p.finditer(text)]


def _tidy_list(text: str) -> str:
    text = re.sub(r"\s*,\s*(,\s*)+", ", ", text)
    return text.strip(" ,")


# Language -----------------------------------------------------------------------------------

_CANTONESE = {"yue", "zh-yue", "zh-hk", "zh-mo", "yue-hk", "yue-hant", "cantonese"}


def song_language(song: Song) -> str | None:
    """A short code: ``zh`` (Mandarin), ``yue`` (Cantonese), ``en``, ``eo``, … or None."""
    lang = (song.language or "").strip().lower()
    tag = (song.style.language_tag or "").lower()
    if lang in _CANTONESE or "cantonese" in tag or "粤" in tag or "粵" in tag:
        return "yue"
    if lang:
        return lang.split("-")[0].split("_")[0]
    text = "\n".join(line for s in song.sections for line in s.lines if line_kind(line) in ("lyric", "backing"))
    guessed = guess_language(text)
    if guessed is None and text and all(c.isascii() for c in text):
        return "en"
    return guessed


# Text ---------------------------------------------------------------------------------------

_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])[ \t\u3000]+"
                                r"(?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])")


@lru_cache(maxsize=65536)
def clean_line(line: str) -> str:
    """G4/G5: one stripped line, single spaces, no spaces between Chinese characters, no brackets."""
    line = unicodedata.normalize("NFC", line.replace("\t", " "))
    line = "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d")
    line = _SPACE_BETWEEN_CJK.sub("", line)
    line = re.sub(r" {2,}", " ", line)
    line = line.replace("[", "").replace("]", "")
    return line.strip()


def title_case(text: str) -> str:
    """Capitalise the first letter of every word (split on spaces and hyphens): Suno's tag habit."""
    return re.sub(r"(^|[\s\-/,&(–—])([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def is_title_case(text: str) -> bool:
    return re.search(r"(^|[\s\-/,&(–—])[a-z]", text) is None


# Sections -----------------------------------------------------------------------------------


@dataclass
class Block:
    """One section ready for rendering: canonical kind, number, descriptor and cleaned lines.

    ``lines`` hold lyric and backing lines and ``""`` stanza breaks (never at either end, never
    two in a row); cues such as ``[......?]`` are gone.
    """

    kind: str
    number: int | None
    descriptor: str | None
    lines: list[str]
    tag: str | None = None

    @property
    def sung(self) -> list[str]:
        return [line for line in self.lines if line]

    @property
    def instrumental(self) -> bool:
        return not self.sung


def song_blocks(song: Song, warnings: list[str] | None = None) -> list[Block]:
    """The song's sections as :class:`Block` objects (G1, G4, G5)."""
    blocks: list[Block] = []
    for section in song.sections:
        lines: list[str] = []
        for raw in section.lines:
            kind = line_kind(raw)
            if kind == "cue":
                continue
            if kind == "break":
                if lines and lines[-1] != "":
                    lines.append("")
                continue
            if ("[" in raw or "]" in raw) and warnings is not None:
                warnings.append(f"removed square brackets inside the lyric line {raw!r} "
                                "(some models cut the line there)")
            line = clean_line(raw)
            if line:
                lines.append(line)
        while lines and lines[-1] == "":
            lines.pop()
        descriptor = section.descriptor
        if section.kind == "custom":
            descriptor = None
        blocks.append(Block(section.kind, section.number, descriptor and clean_line(descriptor) or None,
                            lines, section.tag))
    return blocks


def is_instrumental(blocks: list[Block]) -> bool:
    return all(b.instrumental for b in blocks)


def map_blocks(blocks: list[Block], target: str, warnings: list[str]) -> list[tuple[str, Block]]:
    """(label, block) pairs with the target's labels; instrumental blocks without a label are
    dropped (named in a warning); sung blocks without a label take the fallback label."""
    labels, fallback = tag_table(target)
    out: list[tuple[str, Block]] = []
    dropped: list[str] = []
    for block in blocks:
        label = labels.get(block.kind)
        if label is None:
            if block.instrumental:
                dropped.append(block.tag or block.kind)
                continue
            label = fallback
        out.append((label, block))
    # Dropped sections held no words (the target has no label for an instrumental passage):
    # nothing sung is lost, so this is by design, documented in docs/targets.md, not a warning.
    return out


def merge_trailing_instrumentals(pairs: list[tuple[str, Block]]) -> list[tuple[str, Block]]:
    """Collapse consecutive empty sections with the same label ([Outro] [Fade Out] -> one)."""
    out: list[tuple[str, Block]] = []
    for label, block in pairs:
        if out and block.instrumental and out[-1][1].instrumental and out[-1][0] == label:
            continue
        out.append((label, block))
    return out


def style_prompt(song: Song, options: Options) -> str:
    """The style text: the candidate's, else the song's prompt, else composed from its parts."""
    if options.style_prompt:
        return " ".join(options.style_prompt.split())
    style = song.style
    if style.prompt and style.prompt.strip():
        return " ".join(style.prompt.split())
    parts: list[str] = [*style.genre, *style.mood, *style.instruments]
    if style.vocal:
        parts.append(style.vocal)
    if style.tempo_bpm:
        parts.append(f"{style.tempo_bpm} bpm")
    if style.key:
        parts.append(style.key)
    return ", ".join(p.strip() for p in parts if p.strip())


def style_tags(song: Song, options: Options) -> list[str]:
    """Style as a list of short tags (genre, instruments, mood, vocal), for tag-list targets."""
    style = song.style
    if options.style_prompt or not (style.genre or style.instruments or style.mood):
        text = style_prompt(song, options)
        tags = [t.strip() for t in re.split(r"[,.;，。；、\n]+", text)]
    else:
        tags = [*style.genre, *style.instruments, *style.mood]
        if style.vocal:
            tags.extend(v.strip() for v in style.vocal.split(","))
    seen: set[str] = set()
    unique = []
    for tag in tags:
        if tag and tag.lower() not in seen:
            seen.add(tag.lower())
            unique.append(tag)
    return unique


def language_tag(song: Song) -> str | None:
    """``Mandarin``/``Cantonese``/the song's own language tag, for prompts."""
    lang = song_language(song)
    if lang == "yue":
        return "Cantonese"
    if song.style.language_tag:
        return song.style.language_tag
    if lang == "zh":
        return "Mandarin"
    return None


def with_language_tag(prompt: str, tag: str | None) -> str:
    if not tag or tag.lower() in prompt.lower():
        return prompt
    return f"{prompt}, {tag}" if prompt else tag


def tempo(song: Song) -> int:
    """The tempo for timing estimates: the song's, kept within a singable 50–200 bpm (default 90)."""
    return min(200, max(50, song.style.tempo_bpm or 90))


# Limits -------------------------------------------------------------------------------------


def fit(render: Callable[[list[Any]], str], items: list[Any], limit: int, what: str,
        warnings: list[str], *, strict_less: bool = False) -> tuple[str, list[Any]]:
    """Render ``items``; when the text is over ``limit`` characters, drop items from the end
    (then lines of the last item) until it fits, and say so. ``strict_less``: limit is exclusive.
    """
    text = render(items)
    over = (lambda t: len(t) >= limit) if strict_less else (lambda t: len(t) > limit)
    if not over(text):
        return text, items
    original = len(text)
    kept = list(items)
    while len(kept) > 1 and over(render(kept)):
        kept.pop()
    text = render(kept)
    dropped_lines = 0
    if over(text) and kept:
        last = kept[-1]
        if isinstance(last, tuple) and isinstance(last[1], Block):
            label, block = last
            lines = list(block.lines)
            while lines and over(render(kept[:-1] + [(label, replace(block, lines=lines))])):
                lines.pop()
                dropped_lines += 1
            kept[-1] = (label, replace(block, lines=lines))
            text = render(kept)
    bound = f"under {limit}" if strict_less else f"at most {limit}"
    warnings.append(f"{what} is {original} characters; the target takes {bound}: "
                    f"left out the last {len(items) - len(kept)} section(s)"
                    + (f" and {dropped_lines} line(s)" if dropped_lines else "")
                    + f" to fit ({len(text)} characters)")
    return text, kept


def cut_text(text: str, limit: int, what: str, warnings: list[str]) -> str:
    """Cut a prompt or title at a word or comma boundary to ``limit`` characters, with a warning."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in (", ", ". ", " "):
        at = cut.rfind(sep)
        if at > limit // 2:
            cut = cut[:at]
            break
    cut = cut.rstrip(" ,.;")
    warnings.append(f"{what} is {len(text)} characters; the target takes at most {limit}: "
                    f"cut to {len(cut)} ({cut!r})")
    return cut
