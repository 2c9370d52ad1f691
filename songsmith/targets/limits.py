"""Fitting a target's length limits: whole sections dropped from the end, never a silent cut."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from songsmith.targets.blocks import Block


def longest_fitting(fits: Callable[[int], bool], most: int, least: int) -> int:
    """The largest count in ``least..most`` for which ``fits`` holds, ``least`` when none does.
    The rendered text of a longer prefix is never shorter, so ``fits`` is true up to some count
    and false above it: a binary search finds that count in log2(most) renders, not ``most``."""
    low, high = least, most
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def fit(render: Callable[[list[Any]], str], items: list[Any], limit: int, what: str,
        warnings: list[str], *, strict_less: bool = False) -> tuple[str, list[Any]]:
    """Render ``items``; when the text is over ``limit`` characters, drop items from the end
    (then lines of the last item) until it fits, and say so. ``strict_less``: limit is exclusive.
    ``render`` of a longer prefix must give a text at least as long (a join of the items does).
    """
    text = render(items)
    over = (lambda t: len(t) >= limit) if strict_less else (lambda t: len(t) > limit)
    if not over(text):
        return text, items
    original = len(text)
    count = longest_fitting(lambda n: not over(render(items[:n])), len(items) - 1, min(1, len(items)))
    kept = list(items[:count])
    text = render(kept)
    dropped_lines = 0
    if over(text) and kept:
        last = kept[-1]
        if isinstance(last, tuple) and isinstance(last[1], Block):
            label, block = last
            lines = list(block.lines)

            def with_lines(n: int) -> list[Any]:
                return kept[:-1] + [(label, replace(block, lines=lines[:n]))]

            keep_lines = longest_fitting(lambda n: not over(render(with_lines(n))), len(lines), 0)
            dropped_lines = len(lines) - keep_lines
            kept[-1] = with_lines(keep_lines)[-1]
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
