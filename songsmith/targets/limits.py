"""Fitting a target's length limits: whole sections dropped from the end, never a silent cut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from songsmith.targets.blocks import Block


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
