"""The offline backend: rules and vocabularies shipped in ``prompts/``, no network, no API key.

Styles come from :mod:`songsmith.style.stylemap`, arrangements from :mod:`songsmith.style.arrange`. The
result is deterministic, so tests can compare it exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from songsmith.style.base import Arrangement, Hints, StyleCandidate, Work

if TYPE_CHECKING:
    from songsmith.document.model import Style


def make_offline(config: object = None) -> OfflineBackend:
    """The offline backend (it reads no configuration)."""
    return OfflineBackend()


class OfflineBackend:
    name = "offline"

    def map_style(self, work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
        from songsmith.language import CHINESE_CODES

        if work.language == "eo":
            return _esperanto_candidates(work, n_candidates, hints)
        if work.analysis is None and work.language not in CHINESE_CODES:
            from songsmith.style.lyricstyle import (
                lyric_candidates,  # lyrics in English or another language
            )

            return lyric_candidates(work, n_candidates, hints)
        from songsmith.style.stylemap import compose

        return compose(work, n_candidates, hints)

    def arrange(self, work: Work, hints: Hints, style: Style | None = None) -> Arrangement:
        from songsmith.style.arrange import arrange

        lead = style.instruments[0] if style is not None and style.instruments else None
        return arrange(work, hints, lead=lead, bpm=style.tempo_bpm if style is not None else None)


def _esperanto_candidates(work: Work, n_candidates: int, hints: Hints | None = None) -> list[StyleCandidate]:
    """Esperanto songs: the style of each of the ``n`` strongest moods (distinct genre and lead),
    from ``prompts/esperanto/lexicon.yaml``; the metre sets time signature, feel and tempo."""
    from songsmith.esperanto.style import esperanto_style_hints

    text = "\n".join(work.lines)
    candidates: list[StyleCandidate] = []
    seen: set[tuple[str, str]] = set()
    for mood, _ in work.mood.ranked:
        style_hints = esperanto_style_hints(text, work.title, mood=work.mood, primary=mood,
                                            audience=hints.audience if hints else None)
        if (style_hints.genre, style_hints.lead) in seen:
            continue
        seen.add((style_hints.genre, style_hints.lead))
        candidates.append(StyleCandidate(style=style_hints.to_style(), genre=style_hints.genre,
                                         lead=style_hints.lead, recipe=f"esperanto-{mood}",
                                         why="; ".join(style_hints.why)))
        if len(candidates) == n_candidates:
            break
    return candidates
