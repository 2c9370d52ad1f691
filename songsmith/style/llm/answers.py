"""The answers we ask models for, as pydantic models, and the target rules they must keep.

Schema checks come from pydantic; rule checks (:func:`style_problems`, :func:`arrangement_problems`,
:func:`translation_problems`) return a list of plain sentences, which are sent back to the model
in the one re-ask. The JSON schemas in ``prompts/llm/*.yaml`` describe these models (a test keeps
them in step).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

from songsmith.document.lyrics.tags import CANONICAL_KINDS, INSTRUMENTAL_KINDS
from songsmith.language import is_cjk


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


# map_style -----------------------------------------------------------------------------------
def _comma_list(value: object) -> object:
    """Small models write ``"sad, calm"`` where a list is asked for: accept it."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class StyleOption(_Answer):
    genre: Annotated[str, Field(min_length=1, max_length=80)]
    lead: Annotated[str, Field(min_length=1, max_length=60)]
    prompt: Annotated[str, Field(min_length=1)]
    mood: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)
    vocal: str | None = None
    tempo_bpm: Annotated[int, Field(ge=40, le=220)] | None = None
    key: str | None = None
    exclude: str | None = None
    persona: str | None = None
    why: str = ""

    _lists = field_validator("mood", "instruments", mode="before")(lambda cls, v: _comma_list(v))


class StyleAnswer(_Answer):
    candidates: Annotated[list[StyleOption], Field(min_length=1)]


# arrange -------------------------------------------------------------------------------------
class ArrangedSection(_Answer):
    kind: str
    number: Annotated[int, Field(ge=1, le=20)] | None = None
    descriptor: Annotated[str, Field(max_length=60)] | None = None
    lines: list[str] = Field(default_factory=list)

    @field_validator("kind", mode="before")
    @classmethod
    def _canonical_kind(cls, value: object) -> object:
        if isinstance(value, str):
            return "-".join(value.strip().lower().replace("_", " ").split())
        return value


class ArrangeAnswer(_Answer):
    name: Annotated[str, Field(min_length=1, max_length=60)] = "llm"
    sections: Annotated[list[ArrangedSection], Field(min_length=1)]
    refrain: Annotated[list[int], Field(min_length=2, max_length=2)] | None = None
    chorus_reasons: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    _reasons = field_validator("chorus_reasons", mode="before")(lambda cls, v: [v] if isinstance(v, str) else v)


# translate -----------------------------------------------------------------------------------
class TranslatedSection(_Answer):
    lines: list[str]


class TranslateAnswer(_Answer):
    title: Annotated[str, Field(min_length=1, max_length=120)]
    sections: list[TranslatedSection]
    notes: str | None = None


ANSWER_MODELS: dict[str, type[_Answer]] = {
    "map_style": StyleAnswer,
    "arrange": ArrangeAnswer,
    "translate": TranslateAnswer,
}


# Rules ---------------------------------------------------------------------------------------
# The same checks as ``songsmith check`` (songsmith.document.lint, data in prompts/lint/): style length
# per target and artist names.


def style_limits(target: str) -> tuple[int, int] | None:
    """(smallest, largest) style-prompt limit of ``target`` over its model versions, if known."""
    from songsmith.resources import load_prompt_yaml

    versions = (load_prompt_yaml("lint/style-limits.yaml").get("targets") or {}).get(target.lower())
    if not versions:
        return None
    values = [int(n) for n in versions.values()]
    return min(values), max(values)


def style_limit(target: str) -> int:
    """Longest style prompt ``target`` takes in any version (Suno: 1000); 1000 when unknown."""
    limits = style_limits(target)
    return limits[1] if limits else 1000


