"""Helpers for the batch tests: tiny chinese-poetry-shaped corpora and tree comparison."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

LINES = [
    "床前明月光", "疑是地上霜", "舉頭望明月", "低頭思故鄉", "春眠不覺曉", "處處聞啼鳥", "夜來風雨聲", "花落知多少",
    "白日依山盡", "黃河入海流", "欲窮千里目", "更上一層樓", "千山鳥飛絕", "萬徑人蹤滅", "孤舟蓑笠翁", "獨釣寒江雪",
    "紅豆生南國", "春來發幾枝", "願君多采擷", "此物最相思", "空山不見人", "但聞人語響", "返景入深林", "復照青苔上",
]


def couplets(index: int, n: int = 2) -> list[str]:
    out = []
    for k in range(n):
        a = LINES[(index * 2 + k * 2) % len(LINES)]
        b = LINES[(index * 2 + k * 2 + 1) % len(LINES)]
        out.append(f"{a}，{b}。")
    return out


def poem(index: int, title: str, author: str = "李白", paragraphs: list[str] | None = None) -> dict[str, Any]:
    return {"author": author, "title": title, "id": f"00000000-0000-4000-8000-{index:012d}",
            "paragraphs": couplets(index) if paragraphs is None else paragraphs}


def small_corpus(path: Path) -> Path:
    """Six poems: two titled 句, a TAB and `/` and `..` title, a 250-character title, an empty poem."""
    items = [
        poem(1, "靜夜思"),
        poem(2, "句", author="無名氏"),
        poem(3, "句", author="無名氏"),
        poem(4, "新樂府 七德舞\t美撥亂/../../etc/passwd"),
        poem(5, "長" * 250),
        poem(6, "空", paragraphs=[]),
    ]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def corpus_of(path: Path, n: int) -> Path:
    titles = ["句", "春曉", "登樓", "相思", "句"]
    items = [poem(i, f"{titles[i % len(titles)]}{'' if titles[i % len(titles)] == '句' else i}") for i in range(n)]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


_TIMING = re.compile(r"^## Time and cost.*", re.S | re.M)


def tree_digest(out: Path) -> dict[str, str]:
    """relative path -> sha256 of every file in OUT, without the job state and the timing figures."""
    found: dict[str, str] = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if relative.startswith(".songsmith") or not path.is_file():
            continue
        data = path.read_bytes()
        if relative == "index.json":
            index = json.loads(data)
            index.pop("time", None)
            data = json.dumps(index, ensure_ascii=False, sort_keys=True).encode()
        elif relative == "report.md":
            data = _TIMING.sub("", data.decode("utf-8")).encode()
        found[relative] = hashlib.sha256(data).hexdigest()
    return found


# A fake provider-batch server ---------------------------------------------------------------------

import threading  # noqa: E402
import time as _time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402

import pytest  # noqa: E402

from fake_llm_server import anthropic_content, default_answer, forced_tool, task_input  # noqa: E402

FAKE_KEY = "sk-test-batch-5b1d-NEVER-WRITE-ME"


@dataclass
class FakeBatch:
    id: str
    api: str
    requests: list[dict[str, Any]]
    polls: int = 0
    created: float = field(default_factory=_time.time)


class FakeBatchServer:
    """Anthropic Message Batches + OpenAI Files/Batch (and both live chat APIs) on 127.0.0.1.

    Batches stay ``in_progress`` for ``polls_needed`` status requests, then end. ``errored`` is a
    set of custom_ids whose results are errors; ``garbage`` a set whose answers are not JSON.
    """

    def __init__(self, polls_needed: int = 1) -> None:
        self.polls_needed = polls_needed
        self.batches: dict[str, FakeBatch] = {}
        self.files: dict[str, bytes] = {}
        self.live: list[str] = []
        self.errored: set[str] = set()
        self.garbage: set[str] = set()
        self.log: list[tuple[str, str]] = []
        #: scripted failures of the batch API: "submit" (creating a batch) or "status" (GET of one)
        #: -> (status code, headers) replies given before the real one, in order
        self.faults: dict[str, list[tuple[int, dict[str, str]]]] = {"submit": [], "status": []}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # lifecycle ----------------------------------------------------------------------------
    def __enter__(self) -> FakeBatchServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802
                owner._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                owner._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def created(self, api: str | None = None) -> list[FakeBatch]:
        return [b for b in self.batches.values() if api is None or b.api == api]

    # answers ------------------------------------------------------------------------------
    def _content(self, custom_id: str | None, body: dict[str, Any]) -> str:
        if custom_id in self.garbage:
            return "this is not JSON"
        return json.dumps(default_answer(task_input(body)), ensure_ascii=False)

    def _anthropic_message(self, custom_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        text = self._content(custom_id, body)
        content = anthropic_content(text, forced_tool(body))
        return {"id": f"msg_{uuid.uuid4().hex[:8]}", "type": "message", "role": "assistant",
                "model": body.get("model", "fake"), "content": content,
                "stop_reason": "tool_use" if content and content[0]["type"] == "tool_use" else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": 100, "output_tokens": max(1, len(text) // 4)}}

    def _openai_completion(self, custom_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        text = self._content(custom_id, body)
        return {"id": f"chatcmpl-{uuid.uuid4().hex[:8]}", "object": "chat.completion", "created": int(_time.time()),
                "model": body.get("model", "fake"),
                "choices": [{"index": 0, "finish_reason": "stop", "logprobs": None,
                             "message": {"role": "assistant", "content": text, "refusal": None}}],
                "usage": {"prompt_tokens": 100, "completion_tokens": max(1, len(text) // 4), "total_tokens": 0}}

    # HTTP ----------------------------------------------------------------------------------
    def _send(self, handler: BaseHTTPRequestHandler, status: int, payload: Any, content_type: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        path = handler.path.split("?")[0].rstrip("/")
        with self._lock:
            self.log.append((method, path))
        key = handler.headers.get("x-api-key") or (handler.headers.get("authorization") or "").removeprefix("Bearer ")
        if key != FAKE_KEY:
            return self._send(handler, 401, {"type": "error", "error": {"type": "authentication_error", "message": "key"}})
        parts = path.split("/")
        kind = ("submit" if method == "POST" and path in ("/v1/messages/batches", "/v1/batches") else
                "status" if method == "GET" and (path.startswith("/v1/messages/batches/") or path.startswith("/v1/batches/"))
                else None)
        with self._lock:
            fault = self.faults[kind].pop(0) if kind and self.faults[kind] else None
        if fault is not None:
            return self._send(handler, fault[0], {"type": "error", "error": {"type": "api_error", "message": "scripted"}},
                              headers=fault[1])
        # Anthropic ------------------------------------------------------------------------
        if method == "POST" and path == "/v1/messages":
            self.live.append("anthropic")
            return self._send(handler, 200, self._anthropic_message(None, json.loads(raw)))
        if method == "POST" and path == "/v1/messages/batches":
            body = json.loads(raw)
            batch = FakeBatch(f"msgbatch_{uuid.uuid4().hex[:12]}", "anthropic", body["requests"])
            self.batches[batch.id] = batch
            return self._send(handler, 200, self._anthropic_batch(batch, count=False))
        if path.startswith("/v1/messages/batches/"):
            batch = self.batches.get(parts[4])
            if batch is None:
                return self._send(handler, 404, {"type": "error", "error": {"type": "not_found_error", "message": "?"}})
            if len(parts) == 6 and parts[5] == "results":
                lines = []
                for request in batch.requests:
                    cid = request["custom_id"]
                    if cid in self.errored:
                        result: dict[str, Any] = {"type": "errored", "error": {"type": "error", "error": {
                            "type": "overloaded_error", "message": "overloaded"}}}
                    else:
                        result = {"type": "succeeded", "message": self._anthropic_message(cid, request["params"])}
                    lines.append(json.dumps({"custom_id": cid, "result": result}, ensure_ascii=False))
                return self._send(handler, 200, ("\n".join(reversed(lines)) + "\n").encode("utf-8"),
                                  "application/binary")
            return self._send(handler, 200, self._anthropic_batch(batch, count=True))
        # OpenAI ---------------------------------------------------------------------------
        if method == "POST" and path == "/v1/chat/completions":
            self.live.append("openai")
            return self._send(handler, 200, self._openai_completion(None, json.loads(raw)))
        if method == "POST" and path == "/v1/files":
            content = _multipart_file(raw, handler.headers.get("Content-Type", ""))
            file_id = f"file-{uuid.uuid4().hex[:12]}"
            self.files[file_id] = content
            return self._send(handler, 200, {"id": file_id, "object": "file", "bytes": len(content),
                                             "created_at": int(_time.time()), "filename": "batch.jsonl",
                                             "purpose": "batch", "status": "processed"})
        if method == "GET" and len(parts) == 5 and parts[2] == "files" and parts[4] == "content":
            return self._send(handler, 200, self.files[parts[3]], "application/octet-stream")
        if method == "POST" and path == "/v1/batches":
            body = json.loads(raw)
            requests = [json.loads(line) for line in self.files[body["input_file_id"]].decode("utf-8").splitlines()
                        if line.strip()]
            batch = FakeBatch(f"batch_{uuid.uuid4().hex[:12]}", "openai", requests)
            self.batches[batch.id] = batch
            return self._send(handler, 200, self._openai_batch(batch, body["input_file_id"], count=False))
        if method == "GET" and len(parts) == 4 and parts[2] == "batches":
            batch = self.batches[parts[3]]
            return self._send(handler, 200, self._openai_batch(batch, "file-in", count=True))
        return self._send(handler, 404, {"error": {"message": f"no route {method} {path}", "type": "not_found"}})

    def _ended(self, batch: FakeBatch, count: bool) -> bool:
        if count:
            batch.polls += 1
        return batch.polls > self.polls_needed

    def _anthropic_batch(self, batch: FakeBatch, count: bool) -> dict[str, Any]:
        ended = self._ended(batch, count)
        n = len(batch.requests)
        bad = sum(1 for r in batch.requests if r["custom_id"] in self.errored)
        stamp = "2026-11-23T00:00:00Z"
        return {
            "id": batch.id, "type": "message_batch", "processing_status": "ended" if ended else "in_progress",
            "request_counts": {"processing": 0 if ended else n, "succeeded": n - bad if ended else 0,
                               "errored": bad if ended else 0, "canceled": 0, "expired": 0},
            "created_at": stamp, "expires_at": stamp, "ended_at": stamp if ended else None,
            "archived_at": None, "cancel_initiated_at": None,
            "results_url": f"{self.url}/v1/messages/batches/{batch.id}/results" if ended else None,
        }

    def _openai_batch(self, batch: FakeBatch, input_file: str, count: bool) -> dict[str, Any]:
        ended = self._ended(batch, count)
        output_file = error_file = None
        if ended:
            out_lines, err_lines = [], []
            for request in batch.requests:
                cid = request["custom_id"]
                if cid in self.errored:
                    err_lines.append(json.dumps({"id": "r", "custom_id": cid, "response": None,
                                                 "error": {"code": "server_error", "message": "overloaded"}}))
                else:
                    out_lines.append(json.dumps({"id": "r", "custom_id": cid, "error": None, "response": {
                        "status_code": 200, "request_id": "q", "body": self._openai_completion(cid, request["body"])}},
                        ensure_ascii=False))
            output_file = f"file-out-{batch.id}"
            self.files[output_file] = ("\n".join(out_lines) + "\n").encode("utf-8")
            if err_lines:
                error_file = f"file-err-{batch.id}"
                self.files[error_file] = ("\n".join(err_lines) + "\n").encode("utf-8")
        n = len(batch.requests)
        bad = sum(1 for r in batch.requests if r["custom_id"] in self.errored)
        return {"id": batch.id, "object": "batch", "endpoint": "/v1/chat/completions", "errors": None,
                "input_file_id": input_file, "completion_window": "24h",
                "status": "completed" if ended else "in_progress", "output_file_id": output_file,
                "error_file_id": error_file, "created_at": int(batch.created),
                "request_counts": {"total": n, "completed": n - bad if ended else 0, "failed": bad if ended else 0}}


def _multipart_file(raw: bytes, content_type: str) -> bytes:
    boundary = content_type.split("boundary=")[1].strip().strip('"').encode()
    for part in raw.split(b"--" + boundary):
        head, _, body = part.partition(b"\r\n\r\n")
        if b'name="file"' in head:
            return body[: -2] if body.endswith(b"\r\n") else body
    raise ValueError("no file in the upload")


@pytest.fixture
def batch_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeBatchServer]:
    """The fake server, with both backends' keys and base URLs pointing at it."""
    from llm_helpers import _ENV_TO_CLEAR

    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    with FakeBatchServer() as server:
        values = {
            "SONGSMITH_CONFIG": str(tmp_path / "config.yaml"), "SONGSMITH_CACHE_DIR": str(tmp_path / "cache"),
            "SONGSMITH_USAGE_LOG": str(tmp_path / "usage.sqlite"), "SONGSMITH_TIMEOUT": "5",
            "SONGSMITH_MAX_RETRIES": "0", "ANTHROPIC_API_KEY": FAKE_KEY, "OPENAI_API_KEY": FAKE_KEY,
            "ANTHROPIC_BASE_URL": server.url, "OPENAI_BASE_URL": server.url + "/v1",
        }
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        yield server
