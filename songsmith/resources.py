"""Package data shipped with songsmith: ``prompts/`` and ``corpora/``.

In the wheel they are the packages ``songsmith.prompts`` and ``songsmith.corpora``; in a source
checkout the same names map to the top-level directories (see ``pyproject.toml``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


def prompts_dir() -> Traversable:
    return resources.files("songsmith.prompts")


def corpora_dir() -> Traversable:
    return resources.files("songsmith.corpora")


@lru_cache(maxsize=None)
def load_prompt_yaml(relative: str) -> Any:
    """Parse a YAML file under ``prompts/`` (cached: these files never change at run time), with
    libyaml's safe loader where PyYAML has it: every worker process reads these once, and the
    pure-Python parser made that a second of each run."""
    import yaml

    node: Traversable = prompts_dir()
    for part in relative.split("/"):
        node = node / part
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(node.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a safe loader
