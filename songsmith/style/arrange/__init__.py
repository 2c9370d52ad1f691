"""Poem → song sections, by form and length, from the templates in ``prompts/arrangements/``.

Lyric lines are verse lines (句): ``床前明月光，疑是地上霜。`` becomes two lyric lines, ``床前明月光``
and ``疑是地上霜``, with the punctuation dropped and the characters never spaced out. A section
holds 2–8 lines; there is never a tag per couplet. Tags are canonical (``[Verse 1]``,
``[Chorus]``, ``[Intro: guzheng]``), so ``songsmith fmt --canonical-tags`` leaves them alone.

The shipped templates read the poem as a song (their ``song`` step, :mod:`.plan`): the chorus
is the poem's core (:mod:`.core`), sections never cut a couplet or a sentence (:mod:`.units`),
and a poem longer than the target takes is set as an excerpt or in parts (:mod:`.length`).
Every choice is explained in the arrangement's notes.
"""

from __future__ import annotations

import re

from songsmith.document.lyrics.tags import label_for
from songsmith.document.lyrics.text import parse_lyrics
from songsmith.errors import UsageError
from songsmith.style.arrange.stanzas import Span, stanzas
from songsmith.style.arrange.templates import (
    Step,
    Template,
    choose_template,
    get_template,
    template_names,
    templates,
)
from songsmith.style.base import Arrangement, Hints, Work

__all__ = [
    "Arrangement",
    "arrange",
    "check_arrangement",
    "choose_template",
    "get_template",
    "parse_arrangement",
    "resolve_spec",
    "template_names",
    "templates",
]

_PORTION = re.compile(r"^(excerpt|whole|part-([1-9]\d*))$")


def parse_arrangement(name: str | None) -> tuple[str | None, str | None]:
    """(template name, portion) of an ``--arrangement`` value: ``lushi``, ``part-2``, ``whole``,
    ``excerpt`` or ``guti:part-2``."""
    if not name:
        return None, None
    template, _, portion = name.partition(":")
    if not portion and _PORTION.match(template):
        return None, template
    return template or None, portion or None


def check_arrangement(name: str) -> None:
    """Raise :class:`UsageError` for an ``--arrangement`` value that names nothing known."""
    template, portion = parse_arrangement(name)
    if template is not None:
        get_template(template)
    if portion is not None and not _PORTION.match(portion):
        raise UsageError(f"unknown portion {portion!r} in --arrangement {name!r}: excerpt, whole or part-N")


def resolve_spec(spec: str, n: int, refrain: Span | None) -> Span:
    """The line span a spec names in a poem of ``n`` verse lines (clipped; may be empty)."""
    words = spec.split()
    if spec in ("refrain", "strongest"):
        return refrain if refrain else (0, n)
    if spec == "all":
        return (0, n)
    if words[0] in ("first", "last") or words[:2] == ["but", "last"]:
        count = int(words[-1])
        if words[0] == "first":
            return (0, min(count, n))
        if words[0] == "last":
            return (max(0, n - count), n)
        return (0, max(0, n - count))
    low, _, high = spec.partition("-")
    start = int(low) - 1
    end = int(high) if high else start + 1
    return (min(start, n), min(end, n))


def _descriptor(template_text: str | None, lead: str | None) -> str | None:
    if template_text is None:
        return None
    text = template_text.replace("{lead}", lead or "")
    text = ", ".join(part.strip() for part in text.split(",") if part.strip())
    return text or None


def _refrain(template: Template, work: Work) -> Span | None:
    """The refrain of a fixed-spec template: its line spec, or the poem's core (:mod:`.core`)."""
    from songsmith.style.arrange.core import choose
    from songsmith.style.arrange.units import units

    n = len(work.lines)
    if template.refrain != "strongest":
        return resolve_spec(template.refrain, n, None)
    choice = choose(work, units(work))
    return choice.span if choice else None


def arrange(work: Work, hints: Hints | None = None, lead: str | None = None, bpm: int | None = None) -> Arrangement:
    """Arrange ``work`` with the template named in ``hints`` (or chosen by form and length);
    ``bpm`` (the chosen style's tempo) times the song against the target's length."""
    hints = hints or Hints()
    n = len(work.lines)
    name, portion = parse_arrangement(hints.arrangement)
    template = get_template(name) if name else choose_template(work.form, n)
    steps = template.steps_for(hints.audience)
    if any(step.kind == "song" for step in steps):
        from songsmith.style.arrange.song import arrange_song

        return arrange_song(work, template, steps, hints, portion, lead, bpm)
    return _arrange_steps(work, template, steps, hints, lead)


def _arrange_steps(work: Work, template: Template, steps: tuple[Step, ...], hints: Hints,
                   lead: str | None) -> Arrangement:
    """A template of fixed line specs and stanza steps (no ``song`` step)."""
    n = len(work.lines)
    refrain = _refrain(template, work)
    blocks: list[str] = []
    verse_number = 0

    def sung(kind: str, span: Span) -> None:
        nonlocal verse_number
        start, end = span
        if end <= start:
            return
        number = None
        if kind == "verse":
            verse_number += 1
            number = verse_number
        blocks.append("\n".join([f"[{label_for(kind, number)}]", *work.lines[start:end]]))

    def expand(step: Step) -> None:
        if step.kind == "stanzas":
            of = resolve_spec(str(step.option("of", "all")), n, refrain)
            spans = stanzas(of[0], of[1], split=step.option("split", "auto"),
                            max_lines=int(step.option("max_lines", 8)), lines=work.lines,
                            groups=work.rhyme_groups, blocks=work.blocks, breaks=work.breaks)
            every = int(step.option("refrain_every", 2))
            chorus_span = refrain or (0, n)
            last_was_chorus = False
            for index, span in enumerate(spans, 1):
                sung("verse", span)
                last_was_chorus = False
                if every and index % every == 0:
                    sung("chorus", chorus_span)
                    last_was_chorus = True
            if step.option("refrain_last", True) and not last_was_chorus:
                sung("chorus", chorus_span)
        elif step.spec is not None and step.kind not in ("intro", "interlude", "break", "instrumental",
                                                          "solo", "outro", "fade-out", "end"):
            sung(step.kind, resolve_spec(step.spec, n, refrain))
        else:
            blocks.append(f"[{label_for(step.kind, None, _descriptor(step.spec, lead))}]")

    for step in steps:
        expand(step)
    sections, _ = parse_lyrics("\n\n".join(blocks) + "\n")
    notes = [f"arrangement {template.name}: {template.description}"]
    uses_refrain = any(step.kind == "stanzas" or step.spec in ("refrain", "strongest") for step in steps)
    if refrain and n > 2 and uses_refrain:
        notes.append(f"refrain: lines {refrain[0] + 1}–{refrain[1]} ({'，'.join(work.lines[refrain[0]:refrain[1]])})")
    return Arrangement(name=template.name, sections=sections, refrain=refrain, notes=notes)
