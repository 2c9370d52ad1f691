"""One small HTTP client for the services without an SDK, with the limits every service shares.

* :class:`Limiter` spaces a service's requests (``rate`` per second, every thread together) and
  pauses them all after a 429 or a service's own "too frequent" answer, for the ``Retry-After``
  it gave (or a backoff), never longer than ``max_wait`` at a time.
* :class:`Http` sends JSON with the key in the service's header, retries what can be retried
  (connection errors, 429, 502/503/504; a request that may have created a task only when the
  service cannot have accepted it) and turns every failure into a :class:`ServiceError` whose
  message never holds the key.

httpx is imported when a client is made, not when songsmith starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from songsmith.errors import SongsmithError

#: Statuses after which a request is sent again (the service did not do it).
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class ServiceError(SongsmithError):
    """A service refused or failed a request. ``transient``: the same request may succeed later."""

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None,
                 retry_after: float | None = None, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


class Redactor:
    """Removes secrets from any text songsmith is about to show or store."""

    def __init__(self, *secrets: str | None) -> None:
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "***")
        return text


class Limiter:
    """Requests per second for one service, and a shared pause after "too many requests"."""

    def __init__(self, rate: float | None, *, max_wait: float = 60.0, sleep: Callable[[float], None] = time.sleep):
        self.interval = 1.0 / rate if rate else 0.0
        self.max_wait = max_wait
        self._next = 0.0
        self._paused_until = 0.0
        self._lock = threading.Lock()
        self._sleep = sleep
        self.pauses = 0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next, self._paused_until)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)

    def pause(self, seconds: float | None, attempt: int) -> float:
        """Hold every request of this service back; returns the wait chosen (capped)."""
        wait = seconds if seconds is not None and seconds >= 0 else min(2.0 ** attempt, self.max_wait)
        wait = min(wait, self.max_wait)
        with self._lock:
            self._paused_until = max(self._paused_until, time.monotonic() + wait)
            self.pauses += 1
        return wait


def deadline_client(client: Any) -> Any:
    """An httpx client whose requests made under :func:`deadline` end by it: a server trickling
    its answer one byte at a time cannot hold a request past the timeout."""
    from songsmith.style.llm.transport import put_deadline_under

    return put_deadline_under(client)


def deadline(seconds: float) -> Any:
    """The whole of a request (connect, send, every byte of the answer) within ``seconds``."""
    from songsmith.style.llm.transport import deadline as whole

    return whole(seconds)


def retry_after(headers: Any) -> float | None:
    """Seconds from a ``Retry-After`` header (a number of seconds or an HTTP date)."""
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Http:
    """JSON over HTTP to one service: ``base_url``, a header holding the key, retries and limits."""

    def __init__(self, service: str, base_url: str, *, headers: dict[str, str], limiter: Limiter,
                 redact: Redactor, timeout: float = 120.0, retries: int = 4) -> None:
        import httpx

        self.service = service
        self.base_url = base_url.rstrip("/")
        self.limiter = limiter
        self.redact = redact
        self.retries = retries
        self.timeout = timeout
        self._client = deadline_client(httpx.Client(headers=headers,
                                                    timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
                                                    follow_redirects=True))

    def close(self) -> None:
        self._client.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else f"{self.base_url}/{path.lstrip('/')}"

    def send(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
             creates: bool = False) -> Any:
        """The response (httpx), after retries. ``creates``: the request may create a task, so it
        is sent again only after answers that say it was not accepted (429, 502, 503, 504, no
        connection)."""
        import httpx

        attempt = 0
        while True:
            self.limiter.wait()
            try:
                with deadline(self.timeout):
                    response = self._client.request(method, self.url(path), json=json, params=params)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                error = ServiceError(f"{self.service}: cannot connect: {self.redact(str(exc))}", transient=True)
            except httpx.HTTPError as exc:
                # a request cut short after it was sent may have been done: one that creates a task
                # is not sent again here (the job store records it as uncertain)
                error = ServiceError(f"{self.service}: {type(exc).__name__}: {self.redact(str(exc))}",
                                     transient=not creates)
                if creates:
                    raise error from None
            else:
                if response.status_code < 400:
                    return response
                error = self.http_error(response)
                if response.status_code not in RETRY_STATUSES and not (not creates and response.status_code >= 500):
                    raise error
            if attempt >= self.retries:
                raise error
            attempt += 1
            wait = self.limiter.pause(error.retry_after, attempt) if error.status == 429 else \
                min(0.25 * 2 ** attempt, self.limiter.max_wait)
            if error.status != 429:
                time.sleep(wait)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.send(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise ServiceError(f"{self.service}: {method} {path}: the answer is not JSON "
                               f"({response.headers.get('content-type', 'no content type')})", transient=True) from None

    def http_error(self, response: Any) -> ServiceError:
        status = response.status_code
        detail = ""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            found = body.get("error") or body.get("detail") or body.get("message") or body.get("msg")
            if isinstance(found, dict):
                found = found.get("message") or found.get("status") or found
            detail = str(found) if found else ""
        elif response.text:
            detail = response.text.strip().splitlines()[0][:200] if response.text.strip() else ""
        text = f"{self.service}: HTTP {status}" + (f": {self.redact(detail)}" if detail else "")
        return ServiceError(text, transient=status in RETRY_STATUSES or status >= 500, status=status,
                            retry_after=retry_after(response.headers))
