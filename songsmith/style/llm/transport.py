"""Time limits on LLM requests that no server can stretch: a deadline per request, capped waits,
a retry budget per run, and a breaker for a server that keeps failing.

* **Deadline.** Each request attempt has until ``monotonic() + timeout``: connecting, sending and
  every byte of the answer. The SDKs' own timeouts are per socket operation, so a server that
  sends one byte every half second is never "late"; here the network backend under the SDK's
  HTTP client (:class:`DeadlineBackend`) gives every connect, read and write only the time left,
  and raises a timeout once it is gone.
* **Retries** are songsmith's, not the SDK's (which would honour a ``Retry-After: 3600``): 408,
  409, 429, 5xx and connection errors are retried up to ``max_retries`` times, after the wait the
  server asks for (``retry-after-ms``, ``Retry-After`` in seconds or as a date) or an exponential
  backoff; a wait longer than ``retry_wait_max`` fails the call at once instead. A timeout is not
  retried: the request already had the whole deadline.
* **Budget.** All retries of a run (their waits and the retried requests) share
  ``retry_budget`` seconds; once it is spent no call is retried.
* **Breaker.** After :data:`BREAKER` calls in a row failed for the server's reasons (timeouts,
  errors after retries), the rest of the run does not ask it again: each call fails at once and
  the backend falls back.
"""

from __future__ import annotations

import contextlib
import email.utils
import math
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

#: Calls in a row that failed for the server's reasons before the run stops asking it.
BREAKER = 2
#: The first backoff, doubled each retry, at most :data:`MAX_BACKOFF`.
FIRST_BACKOFF = 0.5
MAX_BACKOFF = 8.0
RETRY_STATUSES = frozenset({408, 409, 429})

#: When the request being made on this thread must be done by (``time.monotonic()``), if any.
_DEADLINE: ContextVar[float | None] = ContextVar("songsmith_llm_deadline", default=None)


# The deadline, under the HTTP client -------------------------------------------------------------


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout`` shortened to the time left before the deadline; ``error`` once it has passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


def core_of(client: Any) -> Any:
    """The httpcore module under an HTTP client: ``httpcore2`` under ``httpx2`` (the SDKs'
    client from anthropic 2 and openai 3 on), ``httpcore`` under ``httpx`` (older SDKs, and
    the other SDKs songsmith uses)."""
    import importlib

    package = type(client).__module__.split(".", 1)[0]
    return importlib.import_module("httpcore2" if package == "httpx2" else "httpcore")


