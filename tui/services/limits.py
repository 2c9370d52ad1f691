"""Character limits of the targets, for the live counters of the style pane.

Suno's come from the core's table of its models (:func:`songsmith.targets.suno.model_info`):
``suno-v4`` style 200 / lyrics 3000, ``suno-v4.5`` and later 1000 / 5000.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    target: str
    style: int | None
    lyrics: int | None
    exclude: int | None = None


def limits_for(name: str) -> Limits | None:
    """The limits of ``suno-<model>`` (``suno`` alone: the default model); None for other names."""
    from songsmith.targets.suno import model_info

    lowered = name.lower()
    if not lowered.startswith("suno"):
        return None
    try:
        _, _, lyrics, style = model_info(lowered.removeprefix("suno").lstrip("-") or "v4.5")
    except ValueError:
        return None
    return Limits(name, int(style), int(lyrics))


def counter(used: int, limit: int | None) -> tuple[str, str]:
    """``("85/200", level)`` with level ``ok``, ``near`` (> 90 %) or ``over``."""
    if limit is None:
        return str(used), "ok"
    level = "over" if used > limit else "near" if used > 0.9 * limit else "ok"
    return f"{used}/{limit}", level
