"""TUI settings from the songsmith config file, the one the CLI reads.

The file is YAML. The TUI reads these parts of it (all optional)::

    backend: offline              # the style backend for generate/arrange (shared with render)
    keymap:                       # binding id -> keys (comma-separated alternatives)
      save: ctrl+s
      generate: ctrl+g,f9
    tui:
      theme: textual-dark
      autosave_seconds: 30
      candidates: 4
      targets: [suno-v4, suno-v4.5]

The file, the ``backend`` and ``$SONGSMITH_BACKEND`` come from :func:`songsmith.config.load_config`
(issue 6), so the TUI and the CLI agree. Should that module be missing or refuse the file, the
TUI reads ``$SONGSMITH_CONFIG`` (else ``<platformdirs user config>/songsmith/config.yaml``)
itself and says so in a notification.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_TARGETS = ["suno-v4", "suno-v4.5"]


@dataclass
class TuiSettings:
    theme: str | None = None
    backend: str = "offline"
    keymap: dict[str, str] = field(default_factory=dict)
    autosave_seconds: float = 30.0
    candidates: int = 4
    targets: list[str] = field(default_factory=lambda: list(DEFAULT_TARGETS))
    path: Path | None = None
    problems: list[str] = field(default_factory=list)


def _core_config() -> Any | None:
    try:
        return importlib.import_module("songsmith.config")
    except ImportError:
        return None


def config_path() -> Path:
    """The config file's path, as the CLI sees it."""
    core = _core_config()
    for name in ("config_path", "default_config_path", "get_config_path"):
        finder = getattr(core, name, None) if core else None
        if callable(finder):
            try:
                return Path(finder())
            except Exception:  # noqa: BLE001 - a moving API must not stop the editor
                break
    env = os.environ.get("SONGSMITH_CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("songsmith") / "config.yaml"


def _read_yaml(path: Path) -> tuple[dict[str, Any], list[str]]:
    if not path.is_file():
        return {}, []
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return {}, [f"{path}: cannot read the config ({type(exc).__name__}); using defaults"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path}: expected a mapping at the top level; using defaults"]
    return data, []


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
    llm = data.get("llm") if isinstance(data.get("llm"), dict) else {}
    settings = TuiSettings(path=path, problems=problems)
    theme = tui.get("theme")
    settings.theme = str(theme) if theme else None
    backend = tui.get("backend") or data.get("backend") or llm.get("backend")
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


def _from_core() -> TuiSettings | None:
    core = _core_config()
    load = getattr(core, "load_config", None) if core else None
    if not callable(load):
        return None
    try:
        config = load()
        sections = dict(getattr(config, "sections", {}) or {})
        data = {"backend": str(config.backend), "keymap": sections.get("keymap"), "tui": sections.get("tui") or {}}
        return settings_from_data(data, Path(config.path))
    except Exception as exc:  # noqa: BLE001 - a bad config must not stop the editor opening
        settings = load_settings(config_path(), use_core=False)
        settings.problems.insert(0, f"config: {exc}")
        return settings


def load_settings(path: str | os.PathLike[str] | None = None, *, use_core: bool = True) -> TuiSettings:
    """Settings from ``path`` or the shared config file; defaults when there is none."""
    if path is None and use_core:
        shared = _from_core()
        if shared is not None:
            return shared
    where = Path(path) if path is not None else config_path()
    data, problems = _read_yaml(where)
    settings = settings_from_data(data, where)
    settings.problems[:0] = problems
    return settings
