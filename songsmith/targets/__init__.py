"""Packaging targets: one module per music service or open model, and their registry.

Each target module has ``NAME``, ``FILES`` (the file names it writes, before candidate numbering),
``render(song, options) -> TargetOutput`` (pure: no I/O) and ``validate(files) -> [Problem]``.
See docs/targets.md for the files and rules of each target, and
:func:`songsmith.package.write_package` for writing a whole package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from songsmith.targets.base import Options, Problem, TargetOutput

__all__ = ["TARGETS", "Options", "Problem", "Target", "TargetOutput", "get_target", "parse_targets"]

_MODULES = {
    "suno": "suno",
    "udio": "udio",
    "ace-step": "ace_step",
    "ace-step-1.5": "ace_step15",
    "yue": "yue",
    "diffrhythm": "diffrhythm",
    "diffrhythm2": "diffrhythm2",
    "songgeneration": "songgeneration",
    "minimax": "minimax",
    "mureka": "mureka",
    "elevenlabs": "elevenlabs",
}


@dataclass(frozen=True)
class Target:
    name: str
    files: tuple[str, ...]
    render: Callable[..., TargetOutput]
    validate: Callable[[dict[str, str]], list[Problem]]
    module: ModuleType

    @property
    def summary(self) -> str:
        doc = (self.module.__doc__ or "").strip().splitlines()
        return doc[0] if doc else self.name


def _load(name: str) -> Target:
    module = importlib.import_module(f"songsmith.targets.{_MODULES[name]}")
    return Target(name, tuple(module.FILES), module.render, module.validate, module)


#: Name -> :class:`Target`, in a stable order (the order of ``--target all``).
TARGETS: dict[str, Target] = {name: _load(name) for name in _MODULES}
TARGET_NAMES: tuple[str, ...] = tuple(_MODULES)


def get_target(name: str) -> Target:
    """The target called ``name`` (``suno``, ``yue``, …); ``ValueError`` names the known ones."""
    key = name.strip().lower()
    if key not in _MODULES:
        raise ValueError(f"unknown target {name!r}; known: {', '.join(_MODULES)}, or all")
    return TARGETS[key]


def parse_targets(spec: str | list[str] | tuple[str, ...]) -> list[str]:
    """``"suno,yue"`` or ``"all"`` (or a list of those) -> target names, in registry order, unique."""
    items = spec.split(",") if isinstance(spec, str) else [p for s in spec for p in s.split(",")]
    names: list[str] = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        if item == "all":
            names.extend(_MODULES)
            continue
        get_target(item)
        names.append(item)
    if not names:
        raise ValueError("no target given; known: " + ", ".join(_MODULES) + ", or all")
    return [n for n in _MODULES if n in set(names)]
