"""The style text a target sends: the song's (or a candidate's) prompt, tags, language tag, tempo."""

from __future__ import annotations

import re

from songsmith.document.model import Song
from songsmith.targets.outputs import Options
from songsmith.targets.text import song_language


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
