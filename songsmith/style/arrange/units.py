"""The pieces of a poem a song may not cut: couplets and sentences.

A *unit* is the shortest run of verse lines that a section may start or end on:

* in a poem of even, regular lines (四言, 五言, 七言) a couplet (联), unless the source's
  punctuation carries its sentence on into the next couplet inside one paragraph;
* in other poems (杂言, 乐府, 词) a sentence: the lines up to the next 。？！； of the source;
* without any sentence punctuation, a couplet (or the source's paragraphs when they are
  shorter).

Units longer than ``max_lines`` are cut at couplet boundaries, the only cut left.
"""

from __future__ import annotations

from collections.abc import Sequence

from songsmith.style.base import Work

Span = tuple[int, int]


def is_regular(lines: Sequence[str]) -> bool:
    """All lines of 4, 5 or 7 syllables alike, in an even number: couplets are the poem's units."""
    return len(lines) >= 2 and len(lines) % 2 == 0 and len({len(line) for line in lines}) == 1 \
        and len(lines[0]) in (4, 5, 7)


def units(work: Work, max_lines: int = 8) -> list[Span]:
    """The poem's units as (start, end) spans covering every line, in order."""
    n = len(work.lines)
    if n == 0:
        return []
    ends = set(work.sentence_ends)
    paragraph_ends = set(work.breaks)
    if is_regular(work.lines) or not ends:
        spans: list[Span] = []
        start = 0
        for end in range(2, n + 1, 2):
            last = end - 1
            carries_on = ends and last not in ends and last not in paragraph_ends and end < n
            if not carries_on:
                spans.append((start, end))
                start = end
        if start < n:
            spans.append((start, n))
    else:
        spans = []
        start = 0
        for index in range(n):
            if index in ends or index == n - 1:
                spans.append((start, index + 1))
                start = index + 1
    out: list[Span] = []
    for a, b in spans:
        while b - a > max_lines:
            cut = a + max_lines - (max_lines % 2)
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return out


def align(cuts: Sequence[int], unit_spans: Sequence[Span]) -> list[int]:
    """Each cut (a line index where a new section starts) moved to the nearest unit boundary."""
    boundaries = sorted({a for a, _ in unit_spans} | {b for _, b in unit_spans})
    moved: list[int] = []
    for cut in cuts:
        best = min(boundaries, key=lambda b: (abs(b - cut), b))
        if best not in moved:
            moved.append(best)
    return moved


def group(unit_spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The units inside ``[start, end)``."""
    return [(a, b) for a, b in unit_spans if a >= start and b <= end]
