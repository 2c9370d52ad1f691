"""Suno through a service of the sunoapi.org kind: ``POST /api/v1/generate``, then
``GET /api/v1/generate/record-info?taskId=…``.

The body is ``suno.api.json`` as packaged, with the ``callBackUrl`` these services require
(songsmith polls and never listens: ``SONGSMITH_SUNO_API_CALLBACK_URL`` sets one, else a
``.invalid`` address that cannot resolve). Every answer is ``{code, msg, data}``; ``code`` 200 is
success, 430 "call frequency too high" is waited out like a 429, 429 (no credits), 413 (input too
long), 400 and 401 are final. A task is PENDING, TEXT_SUCCESS or FIRST_SUCCESS while running,
SUCCESS when done (``data.response.sunoData[]`` with ``audioUrl``, ``id``, ``duration`` in
seconds), CREATE_TASK_FAILED, GENERATE_AUDIO_FAILED or CALLBACK_EXCEPTION when failed and
SENSITIVE_WORD_ERROR when the words were refused (final). Each request makes two songs.
"""

from __future__ import annotations

import os
from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError

RUNNING = frozenset({"PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"})
FAILED = frozenset({"CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "CALLBACK_EXCEPTION"})
FINAL = frozenset({"SENSITIVE_WORD_ERROR"})
CALLBACK_ENV = "SONGSMITH_SUNO_API_CALLBACK_URL"
NO_CALLBACK = "https://songsmith-polls.invalid/callback"


class SunoApi(Service):
    name = "suno-api"
    target = "suno"
    key_env = "SUNOAPI_KEY"
    default_base_url = "https://api.sunoapi.org"
    default_model = "V4_5"
    max_per_request = 2
    fixed_per_request = True  # a request always makes two
    concurrency = 10
    rate = 2.0  # 20 requests per 10 s
    poll_interval = 5.0

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        request = dict(body)
        request["model"] = model
        request["callBackUrl"] = os.environ.get(CALLBACK_ENV, "").strip() or NO_CALLBACK
        return request

    def _check(self, conn: Any, answer: Any, what: str) -> dict[str, Any]:
        if not isinstance(answer, dict):
            raise ServiceError(f"suno-api: {what}: the answer is not a JSON object", transient=True)
        code = answer.get("code")
        if code != 200:
            message = f"suno-api: {what}: code {code}: {conn.redact(str(answer.get('msg') or ''))}"
            raise ServiceError(message, transient=code in (430, 455, 500, 503), status=429 if code == 430 else None)
        return answer.get("data") or {}

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        data = self._check(conn, conn.http.json("POST", "/api/v1/generate", json=request, creates=True), "generate")
        task_id = data.get("taskId")
        if not task_id:
            raise ServiceError("suno-api: the answer has no taskId", transient=True)
        return Submitted(task_id=str(task_id))

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        data = self._check(conn, conn.http.json("GET", "/api/v1/generate/record-info", params={"taskId": task_id}),
                           "record-info")
        status = str(data.get("status", ""))
        if status in RUNNING:
            return Poll("running", progress=status)
        if status in FAILED or status in FINAL:
            reason = data.get("errorMessage") or status
            return Poll("failed", error=f"suno-api: {status}: {conn.redact(str(reason))}", permanent=status in FINAL)
        if status != "SUCCESS":
            return Poll("failed", error=f"suno-api: unknown task status {status!r}")
        outputs = []
        for item in (data.get("response") or {}).get("sunoData") or []:
            duration = item.get("duration")
            outputs.append(Output(url=item.get("audioUrl") or item.get("sourceAudioUrl"), id=item.get("id"),
                                  duration_s=float(duration) if isinstance(duration, (int, float)) else None))
        if not outputs:
            return Poll("failed", error="suno-api: SUCCESS with no sunoData")
        return Poll("done", outputs=outputs)


SERVICE = SunoApi()
