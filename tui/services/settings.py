"""TUI settings, from the songsmith config file the CLI reads (:func:`songsmith.config.load_config`).

The TUI reads these parts of it (all optional)::

    backend: offline              # the style backend for generate/arrange (shared with render)
    keymap:                       # binding id -> keys (comma-separated alternatives)
      save: ctrl+s
      generate: ctrl+g,f9
    tui:
      theme: textual-dark
      autosave_seconds: 30
      candidates: 5
      targets: [suno-v4, suno-v4.5]

The file, ``backend`` and ``$SONGSMITH_BACKEND`` mean what they mean to the CLI. A file the core
refuses leaves the editor with its defaults and the reason in a notification.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith.config import Config, config_path, load_config
from songsmith.errors import SongsmithError
from songsmith.pipeline import DEFAULT_CANDIDATES

DEFAULT_TARGETS = ["suno-v4", "suno-v4.5"]


@dataclass
class TuiSettings:
    theme: str | None = None
    backend: str = "offline"
    keymap: dict[str, str] = field(default_factory=dict)
    autosave_seconds: float = 30.0
    candidates: int = DEFAULT_CANDIDATES
    targets: list[str] = field(default_factory=lambda: list(DEFAULT_TARGETS))
    path: Path | None = None
    problems: list[str] = field(default_factory=list)
    config: Config | None = None  # the core's configuration (backend, models, keys …)


def _keymap(value: Any, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict):
        if value is not None:
            problems.append("keymap: expected a mapping of binding id to keys")
        return {}
    keymap: dict[str, str] = {}
    for key, keys in value.items():
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"keymap: {key}: expected keys such as 'ctrl+s'")
            continue
        keymap[str(key)] = keys.replace(" ", "")
    return keymap


def settings_from_data(data: dict[str, Any], path: Path | None = None) -> TuiSettings:
    problems: list[str] = []
    tui = data.get("tui") if isinstance(data.get("tui"), dict) else {}
    settings = TuiSettings(path=path, problems=problems)
    theme = tui.get("theme")
    settings.theme = str(theme) if theme else None
    backend = tui.get("backend") or data.get("backend")
    if isinstance(backend, str) and backend:
        settings.backend = backend
    settings.keymap = _keymap(data.get("keymap", tui.get("keymap")), problems)
    for name, kind in (("autosave_seconds", float), ("candidates", int)):
        if name in tui:
            try:
                setattr(settings, name, kind(tui[name]))
            except (TypeError, ValueError):
                problems.append(f"tui.{name}: expected a number")
    targets = tui.get("targets")
    if isinstance(targets, str):
        targets = [t.strip() for t in targets.split(",") if t.strip()]
    if isinstance(targets, list) and targets:
        settings.targets = [str(t) for t in targets]
    settings.candidates = max(1, min(settings.candidates, 12))
    return settings


def load_settings(path: str | os.PathLike[str] | None = None) -> TuiSettings:
    """Settings from ``path`` or the shared config file; defaults (and the reason) when the core
    refuses it."""
    where = Path(path) if path is not None else config_path()
    try:
        config = load_config(path=where)
    except SongsmithError as exc:
        settings = settings_from_data({}, where)
        settings.problems.append(f"config: {exc}; using defaults")
        return settings
    data = {"backend": config.backend, "keymap": config.sections.get("keymap"), "tui": config.sections.get("tui") or {}}
    settings = settings_from_data(data, where)
    settings.config = config
    return settings
