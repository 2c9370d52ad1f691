"""The LLM layer: SDK clients, prompt templates, a disk cache, a usage log and fallbacks.

Nothing here imports an SDK at import time; :mod:`songsmith.llm.clients` imports ``anthropic``
or ``openai`` only when a client is made. The backends in :mod:`songsmith.backends.anthropic`
and :mod:`songsmith.backends.openai_compat` are built on :class:`songsmith.llm.backend.LLMBackend`.
"""
