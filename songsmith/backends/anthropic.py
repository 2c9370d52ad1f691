"""The ``anthropic`` backend: Claude through the Messages API.

Settings come from the configuration (:mod:`songsmith.config`): ``ANTHROPIC_API_KEY``, the model
(``SONGSMITH_MODEL`` / ``anthropic.model``), timeout, retries, concurrency, cache and usage log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from songsmith.llm.backend import LLMBackend

if TYPE_CHECKING:
    from songsmith.config import Config


def make_anthropic(config: Config | None) -> LLMBackend:
    return LLMBackend.from_config("anthropic", config)
