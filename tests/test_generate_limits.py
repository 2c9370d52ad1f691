"""The music-service clients keep the same time limits as the LLM calls: a whole request ends by
its timeout however slowly the server sends, and a ``Retry-After: 3600`` is never slept through
(our own HTTP client and the Replicate SDK's retrying transport alike)."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import pytest

from songsmith.generate.http import Http, Limiter, Redactor, ServiceError


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "trickle"
    hits = 0

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        type(self).hits += 1
        if self.mode == "trickle":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return
        body = b'{"detail": "slow down"}'
        self.send_response(429)
        self.send_header("Retry-After", "3600")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer


@pytest.fixture
def server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"hits": 0})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler
    httpd.shutdown()
    httpd.server_close()


def _http(url: str, *, timeout: float, max_wait: float, retries: int) -> Http:
    return Http("svc", url, headers={}, limiter=Limiter(None, max_wait=max_wait), redact=Redactor(),
                timeout=timeout, retries=retries)


def test_a_trickling_answer_is_cut_at_the_timeout(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.mode = "trickle"
    client = _http(url, timeout=1.0, max_wait=0.1, retries=0)
    started = time.monotonic()
    with pytest.raises(ServiceError):
        client.json("GET", "/task/1")
    assert time.monotonic() - started < 4.0  # one byte every 0.2 s would take 200 s
    client.close()


def test_retry_after_an_hour_waits_at_most_max_wait(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.mode = "retry-after"
    client = _http(url, timeout=5.0, max_wait=0.2, retries=2)
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        client.json("GET", "/task/1")
    assert caught.value.status == 429
    assert handler.hits == 3
    assert time.monotonic() - started < 3.0
    client.close()


def test_the_replicate_sdk_does_not_sleep_through_retry_after(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.mode = "retry-after"
    from songsmith.generate.connection import Connection, GenerateOptions
    from songsmith.generate.base import get_service

    conn = Connection(get_service("replicate"), GenerateOptions("replicate", timeout=5.0, max_wait=0.2,
                                                                  retries=0), key="r8_test", base_url=url)
    started = time.monotonic()
    with pytest.raises(ServiceError) as caught:
        conn.service.poll(conn, "abc", None)
    assert caught.value.status == 429
    assert handler.hits == 1
    assert time.monotonic() - started < 3.0
    conn.close()


def _fal_submit(url: str, *, timeout: float) -> tuple[ServiceError, float]:
    """Submit to fal through its own client against the local server: the error and the time."""
    from songsmith.generate.base import get_service
    from songsmith.generate.connection import Connection, GenerateOptions

    conn = Connection(get_service("fal"), GenerateOptions("fal", timeout=timeout, max_wait=0.2, retries=0),
                      key="fal_test", base_url=url)
    conn.service.connect(conn)
    started = time.monotonic()
    try:
        with pytest.raises(ServiceError) as caught:
            conn.service.submit(conn, {"application": "fal-ai/yue", "arguments": {"lyrics": "a", "genres": "b"}})
        return caught.value, time.monotonic() - started
    finally:
        conn.close()


def test_the_fal_sdk_is_cut_at_the_timeout_when_the_answer_trickles(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.mode = "trickle"
    _, took = _fal_submit(url, timeout=1.0)
    assert took < 4.0  # one byte every 0.2 s would take 200 s
    assert handler.hits == 1


def test_the_fal_sdk_does_not_retry_by_itself(server: tuple[str, type[_Handler]]) -> None:
    url, handler = server
    handler.mode = "retry-after"
    error, took = _fal_submit(url, timeout=5.0)
    assert error.status == 429 and error.retry_after == 3600
    assert handler.hits == 1
    assert took < 3.0
