"""A template's ``song`` step: the plan of the poem (:mod:`.plan`) at the target's length
(:mod:`.length`), rendered as tagged sections, with a note for every choice."""

from __future__ import annotations

from songsmith.document.lyrics.tags import label_for
from songsmith.document.lyrics.text import parse_lyrics
from songsmith.style.arrange.core import Choice, choose
from songsmith.style.arrange.length import DEFAULT_BPM, clock, excerpt, limits, measure, parts
from songsmith.style.arrange.plan import Options, Plan, plan, stanza_starts
from songsmith.style.arrange.templates import Step, Template
from songsmith.style.arrange.units import Span, units
from songsmith.style.base import Arrangement, Hints, Work

_COUPLETS = {(8, 0): "首联", (8, 2): "颔联", (8, 4): "颈联", (8, 6): "尾联"}


def _descriptor(text: str | None, lead: str | None) -> str | None:
    if text is None:
        return None
    text = text.replace("{lead}", lead or "")
    return ", ".join(part.strip() for part in text.split(",") if part.strip()) or None


def _lines_text(work: Work, span: Span) -> str:
    return "，".join(work.lines[span[0]:span[1]])


def _where(span: Span) -> str:
    a, b = span
    return f"line {a + 1}" if b - a == 1 else f"lines {a + 1}–{b}"


def arrange_song(work: Work, template: Template, steps: tuple[Step, ...], hints: Hints, portion: str | None,
                 lead: str | None, bpm: int | None) -> Arrangement:
    n = len(work.lines)
    song_step = next(step for step in steps if step.kind == "song")
    options = Options.of(dict(song_step.options))
    unit_spans = units(work, options.max_lines)
    framing = sum(1 for step in steps if step.kind in ("intro", "outro"))
    tempo = bpm or DEFAULT_BPM
    low, high = limits(hints.target, hints.audience)
    notes = [f"arrangement {template.name}: {template.description}"]
    if hints.audience == "children":
        notes.append("for children: short verses, the chorus after each, nothing sung twice in a row")
    if not unit_spans:
        return Arrangement(template.name, [], None, notes)

    def planner(window: Span, chorus: Choice | None = None) -> Plan:
        return plan(work, options, unit_spans, window, chorus)

    def seconds(p: Plan) -> float | None:
        return measure(work, p, tempo, framing)

    def fits(p: Plan) -> bool:
        length = seconds(p)
        return length is None or length <= high

    whole = planner((0, n))
    whole_seconds = seconds(whole)
    chosen = whole
    title = None
    if whole_seconds is not None and whole_seconds > high and portion != "whole":
        starts = set(stanza_starts(work, 0, n, options.split, unit_spans))
        suite = parts(unit_spans, starts, planner, fits)
        number = int(portion.split("-")[1]) if portion and portion.startswith("part-") else None
        listing = "; ".join(f"part {i} {_where(p.window)} ({work.lines[p.window[0]]}…)"
                            for i, p in enumerate(suite, 1))
        over = (f"{work.title} would last about {clock(whole_seconds)} sung whole at {tempo} bpm, over the "
                f"{clock(high)} {'a children’s song' if hints.audience == 'children' else hints.target} takes")
        if number is not None and number <= len(suite):
            chosen = suite[number - 1]
            title = f"{work.title} (Part {number} of {len(suite)})"
            notes.append(f"warning: {over}: this song is part {number} of {len(suite)}, "
                         f"{_where(chosen.window)} of {n}")
        else:
            core = choose(work, unit_spans)
            assert core is not None
            chosen = excerpt(work, core.span, unit_spans, lambda w: planner(w, core), fits, starts)
            notes.append(f"warning: {over}: this song is an excerpt, {_where(chosen.window)} of {n}, "
                         f"around its chorus; `--arrangement part-1` … `part-{len(suite)}` set the whole poem "
                         f"as {len(suite)} songs")
            if number is not None:
                notes.append(f"warning: there is no part {number}: the poem makes {len(suite)} parts")
        notes.append(f"the parts: {listing}")
    elif portion and portion.startswith("part-") and portion != "part-1":
        notes.append(f"warning: {work.title} fits in one song; --arrangement {portion} sets all of it")
    if whole_seconds is not None and whole_seconds > high and portion == "whole":
        notes.append(f"warning: {work.title} is set whole: about {clock(whole_seconds)}, over the {clock(high)} "
                     f"{hints.target} takes")
    layout = _layout(steps, chosen, lead)
    sections = _sections(work, layout)
    notes.extend(_explain(work, chosen, layout, seconds(chosen), tempo, low, high, hints))
    chorus = chosen.chorus.span if chosen.chorus else None
    window = chosen.window if chosen.window != (0, n) else None
    return Arrangement(template.name, sections, chorus, notes, title, window)


def _layout(steps: tuple[Step, ...], chosen: Plan, lead: str | None) -> list[tuple[str, Span | None]]:
    """(tag label, sung span) of every section, in order."""
    out: list[tuple[str, Span | None]] = []
    verse = 0
    for step in steps:
        if step.kind != "song":
            out.append((label_for(step.kind, None, _descriptor(step.spec, lead)), None))
            continue
        for part in chosen.parts:
            if part.span is None:
                out.append((label_for(part.kind, None, _descriptor(part.descriptor, lead)), None))
                continue
            number = None
            if part.kind == "verse":
                verse += 1
                number = verse
            out.append((label_for(part.kind, number), part.span))
    return out


def _sections(work: Work, layout: list[tuple[str, Span | None]]) -> list:  # type: ignore[type-arg]
    blocks = ["\n".join([f"[{label}]", *(work.lines[span[0]:span[1]] if span else [])]) for label, span in layout]
    sections, _ = parse_lyrics("\n\n".join(blocks) + "\n")
    return sections


def _explain(work: Work, chosen: Plan, layout: list[tuple[str, Span | None]], length: float | None, tempo: int,
             low: int, high: int, hints: Hints) -> list[str]:
    notes: list[str] = []
    choice = chosen.chorus
    if choice is not None:
        name = _COUPLETS.get((len(work.lines), choice.span[0])) if choice.span[1] - choice.span[0] == 2 else None
        why = "; ".join(choice.reasons) or "the strongest couplet"
        notes.append(f"chorus: {_lines_text(work, choice.span)} ({_where(choice.span)}"
                     f"{', the ' + name if name else ''}): {why}")
    shape = [f"{label} ({span[0] + 1}–{span[1]})" if span else label for label, span in layout]
    notes.append("shape: " + " · ".join(shape) + "; sections start and end on whole couplets and sentences")
    if length is not None:
        fit = "within" if low <= length <= high else ("under" if length < low else "over")
        who = "a children's song" if hints.audience == "children" else hints.target
        notes.append(f"length: about {clock(length)} at {tempo} bpm ({fit} the {clock(low)}–{clock(high)} "
                     f"of {who})")
    return notes
