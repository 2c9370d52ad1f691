"""How long a song lasts, and which part of a long poem a song of the right length sets.

The target's length (``prompts/arrangements/lengths.yaml``, per target and for children) is
compared with the packaging estimate the composer hands over (``Work.seconds``). A poem that
would last longer is set as an *excerpt*: the passage around its chorus, grown unit by unit on
either side while it fits; or as one of several *parts* (``part-N``): the poem cut at stanza
boundaries into songs that each fit, each with its own chorus.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from songsmith.style.arrange.plan import Plan
from songsmith.style.arrange.units import Span
from songsmith.style.base import Work

DEFAULT_BPM = 72


@lru_cache(maxsize=1)
def _lengths() -> dict[str, object]:
    from songsmith.resources import load_prompt_yaml

    return dict(load_prompt_yaml("arrangements/lengths.yaml"))


def limits(target: str | None, audience: str | None) -> tuple[int, int]:
    """(shortest, longest) seconds for a song on ``target`` for ``audience``."""
    data = _lengths()
    if audience == "children":
        low, high = data["children"]  # type: ignore[misc]
    else:
        targets = data.get("targets") or {}
        low, high = targets.get((target or "").lower(), data["default"])  # type: ignore[union-attr]
    return int(low), int(high)


def clock(seconds: float) -> str:
    """``m:ss``."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def measure(work: Work, plan: Plan, bpm: int, framing: int) -> float | None:
    """Estimated seconds of the plan's sections plus ``framing`` instrumental sections (intro,
    outro); None without an estimate."""
    if work.seconds is None:
        return None
    sections = [(p.kind, work.lines[p.span[0]:p.span[1]] if p.span else []) for p in plan.parts]
    sections += [("intro", [])] * framing
    return float(work.seconds(sections, bpm))


Planner = Callable[[Span], Plan]


def excerpt(work: Work, around: Span, unit_spans: list[Span], planner: Planner,
            fits: Callable[[Plan], bool], starts: set[int] | None = None) -> Plan:
    """The longest run of whole units holding ``around`` whose plan fits, grown on the side that
    has less so far (one or two units at a time, so a one-line sentence never ends it), then
    begun at a stanza start when one lies before the chorus."""
    holder = [i for i, s in enumerate(unit_spans) if s[0] < around[1] and around[0] < s[1]]
    low, high = holder[0], holder[-1] + 1

    def window(a: int, b: int) -> Span:
        return (unit_spans[a][0], unit_spans[b - 1][1])

    best = planner(window(low, high))
    while True:
        before = around[0] - unit_spans[low][0]
        after = unit_spans[high - 1][1] - around[1]
        options: list[tuple[int, int]] = []
        for side in (("after", "before") if after <= before else ("before", "after")):
            for step in (1, 2):
                if side == "after" and high + step <= len(unit_spans):
                    options.append((low, high + step))
                if side == "before" and low - step >= 0:
                    options.append((low - step, high))
        grown = None
        for a, b in options:
            candidate = planner(window(a, b))
            if fits(candidate) and all(p.span is None or p.span[1] - p.span[0] >= 2 for p in candidate.parts):
                grown = (a, b, candidate)
                break
        if grown is None:
            break
        low, high, best = grown
    for index in range(low + 1, holder[0] + 1):
        if starts and unit_spans[index][0] in starts and unit_spans[holder[0]][0] - unit_spans[index][0] >= 0:
            trimmed = planner(window(index, high))
            if fits(trimmed) and (high - index) * 3 >= (high - low) * 2:
                return trimmed
            break
    return best


def parts(unit_spans: list[Span], stanza_starts: set[int], planner: Planner,
          fits: Callable[[Plan], bool]) -> list[Plan]:
    """The poem cut into consecutive windows that each fit, at stanza starts where possible
    (else at any unit), the windows as even as the cuts allow."""
    if not unit_spans:
        return []
    windows = _greedy(unit_spans, stanza_starts, planner, fits)
    balanced = _balanced(unit_spans, stanza_starts, len(windows))
    if balanced is not None:
        plans = [planner(window) for window in balanced]
        if all(fits(p) for p in plans):
            return plans
    return [planner(window) for window in windows]


def _greedy(unit_spans: list[Span], stanza_starts: set[int], planner: Planner,
            fits: Callable[[Plan], bool]) -> list[Span]:
    windows: list[Span] = []
    start = 0
    while start < len(unit_spans):
        end = start + 1
        best_end = end
        last_fit = end
        while end <= len(unit_spans):
            if not fits(planner((unit_spans[start][0], unit_spans[end - 1][1]))):
                break
            last_fit = end
            if end == len(unit_spans) or unit_spans[end][0] in stanza_starts:
                best_end = end
            end += 1
        if best_end == start + 1 and last_fit > best_end:
            best_end = last_fit  # no stanza start fits: cut at the last unit that does
        windows.append((unit_spans[start][0], unit_spans[best_end - 1][1]))
        start = best_end
    return windows


def _balanced(unit_spans: list[Span], stanza_starts: set[int], count: int) -> list[Span] | None:
    """``count`` windows cut at the stanza starts (else unit starts) nearest to even shares."""
    if count < 2:
        return None
    total = unit_spans[-1][1] - unit_spans[0][0]
    starts = [a for a, _ in unit_spans[1:]]
    preferred = [a for a in starts if a in stanza_starts] or starts
    cuts: list[int] = []
    for k in range(1, count):
        goal = unit_spans[0][0] + total * k / count
        cut = min(preferred, key=lambda a: (abs(a - goal), a))
        if cuts and cut <= cuts[-1]:
            return None
        cuts.append(cut)
    bounds = [unit_spans[0][0], *cuts, unit_spans[-1][1]]
    return list(zip(bounds, bounds[1:]))
