"""Thin wrappers over the official SDKs: one call, one :class:`Completion`, errors made plain.

Each call asks for the answer's JSON schema the way the API takes one: Anthropic as the
``input_schema`` of a tool the model must call (``tool_choice``), OpenAI-compatible servers as
``response_format: json_schema`` (``strict`` when the schema allows it), falling back for the
rest of the run to ``json_object`` on a server that refuses ``json_schema`` (HTTP 400/422).
``max_tokens`` is passed on both (``max_completion_tokens`` on api.openai.com).

Time limits and retries are :mod:`songsmith.style.llm.transport`'s: the SDKs are made with
``max_retries=0`` and an HTTP client whose connections end by each request's deadline. The SDKs
are imported here, inside the constructors, never at module import.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from songsmith.style.llm.errors import FatalLLMError, LLMError, redact
from songsmith.style.llm.transport import (
    RETRY_STATUSES,
    Failure,
    GiveUp,
    RetryPolicy,
    RunBudget,
    attempt_with_retries,
    http_client,
    retry_after,
)

#: The tool Anthropic models are made to call with their answer.
ANSWER_TOOL = "answer"


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

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int, *,
                 schema: dict[str, Any] | None = None, name: str = "answer") -> Completion: ...


@dataclass(frozen=True)
class ClientSettings:
    backend: str
    model: str
    api_key: str | None
    base_url: str | None
    timeout: float
    max_retries: int
    retry_wait_max: float = 20.0
    retry_budget: float = 120.0

    @property
    def policy(self) -> RetryPolicy:
        return RetryPolicy(timeout=self.timeout, max_retries=self.max_retries, retry_wait_max=self.retry_wait_max,
                           retry_budget=self.retry_budget)


def where(settings: ClientSettings) -> str:
    return settings.base_url or settings.backend


def strict_allowed(schema: Any) -> bool:
    """Whether OpenAI's strict structured outputs take ``schema`` as it is: every object closed
    (``additionalProperties: false``) with every property required."""
    if isinstance(schema, list):
        return all(strict_allowed(item) for item in schema)
    if not isinstance(schema, dict):
        return True
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False or set(schema.get("required") or []) != set(properties):
            return False
    return all(strict_allowed(value) for key, value in schema.items() if key != "required")


def anthropic_tools(schema: dict[str, Any] | None) -> dict[str, Any]:
    """The request parameters that make an Anthropic model answer through a tool with ``schema``."""
    if schema is None:
        return {}
    return {"tools": [{"name": ANSWER_TOOL, "description": "Give your answer.", "input_schema": schema}],
            "tool_choice": {"type": "tool", "name": ANSWER_TOOL}}


def anthropic_text(content: Any) -> str:
    """The answer of an Anthropic message: the answer tool's input as JSON, else its text."""
    for block in content or []:
        if getattr(block, "type", None) == "tool_use" and getattr(block, "name", None) == ANSWER_TOOL:
            return json.dumps(getattr(block, "input", None), ensure_ascii=False)
    return "".join(getattr(block, "text", "") for block in (content or []) if getattr(block, "type", None) == "text")


def openai_format(schema: dict[str, Any] | None, name: str, kind: str) -> dict[str, Any]:
    if schema is None or kind == "json_object":
        return {"type": "json_object"}
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": strict_allowed(schema)}}


def openai_token_limit(settings: ClientSettings, max_tokens: int) -> dict[str, int]:
    """``max_tokens`` (``max_completion_tokens`` on api.openai.com, which deprecates the other)."""
    official = settings.base_url is None or "api.openai.com" in settings.base_url
    return {"max_completion_tokens" if official else "max_tokens": max_tokens}


class _SDKChat:
    """What both clients share: the SDK made with songsmith's HTTP client, and the retry loop."""

    backend = "?"

    def __init__(self, settings: ClientSettings, budget: RunBudget | None) -> None:
        self.settings = settings
        self.model = settings.model
        self.budget = budget if budget is not None else RunBudget(settings.retry_budget)

    def _classify(self, exc: Exception) -> Failure | None:
        sdk = self._sdk
        if isinstance(exc, sdk.APIStatusError):
            status = exc.status_code
            retry = status in RETRY_STATUSES or status >= 500
            return Failure(exc, retry, retry_after(exc.response.headers) if retry else None, server=retry)
        if isinstance(exc, sdk.APITimeoutError):
            return Failure(exc, retry=False)  # it already had the whole deadline
        if isinstance(exc, sdk.APIConnectionError):
            return Failure(exc, retry=True)
        if isinstance(exc, (ValueError, sdk.APIError)):  # a body that is not JSON (truncated, an HTML page)
            return Failure(exc, retry=False)
        return None

    def _call(self, request: Any) -> Any:
        try:
            return attempt_with_retries(request, self._classify, self.settings.policy, self.budget)
        except GiveUp as stop:
            raise self._error(stop) from None

    def _error(self, stop: GiveUp) -> LLMError:
        """The one line for a call that failed, the key scrubbed out."""
        settings, sdk = self.settings, self._sdk
        if stop.failure is None:
            return LLMError(f"{where(settings)}: {stop.reason}", path=self.backend)
        exc = stop.failure.error
        why = f" ({stop.reason})" if stop.reason else ""
        key_var = "ANTHROPIC_API_KEY" if self.backend == "anthropic" else "OPENAI_API_KEY"
        status = getattr(exc, "status_code", None)
        detail = redact(" ".join(str(exc).split()), settings.api_key)[:300]
        if isinstance(exc, (sdk.AuthenticationError, sdk.PermissionDeniedError)):
            return FatalLLMError(f"the server rejected the API key (HTTP {status}); check {key_var}", path=self.backend)
        if isinstance(exc, sdk.NotFoundError):
            return FatalLLMError(f"HTTP 404 from {where(settings)}: unknown model {self.model!r} or wrong base URL",
                                 path=self.backend)
        if isinstance(exc, sdk.APITimeoutError):
            return LLMError(f"no answer within {settings.timeout:g} s (timeout) from {where(settings)}{why}",
                            path=self.backend)
        if isinstance(exc, sdk.APIConnectionError):
            return FatalLLMError(f"could not reach {where(settings)}{why}: {detail}", path=self.backend)
        if isinstance(exc, sdk.APIStatusError):
            return LLMError(f"HTTP {status} from {where(settings)}{why}: {detail}", path=self.backend)
        return LLMError(f"unreadable answer from {where(settings)}: {type(exc).__name__}: {detail}", path=self.backend)

    def _malformed(self, exc: Exception) -> LLMError:
        return LLMError(f"malformed answer from {where(self.settings)}: {type(exc).__name__}", path=self.backend)


