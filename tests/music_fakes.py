"""A fake music service on 127.0.0.1 speaking every protocol songsmith generate uses.

One server answers MiniMax, Mureka, the sunoapi.org kind, ACE-Step 1.5, fal's queue, Replicate
and ElevenLabs at their own paths, with real audio (mp3 made by ffmpeg, cached per length).
Tasks finish ``latency`` seconds after submission; ``faults`` is a list of scripted troubles
(each used once, in order) per kind of request: ``submit``, ``poll``, ``download``; ``error_rate``
adds random ones (seeded). Everything it saw is recorded for the tests to check.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_AUDIO: dict[int, bytes] = {}
_AUDIO_LOCK = threading.Lock()


def mp3(seconds: int) -> bytes:
    """A ``seconds``-long mono tone as mp3 bytes (with a Xing header, so truncation is detectable)."""
    with _AUDIO_LOCK:
        if seconds not in _AUDIO:
            import io

            from audio_helpers import tone

            buffer = io.BytesIO()
            tone(seconds * 1000, freq=330).set_frame_rate(22050).export(buffer, format="mp3", bitrate="32k")
            _AUDIO[seconds] = buffer.getvalue()
        return _AUDIO[seconds]


def unique(audio: bytes, label: str) -> bytes:
    """The same audio with an ID3v2.3 title frame holding ``label``: every take its own sha256."""
    text = b"\x00" + label.encode("ascii")
    frame = b"TIT2" + len(text).to_bytes(4, "big") + b"\x00\x00" + text
    size = len(frame)
    syncsafe = bytes([(size >> 21) & 0x7F, (size >> 14) & 0x7F, (size >> 7) & 0x7F, size & 0x7F])
    return b"ID3\x03\x00\x00" + syncsafe + frame + audio


class FakeMusic:
    def __init__(self, *, latency: float = 0.2, seconds: int = 6, key: str = "test-key", error_rate: float = 0.0,
                 seed: int = 1, retry_after: float = 0.05) -> None:
        self.latency = latency
        self.seconds = seconds
        self.key = key
        self.error_rate = error_rate
        self.rng = random.Random(seed)
        self.retry_after = retry_after
        self.faults: dict[str, list[str]] = {"submit": [], "poll": [], "download": []}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.submissions: list[tuple[str, dict[str, Any]]] = []   # (service, body) accepted
        self.refused: list[tuple[str, str]] = []                 # (service, fault)
        self.polls: dict[str, int] = {}
        self.downloads: list[str] = []
        self.headers_seen: list[dict[str, str]] = []
        self.download_headers: list[dict[str, str]] = []
        self.expired_tokens: set[str] = set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client gone after a cut body
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FakeMusic:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # faults -----------------------------------------------------------------------------------------
    def fault(self, kind: str) -> str | None:
        with self.lock:
            if self.faults[kind]:
                return self.faults[kind].pop(0)
            if self.error_rate and self.rng.random() < self.error_rate:
                return {"submit": self.rng.choice(["500", "429", "fail"]), "poll": "500",
                        "download": self.rng.choice(["truncate", "html", "expire"])}[kind]
        return None

    # tasks -------------------------------------------------------------------------------------------
    def new_task(self, service: str, body: dict[str, Any], n: int, seconds: int | None = None,
                 fail: bool = False) -> str:
        task_id = uuid.uuid4().hex[:12]
        with self.lock:
            self.tasks[task_id] = {"service": service, "at": time.monotonic(), "n": n, "fail": fail,
                                   "seconds": seconds or self.seconds, "tokens": []}
            self.submissions.append((service, body))
        return task_id

    def task_done(self, task_id: str) -> bool:
        return time.monotonic() - self.tasks[task_id]["at"] >= self.latency

    def audio_urls(self, task_id: str) -> list[str]:
        task = self.tasks[task_id]
        urls = []
        for i in range(task["n"]):
            token = f"{task_id}-{i}-{uuid.uuid4().hex[:6]}"
            urls.append(f"{self.url}/audio/{token}.mp3?s={task['seconds']}")
        return urls


def _handler(fake: FakeMusic) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        # plumbing ------------------------------------------------------------------------------------
        def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def _body(self) -> dict[str, Any]:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}") if length else {}

        def _authorised(self) -> bool:
            with fake.lock:
                fake.headers_seen.append(dict(self.headers))
            given = (self.headers.get("Authorization") or self.headers.get("xi-api-key") or "")
            if fake.key and fake.key not in given:
                self._json(401, {"error": {"message": "Invalid Authentication"}})
                return False
            return True

        def _common_fault(self, service: str, kind: str) -> str | None:
            fault = fake.fault(kind)
            if fault == "500":
                fake.refused.append((service, fault))
                self._json(500, {"error": {"message": "internal error"}})
                return "answered"
            if fault == "429":
                fake.refused.append((service, fault))
                self._json(429, {"error": {"message": "too many requests"}},
                           {"Retry-After": str(fake.retry_after)})
                return "answered"
            if fault == "echo-key":
                self._json(400, {"error": {"message": f"bad request from {self.headers.get('Authorization')}"}})
                return "answered"
            return fault

        # routes --------------------------------------------------------------------------------------
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            if path.startswith("/audio/"):
                return self._audio(path, query)
            if not self._authorised():
                return
            if self._common_fault("poll", "poll") == "answered":
                return
            if path.startswith("/v1/song/query/") or path.startswith("/v1/instrumental/query/"):
                return self._mureka_query(path.rsplit("/", 1)[1])
            if path == "/api/v1/generate/record-info":
                return self._suno_query(query.get("taskId", [""])[0])
            if path.startswith("/v1/predictions/"):
                return self._replicate_get(path.rsplit("/", 1)[1])
            if path.startswith("/v1/audio"):
                return self._audio("/audio/" + query.get("path", [""])[0].rsplit("/", 1)[-1], query)
            if "/requests/" in path:
                return self._fal_status(path)
            self._json(404, {"error": {"message": f"no route {path}"}})

        def do_POST(self) -> None:  # noqa: N802
            path = urlsplit(self.path).path
            body = self._body()
            if not self._authorised():
                return
            if path == "/query_result":
                if self._common_fault("poll", "poll") == "answered":
                    return
                return self._ace_query(body)
            fault = self._common_fault(path, "submit")
            if fault == "answered":
                return
            if path == "/v1/music_generation":
                return self._minimax(body, fault)
            if path in ("/v1/song/generate", "/v1/instrumental/generate"):
                task = fake.new_task("mureka", body, int(body.get("n", 1)), fail=fault == "fail")
                return self._json(200, {"id": task, "status": "preparing", "model": body.get("model")})
            if path == "/api/v1/generate":
                task = fake.new_task("suno-api", body, 2, fail=fault == "fail")
                return self._json(200, {"code": 200, "msg": "success", "data": {"taskId": task}})
            if path == "/release_task":
                task = fake.new_task("ace-step", body, int(body.get("batch_size", 1)), int(body.get("duration", 0))
                                     or None, fail=fault == "fail")
                return self._json(200, {"data": {"task_id": task, "status": 0, "queue_position": 1}, "code": 200,
                                        "error": None, "timestamp": 0, "extra": None})
            if path == "/v1/music":
                return self._elevenlabs(body, fault)
            if path.startswith("/v1/models/") and path.endswith("/predictions"):
                seconds = int(body.get("input", {}).get("duration", 0)) or None
                task = fake.new_task("replicate", body, 1, seconds, fail=fault == "fail")
                return self._json(201, self._prediction(task))
            # anything else is a fal application
            task = fake.new_task("fal", body, 1, fail=fault == "fail")
            base = f"{fake.url}{path}/requests/{task}"
            return self._json(200, {"request_id": task, "status_url": base + "/status", "response_url": base,
                                    "cancel_url": base + "/cancel"})

        # services ------------------------------------------------------------------------------------
        def _minimax(self, body: dict[str, Any], fault: str | None) -> None:
            time.sleep(fake.latency)
            if fault == "rate":
                fake.refused.append(("minimax", fault))
                return self._json(200, {"base_resp": {"status_code": 1002, "status_msg": "rate limit"}})
            if fault in ("fail", "sensitive"):
                fake.refused.append(("minimax", fault))
                return self._json(200, {"base_resp": {"status_code": 1026, "status_msg": "sensitive content"}})
            task = fake.new_task("minimax", body, 1)
            fake.tasks[task]["at"] -= fake.latency
            audio: str = fake.audio_urls(task)[0] if body.get("output_format") == "url" else \
                unique(mp3(fake.seconds), task).hex()
            self._json(200, {"data": {"audio": audio, "status": 2}, "trace_id": task,
                             "extra_info": {"music_duration": fake.seconds * 1000, "music_sample_rate": 22050},
                             "base_resp": {"status_code": 0, "status_msg": "success"}})

        def _elevenlabs(self, body: dict[str, Any], fault: str | None) -> None:
            time.sleep(fake.latency)
            if fault == "fail":
                return self._json(400, {"detail": {"status": "bad_prompt", "message": "copyrighted material"}})
            sections = (body.get("composition_plan") or {}).get("sections") or []
            seconds = round(sum(s.get("duration_ms", 0) for s in sections) / 1000) or \
                round((body.get("music_length_ms") or fake.seconds * 1000) / 1000)
            task = fake.new_task("elevenlabs", body, 1, seconds)
            raw = unique(mp3(seconds), task)
            self.send_response(200)
            self.send_header("Content-Type", "audio/mpeg")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("song-id", task)
            self.end_headers()
            self.wfile.write(raw)

        def _poll_count(self, task_id: str) -> None:
            with fake.lock:
                fake.polls[task_id] = fake.polls.get(task_id, 0) + 1

        def _mureka_query(self, task_id: str) -> None:
            if task_id not in fake.tasks:
                return self._json(404, {"error": {"message": "no such task"}})
            self._poll_count(task_id)
            task = fake.tasks[task_id]
            if not fake.task_done(task_id):
                return self._json(200, {"id": task_id, "status": "running" if fake.polls[task_id] > 1 else "queued"})
            if task["fail"]:
                return self._json(200, {"id": task_id, "status": "failed", "failed_reason": "generation failed"})
            choices = [{"index": i, "id": f"{task_id}-{i}", "audio_url": url, "duration": task["seconds"] * 1000}
                       for i, url in enumerate(fake.audio_urls(task_id))]
            self._json(200, {"id": task_id, "status": "succeeded", "choices": choices})

        def _suno_query(self, task_id: str) -> None:
            if task_id not in fake.tasks:
                return self._json(200, {"code": 400, "msg": "task not found", "data": None})
            self._poll_count(task_id)
            task = fake.tasks[task_id]
            if not fake.task_done(task_id):
                return self._json(200, {"code": 200, "data": {"taskId": task_id, "status": "TEXT_SUCCESS"}})
            if task["fail"]:
                return self._json(200, {"code": 200, "data": {"taskId": task_id, "status": "GENERATE_AUDIO_FAILED",
                                                              "errorMessage": "failed"}})
            data = [{"id": f"{task_id}-{i}", "audioUrl": url, "duration": float(task["seconds"])}
                    for i, url in enumerate(fake.audio_urls(task_id))]
            self._json(200, {"code": 200, "data": {"taskId": task_id, "status": "SUCCESS",
                                                   "response": {"taskId": task_id, "sunoData": data}}})

        def _ace_query(self, body: dict[str, Any]) -> None:
            entries = []
            for task_id in body.get("task_id_list", []):
                if task_id not in fake.tasks:
                    continue
                self._poll_count(task_id)
                task = fake.tasks[task_id]
                if not fake.task_done(task_id):
                    entries.append({"task_id": task_id, "status": 0, "result": "[]"})
                    continue
                if task["fail"]:
                    entries.append({"task_id": task_id, "status": 2, "result": "[]", "error": "OOM"})
                    continue
                files = [{"file": "/v1/audio?path=/outputs/" + urlsplit(u).path.rsplit("/", 1)[1] + f"&s={task['seconds']}",
                          "status": 1, "seed_value": str(1234 + i), "dit_model": "acestep-v15-turbo",
                          "lm_model": "acestep-5Hz-lm-1.7B"} for i, u in enumerate(fake.audio_urls(task_id))]
                entries.append({"task_id": task_id, "status": 1, "result": json.dumps(files)})
            self._json(200, {"data": entries, "code": 200, "error": None, "timestamp": 0, "extra": None})

        def _prediction(self, task_id: str) -> dict[str, Any]:
            task = fake.tasks[task_id]
            done = fake.task_done(task_id)
            status = ("failed" if task["fail"] else "succeeded") if done else "processing"
            return {"id": task_id, "model": "visoar/ace-step-1.5", "version": "v1", "status": status,
                    "input": {}, "output": fake.audio_urls(task_id) if status == "succeeded" else None,
                    "error": "CUDA out of memory" if status == "failed" else None, "logs": "",
                    "metrics": {"predict_time": 1.5}, "urls": {"get": f"{fake.url}/v1/predictions/{task_id}"}}

        def _replicate_get(self, task_id: str) -> None:
            if task_id not in fake.tasks:
                return self._json(404, {"detail": "Not found."})
            self._poll_count(task_id)
            self._json(200, self._prediction(task_id))

        def _fal_status(self, path: str) -> None:
            head, _, rest = path.partition("/requests/")
            task_id, _, tail = rest.partition("/")
            if task_id not in fake.tasks:
                return self._json(404, {"detail": "Request not found"})
            task = fake.tasks[task_id]
            if tail == "status":
                self._poll_count(task_id)
                if not fake.task_done(task_id):
                    return self._json(202, {"status": "IN_QUEUE" if fake.polls[task_id] == 1 else "IN_PROGRESS",
                                            "queue_position": 0, "response_url": f"{fake.url}{head}/requests/{task_id}"})
                return self._json(200, {"status": "COMPLETED", "logs": None, "metrics": {},
                                        "response_url": f"{fake.url}{head}/requests/{task_id}"})
            if task["fail"]:
                return self._json(422, {"detail": "the model failed"})
            self._json(200, {"audio": {"url": fake.audio_urls(task_id)[0], "content_type": "audio/mpeg"}})

        def _audio(self, path: str, query: dict[str, list[str]]) -> None:
            token = path.rsplit("/", 1)[1].removesuffix(".mp3")
            fake.downloads.append(token)
            fake.download_headers.append(dict(self.headers))
            seconds = int(query.get("s", [str(fake.seconds)])[0])
            if token in fake.expired_tokens:
                return self._json(410, {"error": "expired"})
            fault = fake.fault("download")
            if fault == "expire":
                fake.expired_tokens.add(token)
                return self._json(410, {"error": "expired"})
            if fault == "html":
                raw = b"<html><body>Access denied</body></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)
                return
            raw = unique(mp3(seconds), token.rsplit("-", 1)[0])
            self.send_response(200)
            self.send_header("Content-Type", "audio/mpeg")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            if fault == "truncate":
                self.wfile.write(raw[: len(raw) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(raw)

    return Handler
