"""Character limits of the targets, for the live counters of the style pane.

``songsmith.targets`` (issue 5) owns the versioned table (``songsmith.targets.suno.MODELS``);
this module asks it first and falls back to the limits known today (Suno: style 200 chars on
v4, 1000 on v4.5 and later; lyrics 3000 / 5000).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    target: str
    style: int | None
    lyrics: int | None
    exclude: int | None = None


FALLBACK: dict[str, Limits] = {
    "suno-v4": Limits("suno-v4", 200, 3000),
    "suno-v4.5": Limits("suno-v4.5", 1000, 5000),
    "suno-v5": Limits("suno-v5", 1000, 5000),
}
ALIASES = {"suno": "suno-v4.5", "suno-v4.5+": "suno-v4.5", "suno-v45": "suno-v4.5"}


def _from_targets(name: str) -> Limits | None:
    try:
        module = importlib.import_module("songsmith.targets")
    except ImportError:
        return None
    for getter in ("get_limits", "limits_for", "limits"):
        func = getattr(module, getter, None)
        if not callable(func):
            continue
        try:
            found = func(name)
        except Exception:  # noqa: BLE001 - an unknown name or a moving API: use the fallback
            return None
        if found is None:
            return None
        style = _pick(found, "style", "style_chars", "max_style")
        lyrics = _pick(found, "lyrics", "lyrics_chars", "max_lyrics")
        if style is None and lyrics is None:
            return None
        return Limits(name, style, lyrics, _pick(found, "exclude", "exclude_chars", "max_exclude"))
    return None


def _pick(found: object, *names: str) -> int | None:
    for name in names:
        value = found.get(name) if isinstance(found, dict) else getattr(found, name, None)
        if isinstance(value, int):
            return value
    return None


def _from_suno(name: str) -> Limits | None:
    """Suno's limits per model from ``songsmith.targets.suno.model_info`` (``suno-v4`` → v4)."""
    lowered = name.lower()
    if not lowered.startswith("suno"):
        return None
    try:
        suno = importlib.import_module("songsmith.targets.suno")
        _, _, lyrics, style = suno.model_info(lowered.removeprefix("suno").lstrip("-") or "v4.5")
    except Exception:  # noqa: BLE001 - missing, moving or an unknown model: use the fallback
        return None
    return Limits(name, int(style), int(lyrics))


def limits_for(name: str) -> Limits | None:
    key = ALIASES.get(name.lower(), name.lower())
    return _from_suno(name) or _from_targets(name) or FALLBACK.get(key)


def counter(used: int, limit: int | None) -> tuple[str, str]:
    """``("85/200", level)`` with level ``ok``, ``near`` (> 90 %) or ``over``."""
    if limit is None:
        return str(used), "ok"
    level = "over" if used > limit else "near" if used > 0.9 * limit else "ok"
    return f"{used}/{limit}", level
