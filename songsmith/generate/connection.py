"""What a run of one service shares: its options, key, base URL, limiter and HTTP clients."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from songsmith.generate.base import Service
from songsmith.generate.download import Plausible
from songsmith.generate.http import Http, Limiter, Redactor, deadline_client


@dataclass
class GenerateOptions:
    """How to generate. The timing fields are for tests and benches (the defaults suit the services)."""

    service: str
    model: str | None = None
    count: int = 1
    candidates: str | None = None
    base_url: str | None = None
    max_cost: float | None = None
    dry_run: bool = False
    timeout: float = 300.0
    poll: float | None = None            # first wait between polls (else the service's)
    poll_max: float | None = None        # longest wait between polls (else the service's)
    max_wait: float = 60.0               # cap on one wait after "too many requests"
    max_poll_seconds: float = 1800.0     # a task still running then is left to the next run
    attempts: int = 3                    # submissions per take slot in one run (failed tasks are sent again)
    retries: int = 4                     # tries of one request after transient errors
    concurrency: int | None = None
    rate: float | None = None
    plausible: Plausible = field(default_factory=Plausible)


def _setting(service: Service, config: Any, key: str) -> Any:
    env = os.environ.get(f"SONGSMITH_{service.name.upper().replace('-', '_')}_{key.upper()}", "").strip()
    if env:
        return env
    if config is not None:
        from songsmith.config import service_setting

        return service_setting(config, service.name, key)
    return None


class Connection:
    def __init__(self, service: Service, options: GenerateOptions, *, key: str | None, base_url: str,
                 config: Any = None) -> None:
        import httpx

        self.service = service
        self.options = options
        self.key = key
        self.base_url = base_url
        self.redact = Redactor(key)
        self.time_scale = 1.0
        self.concurrency = int(options.concurrency or _setting(service, config, "concurrency") or service.concurrency)
        rate = float(options.rate or _setting(service, config, "rate") or service.rate)
        self.limiter = Limiter(rate, max_wait=options.max_wait)
        headers = {"Content-Type": "application/json"}
        if key:
            headers[service.key_header] = f"{service.key_prefix}{key}"
        self.http = Http(service.name, base_url, headers=headers, limiter=self.limiter, redact=self.redact,
                         timeout=options.timeout, retries=options.retries)
        # downloads carry no key, except to the service's own host when its links want one
        self.download_client = deadline_client(httpx.Client(timeout=httpx.Timeout(options.timeout, connect=10.0),
                                                            follow_redirects=True))
        self._auth = {service.key_header: f"{service.key_prefix}{key}"} if key and service.download_auth else {}
        self.sdk: Any = None
        service.connect(self)

    def download_headers(self, url: str) -> dict[str, str]:
        same = urlsplit(url)[:2] == urlsplit(self.base_url)[:2]
        return dict(self._auth) if same else {}

    def close(self) -> None:
        self.http.close()
        self.download_client.close()
        close = getattr(self.sdk, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # noqa: BLE001 - closing an SDK client must not hide the run's result
                pass
