"""Mureka: ``POST /v1/song/generate`` (``/v1/instrumental/generate``), then ``GET /v1/song/query/{id}``.

The body is ``mureka.json``'s ``body`` (``lyrics``, ``model``, ``prompt``) with ``n`` set to the
takes this submission asks for (1–3); its ``endpoint`` says song or instrumental. A task goes
preparing → queued → running → streaming → succeeded, or ends failed, timeouted or cancelled;
the outputs are ``choices[]`` with ``audio_url`` and ``duration`` (ms). Polling the task again
gives its links again (how an expired link is fetched anew).
"""

from __future__ import annotations

from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError

RUNNING = frozenset({"preparing", "queued", "running", "streaming", "reviewing"})
FAILED = frozenset({"failed", "timeouted", "cancelled"})


class Mureka(Service):
    name = "mureka"
    target = "mureka"
    key_env = "MUREKA_API_KEY"
    default_base_url = "https://api.mureka.ai"
    default_model = "auto"
    max_per_request = 3
    concurrency = 2  # the lowest tier; the account's top-up raises it (generate: mureka: concurrency:)
    rate = 1.0
    poll_interval = 5.0

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        inner = dict(body.get("body") or {})
        inner["model"] = model
        inner["n"] = n
        kind = "instrumental" if "instrumental" in str(body.get("endpoint", "")) else "song"
        return {"kind": kind, "body": inner}

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        kind = request.get("kind", "song")
        answer = conn.http.json("POST", f"/v1/{kind}/generate", json=request["body"], creates=True)
        task_id = answer.get("id") if isinstance(answer, dict) else None
        if not task_id:
            raise ServiceError("mureka: the answer has no task id", transient=True)
        return Submitted(task_id=str(task_id), task={"kind": kind})

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        kind = task.get("kind", "song")
        answer = conn.http.json("GET", f"/v1/{kind}/query/{task_id}")
        status = str(answer.get("status", "")) if isinstance(answer, dict) else ""
        if status in RUNNING:
            return Poll("running", progress=status)
        if status in FAILED:
            reason = answer.get("failed_reason") or status
            return Poll("failed", error=f"mureka: task {status}: {conn.redact(str(reason))}")
        if status != "succeeded":
            return Poll("failed", error=f"mureka: unknown task status {status!r}")
        outputs = []
        for choice in answer.get("choices") or []:
            url = choice.get("audio_url") or choice.get("url")
            duration = choice.get("duration")
            outputs.append(Output(url=url, id=str(choice.get("id") or choice.get("index", len(outputs))),
                                  duration_s=duration / 1000 if isinstance(duration, (int, float)) else None))
        if not outputs:
            return Poll("failed", error="mureka: the task succeeded with no choices")
        return Poll("done", outputs=outputs)


SERVICE = Mureka()
