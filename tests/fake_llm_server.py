"""A fake LLM server on 127.0.0.1 for tests and benchmarks: no network, real SDKs. It is test
support, not part of songsmith (the wheel does not ship it); ``bench/`` scripts import it from here.

It speaks enough of two wire formats for the official SDKs:

* Anthropic Messages: ``POST /v1/messages`` (SDK ``base_url=server.url``);
* OpenAI Chat Completions: ``POST /v1/chat/completions`` (SDK ``base_url=server.url + "/v1"``).

By default it answers every songsmith task validly (:func:`default_answer`, read from the
``<input>`` JSON of the prompt). Tests script special replies with :meth:`FakeLLMServer.enqueue`
(status codes and headers such as ``Retry-After``, raw or truncated bodies, delays, refusals,
schema-breaking content), and the benchmark injects random 429/500 errors and latency. Every
request is recorded; :attr:`FakeLLMServer.count` is how many reached the server.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_INPUT = re.compile(r"<input>\s*(.*?)\s*</input>", re.DOTALL)


@dataclass
class Reply:
    """One scripted reply. ``content`` (text) or ``answer`` (JSON-encoded for you) or raw ``body``."""

    status: int = 200
    content: str | None = None
    answer: Any = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    refusal: str | None = None
    truncated: bool = False  # stop_reason max_tokens / finish_reason length
    trickle: float = 0.0  # seconds between bytes: the whole response (status line, headers, body) one byte at a time


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: Any
    at: float


def task_input(body: dict[str, Any]) -> dict[str, Any] | None:
    """The ``<input>`` JSON of the first user message (songsmith puts the task input there)."""
    for message in body.get("messages", []):
        content = message.get("content")
        if isinstance(content, list):
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        if message.get("role") == "user" and isinstance(content, str):
            match = _INPUT.search(content)
            if match:
                try:
                    data = json.loads(match.group(1))
                except json.JSONDecodeError:
                    return None
                return data if isinstance(data, dict) else None
    return None


_STYLES = [("chinese traditional folk", "guzheng"), ("cinematic ballad", "erhu"), ("ambient folk", "dizi"),
           ("modern classic", "piano"), ("chamber pop", "pipa"), ("lullaby", "guqin"), ("folk rock", "cello")]


def _english(line: str) -> str:
    digest = hashlib.sha1(line.encode("utf-8")).hexdigest()
    words = ["moon", "light", "frost", "home", "river", "wind", "night", "dream", "sky", "spring"]
    return " ".join(words[int(digest[i], 16) % len(words)] for i in range(5)).capitalize()


def default_answer(data: dict[str, Any] | None) -> Any:
    """A valid answer for a songsmith task input."""
    task = (data or {}).get("task")
    if task == "map_style":
        work = data["work"]  # type: ignore[index]
        title = work.get("title") or "untitled"
        speaker = data.get("speaker") or {}  # type: ignore[union-attr]
        persona = f"the poem's {speaker.get('gender') or 'unknown'} speaker" if speaker else None
        styles = [(g, lead) for g, lead in _STYLES if data.get("audience") != "children" or "rock" not in g]  # type: ignore[union-attr]
        return {"candidates": [
            {"genre": genre, "lead": lead, "prompt": f"{genre}, {lead}, slow, gentle female vocal, clear diction",
             "mood": [((work.get("mood") or {}).get("primary") or "calm")], "instruments": [lead, "strings"],
             "vocal": "female, clear", "tempo_bpm": 66 + 4 * index, "key": "D minor", "persona": persona,
             "why": f"for {title}: imagery and pace"}
            for index, (genre, lead) in enumerate(styles[: int(data.get("n_candidates", 3))])  # type: ignore[union-attr]
        ]}
    if task == "arrange":
        return _arrangement(data)  # type: ignore[arg-type]
    if task == "translate":
        sections = []
        for section in data["sections"]:  # type: ignore[index]
            out = []
            for line in section["lines"]:
                text = _english(line)
                out.append(f"({text})" if line.startswith("(") else text)
            sections.append({"lines": out})
        return {"title": f"{data.get('title')} (English)", "sections": sections, "notes": None}  # type: ignore[union-attr]
    return {"error": "unknown task"}


def _arrangement(data: dict[str, Any]) -> dict[str, Any]:
    """Verses of whole units (the input's, else runs of four lines) around the chorus, which is
    sung where the poem has it: the input's first chorus candidate, else the last couplet."""
    lines = data["work"]["lines"]
    n = len(lines)
    candidates = data.get("chorus_candidates") or []
    refrain = list(candidates[0]["refrain"]) if candidates else [max(0, n - 2), n]
    reasons = list(candidates[0]["reasons"]) if candidates else ["the closing couplet"]
    units = [tuple(span) for span in data.get("units") or []]

    def verses(start: int, end: int) -> list[list[str]]:
        spans = [(a, b) for a, b in units if start <= a and b <= end] or [
            (a, min(a + 4, end)) for a in range(start, end, 4)]
        out: list[list[str]] = []
        for a, b in spans:
            if out and len(out[-1]) + b - a <= 4:
                out[-1].extend(lines[a:b])
            else:
                out.append(list(lines[a:b]))
        return out

    chorus = {"kind": "chorus", "lines": lines[refrain[0]:refrain[1]]}
    sections: list[dict[str, Any]] = [{"kind": "intro", "descriptor": "guzheng"}]
    number = 0
    for verse in verses(0, refrain[0]):
        number += 1
        sections.append({"kind": "verse", "number": number, "lines": verse})
    sections.append(chorus)
    after = verses(refrain[1], n)
    for verse in after:
        number += 1
        sections.append({"kind": "verse", "number": number, "lines": verse})
    if after:
        sections.append(chorus)
    sections.append({"kind": "outro"})
    return {"name": "fake-verse-chorus", "sections": sections, "refrain": refrain, "chorus_reasons": reasons,
            "notes": []}


class FakeLLMServer:
    """A threaded HTTP server on a random loopback port; use as a context manager."""

    def __init__(self, *, api_key: str | None = None, latency: float = 0.0, error_rate: float = 0.0,
                 seed: int = 0, responder: Callable[[dict[str, Any] | None], Any] = default_answer,
                 retry_after_ms: int = 50, schema_only: bool = False, refuse_json_schema: bool = False) -> None:
        """``schema_only``: a server with structured outputs that follows the schema it is sent and
        nothing else (a request without one gets an answer of another shape);
        ``refuse_json_schema``: an OpenAI-compatible server without ``json_schema`` (HTTP 400)."""
        self.schema_only = schema_only
        self.refuse_json_schema = refuse_json_schema
        self.api_key = api_key
        self.latency = latency
        self.error_rate = error_rate
        self.responder = responder
        self.retry_after_ms = retry_after_ms
        self.requests: list[Recorded] = []
        self.injected: list[int] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._script: deque[Reply] = deque()
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeLLMServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                owner._handle(self)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_base_url(self) -> str:
        return f"{self.url}/v1"

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self._script.extend(replies)

    # handling --------------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        handler.counted = True  # type: ignore[attr-defined]
        try:
            self._respond(handler)
        finally:
            self._done(handler)

    def _done(self, handler: BaseHTTPRequestHandler) -> None:
        """The request stops counting as in flight (just before its answer is sent)."""
        with self._lock:
            if getattr(handler, "counted", False):
                handler.counted = False  # type: ignore[attr-defined]
                self.in_flight -= 1

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = None
        path = handler.path.split("?")[0]
        with self._lock:
            self.requests.append(Recorded(path, {k.lower(): v for k, v in handler.headers.items()}, body,
                                          time.monotonic()))
            reply = self._script.popleft() if self._script else None
            inject = reply is None and self.error_rate > 0 and self._random.random() < self.error_rate
            if inject:
                status = 429 if self._random.random() < 0.5 else 500
                self.injected.append(status)
        api = "anthropic" if path.rstrip("/").endswith("/messages") else "openai"
        if not path.rstrip("/").endswith(("/messages", "/chat/completions")):
            return self._send(handler, 404, {"error": {"type": "not_found_error", "message": f"no route {path}"}})
        if self.latency:
            self._stop.wait(self.latency)
        presented = handler.headers.get("x-api-key") or (handler.headers.get("authorization") or "").removeprefix("Bearer ")
        if self.api_key is not None and presented != self.api_key:
            # Real servers echo (part of) the key they got: songsmith must scrub it from messages.
            return self._send(handler, 401, _error(api, "authentication_error", f"Incorrect API key provided: {presented}"))
        if inject:
            headers = {"retry-after-ms": str(self.retry_after_ms)} if status == 429 else {}
            return self._send(handler, status, _error(api, "rate_limit_error" if status == 429 else "api_error",
                                                      "injected"), headers)
        reply = reply or Reply()
        if reply.delay:
            self._stop.wait(reply.delay)
        if reply.body is not None:
            return self._send_raw(handler, reply.status, reply.body, reply.headers, reply.trickle)
        if reply.status != 200:
            return self._send(handler, reply.status, _error(api, "error", f"scripted {reply.status}"), reply.headers,
                              reply.trickle)
        schema = requested_schema(body or {})
        if api == "openai" and self.refuse_json_schema and schema is not None:
            return self._send(handler, 400, _error(api, "invalid_request_error",
                                                   "response_format json_schema is not supported"))
        if reply.refusal is not None:
            content = None
        elif reply.content is not None:
            content = reply.content
        else:
            answer = reply.answer if reply.answer is not None else self.responder(task_input(body or {}))
            if self.schema_only and schema is None:
                answer = {"result": answer}  # what the model makes up when told no shape
            content = json.dumps(answer, ensure_ascii=False)
        model = (body or {}).get("model", "fake-model")
        if api == "anthropic":
            payload = _anthropic_message(model, content, reply, forced_tool(body or {}))
        else:
            payload = _openai_completion(model, content, reply)
        self._send(handler, 200, payload, reply.headers, reply.trickle)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, payload: Any,
              headers: dict[str, str] | None = None, trickle: float = 0.0) -> None:
        self._send_raw(handler, status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers, trickle)

    def _send_raw(self, handler: BaseHTTPRequestHandler, status: int, data: bytes,
                  headers: dict[str, str] | None, trickle: float = 0.0) -> None:
        self._done(handler)
        if trickle:
            return self._trickle(handler, status, data, headers or {}, trickle)
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def _trickle(self, handler: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str],
                 every: float) -> None:
        """The response one byte every ``every`` seconds: no read ever waits long, the whole never ends soon."""
        head = [f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}", "Content-Type: application/json",
                f"Content-Length: {len(data)}", *(f"{name}: {value}" for name, value in headers.items())]
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + data
        handler.close_connection = True
        try:
            for index in range(len(raw)):
                if self._stop.wait(every):
                    return
                handler.wfile.write(raw[index:index + 1])
                handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass  # the client gave up


