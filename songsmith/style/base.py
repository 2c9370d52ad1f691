"""The interface every style backend implements: the offline rules and the LLM backends.

A backend gets a :class:`Work` (the poem with its analysis and mood) and :class:`Hints` (what
the user asked for) and returns style candidates and an arrangement. Backends are looked up by
name with :func:`songsmith.style.backends.get_backend`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from songsmith.document.lyrics.text import Section
    from songsmith.document.model import Style
    from songsmith.poetry.analysis import Analysis
    from songsmith.style.mood import MoodResult


#: Estimated seconds of sections ``[(kind, sung lines)]`` sung at ``bpm``.
Clock = Callable[[list[tuple[str, list[str]]], int], float]


@dataclass
class Work:
    """A poem ready to be styled and arranged.

    ``lines`` are the verse lines (句) in the user's script, punctuation removed; ``simplified``
    the same lines in simplified characters; ``rhyme_groups`` the 中华新韵 group of each line's
    last syllable; ``blocks`` the number of verse lines in each stanza the source marks (blank
    lines in a poem file, 章 of 诗经), or empty; ``breaks`` the verse-line indexes after which a
    source paragraph ended (candidate 阕 boundaries of a 词); ``sentence_ends`` the verse-line
    indexes after which the source's punctuation ends a sentence (。？！；), empty when the
    source has no sentence punctuation. ``seconds`` estimates how long sung sections last
    (``[(kind, lines)]``, bpm → seconds); the composer passes the packaging estimate.
    """

    title: str
    lines: list[str]
    simplified: list[str]
    mood: MoodResult
    form: str | None = None
    author: str | None = None
    dynasty: str | None = None
    language: str | None = None
    rhyme_groups: list[str | None] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    analysis: Analysis | None = None
    sentence_ends: list[int] = field(default_factory=list)
    seconds: Clock | None = None


@dataclass(frozen=True)
class Hints:
    """What the user asked for: ``audience`` ("children" or None), an arrangement name, a target.

    ``arrangement`` names a template, or which portion of a long poem to set: ``excerpt`` (the
    default for a poem longer than the target takes), ``whole``, ``part-N`` (see
    :mod:`songsmith.style.arrange`); ``template:portion`` gives both (``guti:part-2``).
    """

    audience: str | None = None
    arrangement: str | None = None
    target: str = "suno"


@dataclass
class StyleCandidate:
    """One proposed style, with what it is built on and why."""

    style: Style
    genre: str
    lead: str
    recipe: str | None = None
    why: str = ""


@dataclass
class Arrangement:
    """Sections made from a poem, the template that made them, and the refrain's line span.

    ``notes`` explain each choice (a line starting ``warning: `` is also shown as a warning);
    ``title`` is the song's title when it sets one part of a long poem (``长恨歌 (Part 2 of 6)``).
    """

    name: str
    sections: list[Section]
    refrain: tuple[int, int] | None = None  # 0-based, end exclusive
    notes: list[str] = field(default_factory=list)
    title: str | None = None
    window: tuple[int, int] | None = None  # the lines set when a long poem is excerpted or in parts


@runtime_checkable
class StyleBackend(Protocol):
    """What ``songsmith render`` needs from a backend."""

    name: str

    def map_style(self, work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
        """``n_candidates`` styles, the best first, pairwise different in genre or lead instrument."""
        ...

    def arrange(self, work: Work, hints: Hints, style: Style | None = None) -> Arrangement:
        """Song sections for the poem; ``style`` (the chosen one) may colour intro/outro tags."""
        ...