class AnthropicChat(_SDKChat):
    """The Anthropic Messages API."""

    backend = "anthropic"

    def __init__(self, settings: ClientSettings, budget: RunBudget | None = None) -> None:
        import anthropic

        super().__init__(settings, budget)
        self._sdk = anthropic
        self._client = anthropic.Anthropic(
            api_key=settings.api_key, base_url=settings.base_url, timeout=settings.timeout, max_retries=0,
            http_client=http_client(anthropic, settings.timeout),
        )

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int, *,
                 schema: dict[str, Any] | None = None, name: str = "answer") -> Completion:
        started = time.perf_counter()
        response = self._call(lambda: self._client.messages.create(
            model=self.model, max_tokens=max_tokens, system=system, messages=messages,  # type: ignore[arg-type]
            **anthropic_tools(schema)))
        try:
            text = anthropic_text(response.content)
            usage, stop = response.usage, response.stop_reason
            return Completion(
                text=text, model=response.model or self.model,
                input_tokens=getattr(usage, "input_tokens", 0) or 0,
                output_tokens=getattr(usage, "output_tokens", 0) or 0,
                stop_reason=stop, refusal=(text or "refused") if stop == "refusal" else None,
                latency_ms=(time.perf_counter() - started) * 1000, truncated=stop == "max_tokens",
            )
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise self._malformed(exc) from None


class OpenAIChat(_SDKChat):
    """OpenAI Chat Completions, and any server speaking it (Ollama, vLLM, llama.cpp)."""

    backend = "openai"

    def __init__(self, settings: ClientSettings, budget: RunBudget | None = None) -> None:
        import openai

        super().__init__(settings, budget)
        self._sdk = openai
        self.response_format = "json_schema"  # json_object once a server refuses it
        self._client = openai.OpenAI(
            # Local servers take no key, but the SDK insists on one.
            api_key=settings.api_key or "no-key-needed", base_url=settings.base_url,
            timeout=settings.timeout, max_retries=0, http_client=http_client(openai, settings.timeout),
        )

    def _create(self, system: str, messages: list[dict[str, str]], max_tokens: int, schema: dict[str, Any] | None,
                name: str, kind: str) -> Any:
        return self._call(lambda: self._client.chat.completions.create(
            model=self.model,
            messages=[{"role": "system", "content": system}, *messages],  # type: ignore[list-item]
            response_format=openai_format(schema, name, kind),  # type: ignore[arg-type]
            **openai_token_limit(self.settings, max_tokens),  # type: ignore[arg-type]
        ))

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int, *,
                 schema: dict[str, Any] | None = None, name: str = "answer") -> Completion:
        started = time.perf_counter()
        kind = self.response_format
        try:
            response = self._create(system, messages, max_tokens, schema, name, kind)
        except LLMError as error:
            if schema is None or kind != "json_schema" or not _refused_format(error):
                raise
            response = self._create(system, messages, max_tokens, schema, name, "json_object")
            self.response_format = "json_object"  # this server takes no schema: the run goes on without
        try:
            return self._completion(response, started)
        except (AttributeError, TypeError, IndexError, KeyError) as exc:
            raise self._malformed(exc) from None

    def _completion(self, response: Any, started: float) -> Completion:
        if not response.choices:
            raise LLMError(f"an answer with no choices from {where(self.settings)}", path=self.backend)
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


def _refused_format(error: LLMError) -> bool:
    """A server's 400/422 to a request with ``json_schema``: it may not take that format."""
    return error.message.startswith(("HTTP 400 ", "HTTP 422 "))


class LazyClient:
    """Makes the SDK client on the first request, so a run answered from the cache never imports
    the SDK (importing it takes seconds). Its :class:`RunBudget` is the run's."""

    def __init__(self, settings: ClientSettings) -> None:
        if settings.backend not in ("anthropic", "openai"):
            raise ValueError(f"no LLM client for backend {settings.backend!r}")
        self.settings = settings
        self.backend = settings.backend
        self.model = settings.model
        self.budget = RunBudget(settings.retry_budget)
        self._client: ChatClient | None = None
        self._lock = threading.Lock()

    def complete(self, system: str, messages: list[dict[str, str]], max_tokens: int, *,
                 schema: dict[str, Any] | None = None, name: str = "answer") -> Completion:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    kind = AnthropicChat if self.backend == "anthropic" else OpenAIChat
                    self._client = kind(self.settings, self.budget)
        return self._client.complete(system, messages, max_tokens, schema=schema, name=name)


def make_client(settings: ClientSettings) -> ChatClient:
    return LazyClient(settings)
