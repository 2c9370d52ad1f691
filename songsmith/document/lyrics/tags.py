"""Section tags: ``[Verse 1 Climb]``, ``[pre-chorus]``, ``[Introl, Piano build]``, ``[副歌]``.

A tag is read as: a kind word (from a canonical vocabulary, with aliases and typo tolerance),
an optional number, then an optional descriptor after a space, comma, colon or dash. Whatever
cannot be read keeps its text verbatim as a ``custom`` section.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

#: The canonical section kinds, in the order a song usually meets them.
CANONICAL_KINDS: tuple[str, ...] = (
    "intro",
    "verse",
    "pre-chorus",
    "chorus",
    "post-chorus",
    "hook",
    "bridge",
    "break",
    "interlude",
    "instrumental",
    "solo",
    "outro",
    "fade-out",
    "end",
)

#: Kinds that are not sung; an empty body is normal for them.
INSTRUMENTAL_KINDS = frozenset(
    {"intro", "break", "interlude", "instrumental", "solo", "outro", "fade-out", "end"}
)

#: Display label of each canonical kind (Suno's Title Case habit).
LABELS: dict[str, str] = {
    "intro": "Intro",
    "verse": "Verse",
    "pre-chorus": "Pre-Chorus",
    "chorus": "Chorus",
    "post-chorus": "Post-Chorus",
    "hook": "Hook",
    "bridge": "Bridge",
    "break": "Break",
    "interlude": "Interlude",
    "instrumental": "Instrumental",
    "solo": "Solo",
    "outro": "Outro",
    "fade-out": "Fade Out",
    "end": "End",
    "custom": "",
}

# Spellings users write for each kind (compared case-insensitively, separators normalised).
_ALIASES: dict[str, tuple[str, ...]] = {
    "intro": ("intro", "introduction", "opening", "前奏", "引子"),
    "verse": ("verse", "主歌"),
    "pre-chorus": ("pre-chorus", "pre chorus", "prechorus", "pre-hook", "预副歌", "导歌"),
    "chorus": ("chorus", "refrain", "副歌"),
    "post-chorus": ("post-chorus", "post chorus", "postchorus"),
    "hook": ("hook",),
    "bridge": ("bridge", "middle 8", "middle eight", "桥段"),
    "break": ("break", "breakdown", "pause"),
    "interlude": ("interlude", "间奏"),
    # "[Guitar Solo]" is read from its keyword, so the instrument is never dropped
    "instrumental": ("instrumental", "inst", "纯音乐"),
    "solo": ("solo",),
    "outro": ("outro", "coda", "尾奏", "尾声"),
    "fade-out": ("fade-out", "fade out", "fadeout", "fade"),
    "end": ("end", "ending", "the end", "结束"),
}

_ALIAS_TO_KIND: dict[str, str] = {
    alias: kind for kind, aliases in _ALIASES.items() for alias in aliases
}
# Longest first, so "pre chorus" wins over "pre" and "fade out" over "fade".
_ALIASES_BY_LENGTH = sorted(_ALIAS_TO_KIND, key=len, reverse=True)
_LATIN_ALIASES = [a for a in _ALIAS_TO_KIND if a.isascii() and " " not in a and "-" not in a]

_SEPARATORS = " \t,:;-–—/|"
# The number may follow a space, dash or underscore: "Verse 2", "Verse-2", "verse_2".
_NUMBER = re.compile(r"[\s_\-–—]*(\d{1,3})(?!\d)")
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class TagInfo:
    """How a tag's text was read."""

    kind: str  # a canonical kind or "custom"
    number: int | None
    descriptor: str | None
    how: str  # "exact", "typo", "keyword" or "unknown"
    matched: str | None = None  # the word that was read as the kind (for typos and keywords)


def _split_rest(rest: str) -> tuple[int | None, str | None]:
    number = None
    match = _NUMBER.match(rest)
    if match:
        number = int(match.group(1))
        rest = rest[match.end() :]
    descriptor = rest.strip(_SEPARATORS + " ").strip()
    return number, descriptor or None


@lru_cache(maxsize=4096)
def parse_tag(inner: str) -> TagInfo:
    """Read the text between ``[`` and ``]`` of a section tag (cached: songs repeat their tags)."""
    text = inner.strip()
    lowered = re.sub(r"[\s_]", " ", text.lower())
    # 1. A known kind (any alias) at the start, followed by a boundary.
    for alias in _ALIASES_BY_LENGTH:
        if not lowered.startswith(alias):
            continue
        after = text[len(alias) :]
        if after and after[0].isalpha() and alias.isascii():
            continue  # "Introl" is not "Intro" + "l"; handled as a typo below
        number, descriptor = _split_rest(after)
        return TagInfo(_ALIAS_TO_KIND[alias], number, descriptor, "exact")
    # 2. A typo of a kind word as the first word: "[Introl, Piano build]", "[Cohrus]".
    first = _WORD.match(text)
    if first and len(first.group(0)) >= 4:
        word = first.group(0).lower()
        close = difflib.get_close_matches(word, _LATIN_ALIASES, n=1, cutoff=0.8)
        if close:
            number, descriptor = _split_rest(text[first.end() :])
            return TagInfo(_ALIAS_TO_KIND[close[0]], number, descriptor, "typo", first.group(0))
    # 3. A kind word anywhere: "[sigh, break, instrumental build]", "[Guitar Solo]".
    words = [w.lower() for w in _WORD.findall(text)]
    for word in words:
        if word in _ALIAS_TO_KIND and len(word) >= 4:
            return TagInfo(_ALIAS_TO_KIND[word], None, text, "keyword", word)
    return TagInfo("custom", None, text or None, "unknown")


def label_for(kind: str, number: int | None = None, descriptor: str | None = None) -> str:
    """The canonical tag text for a kind: ``Verse 1``, ``Chorus: soft``, ``Pre-Chorus``."""
    label = LABELS.get(kind) or (descriptor or kind)
    if kind == "custom":
        return label
    if number is not None:
        label = f"{label} {number}"
    if descriptor:
        label = f"{label}: {descriptor}"
    return label
