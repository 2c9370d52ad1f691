"""Style backends, looked up by name: ``get_backend("offline")``.

Backends load lazily (an LLM backend may import a heavy SDK). Register more with
:func:`register_backend`; the LLM backends of issue 6 add themselves to :data:`BACKENDS`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.backends.base import StyleBackend

#: name -> "module:factory" (imported on first use) or a factory.
BACKENDS: dict[str, str | Callable[[], StyleBackend]] = {
    "offline": "songsmith.backends.offline:OfflineBackend",
    "anthropic": "songsmith.backends.anthropic:AnthropicBackend",
    "openai": "songsmith.backends.openai_compat:OpenAIBackend",
}


def register_backend(name: str, factory: str | Callable[[], StyleBackend]) -> None:
    BACKENDS[name] = factory


def backend_names() -> list[str]:
    return sorted(BACKENDS)


def get_backend(name: str) -> StyleBackend:
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise UsageError(f"unknown backend {name!r}; known: {', '.join(backend_names())}") from None
    if isinstance(factory, str):
        module_name, attribute = factory.split(":")
        factory = getattr(importlib.import_module(module_name), attribute)
    return factory()
