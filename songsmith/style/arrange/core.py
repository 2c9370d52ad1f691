"""The chorus: the couplet or sentence that is the poem's emotional core, ranked with evidence.

Candidates are runs of whole units (:mod:`songsmith.style.arrange.units`) of two to four lines,
or one unit when a sentence is longer. Each is scored by the features of
``prompts/arrangements/core.yaml`` — imagery density, doubled characters (叠字), parallel lines
(对仗), the poem's own refrain (a line sung again later), a quoted couplet
(``famous.yaml``), the title, a turn (转) or a general statement, the feeling of the poem's
mood, the main rhyme, the form's usual place for its core (a 律诗's 颔联 or 颈联, a 绝句's
second couplet, a 词's 下阕) — and the best is the chorus. Ties go to the earlier candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.style.arrange.units import Span
from songsmith.style.base import Work


@dataclass(frozen=True)
class _Table:
    weights: dict[str, float]
    positions: dict[str, Any]
    classes: dict[str, str]  # character -> class name
    images: frozenset[str]
    title_words: frozenset[str]
    turns: tuple[str, ...]
    statements: tuple[str, ...]
    famous: dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def table() -> _Table:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("arrangements/core.yaml")
    classes: dict[str, str] = {}
    for name, chars in data["imagery"].items():
        for char in str(chars):
            classes.setdefault(char, str(name))
    images = frozenset(c for c, name in classes.items() if name != "数目")
    famous_raw = load_prompt_yaml("arrangements/famous.yaml")["lines"]
    famous = {str(title): tuple([value] if isinstance(value, str) else value)
              for title, value in famous_raw.items()}
    return _Table(
        weights={k: float(v) for k, v in data["weights"].items()},
        positions=dict(data["positions"]),
        classes=classes,
        images=images,
        title_words=frozenset(str(data["title_words"])),
        turns=tuple(sorted(data["turn_markers"], key=len, reverse=True)),
        statements=tuple(sorted(data["statement_markers"], key=len, reverse=True)),
        famous=famous,
    )


@dataclass
class Choice:
    """One candidate chorus: its line span, score and the features that made it."""

    span: Span
    score: float
    reasons: list[str] = field(default_factory=list)
    refrain: list[Span] = field(default_factory=list)  # where the poem itself sings it again


def _reduplicated(line: str) -> list[str]:
    return [line[i:i + 2] for i in range(len(line) - 1) if line[i] == line[i + 1]]


def _parallel(a: str, b: str, classes: dict[str, str]) -> float:
    """Share of positions where two lines of one length answer each other: the same class of
    word, or both doubled (萧萧 / 滚滚)."""
    if len(a) != len(b) or len(a) < 4:
        return 0.0
    hits = 0
    for i, (x, y) in enumerate(zip(a, b)):
        doubled = i > 0 and a[i - 1] == x and b[i - 1] == y
        if doubled or (x != y and x in classes and classes.get(x) == classes.get(y)):
            hits += 1
    return hits / len(a)


def famous_lines(title: str | None) -> tuple[str, ...]:
    """Quoted first lines for a poem of this (simplified) title: its own entry, or its tune's."""
    if not title:
        return ()
    famous = table().famous
    found = list(famous.get(title, ()))
    head = title.replace("・", "·").split("·")[0].strip()
    if head != title:
        found += famous.get(head, ())
    return tuple(found)


def _refrain_repeats(simplified: list[str], span: Span) -> list[Span]:
    """Other places where the span's lines are sung again, in order."""
    a, b = span
    wanted = simplified[a:b]
    size = b - a
    found = []
    for start in range(0, len(simplified) - size + 1):
        if start != a and simplified[start:start + size] == wanted and not (a <= start < b):
            found.append((start, start + size))
    return found


def _candidates(unit_spans: list[Span]) -> list[Span]:
    spans: list[Span] = []
    for i, (a, b) in enumerate(unit_spans):
        spans.append((a, b))
        if b - a < 4 and i + 1 < len(unit_spans):
            c, d = unit_spans[i + 1]
            if d - a <= 4 and (b - a == 1 or d - c == 1):
                spans.append((a, d))
    return spans