def artist_names(text: str) -> list[str]:
    """Artist names ``songsmith check`` knows, plus "in the style of X" phrases."""
    from songsmith.document.lint import artist_names as known_artists

    found = list(known_artists(text))
    for match in re.finditer(r"\b(?:in the style of|sounds? like|à la|a la)\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*)",
                             text):
        if not any(match.group(1) in name or name in match.group(1) for name in found):
            found.append(match.group(1))
    return found


def style_problems(answer: StyleAnswer, n_candidates: int, target: str, audience: str | None = None) -> list[str]:
    """What breaks the target's rules, or the descriptor rules every mapper keeps: no words that
    pull against each other (``prompts/lint/contradictions.yaml``, as ``songsmith check``), and for
    children no war, dark or aggressive words and a child-friendly voice."""
    from songsmith.document.lint import children_unsuitable, children_vocal, contradicting_words

    problems: list[str] = []
    if len(answer.candidates) < n_candidates:
        problems.append(f"give {n_candidates} candidates, not {len(answer.candidates)}")
    from songsmith.document.lint import style_length_issues

    limit = style_limit(target)
    seen: set[tuple[str, str]] = set()
    for number, option in enumerate(answer.candidates[:n_candidates], start=1):
        errors = [message for severity, message in style_length_issues(option.prompt, target) if severity == "error"]
        if errors or len(option.prompt) > limit:
            problems.append(f"candidate {number}: the prompt has {len(option.prompt)} characters; "
                            f"{target} takes at most {limit}")
        names = artist_names(" ".join(filter(None, [option.prompt, option.exclude, option.genre, option.lead])))
        if names:
            problems.append(f"candidate {number}: names an artist ({', '.join(names)}); "
                            f"{target} rejects artist names, describe the sound instead")
        spell = ", ".join(filter(None, [option.prompt, option.vocal]))
        for a, b, message in contradicting_words(spell, option.tempo_bpm):
            problems.append(f"candidate {number}: '{a}' and '{b}' pull against each other ({message}); keep one")
        if audience == "children":
            unsuitable = children_unsuitable(spell)
            if unsuitable:
                problems.append(f"candidate {number}: a children's song never asks for {', '.join(unsuitable)}; "
                                "leave them out")
            if children_vocal(spell) is None:
                problems.append(f"candidate {number}: ask for a child-friendly voice in the prompt "
                                "(e.g. children's choir, clear female vocal)")
        pair = (option.genre.casefold(), option.lead.casefold())
        if pair in seen:
            problems.append(f"candidate {number}: same genre and lead as an earlier one; make them differ")
        seen.add(pair)
    return problems


_REFRAIN_KINDS = frozenset({"chorus", "hook", "post-chorus", "pre-chorus"})
_PUNCTUATION = "，。、；：？！,.;:?!·「」『』“”‘’\"' 　"


def clean_verse(line: str) -> str:
    return "".join(c for c in line if c not in _PUNCTUATION)


def _cuts_a_unit(lines: list[str], poem: list[str], bounds: set[int]) -> bool:
    """Whether ``lines``, where they stand together in the poem, never start and end on a couplet
    or sentence boundary (False when they are not a run of the poem: a refrain gathered freely)."""
    size = len(lines)
    starts = [i for i in range(len(poem) - size + 1) if poem[i:i + size] == lines]
    return bool(starts) and not any(i in bounds and i + size in bounds for i in starts)


