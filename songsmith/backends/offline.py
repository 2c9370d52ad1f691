"""The offline backend: rules and vocabularies shipped in ``prompts/``, no network, no API key.

Styles come from :mod:`songsmith.stylemap`, arrangements from :mod:`songsmith.arrange`. The
result is deterministic, so tests can compare it exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from songsmith.backends.base import Arrangement, Hints, StyleCandidate, Work

if TYPE_CHECKING:
    from songsmith.model import Style


class OfflineBackend:
    name = "offline"

    def map_style(self, work: Work, n_candidates: int, hints: Hints) -> list[StyleCandidate]:
        from songsmith.stylemap import compose

        return compose(work, n_candidates, hints)

    def arrange(self, work: Work, hints: Hints, style: Style | None = None) -> Arrangement:
        from songsmith.arrange import arrange

        lead = style.instruments[0] if style is not None and style.instruments else None
        return arrange(work, hints, lead=lead)
