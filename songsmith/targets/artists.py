"""Real artist names in prompts, titles and lyrics, and the descriptive tags that replace them."""

from __future__ import annotations

import re
from functools import lru_cache

from songsmith.language import is_cjk
from songsmith.targets.blocks import Block
from songsmith.targets.data import target_data

_ARTIST_ANY: list[re.Pattern[str]] = []  # one pattern: does a (lower-cased) text hold any name at all?


@lru_cache(maxsize=1)
def _artist_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    table: dict[str, str] = dict(target_data("artists.yaml")["artists"])
    from songsmith.resources import load_prompt_yaml

    extra = load_prompt_yaml("lint/style-words.yaml").get("artists")  # names `songsmith check` knows too
    if isinstance(extra, dict):
        for name, value in extra.items():
            table.setdefault(str(name), str(value) if value else "")
    elif isinstance(extra, list):
        for name in extra:
            table.setdefault(str(name), "")
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


def scrub_block_lines(block: Block, found: list[str]) -> Block:
    """The block with artist names removed from its lines (a line that held nothing else goes;
    stanza breaks stay); the names found are appended to ``found``."""
    lines = []
    for line in block.lines:
        clean, names = scrub_artists(line, lyrics=True)
        found += names
        if not line or clean.strip():
            lines.append(clean.strip() if line else line)
    return Block(block.kind, block.number, block.descriptor, lines, block.tag)
