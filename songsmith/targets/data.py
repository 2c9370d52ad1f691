"""The targets' tables in ``prompts/targets/`` (labels, artists, singing aids), read once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=None)
def target_data(name: str) -> Any:
    from songsmith.resources import load_prompt_yaml

    return load_prompt_yaml(f"targets/{name}")
