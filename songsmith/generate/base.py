"""What every service module provides, and the registry of services.

A service turns a package body (what ``songsmith package`` writes for its target) into a request,
submits it, and reports the task's state and outputs. Synchronous services (MiniMax,
ElevenLabs) answer the submission with the audio; the others give a task id that is polled.
Each module is imported only when its service is used.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import Any

from songsmith.errors import UsageError

#: service name -> module under songsmith.generate
SERVICES: dict[str, str] = {
    "minimax": "minimax",
    "mureka": "mureka",
    "elevenlabs": "elevenlabs",
    "suno-api": "sunoapi",
    "fal": "fal",
    "replicate": "replicate",
    "ace-step": "acestep",
}


@dataclass
class Output:
    """One audio result: a URL to fetch, or the bytes themselves."""

    url: str | None = None
    data: bytes | None = None
    id: str | None = None
    seed: str | None = None
    duration_s: float | None = None
    extension: str = "mp3"

    def record(self) -> dict[str, Any]:
        return {"url": self.url, "id": self.id, "seed": self.seed, "duration_s": self.duration_s}


@dataclass
class Submitted:
    """The service's answer to a submission: its task id (and, when synchronous, the outputs)."""

    task_id: str
    task: dict[str, Any] = field(default_factory=dict)
    outputs: list[Output] | None = None


@dataclass
class Poll:
    """A task's state: ``running``, ``done`` (with outputs) or ``failed`` (with the reason)."""

    state: str
    outputs: list[Output] = field(default_factory=list)
    error: str | None = None
    permanent: bool = False  # failed for a reason a new submission would meet again
    progress: str | None = None


class Service:
    """The defaults; each module's ``SERVICE`` overrides what differs."""

    name = ""
    target = ""                 # the package target whose body is sent
    key_env = ""
    key_header = "Authorization"
    key_prefix = "Bearer "
    key_required = True
    default_base_url = ""
    default_model: str | None = None
    max_per_request = 1         # takes one submission can ask for
    concurrency = 4             # tasks in flight at once
    rate = 2.0                  # requests per second
    synchronous = False
    poll_interval = 5.0         # first wait between polls, doubled up to poll_max
    poll_max = 30.0
    download_auth = False       # the audio URLs are the service's own and want the key

    def base_env(self) -> str:
        return "SONGSMITH_" + self.name.upper().replace("-", "_") + "_BASE_URL"

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        """The request to send for this package body, model and number of takes (pure)."""
        return dict(body)

    def expected_seconds(self, request: dict[str, Any]) -> float | None:
        """How long the audio should be, when the request says."""
        return None

    def connect(self, conn: Any) -> None:
        """Make whatever client the service needs (``conn`` has base_url, key, http, options)."""

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        raise NotImplementedError

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        raise NotImplementedError

    def refresh(self, conn: Any, task_id: str, task: dict[str, Any]) -> list[Output] | None:
        """Fresh outputs for a finished task whose download links expired; None where the service
        cannot give them again."""
        if self.synchronous:
            return None
        result = self.poll(conn, task_id, task)
        return result.outputs if result.state == "done" else None


def get_service(name: str) -> Service:
    if name not in SERVICES:
        raise UsageError(f"unknown service {name!r}; known: {', '.join(SERVICES)}")
    module = importlib.import_module(f"songsmith.generate.{SERVICES[name]}")
    service: Service = module.SERVICE
    return service


def base_url_for(service: Service, option: str | None, config: Any = None) -> str:
    """``--base-url``, else ``SONGSMITH_<SERVICE>_BASE_URL``, else the config file, else the service's own."""
    if option:
        return option.rstrip("/")
    env = os.environ.get(service.base_env(), "").strip()
    if env:
        return env.rstrip("/")
    if config is not None:
        from songsmith.config import service_setting

        value = service_setting(config, service.name, "base_url")
        if value:
            return str(value).rstrip("/")
    return service.default_base_url


def api_key_for(service: Service, config: Any = None) -> str | None:
    """The key from the environment, else the config file; a missing required key is one line."""
    key = os.environ.get(service.key_env, "").strip()
    if not key and config is not None:
        from songsmith.config import service_setting

        key = str(service_setting(config, service.name, "api_key") or "").strip()
    if key:
        return key
    if service.key_required:
        raise UsageError(f"{service.key_env} is not set: export it (or put api_key under generate: {service.name}: "
                         "in the config file) to use --service " + service.name)
    return None
