"""The ``openai`` backend: OpenAI Chat Completions, or any server that speaks it.

Point it at a local model with ``OPENAI_BASE_URL`` (or ``--base-url``, or ``openai.base_url`` in
the config file): Ollama ``http://127.0.0.1:11434/v1``, vLLM ``http://127.0.0.1:8000/v1``,
llama.cpp ``http://127.0.0.1:8080/v1``. No key is needed for a local server.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from songsmith.llm.backend import LLMBackend

if TYPE_CHECKING:
    from songsmith.config import Config


def make_openai(config: Config | None) -> LLMBackend:
    return LLMBackend.from_config("openai", config)
