"""The nine moods songsmith ranks, and a ranking with its evidence (:class:`MoodResult`).

Every mood reader fills one: Chinese poems (:mod:`songsmith.style.mood`), Esperanto lyrics
(:mod:`songsmith.esperanto.style`) and lyrics in other languages (:mod:`songsmith.style.lyricstyle`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MOODS: tuple[str, ...] = (
    "serene", "nostalgic", "melancholy", "farewell", "heroic", "joyful", "romantic", "majestic", "satirical",
)


@dataclass
class MoodResult:
    """Ranked moods (scores sum to 1) and, per mood, the cues that produced it, in first-seen order."""

    ranked: list[tuple[str, float]]
    cues: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, float] = field(default_factory=dict)

    @property
    def primary(self) -> str:
        return self.ranked[0][0]

    @property
    def secondary(self) -> str | None:
        """The second mood when it is a real contender (at least half the primary's score)."""
        if len(self.ranked) > 1 and self.ranked[1][1] >= 0.5 * self.ranked[0][1] and self.raw.get(self.ranked[1][0]):
            return self.ranked[1][0]
        return None

    def explain(self) -> list[str]:
        """``"月, 故乡 → nostalgic"`` for each mood with cues, strongest mood first."""
        return [f"{', '.join(self.cues[m])} → {m}" for m, _ in self.ranked if self.cues.get(m)]

    @classmethod
    def from_scores(cls, raw: dict[str, float], cues: dict[str, list[str]]) -> MoodResult:
        """Scores normalised to sum to 1, strongest first (ties in :data:`MOODS` order); no score
        at all ranks every mood evenly."""
        total = sum(raw.values())
        if total <= 0:
            ranked = [(m, 1.0 / len(MOODS)) for m in MOODS]
        else:
            ranked = sorted(((m, raw.get(m, 0.0) / total) for m in MOODS),
                            key=lambda item: (-item[1], MOODS.index(item[0])))
        return cls(ranked=ranked, cues=cues, raw=raw)

    def to_json(self) -> dict[str, Any]:
        return {
            "primary": self.primary,
            "ranked": [[m, s] for m, s in self.ranked],
            "cues": self.explain(),
        }
