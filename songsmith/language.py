"""Cheap language guesses from the characters of a text (no dependencies)."""

from __future__ import annotations

import re

_ESPERANTO_LETTERS = set("ĉĝĥĵŝŭĈĜĤĴŜŬ")
#: The Han ranges :func:`is_cjk` accepts, as a regular-expression character class body.
CJK_RANGES = "\u4e00-\u9fff\u3400-\u4dbf\U00020000-\U0003134f\uf900-\ufaff"
_CJK = re.compile(f"[{CJK_RANGES}]")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Han character (as :func:`is_cjk` counts them)."""
    return _CJK.search(text) is not None


def guess_language(text: str) -> str | None:
    """``zh`` for Chinese, ``eo`` for text with Esperanto letters, ``None`` when unsure."""
    cjk = len(_CJK.findall(text))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if cjk and cjk >= latin / 4:
        return "zh"
    if any(c in _ESPERANTO_LETTERS for c in text):
        return "eo"
    return None
