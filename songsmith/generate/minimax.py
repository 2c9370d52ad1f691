"""MiniMax Music: ``POST /v1/music_generation``, synchronous.

The body is ``minimax.json`` as packaged (``model``, ``prompt``, ``lyrics``, ``is_instrumental``,
``output_format``, ``audio_setting``). The answer holds the audio (``data.audio``: a URL, valid
for about a day, or hex bytes), ``extra_info.music_duration`` (ms) and ``trace_id``. An error
comes with HTTP 200 and a non-zero ``base_resp.status_code``: 1002 and 1039 are MiniMax's
"too frequent" answers (waited out like a 429), 1000, 1001 and 1013 are worth another try,
anything else (1004 bad key, 1008 no balance, 1026 sensitive content, 2013 bad parameters) is not.
MiniMax cannot give the audio again: a link that expired before it was fetched means a new take.
"""

from __future__ import annotations

from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError

RATE_LIMITED = frozenset({1002, 1039})
TRANSIENT = frozenset({1000, 1001, 1013})


class MiniMax(Service):
    name = "minimax"
    target = "minimax"
    key_env = "MINIMAX_API_KEY"
    default_base_url = "https://api.minimax.io"
    default_model = "music-2.6"
    synchronous = True
    concurrency = 4
    rate = 1.0

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        request = dict(body)
        request["model"] = model
        request.setdefault("output_format", "url")
        return request

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        answer = conn.http.json("POST", "/v1/music_generation", json=request, creates=True)
        if not isinstance(answer, dict):
            raise ServiceError("minimax: the answer is not a JSON object", transient=True)
        base = answer.get("base_resp") or {}
        code = base.get("status_code", 0)
        if code not in (0, None):
            message = f"minimax: error {code}: {conn.redact(str(base.get('status_msg') or ''))}"
            raise ServiceError(message, transient=code in RATE_LIMITED or code in TRANSIENT,
                               status=429 if code in RATE_LIMITED else None)
        data = answer.get("data") or {}
        audio = data.get("audio")
        if not audio or data.get("status") not in (None, 2):
            raise ServiceError(f"minimax: no audio in the answer (status {data.get('status')!r})", transient=True)
        extra = answer.get("extra_info") or {}
        duration = extra.get("music_duration")
        fmt = ((request.get("audio_setting") or {}).get("format") or "mp3")
        task_id = str(answer.get("trace_id") or "")
        output = Output(id=None, duration_s=duration / 1000 if isinstance(duration, (int, float)) else None,
                        extension=fmt)
        if str(audio).startswith(("http://", "https://")):
            output.url = str(audio)
        else:
            try:
                output.data = bytes.fromhex(str(audio))
            except ValueError:
                raise ServiceError("minimax: data.audio is neither a URL nor hex", transient=True) from None
        return Submitted(task_id=task_id, outputs=[output])

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        return Poll("failed", error="minimax has no task to poll")


SERVICE = MiniMax()
