"""ACE-Step 1.5's own REST server (``python -m acestep.api_server``, port 8001 by default).

``POST /release_task`` with ``ace-step-1.5.json`` as packaged plus ``batch_size`` (the takes this
submission asks for) gives a ``task_id``; ``POST /query_result`` with ``{"task_id_list": [id]}``
reports ``status`` 0 running, 1 succeeded, 2 failed, and ``result``, a JSON *string* listing the
files (``/v1/audio?path=…``, fetched from the same server with the key) with ``seed_value``,
``dit_model`` and ``lm_model``. Every answer is wrapped as ``{data, code, error, timestamp,
extra}``; a ``code`` other than 200 is an error. The key (``ACESTEP_API_KEY``) is optional; a
full queue answers 429.
"""

from __future__ import annotations

import json
from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError


class AceStep(Service):
    name = "ace-step"
    target = "ace-step-1.5"
    key_env = "ACESTEP_API_KEY"
    key_required = False
    default_base_url = "http://127.0.0.1:8001"
    default_model = "default"
    max_per_request = 4
    concurrency = 1  # one GPU: the server queues the rest
    rate = 5.0
    poll_interval = 2.0
    poll_max = 10.0
    download_auth = True

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        request = dict(body)
        request["batch_size"] = n
        if model and model != "default":
            request["model"] = model
        return request

    def expected_seconds(self, request: dict[str, Any]) -> float | None:
        duration = request.get("duration")
        return float(duration) if isinstance(duration, (int, float)) and duration > 0 else None

    def _data(self, conn: Any, answer: Any, what: str) -> Any:
        if not isinstance(answer, dict) or "data" not in answer:
            raise ServiceError(f"ace-step: {what}: not the server's {{data, code, error}} answer", transient=True)
        if answer.get("code", 200) != 200:
            code = answer.get("code")
            raise ServiceError(f"ace-step: {what}: code {code}: {conn.redact(str(answer.get('error') or ''))}",
                               transient=code in (429, 500, 503), status=429 if code == 429 else None)
        return answer["data"]

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        data = self._data(conn, conn.http.json("POST", "/release_task", json=request, creates=True), "release_task")
        task_id = data.get("task_id") if isinstance(data, dict) else None
        if not task_id:
            raise ServiceError("ace-step: release_task gave no task_id", transient=True)
        return Submitted(task_id=str(task_id))

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        data = self._data(conn, conn.http.json("POST", "/query_result", json={"task_id_list": [task_id]}),
                          "query_result")
        entry = next((d for d in data or [] if isinstance(d, dict) and str(d.get("task_id")) == task_id), None)
        if entry is None:
            return Poll("failed", error=f"ace-step: the server does not know task {task_id} (restarted?)")
        status = entry.get("status")
        if status == 0:
            return Poll("running")
        result = entry.get("result")
        try:
            items = json.loads(result) if isinstance(result, str) else (result or [])
        except ValueError:
            items = []
        if status != 1:
            reason = entry.get("error") or (items[0].get("error") if items and isinstance(items[0], dict) else None)
            return Poll("failed", error=f"ace-step: task failed: {conn.redact(str(reason or 'no reason given'))}")
        outputs = []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or not item.get("file"):
                continue
            seed = item.get("seed_value")
            models = "/".join(str(item[k]) for k in ("dit_model", "lm_model") if item.get(k))
            outputs.append(Output(url=conn.http.url(str(item["file"])), seed=str(seed) if seed is not None else None,
                                  id=models or None, extension=_extension(str(item["file"]))))
        if not outputs:
            return Poll("failed", error="ace-step: the task succeeded with no files")
        return Poll("done", outputs=outputs)


def _extension(file: str) -> str:
    """``/v1/audio?path=/outputs/x.flac`` → ``flac`` (mp3 when the path says nothing)."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(file)
    path = (parse_qs(parts.query).get("path") or [parts.path])[0]
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return suffix if suffix.isalnum() and len(suffix) <= 4 else "mp3"


SERVICE = AceStep()
