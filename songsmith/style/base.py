"""The interface every style backend implements: the offline rules and the LLM backends.

A backend gets a :class:`Work` (the poem with its analysis and mood) and :class:`Hints` (what
the user asked for) and returns style candidates and an arrangement. Backends are looked up by
name with :func:`songsmith.style.backends.get_backend`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from songsmith.document.lyrics.text import Section
    from songsmith.document.model import Style
    from songsmith.poetry.analysis import Analysis
    from songsmith.style.mood import MoodResult


@dataclass
class Work:
    """A poem ready to be styled and arranged.

    ``lines`` are the verse lines (句) in the user's script, punctuation removed; ``simplified``
    the same lines in simplified characters; ``rhyme_groups`` the 中华新韵 group of each line's
    last syllable; ``blocks`` the number of verse lines in each stanza the source marks (blank
    lines in a poem file, 章 of 诗经), or empty; ``breaks`` the verse-line indexes after which a
    source paragraph ended (candidate 阕 boundaries of a 词).
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


@dataclass(frozen=True)
class Hints:
    """What the user asked for: ``audience`` ("children" or None), an arrangement name, a target."""

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
    """Sections made from a poem, the template that made them, and the refrain's line span."""

    name: str
    sections: list[Section]
    refrain: tuple[int, int] | None = None  # 0-based, end exclusive
    notes: list[str] = field(default_factory=list)


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