def _error(api: str, kind: str, message: str) -> dict[str, Any]:
    if api == "anthropic":
        return {"type": "error", "error": {"type": kind, "message": message}}
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _tokens(text: str | None) -> int:
    return max(1, len(text or "") // 4)


def requested_schema(body: dict[str, Any]) -> Any:
    """The answer schema a request carries: an OpenAI ``json_schema`` response format, or the
    input schema of the tool an Anthropic request forces; None when it carries none."""
    response_format = body.get("response_format")
    if isinstance(response_format, dict) and response_format.get("type") == "json_schema":
        return (response_format.get("json_schema") or {}).get("schema")
    tool = forced_tool(body)
    if tool is not None:
        for item in body.get("tools") or []:
            if isinstance(item, dict) and item.get("name") == tool:
                return item.get("input_schema")
    return None


def forced_tool(body: dict[str, Any]) -> str | None:
    choice = body.get("tool_choice")
    return choice.get("name") if isinstance(choice, dict) and choice.get("type") == "tool" else None


def anthropic_content(text: str | None, tool: str | None) -> list[dict[str, Any]]:
    """A message's content: a call of the forced tool with the answer (when it is a JSON object;
    other text, as a model ignoring the tool would write it, stays text)."""
    if tool is not None and text:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            return [{"type": "tool_use", "id": "toolu_fake", "name": tool, "input": data}]
    return [{"type": "text", "text": text}] if text else []


def _anthropic_message(model: str, content: str | None, reply: Reply, tool: str | None = None) -> dict[str, Any]:
    stop = "refusal" if reply.refusal is not None else ("max_tokens" if reply.truncated else "end_turn")
    text = reply.refusal if reply.refusal is not None else content
    blocks = anthropic_content(text, tool if reply.refusal is None else None)
    if stop == "end_turn" and blocks and blocks[0]["type"] == "tool_use":
        stop = "tool_use"
    return {
        "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
        "content": blocks, "stop_reason": stop, "stop_sequence": None,
        "usage": {"input_tokens": 120, "output_tokens": _tokens(text)},
    }


def _openai_completion(model: str, content: str | None, reply: Reply) -> dict[str, Any]:
    finish = "length" if reply.truncated else "stop"
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()), "model": model,
        "choices": [{"index": 0, "finish_reason": finish, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": reply.refusal}}],
        "usage": {"prompt_tokens": 120, "completion_tokens": _tokens(content),
                  "total_tokens": 120 + _tokens(content)},
    }