def rank(work: Work, unit_spans: list[Span], *, within: Span | None = None) -> list[Choice]:
    """Candidate choruses (inside ``within`` when given), best first, with their reasons."""
    from songsmith.poetry.script import to_simplified
    from songsmith.style.mood import cue_weight

    tab = table()
    w = tab.weights
    simplified = list(work.simplified)
    n = len(simplified)
    title = to_simplified(work.title) if work.title else ""
    title_chars = {c for c in title if "\u4e00" <= c <= "\u9fff"} - tab.title_words
    famous = famous_lines(title)
    mood = work.mood.primary if work.mood else None
    main = work.analysis.rhyme.get("xin") if work.analysis is not None else None
    form = work.form or ""
    positions: list[float] = []
    for key in ("律诗", "绝句"):
        if key in form and n == (8 if key == "律诗" else 4):
            positions = [float(x) for x in tab.positions[key]]
    second_half = _second_que(work) if form == "词" else None
    choices: list[Choice] = []
    for span in _candidates(unit_spans):
        a, b = span
        if within is not None and not (within[0] <= a and b <= within[1]):
            continue
        lines = simplified[a:b]
        text = "".join(lines)
        score = 0.0
        reasons: list[str] = []
        images = [c for c in dict.fromkeys(text) if c in tab.images]
        imagery = min(w["imagery_cap"], w["imagery"] * len(images) / max(1, len(lines)) / 2)
        score += imagery
        if len(images) >= 4:
            reasons.append(f"imagery {''.join(images[:6])}")
        doubled = [d for line in lines for d in _reduplicated(line)]
        if doubled:
            score += w["reduplication"] * min(len(doubled), 3)
            reasons.append("叠字 " + "/".join(dict.fromkeys(doubled)))
        if len(lines) == 2:
            parallel = _parallel(lines[0], lines[1], tab.classes)
            if parallel >= 0.4:
                score += w["parallel"] * parallel
                reasons.append("parallel lines (对仗)")
        repeats = _refrain_repeats(simplified, span)
        if repeats:
            score += w["refrain"] * len(repeats)
            reasons.append(f"the poem's own refrain (sung {len(repeats) + 1} times)")
        if any(line in famous for line in lines):
            score += w["famous"]
            reasons.append("a quoted couplet (名句)")
        shared = [c for c in dict.fromkeys(text) if c in title_chars][:2]
        if shared:
            score += w["title"] * len(shared)
            reasons.append(f"the title's {''.join(shared)}")
        if any(line.startswith(m) for line in lines for m in tab.turns):
            score += w["turn"]
            reasons.append("the poem's turn (转)")
        if any(m in text for m in tab.statements):
            score += w["statement"]
            reasons.append("a general statement")
        feeling = min(w["emotion_cap"], w["emotion"] * cue_weight(text, mood))
        score += feeling
        if feeling >= 1.0 and mood:
            reasons.append(f"the feeling of the poem ({mood})")
        if main and work.rhyme_groups and work.rhyme_groups[b - 1] == main:
            score += w["rhyme"]
        if positions and a % 2 == 0 and b - a == 2 and a // 2 < len(positions):
            score += positions[a // 2]
            name = _COUPLET_NAMES.get((len(positions), a // 2))
            if name and positions[a // 2] >= 0.7:
                reasons.append(f"the {name}")
        if second_half is not None and a >= second_half:
            score += float(tab.positions["下阕"])
            reasons.append("the 下阕's turn")
        if sum(len(line) for line in lines) < 8:
            score += w["short"]
        if len(lines) > 4:
            score += w["long"] * (len(lines) - 4)
        choices.append(Choice(span, round(score, 3), reasons, repeats))
    choices.sort(key=lambda c: (-c.score, c.span[0]))
    return choices


_COUPLET_NAMES = {(4, 0): "首联", (4, 1): "颔联", (4, 2): "颈联", (4, 3): "尾联", (2, 1): "second couplet (转合)"}


def _second_que(work: Work) -> int | None:
    from songsmith.style.arrange.stanzas import que_split

    spans = que_split(0, len(work.lines), work.lines, work.breaks, work.blocks)
    return spans[1][0] if len(spans) > 1 else None


def choose(work: Work, unit_spans: list[Span], *, within: Span | None = None) -> Choice | None:
    """The chorus: the best candidate (None for a poem of no candidate)."""
    ranked = rank(work, unit_spans, within=within)
    return ranked[0] if ranked else None
