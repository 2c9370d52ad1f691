"""A song made of a poem: verses in the poem's order, its core as the chorus, no cut sentence.

:func:`plan` lays out the lines ``[start, end)`` of a poem (all of it, an excerpt or one part):

1. the poem's units (:mod:`.units`) are read in order; the chorus (:mod:`.core`) is sung where
   the poem has it, and again wherever the poem repeats it (a 乐府's own refrain); a chorus
   that opens the poem is sung as part of the first verse and comes back after it;
2. the other units become verses: the poem's stanzas (``split``: the source's stanzas or its
   rhyme changes, the two 阕 of a 词, or even chunks), each cut at unit boundaries into verses
   of about ``verse_lines`` lines (never more than ``max_lines``);
3. the chorus comes back after every ``refrain_every`` stanzas and at the end; a stanza cut in
   two leads into a chorus through a pre-chorus; a last short stanza after the chorus is a
   bridge; a song with one chorus only repeats its first verse and chorus after an interlude;
4. no two neighbouring sections are the same, and no line is sung twice in a row across a
   section boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from songsmith.style.arrange.core import Choice, choose
from songsmith.style.arrange.units import Span
from songsmith.style.base import Work

INSTRUMENTAL = frozenset({"intro", "interlude", "break", "instrumental", "solo", "outro", "fade-out", "end"})


@dataclass
class Part:
    """One section of the plan: a kind and the poem lines it sings (none for instrumentals)."""

    kind: str
    span: Span | None = None
    descriptor: str | None = None
    stanza: int = 0  # which stanza of the poem a verse comes from


@dataclass
class Options:
    split: str = "auto"
    verse_lines: int = 4
    max_lines: int = 8
    refrain_every: int = 1
    pre_chorus: bool = True
    bridge: bool = True
    interlude: str | None = None

    @classmethod
    def of(cls, raw: dict[str, Any]) -> Options:
        return cls(split=str(raw.get("split", "auto")), verse_lines=int(raw.get("verse_lines", 4)),
                   max_lines=int(raw.get("max_lines", 8)), refrain_every=int(raw.get("refrain_every", 1)),
                   pre_chorus=bool(raw.get("pre_chorus", True)), bridge=bool(raw.get("bridge", True)),
                   interlude=raw.get("interlude"))


@dataclass
class Plan:
    parts: list[Part]
    chorus: Choice | None
    window: Span
    notes: list[str] = field(default_factory=list)


def _chunks(spans: Sequence[Span], target: int, max_lines: int) -> list[Span]:
    """Whole units grouped into verses of about ``target`` lines (at most ``max_lines``): the
    grouping with the least squared distance from the target (twice that for a verse over it),
    fewer verses on a tie."""
    n = len(spans)
    if n == 0:
        return []
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, -1)
    for end in range(1, n + 1):
        for start in range(end - 1, -1, -1):
            size = spans[end - 1][1] - spans[start][0]
            if size > max_lines and end - start > 1:
                break
            previous = best[start]
            if previous is None:
                continue
            cost = previous[0] + (size - target) ** 2 * (2 if size > target else 1) + 0.5
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, start)
    cuts: list[Span] = []
    end = n
    while end > 0:
        entry = best[end]
        assert entry is not None
        start = entry[1]
        cuts.append((spans[start][0], spans[end - 1][1]))
        end = start
    return cuts[::-1]


def stanza_starts(work: Work, start: int, end: int, split: str, unit_spans: Sequence[Span]) -> list[int]:
    """Line indexes where a new stanza begins inside ``[start, end)``, on unit boundaries."""
    from songsmith.style.arrange.stanzas import by_rhyme, from_blocks, que_split
    from songsmith.style.arrange.units import align

    if split == "even":
        return []
    if split == "que":
        coarse = que_split(start, end, work.lines, work.breaks, work.blocks)
    else:
        coarse = from_blocks(start, end, work.blocks) or by_rhyme(start, end, work.rhyme_groups, 8)
    inner = [a for a, _ in coarse[1:]]
    return [cut for cut in align(inner, unit_spans) if start < cut < end]


def plan(work: Work, options: Options, unit_spans: list[Span], window: Span | None = None,
         chorus: Choice | None = None) -> Plan:
    """The sections of the lines ``window`` (default: the whole poem) of ``work``."""
    n = len(work.lines)
    window = window or (0, n)
    inside = [s for s in unit_spans if s[0] >= window[0] and s[1] <= window[1]]
    if not inside:
        return Plan([], None, window)
    chorus = chorus or choose(work, inside)
    assert chorus is not None
    places = [chorus.span, *chorus.refrain]
    # the unit holding each place where the chorus is sung in the poem
    sung_at: list[Span] = []
    for a, b in places:
        if not (window[0] <= a and b <= window[1]):
            continue
        holder = [s for s in inside if s[0] <= a < s[1] or s[0] < b <= s[1]]
        span = (min(s[0] for s in holder), max(s[1] for s in holder))
        if span not in sung_at:
            sung_at.append(span)
    sung_at.sort()
    canonical = chorus.span
    opening = bool(sung_at) and sung_at[0][0] == window[0] and sung_at[0][1] < window[1]
    canonical_holder = sung_at[0] if sung_at else None
    if opening:
        sung_at = sung_at[1:]  # the poem opens with it: it starts the first verse
    starts = set(stanza_starts(work, window[0], window[1], options.split, inside))
    parts: list[Part] = []
    stanza = since = 0
    position = window[0]
    for mark in [*sung_at, (window[1], window[1])]:
        body = [s for s in inside if s[0] >= position and s[1] <= mark[0]]
        runs: list[list[Span]] = []
        for span in body:
            if not runs or (span[0] in starts and runs[-1]):
                runs.append([])
            runs[-1].append(span)
        if opening and not parts and len(runs) > 1 and runs[0] == [canonical_holder]:
            runs[:2] = [runs[0] + runs[1]]  # the opening chorus belongs with the stanza after it
        for index, run in enumerate(runs):
            stanza += 1
            verses = _chunks(run, options.verse_lines, options.max_lines)
            if opening and not parts and len(verses) > 1 and verses[0] == canonical_holder:
                verses[:2] = [(verses[0][0], verses[1][1])]  # the opening chorus and what follows it
            for verse in verses:
                parts.append(Part("verse", verse, stanza=stanza))
                if opening and not any(p.kind == "chorus" for p in parts):
                    parts.append(Part("chorus", canonical))
                    since = -1
            since += 1
            if index < len(runs) - 1 and options.refrain_every and since >= options.refrain_every:
                parts.append(Part("chorus", canonical))
                since = 0
        if mark[0] < window[1]:
            parts.append(Part("chorus", mark))
            since = 0
        position = mark[1]
    _merge_single_lines(parts)
    if parts[-1].kind != "chorus":
        _bridge(parts, options)
        parts.append(Part("chorus", canonical))
    if options.pre_chorus:
        _pre_choruses(parts)
    parts = _tidy(parts, work)
    if sum(1 for p in parts if p.kind == "chorus") < 2:
        _repeat(parts, options)
    elif options.interlude is not None:
        first = next(i for i, p in enumerate(parts) if p.kind == "chorus")
        if sum(1 for p in parts[first + 1:] if p.span) >= 2:
            parts.insert(first + 1, Part("interlude", None, options.interlude))
    return Plan(_tidy(parts, work), chorus, window)


def _merge_single_lines(parts: list[Part]) -> None:
    """A verse of one line joins the verse it follows or precedes in the poem."""
    index = 0
    while index < len(parts):
        part = parts[index]
        span = part.span
        if part.kind == "verse" and span and span[1] - span[0] == 1:
            before = parts[index - 1] if index else None
            after = parts[index + 1] if index + 1 < len(parts) else None
            if before and before.kind == "verse" and before.span and before.span[1] == span[0]:
                parts[index - 1] = Part("verse", (before.span[0], span[1]), stanza=before.stanza)
                del parts[index]
                continue
            if after and after.kind == "verse" and after.span and after.span[0] == span[1]:
                parts[index + 1] = Part("verse", (span[0], after.span[1]), stanza=after.stanza)
                del parts[index]
                continue
        index += 1


def _pre_choruses(parts: list[Part]) -> None:
    """The second verse of a stanza cut in two, right before a chorus, leads into it."""
    for index in range(2, len(parts)):
        if parts[index].kind != "chorus":
            continue
        before, first = parts[index - 1], parts[index - 2]
        if before.kind == first.kind == "verse" and before.stanza == first.stanza and before.span and first.span \
                and before.span[1] - before.span[0] <= 6:
            parts[index - 1] = Part("pre-chorus", before.span, stanza=before.stanza)


def _bridge(parts: list[Part], options: Options) -> None:
    """A last, shorter verse after a chorus becomes the bridge."""
    if not options.bridge or len(parts) < 3 or parts[-1].kind != "verse":
        return
    if not any(p.kind == "chorus" for p in parts[:-1]) or parts[-2].kind != "chorus":
        return
    last = parts[-1].span
    earlier = [p.span[1] - p.span[0] for p in parts[:-1] if p.kind == "verse" and p.span]
    if last is not None and earlier and last[1] - last[0] < max(earlier):
        parts[-1] = Part("bridge", last)


def _repeat(parts: list[Part], options: Options) -> None:
    """A song with one chorus: an interlude, then what led to the chorus, and the chorus again."""
    first = next((i for i, p in enumerate(parts) if p.kind == "chorus"), None)
    if first is None:
        return
    lead = [p for p in parts[:first] if p.kind != "pre-chorus"][-1:] or []
    pre = [p for p in parts[:first] if p.kind == "pre-chorus"][-1:]
    again = [Part(p.kind, p.span, stanza=p.stanza) for p in (pre or lead)]
    if options.interlude is not None:
        parts.append(Part("interlude", None, options.interlude))
    parts.extend(again)
    parts.append(Part("chorus", parts[first].span))


def _lines(part: Part, work: Work) -> list[str]:
    return work.lines[part.span[0]:part.span[1]] if part.span else []


def _tidy(parts: list[Part], work: Work) -> list[Part]:
    """Drop a section that would repeat the lines right before it (a chorus next to itself)."""
    out: list[Part] = []
    for part in parts:
        if out and out[-1].span is not None and part.span is not None:
            before, now = _lines(out[-1], work), _lines(part, work)
            if before == now or (before and now and before[-1] == now[0]):
                continue
        out.append(part)
    return out


def back_to_back(sections: Sequence[tuple[str, list[str]]]) -> list[str]:
    """Problems of sung sections ``(label, lines)`` in order: the same section twice in a row, a
    section that sings again the lines the one before ended on (a verse ending on the couplet the
    chorus then repeats), or a line sung again right after itself across a boundary (instrumental
    sections separate)."""
    problems: list[str] = []
    previous: tuple[str, list[str]] | None = None
    for label, lines in sections:
        if not lines:
            previous = None
            continue
        if previous is not None:
            if previous[1] == lines:
                problems.append(f"[{previous[0]}] and [{label}] are the same lines back to back")
            elif len(lines) < len(previous[1]) and previous[1][-len(lines):] == lines:
                problems.append(f"[{label}] sings again the lines [{previous[0]}] ended on")
            elif previous[1][-1] == lines[0]:
                problems.append(f"{lines[0]} is sung twice in a row ([{previous[0]}] → [{label}])")
        previous = (label, lines)
    return problems
