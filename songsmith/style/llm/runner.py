"""One task, asked once: cache lookup, request, JSON + schema + rule validation, one re-ask.

:meth:`Runner.ask` returns a validated answer, or raises :class:`AnswerError` (the model
answered badly twice, or refused) or :class:`LLMError` (the request failed after its retries,
:mod:`songsmith.style.llm.transport`). Every request is logged in the usage log; a valid answer is cached.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from songsmith.style.llm.answers import ANSWER_MODELS
from songsmith.style.llm.cache import DiskCache, cache_key, input_hash
from songsmith.style.llm.clients import ChatClient, Completion
from songsmith.style.llm.errors import AnswerError, LLMError, redact
from songsmith.style.llm.prompts import load_template
from songsmith.style.llm.usage import Call, UsageLog

A = TypeVar("A", bound=BaseModel)

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


@dataclass
class Asked:
    """A validated answer and how it was obtained."""

    answer: Any
    cached: bool
    attempts: int
    model: str


def extract_json(text: str) -> Any:
    """The JSON object in a reply: bare, in a ```json fence, or the outermost {…} in prose."""
    text = text.strip()
    candidates = [text]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(text)]
    if "{" in text and "}" in text:
        candidates.append(text[text.index("{"): text.rindex("}") + 1])
    error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            error = error or exc
    assert error is not None
    raise error


def _describe_validation(error: ValidationError) -> list[str]:
    from songsmith.validation import describe_error

    return [describe_error(item) if item["loc"] else f"the answer: {describe_error(item)}"
            for item in error.errors()[:8]]


class Runner:
    """Asks one backend's model, within a concurrency limit shared by all threads."""

    def __init__(self, client: ChatClient, *, cache: DiskCache, usage: UsageLog, concurrency: int,
                 secret: str | None = None) -> None:
        self.client = client
        self.cache = cache
        self.usage = usage
        self.secret = secret
        self._slots = threading.BoundedSemaphore(concurrency)
        self.cancelled = threading.Event()

    @property
    def backend(self) -> str:
        return self.client.backend

    @property
    def model(self) -> str:
        return self.client.model

    @property
    def cache_backend(self) -> str:
        """The backend as the cache sees it: two servers serving the same model name may answer
        differently, so an OpenAI-compatible server's address is part of the key."""
        settings = getattr(self.client, "settings", None)
        base_url = getattr(settings, "base_url", None)
        return f"{self.backend}@{base_url.rstrip('/')}" if base_url else self.backend

    def _request(self, system: str, messages: list[dict[str, str]], max_tokens: int, schema: dict[str, Any],
                 name: str) -> Completion:
        with self._slots:
            if self.cancelled.is_set():
                raise KeyboardInterrupt
            return self.client.complete(system, messages, max_tokens, schema=schema, name=name)

    def ask(self, task: str, data: dict[str, Any], *, values: dict[str, Any] | None = None,
            check: Callable[[Any], list[str]] | None = None) -> Asked:
        """Ask ``task`` about ``data`` (also the cache input); ``check`` returns rule problems."""
        template = load_template(task)
        answer_model = ANSWER_MODELS[task]
        key = cache_key(self.cache_backend, self.model, template.ident, input_hash(data))
        call = dict(backend=self.backend, model=self.model, task=task, template=template.ident)

        entry = self.cache.get(key)
        if entry is not None:
            try:
                answer = answer_model.model_validate(entry["answer"])
            except (ValidationError, KeyError, TypeError):
                answer = None
            if answer is not None and not (check and check(answer)):
                self.usage.record(Call(**call, cache_hit=True, ok=True))
                return Asked(answer=answer, cached=True, attempts=0, model=str(entry.get("model", self.model)))

        messages = [{"role": "user", "content": template.render_user(data, **(values or {}))}]
        problems: list[str] = []
        for attempt in (1, 2):
            try:
                completion = self._request(template.system, messages, template.max_tokens, template.schema,
                                           template.task)
            except LLMError as exc:
                self.usage.record(Call(**call, cache_hit=False, ok=False, attempt=attempt,
                                       error=redact(str(exc), self.secret)))
                raise
            answer, problems = self.check_answer(completion, answer_model, check)
            self.usage.record(Call(
                **call, cache_hit=False, ok=not problems, attempt=attempt,
                tokens_in=completion.input_tokens, tokens_out=completion.output_tokens,
                latency_ms=completion.latency_ms,
                error=redact("; ".join(problems), self.secret)[:500] if problems else None,
            ))
            if not problems:
                if not self.cancelled.is_set():
                    self.cache.put(key, {"answer": answer.model_dump(mode="json"), "model": completion.model,
                                         "template": template.ident, "backend": self.backend})
                return Asked(answer=answer, cached=False, attempts=attempt, model=completion.model)
            if completion.refusal is not None:
                break  # asking again will not change a refusal
            messages = [*messages, {"role": "assistant", "content": completion.text or "(empty)"},
                        {"role": "user", "content": template.render_reask("\n".join(f"- {p}" for p in problems))}]
        raise AnswerError(redact("; ".join(problems), self.secret)[:400], path=self.backend)

    def check_answer(self, completion: Completion, answer_model: type[A],
                     check: Callable[[Any], list[str]] | None) -> tuple[A | None, list[str]]:
        """A model's answer parsed and checked: (the answer or None, the problems found)."""
        if completion.refusal is not None:
            return None, [f"the model refused: {' '.join(completion.refusal.split())[:200]}"]
        try:
            raw = extract_json(completion.text)
        except json.JSONDecodeError as exc:
            cut = " (the answer was cut off at the token limit)" if completion.truncated else ""
            return None, [f"not valid JSON{cut}: {exc.msg} at character {exc.pos}"]
        try:
            answer = answer_model.model_validate(raw)
        except ValidationError as exc:
            return None, _describe_validation(exc)
        problems = check(answer) if check else []
        return (answer, []) if not problems else (None, problems)
