"""The providers' batch APIs: Anthropic Message Batches and OpenAI Batch, behind one small interface.

:class:`ProviderClient` submits a list of :class:`Request` objects,
reports the batch's status and hands back the results by ``custom_id``. Each request asks for
the answer's schema as a live one does (:mod:`songsmith.style.llm.clients`), and every call to
the batch API has the live calls' deadline and retries (:mod:`songsmith.style.llm.transport`): a
failure is one :class:`~songsmith.style.llm.errors.LLMError`. The SDKs are imported when a client
is made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from songsmith.errors import UsageError


@dataclass
class Request:
    key: str
    custom_id: str
    cache_key: str
    system: str
    messages: list[dict[str, str]]
    max_tokens: int
    check: Callable[[Any], list[str]] | None
    task: str
    template: str
    schema: dict[str, Any] | None = None


class ProviderClient:
    name = "?"

    def submit(self, requests: Sequence[Request], model: str) -> str: ...
    def status(self, batch_id: str) -> tuple[str, dict[str, int]]: ...
    def results(self, batch_id: str) -> list[tuple[str, Any]]:
        """(custom_id, Completion or an error string)."""
        ...


def _settings(backend: Any) -> Any:
    client = backend.runner.client
    client = getattr(client, "_client", client) if not hasattr(client, "settings") else client
    settings = getattr(client, "settings", None)
    if settings is None:
        raise UsageError("--provider-batch: cannot find the backend's client settings")
    return settings


def _sdk_chat(kind: str) -> Any:
    from songsmith.style.llm import clients

    return clients.AnthropicChat if kind == "anthropic" else clients.OpenAIChat


class AnthropicBatches(ProviderClient):
    name = "anthropic"

    def __init__(self, settings: Any) -> None:
        self.chat = _sdk_chat("anthropic")(settings)  # its SDK client, deadline and retries
        self.client = self.chat._client

    def submit(self, requests: Sequence[Request], model: str) -> str:
        from songsmith.style.llm.clients import anthropic_tools

        batch = self.chat._call(lambda: self.client.messages.batches.create(requests=[
            {"custom_id": r.custom_id,
             "params": {"model": model, "max_tokens": r.max_tokens, "system": r.system, "messages": r.messages,
                        **anthropic_tools(r.schema)}}
            for r in requests]))  # type: ignore[misc]
        return str(batch.id)

    def status(self, batch_id: str) -> tuple[str, dict[str, int]]:
        batch = self.chat._call(lambda: self.client.messages.batches.retrieve(batch_id))
        counts = batch.request_counts
        return str(batch.processing_status), {"succeeded": counts.succeeded, "errored": counts.errored,
                                              "processing": counts.processing, "canceled": counts.canceled,
                                              "expired": counts.expired}

    def results(self, batch_id: str) -> list[tuple[str, Any]]:
        from songsmith.style.llm.clients import Completion, anthropic_text

        out: list[tuple[str, Any]] = []
        for item in self.chat._call(lambda: list(self.client.messages.batches.results(batch_id))):
            result = item.result
            if result.type != "succeeded":
                error = getattr(result, "error", None)
                detail = getattr(getattr(error, "error", None), "message", None) or result.type
                out.append((item.custom_id, f"{result.type}: {detail}"))
                continue
            message = result.message
            text = anthropic_text(message.content)
            stop = message.stop_reason
            out.append((item.custom_id, Completion(
                text=text, model=message.model, input_tokens=message.usage.input_tokens or 0,
                output_tokens=message.usage.output_tokens or 0, stop_reason=stop,
                refusal=(text or "refused") if stop == "refusal" else None, truncated=stop == "max_tokens")))
        return out


class OpenAIBatches(ProviderClient):
    name = "openai"
    endpoint = "/v1/chat/completions"

    def __init__(self, settings: Any) -> None:
        self.chat = _sdk_chat("openai")(settings)  # its SDK client, deadline and retries
        self.client = self.chat._client
        self.settings = settings

    def submit(self, requests: Sequence[Request], model: str) -> str:
        from songsmith.style.llm.clients import openai_format, openai_token_limit

        lines = [json.dumps({"custom_id": r.custom_id, "method": "POST", "url": self.endpoint,
                             "body": {"model": model, "messages": [{"role": "system", "content": r.system},
                                                                   *r.messages],
                                      "response_format": openai_format(r.schema, r.task, "json_schema"),
                                      **openai_token_limit(self.settings, r.max_tokens)}}, ensure_ascii=False)
                 for r in requests]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        uploaded = self.chat._call(lambda: self.client.files.create(file=("songsmith-batch.jsonl", data),
                                                                    purpose="batch"))
        batch = self.chat._call(lambda: self.client.batches.create(
            input_file_id=uploaded.id, endpoint=self.endpoint, completion_window="24h"))  # type: ignore[arg-type]
        return str(batch.id)

    def status(self, batch_id: str) -> tuple[str, dict[str, int]]:
        batch = self.chat._call(lambda: self.client.batches.retrieve(batch_id))
        counts = batch.request_counts
        return str(batch.status), {"succeeded": counts.completed if counts else 0,
                                   "errored": counts.failed if counts else 0}

    def results(self, batch_id: str) -> list[tuple[str, Any]]:
        from songsmith.style.llm.clients import Completion

        batch = self.chat._call(lambda: self.client.batches.retrieve(batch_id))
        out: list[tuple[str, Any]] = []
        for file_id in (batch.output_file_id, batch.error_file_id):
            if not file_id:
                continue
            text = self.chat._call(lambda file_id=file_id: self.client.files.content(file_id).text)
            for line in text.splitlines():
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError:
                    continue  # a damaged line: its poem is asked live
                if not isinstance(item, dict) or not isinstance(item.get("custom_id"), str):
                    continue
                response = item.get("response") or {}
                body = response.get("body") or {}
                if item.get("error") or response.get("status_code") != 200 or not body.get("choices"):
                    error = item.get("error") or body.get("error") or {}
                    out.append((item["custom_id"], f"errored: {error.get('message') or response.get('status_code')}"))
                    continue
                choice = body["choices"][0]
                message = choice.get("message") or {}
                usage = body.get("usage") or {}
                refusal = message.get("refusal")
                out.append((item["custom_id"], Completion(
                    text=message.get("content") or "", model=body.get("model") or "",
                    input_tokens=usage.get("prompt_tokens") or 0, output_tokens=usage.get("completion_tokens") or 0,
                    stop_reason=choice.get("finish_reason"), refusal=refusal,
                    truncated=choice.get("finish_reason") == "length")))
        return out


def provider_for(backend: Any) -> ProviderClient:
    settings = _settings(backend)
    if settings.backend == "anthropic":
        return AnthropicBatches(settings)
    if settings.backend == "openai":
        return OpenAIBatches(settings)
    raise UsageError(f"--provider-batch: no batch API for backend {settings.backend!r}")


