"""Style backends, looked up by name: ``get_backend("offline", config)``.

A backend is made by a factory that takes the effective :class:`~songsmith.config.Config` (an
LLM backend reads its model, key, timeout and cache from it; the offline one needs nothing).
Factories load lazily (an LLM backend imports a heavy SDK). Register more with
:func:`register_backend`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.config import Config
    from songsmith.style.base import StyleBackend

Factory = Callable[["Config"], "StyleBackend"]

#: name -> "module:factory" (imported on first use) or a factory.
BACKENDS: dict[str, str | Factory] = {
    "offline": "songsmith.style.offline:make_offline",
    "anthropic": "songsmith.style.llm.backend:make_anthropic",
    "openai": "songsmith.style.llm.backend:make_openai",
}


def register_backend(name: str, factory: str | Factory) -> None:
    BACKENDS[name] = factory


def backend_names() -> list[str]:
    return sorted(BACKENDS)


def get_backend(name: str | None = None, config: Config | None = None) -> StyleBackend:
    """The backend called ``name`` (default: the configured one), made with ``config`` (default:
    :func:`songsmith.config.load_config`'s, with no command-line options)."""
    if config is None and name != "offline":
        from songsmith.config import load_config

        config = load_config()
    name = name or (config.backend if config is not None else "offline")
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise UsageError(f"unknown backend {name!r}; known: {', '.join(backend_names())}") from None
    if isinstance(factory, str):
        module_name, attribute = factory.split(":")
        factory = getattr(importlib.import_module(module_name), attribute)
    return factory(config)  # type: ignore[arg-type]
