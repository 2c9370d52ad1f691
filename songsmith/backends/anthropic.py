"""The ``anthropic`` backend: Claude through the Messages API.

Settings come from the configuration (:mod:`songsmith.config`): ``ANTHROPIC_API_KEY``, the model
(``SONGSMITH_MODEL`` / ``anthropic.model``), timeout, retries, concurrency, cache and usage log.
"""

from __future__ import annotations

from songsmith.llm.backend import LLMBackend


def AnthropicBackend() -> LLMBackend:  # noqa: N802 - a factory named like the class it makes
    return LLMBackend.from_config("anthropic")
