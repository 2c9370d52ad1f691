"""Prompt templates: ``prompts/llm/<task>.yaml``, one per task, versioned, with an answer schema.

A template has ``task``, ``version``, ``max_tokens``, ``system``, ``user`` (``$name`` placeholders,
``$input`` being the task's input as JSON between ``<input>`` tags), ``reask`` (``$error``) and
``schema`` (the JSON schema of the answer, shown to the model). Its ``ident`` — task, version and
a hash of the text — is part of every cache key, so editing a template invalidates its answers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from string import Template as _StringTemplate
from typing import Any

TASKS = ("map_style", "arrange", "translate")


@dataclass(frozen=True)
class PromptTemplate:
    task: str
    version: int
    max_tokens: int
    system: str
    user: str
    reask: str
    schema: dict[str, Any]
    digest: str

    @property
    def ident(self) -> str:
        return f"{self.task}@v{self.version}:{self.digest}"

    def render_user(self, data: dict[str, Any], **values: Any) -> str:
        text = _StringTemplate(self.user).safe_substitute(
            schema=json.dumps(self.schema, ensure_ascii=False),
            input=json.dumps(data, ensure_ascii=False),
            **{k: str(v) for k, v in values.items()},
        )
        return text

    def render_reask(self, error: str) -> str:
        return _StringTemplate(self.reask).safe_substitute(error=error)


@lru_cache(maxsize=None)
def load_template(task: str) -> PromptTemplate:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml(f"llm/{task}.yaml")
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return PromptTemplate(
        task=data["task"], version=int(data["version"]), max_tokens=int(data.get("max_tokens", 2000)),
        system=data["system"], user=data["user"], reask=data["reask"], schema=data["schema"],
        digest=hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12],
    )
