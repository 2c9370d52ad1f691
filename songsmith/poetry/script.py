"""Traditional ⇄ simplified conversion with the official OpenCC package.

Analysis runs on simplified text; what the user gave is kept for display. OpenCC's phrase tables
may in rare cases change a string's length, so :func:`to_simplified_aligned` guarantees a result
of the same length (falling back to character-by-character conversion), which lets analysis map
every simplified character back to the user's character.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def to_simplified_aligned(text: str) -> str:
    """``t2s`` of ``text`` with exactly one output character per input character."""
    converted = to_simplified(text)
    if len(converted) == len(text):
        return converted
    convert = _converter("t2s").convert
    out = []
    for char in text:
        single = convert(char)
        out.append(single if len(single) == 1 else char)
    return "".join(out)


def looks_traditional(text: str) -> bool:
    """True when t2s changes more characters than s2t would (a cheap script guess)."""
    if not text:
        return False
    simplified = to_simplified(text)
    traditional = to_traditional(text)
    changed_t2s = sum(1 for a, b in zip(text, simplified) if a != b)
    changed_s2t = sum(1 for a, b in zip(text, traditional) if a != b)
    return changed_t2s > changed_s2t
