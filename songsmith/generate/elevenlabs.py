"""ElevenLabs Music through its official SDK (``elevenlabs``): ``client.music.compose``.

The body is ``elevenlabs.json`` as packaged: a ``composition_plan`` (with
``respect_sections_durations``) or, for an instrumental, ``prompt`` + ``music_length_ms`` +
``force_instrumental``; ``model_id`` ``music_v1``. The answer is the audio itself (mp3 44.1 kHz
128 kb/s asked for), with the song id in the ``song-id`` header. The SDK's ``ApiError`` carries
the status: 429 (the concurrency queue is full) is waited out; ``bad_prompt`` and
``bad_composition_plan`` (copyrighted material) are final.
"""

from __future__ import annotations

from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError, retry_after

OUTPUT_FORMAT = "mp3_44100_128"
FIELDS = ("prompt", "composition_plan", "music_length_ms", "model_id", "seed", "force_instrumental",
          "respect_sections_durations")


class ElevenLabs(Service):
    name = "elevenlabs"
    target = "elevenlabs"
    key_env = "ELEVENLABS_API_KEY"
    key_header = "xi-api-key"
    key_prefix = ""
    default_base_url = "https://api.elevenlabs.io"
    default_model = "music_v1"
    synchronous = True
    concurrency = 2
    rate = 1.0

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        request = {k: v for k, v in body.items() if k in FIELDS}
        request["model_id"] = model
        return request

    def expected_seconds(self, request: dict[str, Any]) -> float | None:
        if isinstance(request.get("music_length_ms"), int):
            return request["music_length_ms"] / 1000
        sections = (request.get("composition_plan") or {}).get("sections") or []
        total = sum(s.get("duration_ms", 0) for s in sections if isinstance(s, dict))
        return total / 1000 if total else None

    def connect(self, conn: Any) -> None:
        from elevenlabs.client import ElevenLabs as Client

        import httpx

        from songsmith.generate.http import deadline_client

        conn.sdk = Client(api_key=conn.key, base_url=conn.base_url, timeout=conn.options.timeout,
                          httpx_client=deadline_client(httpx.Client(timeout=conn.options.timeout)))

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        from elevenlabs.core.api_error import ApiError

        from songsmith.generate.http import deadline

        conn.http.limiter.wait()
        try:
            with deadline(conn.options.timeout), \
                    conn.sdk.music.with_raw_response.compose(output_format=OUTPUT_FORMAT, **request) as response:
                song_id = response.headers.get("song-id")
                data = b"".join(response.data)
        except ApiError as exc:
            raise _error(conn, exc) from None
        except Exception as exc:  # noqa: BLE001 - the SDK's transport errors (httpx) vary by version
            raise ServiceError(f"elevenlabs: {type(exc).__name__}: {conn.redact(str(exc))}", transient=False) from None
        return Submitted(task_id=str(song_id or ""), outputs=[Output(data=data, id=song_id)])

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        return Poll("failed", error="elevenlabs has no task to poll")


def _error(conn: Any, exc: Any) -> ServiceError:
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    detail = body.get("detail", body) if isinstance(body, dict) else body
    if isinstance(detail, dict):
        detail = ": ".join(str(detail[k]) for k in ("status", "message") if detail.get(k)) or detail
    message = f"elevenlabs: HTTP {status}: {conn.redact(str(detail or ''))}"
    return ServiceError(message, transient=status == 429 or (isinstance(status, int) and status >= 500),
                        status=status, retry_after=retry_after(getattr(exc, "headers", None)))


SERVICE = ElevenLabs()