class _DeadlineStream:
    """A network stream whose every operation ends by the deadline (``core``: the httpcore
    module whose timeout exceptions the HTTP client above expects)."""

    def __init__(self, inner: Any, core: Any) -> None:
        self._inner = inner
        self._core = core

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data: bytes = self._inner.read(max_bytes, _left(timeout, self._core.ReadTimeout))
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, self._core.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> Any:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     _left(timeout, self._core.ConnectTimeout)), self._core)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend:
    """httpcore's network backend with the deadline of :data:`_DEADLINE` on every operation
    (``core``: the httpcore module of the client it is under, see :func:`core_of`)."""

    def __init__(self, inner: Any, core: Any) -> None:
        self._inner = inner
        self._core = core

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> Any:
        return _DeadlineStream(self._inner.connect_tcp(host, port, _left(timeout, self._core.ConnectTimeout),
                                                       local_address, socket_options), self._core)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> Any:
        return _DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout, self._core.ConnectTimeout),
                                                               socket_options), self._core)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def put_deadline_under(client: Any) -> Any:
    """``client`` (an httpx or httpx2 client) with :class:`DeadlineBackend` under every connection
    pool it has, wrapped transports (a retrying one) and transports that send through a client
    of their own (fal-client's backup-domain one) included."""
    core = core_of(client)
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    for transport in transports:
        while getattr(transport, "_pool", None) is None and getattr(transport, "_wrapped_transport", None):
            transport = transport._wrapped_transport
        inner = getattr(transport, "_client", None)
        if getattr(transport, "_pool", None) is None and inner is not None and hasattr(inner, "_transport"):
            put_deadline_under(inner)
            continue
        pool = getattr(transport, "_pool", None)
        if pool is None or not hasattr(pool, "_network_backend"):
            raise RuntimeError(f"cannot put a deadline under {type(transport).__name__}: unknown HTTP client layout")
        if not isinstance(pool._network_backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(pool._network_backend, core)
    return client


def http_client(sdk: Any, timeout: float) -> Any:
    """The SDK's own default HTTP client (its proxies, keep-alive and limits) with
    :class:`DeadlineBackend` under every connection pool it has."""
    return put_deadline_under(sdk.DefaultHttpxClient(timeout=timeout))


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Requests made inside, through a client :func:`put_deadline_under` prepared, end within
    ``seconds`` from now, whatever the server sends (one deadline for all of them)."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


# Retries ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RetryPolicy:
    timeout: float = 60.0  # seconds per request, everything included
    max_retries: int = 3
    retry_wait_max: float = 20.0  # the longest wait before a retry
    retry_budget: float = 120.0  # seconds all the retries of a run may take


@dataclass
class RunBudget:
    """What a run has spent on retries, and whether the server keeps failing (thread-safe)."""

    seconds: float
    spent: float = 0.0
    failures_in_a_row: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def reserve(self, wait: float) -> bool:
        """Take ``wait`` seconds for a retry if the budget has them."""
        with self._lock:
            if self.spent + wait >= self.seconds:
                return False
            self.spent += wait
            return True

    def spend(self, seconds: float) -> None:
        with self._lock:
            self.spent += seconds

    def succeeded(self) -> None:
        with self._lock:
            self.failures_in_a_row = 0

    def failed(self) -> None:
        with self._lock:
            self.failures_in_a_row += 1

    @property
    def broken(self) -> bool:
        return self.failures_in_a_row >= BREAKER


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """The wait a response asks for: ``retry-after-ms``, else ``Retry-After`` (seconds or an HTTP date)."""
    if not headers:
        return None
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            parsed = email.utils.parsedate_tz(value) if scale == 1.0 else None
            if parsed is None:
                continue
            seconds = float(email.utils.mktime_tz(parsed) - time.time())
        if math.isfinite(seconds):
            return max(0.0, seconds)
    return None


def backoff(retry: int) -> float:
    """The wait before retry number ``retry`` (0-based) when the server names none."""
    return min(FIRST_BACKOFF * 2.0 ** min(retry, 20), MAX_BACKOFF) * (1 - 0.25 * random.random())


@dataclass
class Failure:
    """What went wrong with one attempt, as the retry loop needs it."""

    error: Exception
    retry: bool  # worth another attempt
    wait: float | None = None  # what the server asked for
    server: bool = True  # the server's fault (counts towards the breaker)


class GiveUp(Exception):
    """No (more) retries for this call: ``reason`` says why, ``failure`` is the last attempt's."""

    def __init__(self, reason: str, failure: Failure | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.failure = failure


def attempt_with_retries(request: Callable[[], T], classify: Callable[[Exception], Failure | None],
                         policy: RetryPolicy, budget: RunBudget, *,
                         sleep: Callable[[float], Any] = time.sleep) -> T:
    """``request()`` under the deadline, retried as the module docstring says; :class:`GiveUp`
    when it cannot succeed. ``classify`` turns an exception into a :class:`Failure` (None: not
    ours to handle, raised as is)."""
    if budget.broken:
        raise GiveUp(f"not asked: the server failed {budget.failures_in_a_row} calls in a row in this run", None)
    retries = 0
    while True:
        started = time.monotonic()
        token = _DEADLINE.set(started + policy.timeout)
        try:
            result = request()
        except Exception as exc:  # noqa: BLE001 - classified below; anything unknown is re-raised
            failure = classify(exc)
            if failure is None:
                raise
        else:
            budget.succeeded()
            return result
        finally:
            _DEADLINE.reset(token)
            if retries:
                budget.spend(time.monotonic() - started)
        wait = failure.wait if failure.wait is not None else backoff(retries)
        reason = _no_retry(failure, wait, retries, policy, budget)
        if reason is not None:
            if failure.server:
                budget.failed()
            raise GiveUp(reason, failure)
        retries += 1
        sleep(wait)


def _no_retry(failure: Failure, wait: float, retries: int, policy: RetryPolicy, budget: RunBudget) -> str | None:
    """Why ``failure`` is not retried ("" when there is nothing to add), or None: retry after
    ``wait`` (taken from the budget)."""
    if not failure.retry or retries >= policy.max_retries:
        return f"after {retries} retries" if retries else ""
    if wait > policy.retry_wait_max:
        return (f"the server asks to wait {wait:g} s before a retry, longer than retry_wait_max "
                f"({policy.retry_wait_max:g} s)")
    if not budget.reserve(wait):
        return f"no retry: this run's retry budget ({policy.retry_budget:g} s, retry_budget) is spent"
    return None
