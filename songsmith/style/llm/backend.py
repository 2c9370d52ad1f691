"""A style backend driven by an LLM: ``map_style``, ``arrange`` and ``translate``.

Invalid answers are re-asked once (see :mod:`songsmith.style.llm.runner`); if the second answer is
invalid too, or the model refuses, or the request fails after its retries (or is not retried: a
long ``Retry-After``, the run's retry budget spent, a server that failed several calls in a
row; :mod:`songsmith.style.llm.transport`), ``map_style``
and ``arrange`` fall back to the offline backend and say so: the candidates are
:class:`LLMStyleCandidate` with ``backend="offline"`` and a warning, the arrangement carries the
warning in ``notes``, and :attr:`LLMBackend.warnings` collects them all. ``translate`` has no
offline fallback and raises. Fatal errors (bad key, unknown model, no server) always raise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from songsmith.errors import UsageError
from songsmith.style.base import Arrangement, Hints, StyleBackend, StyleCandidate, Work
from songsmith.style.llm.errors import LLMError

if TYPE_CHECKING:
    from songsmith.config import Config
    from songsmith.document.model import Song, Style
    from songsmith.style.llm.runner import Runner

LANGUAGE_NAMES = {"en": "English", "eo": "Esperanto"}
LANGUAGE_TAGS = {"en": "English", "eo": "Esperanto Song"}


@runtime_checkable
class TranslatingBackend(StyleBackend, Protocol):
    """A style backend that can also write a singable translation."""

    def translate(self, song: Song, to: str = "en", singable: bool = True) -> Song:
        """A song in language ``to`` whose sections mirror ``song``'s (kinds, order, count, refrain)."""
        ...


@dataclass
class LLMStyleCandidate(StyleCandidate):
    """A style candidate that says which backend and model made it, and any warning."""

    backend: str = ""
    model: str | None = None
    cached: bool = False
    warnings: list[str] = field(default_factory=list)


def _offline() -> StyleBackend:
    from songsmith.style.backends import get_backend

    return get_backend("offline")


def work_input(work: Work) -> dict[str, Any]:
    mood = work.mood
    return {
        "title": work.title, "author": work.author, "dynasty": work.dynasty, "form": work.form,
        "language": work.language, "lines": list(work.lines),
        "mood": {"primary": mood.primary, "secondary": mood.secondary, "cues": mood.explain()[:6]} if mood else None,
    }


def speaker_input(work: Work) -> dict[str, Any] | None:
    """The offline reading of who speaks in a Chinese poem, for the model to take or overrule."""
    if work.analysis is None:
        return None
    from songsmith.poetry.script import to_simplified
    from songsmith.style.reading import persona
    from songsmith.style.subjects import subject_moods

    subjects = [f.subject for f in subject_moods(list(work.simplified), to_simplified(work.title or ""))]
    who = persona(work, subjects)
    return {"gender": who.gender, "role": who.role, "age": who.age, "why": who.why[:4], "subjects": subjects}


def structure_input(work: Work, window: tuple[int, int]) -> tuple[list[tuple[int, int]], list[dict[str, Any]]]:
    """The units of the lines ``window`` (couplets, or sentences of irregular verse: where a
    section may start and end) and the offline reading's best chorus candidates among them with
    their reasons, as spans of those lines."""
    from songsmith.style.arrange.core import rank
    from songsmith.style.arrange.units import units

    start, end = window
    inside = [(a, b) for a, b in units(work) if start <= a and b <= end]
    spans = [(a - start, b - start) for a, b in inside]
    if work.analysis is None:
        return spans, []
    chosen = [{"refrain": [choice.span[0] - start, choice.span[1] - start],
               "lines": work.lines[choice.span[0]:choice.span[1]], "reasons": choice.reasons}
              for choice in rank(work, inside, within=window)[:3]]
    return spans, chosen


