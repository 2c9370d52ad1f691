"""Cutting a poem's verse lines into stanzas (verses of a song).

* ``auto``: the stanzas the source marks (blank lines, 诗经 章) when there are any, else a new
  stanza where the rhyme changes (古体 换韵), always at couplet boundaries and never longer than
  ``max_lines``;
* ``que``: the two 阕 of a 词 — a blank line in the source, else the paragraph boundary near the
  middle whose two halves have the most alike line lengths (上下阕 mirror each other);
* ``even``: chunks of ``max_lines`` lines, balanced.

Every function returns ``(start, end)`` spans (0-based, end exclusive) covering the lines given.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int]


def even_chunks(start: int, end: int, max_lines: int) -> list[Span]:
    """Balanced chunks of at most ``max_lines`` lines, cut at couplet boundaries when possible."""
    n = end - start
    if n <= max_lines:
        return [(start, end)] if n > 0 else []
    count = -(-n // max_lines)
    spans: list[Span] = []
    position = start
    while position < end:
        remaining = end - position
        size = -(-remaining // max(count - len(spans), 1))
        if size % 2 and size < remaining:
            size += 1
        size = max(1, min(size, max_lines, remaining))
        spans.append((position, position + size))
        position += size
    return spans


def by_rhyme(start: int, end: int, groups: Sequence[str | None], max_lines: int) -> list[Span]:
    """New stanza where the rhyme of the even lines changes (after at least 4 lines) or at ``max_lines``."""
    spans: list[Span] = []
    current_start = start
    current_group: str | None = None
    for couplet in range(start, end, 2):
        foot = min(couplet + 1, end - 1)
        group = groups[foot] if foot < len(groups) else None
        size = couplet - current_start
        changes = group is not None and current_group is not None and group != current_group
        if size and (size + 2 > max_lines or (changes and size >= 4)):
            spans.append((current_start, couplet))
            current_start = couplet
            current_group = None
        if group is not None and current_group is None:
            current_group = group
    spans.append((current_start, end))
    # a lone final couplet joins the stanza before it when that stays within max_lines
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] <= 2 and spans[-1][1] - spans[-2][0] <= max_lines:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return [s for s in spans if s[1] > s[0]]


def from_blocks(start: int, end: int, blocks: Sequence[int]) -> list[Span] | None:
    """The source's own stanzas, clipped to ``[start, end)``; None when it marks none."""
    if len(blocks) < 2:
        return None
    spans = []
    position = 0
    for size in blocks:
        span = (max(position, start), min(position + size, end))
        if span[1] > span[0]:
            spans.append(span)
        position += size
    return spans or None


def que_split(start: int, end: int, lines: Sequence[str], breaks: Sequence[int], blocks: Sequence[int]) -> list[Span]:
    """The 阕 of a 词: marked blocks, else the most symmetric paragraph boundary near the middle."""
    marked = from_blocks(start, end, blocks)
    if marked:
        return marked
    n = end - start
    if n < 6:
        return [(start, end)]  # a 小令 of one 阕
    points = sorted({b + 1 for b in breaks if start < b + 1 < end}) or list(range(start + 1, end))
    total = sum(len(lines[i]) for i in range(start, end))
    best: tuple[float, int] | None = None
    for point in points:
        first = [len(lines[i]) for i in range(start, point)]
        second = [len(lines[i]) for i in range(point, end)]
        if min(len(first), len(second)) < 2:
            continue
        balance = abs(sum(first) - sum(second)) / total
        if balance > 0.3:
            continue
        tail = sum(1 for a, b in zip(reversed(first), reversed(second)) if a == b)
        score = tail / max(len(first), len(second)) - balance
        key = (score, -abs(point - (start + end) / 2))
        if best is None or key > (best[0], -abs(best[1] - (start + end) / 2)):
            best = (score, point)
    if best is None:
        return [(start, end)]
    return [(start, best[1]), (best[1], end)]


def stanzas(start: int, end: int, *, split: str, max_lines: int, lines: Sequence[str],
            groups: Sequence[str | None], blocks: Sequence[int], breaks: Sequence[int]) -> list[Span]:
    """Stanzas of ``lines[start:end]`` by ``split``, each at most ``max_lines`` long."""
    if split == "even":
        coarse = [(start, end)]
    elif split == "que":
        coarse = que_split(start, end, lines, breaks, blocks)
    else:
        coarse = from_blocks(start, end, blocks) or by_rhyme(start, end, groups, max_lines)
    spans: list[Span] = []
    for a, b in coarse:
        spans.extend(even_chunks(a, b, max_lines))
    return spans
