"""The LLM layer: SDK clients, prompt templates, a disk cache, a usage log and fallbacks.

Nothing here imports an SDK at import time; :mod:`songsmith.style.llm.clients` imports ``anthropic``
or ``openai`` only when a client is made. The backends in :mod:`songsmith.style.llm.backend`
and :mod:`songsmith.style.llm.backend` are built on :class:`songsmith.style.llm.backend.LLMBackend`.
"""