class LLMBackend:
    """``map_style`` / ``arrange`` / ``translate`` through one model; see the module docstring."""

    def __init__(self, name: str, runner: Runner, *, concurrency: int = 16) -> None:
        self.name = name
        self.runner = runner
        self.concurrency = concurrency
        self.warnings: list[str] = []
        #: Told of every fallback as it happens (a batch prints each kind once on stderr).
        self.on_warning: Callable[[str], None] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, backend: str, config: Config | None = None) -> LLMBackend:
        """The backend as configured (file, environment, CLI overrides); a missing key is one line."""
        from songsmith.config import load_config
        from songsmith.style.llm.cache import DiskCache
        from songsmith.style.llm.clients import ClientSettings, make_client
        from songsmith.style.llm.runner import Runner
        from songsmith.style.llm.usage import UsageLog

        config = config or load_config()
        key = config.api_key(backend)
        base_url = config.base_url_for(backend).value
        settings = ClientSettings(
            backend=backend, model=str(config.model_for(backend).value), api_key=key,
            base_url=str(base_url) if base_url else None,
            timeout=float(config.get("timeout")), max_retries=int(config.get("max_retries")),
            retry_wait_max=float(config.get("retry_wait_max")), retry_budget=float(config.get("retry_budget")),
        )
        runner = Runner(
            make_client(settings),
            cache=DiskCache(config.get("cache_dir"), enabled=bool(config.get("cache"))),
            usage=UsageLog(config.get("usage_log")),
            concurrency=int(config.get("concurrency")), secret=key,
        )
        return cls(backend, runner, concurrency=int(config.get("concurrency")))

    @property
    def model(self) -> str:
        return self.runner.model

    def _warn(self, text: str) -> str:
        with self._lock:
            self.warnings.append(text)
        if self.on_warning is not None:
            self.on_warning(text)
        return text

    def _fallback_warning(self, task: str, error: LLMError) -> str:
        return self._warn(f"{self.name} ({self.model}) {task} failed: {error.message}; used the offline backend")

    # StyleBackend ----------------------------------------------------------------------------
    def map_style(self, work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
        from songsmith.style.llm.answers import (
            style_limit,
            style_limits,
            style_problems,
        )

        data = {"task": "map_style", "work": work_input(work), "speaker": speaker_input(work),
                "n_candidates": n_candidates, "target": hints.target, "audience": hints.audience}
        limits = style_limits(hints.target)
        short = f" (under {limits[0]} fits every version)" if limits and limits[0] < limits[1] else ""
        values = {"n_candidates": n_candidates, "target": hints.target, "style_limit": style_limit(hints.target),
                  "style_short": short,
                  "audience": hints.audience or "general listeners"}
        try:
            asked = self.runner.ask("map_style", data, values=values,
                                    check=lambda answer: style_problems(answer, n_candidates, hints.target,
                                                                        hints.audience))
        except LLMError as error:
            if error.fatal:
                raise
            warning = self._fallback_warning("map_style", error)
            return [_as_fallback(candidate, warning) for candidate in _offline().map_style(work, n_candidates, hints)]
        return [_candidate(option, self.name, asked.model, asked.cached, hints.target)
                for option in asked.answer.candidates[:n_candidates]]

    def map_style_many(self, works: Sequence[Work], n_candidates: int, hints: Hints) -> list[list[StyleCandidate]]:
        """``map_style`` for many poems at once, ``concurrency`` requests at a time (Ctrl-C stops cleanly)."""
        from songsmith.style.llm.parallel import map_concurrently

        return map_concurrently(lambda work: self.map_style(work, n_candidates, hints), works,
                                workers=self.concurrency, cancel=self.runner.cancelled)

    def arrange(self, work: Work, hints: Hints, style: Style | None = None) -> Arrangement:
        from songsmith.document.lyrics.tags import CANONICAL_KINDS, INSTRUMENTAL_KINDS
        from songsmith.style.llm.answers import arrangement_problems

        style_text = (style.prompt or ", ".join(style.genre + style.instruments)) if style is not None else None
        # a poem longer than the target takes: the model sets the excerpt or part the offline
        # arranger chose (the same length rule), and the song says so as the offline one would
        portion = _offline().arrange(work, hints, style)
        window = portion.window or (0, len(work.lines))
        lines = list(work.lines[window[0]:window[1]])
        unit_spans, choruses = structure_input(work, window)
        data = {"task": "arrange", "work": {**work_input(work), "lines": lines},
                "units": [list(span) for span in unit_spans], "chorus_candidates": choruses,
                "audience": hints.audience, "arrangement": hints.arrangement, "style": style_text}
        values = {"kinds": ", ".join(CANONICAL_KINDS), "instrumental": ", ".join(sorted(INSTRUMENTAL_KINDS)),
                  "audience": hints.audience or "general listeners", "style": style_text or "not chosen yet"}
        try:
            asked = self.runner.ask("arrange", data, values=values,
                                    check=lambda answer: arrangement_problems(answer, lines, unit_spans))
        except LLMError as error:
            if error.fatal:
                raise
            warning = self._fallback_warning("arrange", error)
            portion.notes.insert(0, f"warning: {warning}")
            return portion
        arrangement = _arrangement(asked.answer, lines, self.name, asked.model, window[0])
        if portion.window is not None:
            shift = window[0]
            arrangement.refrain = ((arrangement.refrain[0] + shift, arrangement.refrain[1] + shift)
                                   if arrangement.refrain else None)
            arrangement.notes[1:1] = [n for n in portion.notes if n.startswith(("warning: ", "the parts: "))]
            arrangement.title, arrangement.window = portion.title, portion.window
        return arrangement

    # Translation ----------------------------------------------------------------------------
    def translate(self, song: Song, to: str = "en", singable: bool = True) -> Song:
        from songsmith.document.lyrics.text import line_kind
        from songsmith.style.llm.answers import translation_problems

        if to not in LANGUAGE_NAMES:
            raise UsageError(f"cannot translate to {to!r}; choose one of {', '.join(LANGUAGE_NAMES)}")
        if not song.sections:
            raise UsageError("the song has no lyrics yet; arrange the poem first (songsmith render)")
        source = [[line for line in section.lines if line_kind(line) in ("lyric", "backing")]
                  for section in song.sections]
        data = {"task": "translate", "to": to, "singable": singable, "title": song.title,
                "language": song.language,
                "sections": [{"tag": section.label, "kind": section.kind, "lines": lines}
                             for section, lines in zip(song.sections, source, strict=True)]}
        rule = (" Make it singable: about as many syllables per line as the original has characters or "
                "syllables, natural stress on the beat, rhyme where the original rhymes." if singable else
                " A faithful line-by-line translation is enough; it need not be singable.")
        values = {"language_name": LANGUAGE_NAMES[to], "singable_rule": rule}
        try:
            asked = self.runner.ask("translate", data, values=values,
                                    check=lambda answer: translation_problems(answer, source, to))
        except LLMError as error:
            raise LLMError(f"no usable {LANGUAGE_NAMES[to]} translation from {self.model}: {error.message}",
                           path=self.name, exit_code=1) from None
        return _translated_song(song, asked.answer, to, self.name, asked.model)


def _candidate(option: Any, backend: str, model: str, cached: bool, target: str) -> LLMStyleCandidate:
    from songsmith.document.lint import style_length_issues
    from songsmith.document.model import Style

    # over the smallest limit (Suno v3.5/v4: 200) but within the largest: usable, with a note
    notes = [message for severity, message in style_length_issues(option.prompt, target) if severity == "warning"]
    instruments = list(dict.fromkeys([option.lead, *option.instruments]))
    style = Style(prompt=option.prompt, genre=[option.genre], mood=list(option.mood), instruments=instruments,
                  vocal=option.vocal, tempo_bpm=option.tempo_bpm, key=option.key, exclude=option.exclude)
    why = "; ".join(filter(None, [f"persona: {option.persona}" if option.persona else None, option.why]))
    return LLMStyleCandidate(style=style, genre=option.genre, lead=option.lead, recipe=f"{backend}:{model}",
                             why=why, backend=backend, model=model, cached=cached, warnings=notes)


def _as_fallback(candidate: StyleCandidate, warning: str) -> LLMStyleCandidate:
    # the warning goes into ``why`` too: render copies it into the candidate's notes
    why = f"{candidate.why} [warning: {warning}]".strip()
    return LLMStyleCandidate(style=candidate.style, genre=candidate.genre, lead=candidate.lead,
                             recipe=candidate.recipe, why=why, backend="offline", model=None,
                             warnings=[warning])


def _arrangement(answer: Any, poem_lines: list[str], backend: str, model: str, first: int = 0) -> Arrangement:
    """The model's arrangement of ``poem_lines`` (the poem's lines from ``first`` on)."""
    from songsmith.document.lyrics.tags import label_for
    from songsmith.document.lyrics.text import Section
    from songsmith.style.llm.answers import clean_verse

    exact = {clean_verse(line): line for line in poem_lines}
    sections = []
    for part in answer.sections:
        lines = [exact.get(clean_verse(line), line) for line in part.lines]
        descriptor = part.descriptor or None
        sections.append(Section(kind=part.kind, number=part.number, descriptor=descriptor,
                                tag=label_for(part.kind, part.number, descriptor), lines=lines))
    refrain = tuple(answer.refrain) if answer.refrain else None
    notes = [f"arrangement by {backend} ({model}): {answer.name}"]
    if refrain:
        chorus = "，".join(poem_lines[refrain[0]:refrain[1]])
        notes.append(f"chorus: {chorus} (lines {first + refrain[0] + 1}–{first + refrain[1]}): "
                     f"{'; '.join(answer.chorus_reasons)}")
    notes += answer.notes
    return Arrangement(name=f"{backend}:{answer.name}", sections=sections, refrain=refrain, notes=notes)  # type: ignore[arg-type]


def _translated_song(song: Song, answer: Any, to: str, backend: str, model: str) -> Song:
    from songsmith.document.lyrics.text import Section, line_kind

    sections = []
    for original, translated in zip(song.sections, answer.sections, strict=True):
        new_lines = iter(translated.lines)
        lines: list[str] = []
        for line in original.lines:
            kind = line_kind(line)
            if kind in ("lyric", "backing"):
                text = " ".join(next(new_lines).split())
                if kind == "backing" and not (text.startswith("(") and text.endswith(")")):
                    text = f"({text.strip('()')})"
                elif kind == "lyric" and text.startswith("(") and text.endswith(")"):
                    text = text[1:-1].strip() or text
                lines.append(text)
            else:
                lines.append(line)  # stanza breaks and cues stay as they are
        sections.append(Section(kind=original.kind, number=original.number, descriptor=original.descriptor,
                                tag=original.tag, lines=lines))
    style = song.style.model_copy(update={"language_tag": LANGUAGE_TAGS[to]})
    note = (f"{LANGUAGE_NAMES[to]} rendering of “{song.title}” by {backend} ({model}); "
            "sections mirror the original.")
    if answer.notes:
        note += f"\n{answer.notes}"
    return song.model_copy(update={
        "title": answer.title, "language": to, "style": style, "sections": sections,
        "candidates": [], "takes": [], "notes": note,
    })


def make_anthropic(config: Config | None) -> LLMBackend:
    """The ``anthropic`` backend: Claude through the Messages API."""
    return LLMBackend.from_config("anthropic", config)


def make_openai(config: Config | None) -> LLMBackend:
    """The ``openai`` backend: OpenAI Chat Completions, or any server that speaks it (Ollama
    ``http://127.0.0.1:11434/v1``, vLLM, llama.cpp; ``--base-url`` or ``OPENAI_BASE_URL``)."""
    return LLMBackend.from_config("openai", config)
