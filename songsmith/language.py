"""Cheap language guesses from the characters of a text (no dependencies)."""

from __future__ import annotations

_ESPERANTO_LETTERS = set("ĉĝĥĵŝŭĈĜĤĴŜŬ")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


def guess_language(text: str) -> str | None:
    """``zh`` for Chinese, ``eo`` for text with Esperanto letters, ``None`` when unsure."""
    cjk = sum(1 for c in text if is_cjk(c))
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if cjk and cjk >= latin / 4:
        return "zh"
    if any(c in _ESPERANTO_LETTERS for c in text):
        return "eo"
    return None