def arrangement_problems(answer: ArrangeAnswer, poem_lines: list[str],
                         unit_spans: list[tuple[int, int]] | None = None) -> list[str]:
    """What breaks the arrangement rules the offline arranger keeps: every line of the poem as
    written, 2–8 lines a section, no section per couplet, nothing sung twice in a row (the same
    section, what the section before ended on, a line across a boundary), sections on whole
    couplets and sentences (``unit_spans``, when given), a chorus span with its reasons."""
    from songsmith.style.arrange.plan import back_to_back

    problems: list[str] = []
    known = {clean_verse(line) for line in poem_lines}
    used: set[str] = set()
    body_sections: list[int] = []  # sung sections other than the refrain's
    short_sections: list[int] = []  # … of those, the ones of one or two lines
    for number, section in enumerate(answer.sections, start=1):
        if section.kind not in CANONICAL_KINDS:
            problems.append(f"section {number}: kind {section.kind!r} is not one of {', '.join(CANONICAL_KINDS)}")
            continue
        if section.kind in INSTRUMENTAL_KINDS:
            if section.lines:
                problems.append(f"section {number} ({section.kind}) is instrumental: give it no lines")
            continue
        if not section.lines:
            problems.append(f"section {number} ({section.kind}) has no lines")
        if len(section.lines) > 8:
            problems.append(f"section {number} has {len(section.lines)} lines; at most 8")
        if section.kind not in _REFRAIN_KINDS:
            body_sections.append(number)
            if len(section.lines) <= 2:
                short_sections.append(number)
        for line in section.lines:
            if " " in line.strip() and any(is_cjk(c) for c in line):
                problems.append(f"section {number}: {line!r} has spaces between characters; never space them out")
            elif clean_verse(line) not in known:
                problems.append(f"section {number}: {line!r} is not a line of the poem; copy lines exactly")
            used.add(clean_verse(line))
    missing = [line for line in poem_lines if clean_verse(line) not in used]
    if missing:
        problems.append(f"lines of the poem left out: {', '.join(missing[:4])}")
    if len(poem_lines) >= 6 and len(short_sections) >= 3 and len(short_sections) == len(body_sections):
        problems.append("a section per couplet: group lines into fewer, longer sections")
    sung = [(f"section {number} ({section.kind})", [clean_verse(line) for line in section.lines])
            for number, section in enumerate(answer.sections, start=1)]
    problems += [f"{problem}: never sing the same lines twice in a row" for problem in back_to_back(sung)]
    if unit_spans:
        poem = [clean_verse(line) for line in poem_lines]
        bounds = {a for a, _ in unit_spans} | {b for _, b in unit_spans}
        for label, lines in sung:
            if lines and _cuts_a_unit(lines, poem, bounds):
                problems.append(f"{label} cuts a couplet or sentence: start and end sections on the units "
                                f"{[list(span) for span in unit_spans]}")
    if answer.refrain is not None:
        start, end = answer.refrain
        if not 0 <= start < end <= len(poem_lines):
            problems.append(f"refrain {answer.refrain} is not a line span [start, end) within 0..{len(poem_lines)}")
        elif not answer.chorus_reasons:
            problems.append("say in chorus_reasons why the refrain's lines are the poem's core")
    return problems


def translation_problems(answer: TranslateAnswer, source_sections: list[list[str]], to: str) -> list[str]:
    problems: list[str] = []
    if len(answer.sections) != len(source_sections):
        return [f"give {len(source_sections)} sections, one per original section in order, "
                f"not {len(answer.sections)}"]
    first_seen: dict[tuple[str, ...], int] = {}
    for number, (mine, theirs) in enumerate(zip(answer.sections, source_sections, strict=True), start=1):
        if len(mine.lines) != len(theirs):
            problems.append(f"section {number}: give {len(theirs)} lines, not {len(mine.lines)}")
            continue
        for line in mine.lines:
            if not line.strip():
                problems.append(f"section {number}: an empty line")
            elif to in ("en", "eo") and any(is_cjk(c) for c in line):
                problems.append(f"section {number}: {line!r} is not translated")
        names = artist_names(" ".join(mine.lines))
        if names:
            problems.append(f"section {number}: names an artist ({', '.join(names)})")
        key = tuple(theirs)
        if key and key in first_seen:
            earlier = answer.sections[first_seen[key] - 1].lines
            if mine.lines != earlier:
                problems.append(f"section {number} repeats section {first_seen[key]} in the original: "
                                "repeat its translation word for word (the refrain)")
        elif key:
            first_seen[key] = number
    return problems
