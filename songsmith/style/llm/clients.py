"""Thin wrappers over the official SDKs: one call, one :class:`Completion`, errors made plain.

Retries (with backoff honouring ``Retry-After`` / ``retry-after-ms``) and the per-request
timeout are the SDKs' own (``max_retries=``, ``timeout=``). The SDKs are imported here, inside
the constructors, never at module import.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from songsmith.style.llm.errors import FatalLLMError, LLMError, redact


@dataclass
class Completion:
    """What a model said, and what it cost."""

    text: str
    model: str
    input_tokens: int = 0
    output_tokens: int = 0
    stop_reason: str | None = None
    refusal: str | None = None
    latency_ms: float = 0.0
    truncated: bool = False


class ChatClient(Protocol):
    backend: str
    model: str

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int) -> Completion: ...


@dataclass(frozen=True)
class ClientSettings:
    backend: str
    model: str
    api_key: str | None
    base_url: str | None
    timeout: float
    max_retries: int


def _where(settings: ClientSettings) -> str:
    return settings.base_url or settings.backend


def _translate_error(exc: Exception, settings: ClientSettings, sdk: Any) -> LLMError:
    """An SDK exception as a one-line songsmith error, with the key scrubbed out."""
    key_var = "ANTHROPIC_API_KEY" if settings.backend == "anthropic" else "OPENAI_API_KEY"
    status = getattr(exc, "status_code", None)
    detail = redact(" ".join(str(exc).split()), settings.api_key)[:300]
    if isinstance(exc, (sdk.AuthenticationError, sdk.PermissionDeniedError)):
        return FatalLLMError(f"the server rejected the API key (HTTP {status}); check {key_var}",
                             path=settings.backend)
    if isinstance(exc, sdk.NotFoundError):
        return FatalLLMError(f"HTTP 404 from {_where(settings)}: unknown model {settings.model!r} or wrong base URL",
                             path=settings.backend)
    if isinstance(exc, sdk.APITimeoutError):
        return LLMError(f"no answer within {settings.timeout:g} s (after {settings.max_retries} retries)",
                        path=settings.backend)
    if isinstance(exc, sdk.APIConnectionError):
        return FatalLLMError(f"could not reach {_where(settings)}: {detail}", path=settings.backend)
    if isinstance(exc, sdk.APIStatusError):
        return LLMError(f"HTTP {status} from {_where(settings)} (after {settings.max_retries} retries): {detail}",
                        path=settings.backend)
    return LLMError(f"unreadable answer from {_where(settings)}: {type(exc).__name__}: {detail}",
                    path=settings.backend)


class AnthropicChat:
    """The Anthropic Messages API."""

    backend = "anthropic"

    def __init__(self, settings: ClientSettings) -> None:
        import anthropic

        self._sdk = anthropic
        self.settings = settings
        self.model = settings.model
        self._client = anthropic.Anthropic(
            api_key=settings.api_key, base_url=settings.base_url,
            timeout=settings.timeout, max_retries=settings.max_retries,
        )

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        started = time.perf_counter()
        try:
            response = self._client.messages.create(
                model=self.model, max_tokens=max_tokens, system=system, messages=messages,  # type: ignore[arg-type]
            )
        except self._sdk.APIError as exc:
            raise _translate_error(exc, self.settings, self._sdk) from None
        except ValueError as exc:  # a body that is not JSON (truncated, an HTML error page)
            raise _translate_error(exc, self.settings, self._sdk) from None
        try:
            return self._completion(response, started)
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise LLMError(f"malformed answer from {_where(self.settings)}: {type(exc).__name__}",
                           path=self.backend) from None

    def _completion(self, response: Any, started: float) -> Completion:
        text = "".join(getattr(block, "text", "") for block in (response.content or [])
                       if getattr(block, "type", None) == "text")
        usage = response.usage
        stop = response.stop_reason
        return Completion(
            text=text, model=response.model or self.model,
            input_tokens=getattr(usage, "input_tokens", 0) or 0,
            output_tokens=getattr(usage, "output_tokens", 0) or 0,
            stop_reason=stop, refusal=(text or "refused") if stop == "refusal" else None,
            latency_ms=(time.perf_counter() - started) * 1000, truncated=stop == "max_tokens",
        )


class OpenAIChat:
    """OpenAI Chat Completions, and any server speaking it (Ollama, vLLM, llama.cpp)."""

    backend = "openai"

    def __init__(self, settings: ClientSettings) -> None:
        import openai

        self._sdk = openai
        self.settings = settings
        self.model = settings.model
        self._client = openai.OpenAI(
            # Local servers take no key, but the SDK insists on one.
            api_key=settings.api_key or "no-key-needed", base_url=settings.base_url,
            timeout=settings.timeout, max_retries=settings.max_retries,
        )

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        started = time.perf_counter()
        try:
            response = self._client.chat.completions.create(
                model=self.model,
                messages=[{"role": "system", "content": system}, *messages],  # type: ignore[list-item]
                response_format={"type": "json_object"},
            )
        except self._sdk.APIError as exc:
            raise _translate_error(exc, self.settings, self._sdk) from None
        except ValueError as exc:  # a body that is not JSON (truncated, an HTML error page)
            raise _translate_error(exc, self.settings, self._sdk) from None
        try:
            return self._completion(response, started)
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise LLMError(f"malformed answer from {_where(self.settings)}: {type(exc).__name__}",
                           path=self.backend) from None

    def _completion(self, response: Any, started: float) -> Completion:
        if not response.choices:
            raise LLMError(f"an answer with no choices from {_where(self.settings)}", path=self.backend)
        choice = response.choices[0]
        message = choice.message
        usage = response.usage
        refusal = getattr(message, "refusal", None)
        if choice.finish_reason == "content_filter" and not refusal:
            refusal = "content filter"
        return Completion(
            text=message.content or "", model=response.model or self.model,
            input_tokens=(usage.prompt_tokens if usage else 0) or 0,
            output_tokens=(usage.completion_tokens if usage else 0) or 0,
            stop_reason=choice.finish_reason, refusal=refusal,
            latency_ms=(time.perf_counter() - started) * 1000, truncated=choice.finish_reason == "length",
        )


class LazyClient:
    """Makes the SDK client on the first request, so a run answered from the cache never imports
    the SDK (importing it takes seconds)."""

    def __init__(self, settings: ClientSettings) -> None:
        if settings.backend not in ("anthropic", "openai"):
            raise ValueError(f"no LLM client for backend {settings.backend!r}")
        self.settings = settings
        self.backend = settings.backend
        self.model = settings.model
        self._client: ChatClient | None = None
        self._lock = threading.Lock()

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int) -> Completion:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    kind = AnthropicChat if self.backend == "anthropic" else OpenAIChat
                    self._client = kind(self.settings)
        return self._client.complete(system, messages, max_tokens)


def make_client(settings: ClientSettings) -> ChatClient:
    return LazyClient(settings)
