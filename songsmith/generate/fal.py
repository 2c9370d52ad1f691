"""fal.ai's queue through its official client (``fal-client``): submit, status, result.

``--model`` is the fal endpoint; each maps a package body onto that endpoint's input:

* ``fal-ai/minimax-music/v2`` (the default): ``minimax.json`` → ``{prompt, lyrics_prompt}``
  (fal's limits: prompt 10–300, lyrics 10–3000 characters);
* ``fal-ai/yue``: the ``yue/`` package → ``{lyrics, genres}``.

A submission gives ``request_id`` and the request's ``status_url`` and ``response_url`` (kept,
so a resumed run polls them); the status is IN_QUEUE, IN_PROGRESS or COMPLETED, and the result
``{audio: {url}}`` (an error in the result is a failed task). The result can be fetched again
for fresh links. fal-client reads its host when it is imported (``FAL_QUEUE_RUN_HOST``) and
speaks https; ``--base-url`` points the client's queue URL elsewhere (a test server).
"""

from __future__ import annotations

import threading
from typing import Any

from songsmith.errors import UsageError
from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError, retry_after

#: endpoint -> package target its input is made from
MODELS = {"fal-ai/minimax-music/v2": "minimax", "fal-ai/yue": "yue"}
_URL_LOCK = threading.Lock()


class Fal(Service):
    name = "fal"
    target = "minimax"
    key_env = "FAL_KEY"
    key_prefix = "Key "
    default_base_url = "https://queue.fal.run"
    default_model = "fal-ai/minimax-music/v2"
    concurrency = 4
    rate = 5.0
    poll_interval = 2.0

    def target_for(self, model: str) -> str:
        if model not in MODELS:
            raise UsageError(f"fal: no input mapping for {model!r}; songsmith knows {', '.join(MODELS)}")
        return MODELS[model]

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        if MODELS.get(model) == "yue":
            arguments = {"lyrics": body["yue/lyrics.txt"].strip(), "genres": body["yue/genre.txt"].strip()}
        else:
            if body.get("is_instrumental"):
                raise UsageError("fal-ai/minimax-music/v2 needs lyrics; this song is an instrumental")
            prompt = str(body.get("prompt", ""))
            if not 10 <= len(prompt) <= 300:
                raise UsageError(f"fal-ai/minimax-music/v2 takes a style prompt of 10–300 characters; this one has "
                                 f"{len(prompt)}")
            arguments = {"prompt": prompt, "lyrics_prompt": body.get("lyrics", "")}
        return {"application": model, "arguments": arguments}

    def connect(self, conn: Any) -> None:
        import fal_client
        import fal_client.client as fal_module

        from songsmith.generate.http import deadline_client

        with _URL_LOCK:
            if conn.base_url != self.default_base_url:
                fal_module.QUEUE_URL_FORMAT = conn.base_url.rstrip("/") + "/"
            # The client retries a 429, a timeout or a dropped connection up to ten times with its
            # own backoff (about 50 s, whatever Retry-After says): it makes one attempt here, and
            # the engine retries with its capped waits and the run's retry count.
            fal_module.MAX_ATTEMPTS = 1
        conn.sdk = fal_client.SyncClient(key=conn.key, default_timeout=conn.options.timeout)
        # The client's timeout is per read: a server trickling its answer a byte at a time would
        # hold a request for ever. Under the deadline each call ends by the run's timeout.
        deadline_client(conn.sdk._client)

    def _call(self, conn: Any, function: Any) -> Any:
        from fal_client.client import FalClientHTTPError

        from songsmith.generate.http import deadline

        conn.http.limiter.wait()
        try:
            with deadline(conn.options.timeout):
                return function()
        except FalClientHTTPError as exc:
            status = getattr(exc, "status_code", None)
            raise ServiceError(f"fal: HTTP {status}: {conn.redact(str(exc))}",
                               transient=status in (429, 502, 503, 504), status=status,
                               retry_after=retry_after(getattr(exc, "response_headers", None))) from None
        except Exception as exc:  # noqa: BLE001 - httpx transport errors
            raise ServiceError(f"fal: {type(exc).__name__}: {conn.redact(str(exc))}", transient=True) from None

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        handle = self._call(conn, lambda: conn.sdk.submit(request["application"], request["arguments"]))
        return Submitted(task_id=handle.request_id,
                         task={"application": request["application"], "status_url": handle.status_url,
                               "response_url": handle.response_url, "cancel_url": handle.cancel_url})

    def _handle(self, conn: Any, task_id: str, task: dict[str, Any]) -> Any:
        from fal_client.client import SyncRequestHandle

        return SyncRequestHandle(request_id=task_id, response_url=task["response_url"], status_url=task["status_url"],
                                 cancel_url=task["cancel_url"], client=conn.sdk._client)

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        from fal_client import Completed, InProgress, Queued

        handle = self._handle(conn, task_id, task)
        status = self._call(conn, handle.status)
        if isinstance(status, Queued):
            return Poll("running", progress=f"queued at {status.position}")
        if isinstance(status, InProgress):
            return Poll("running", progress="in progress")
        if not isinstance(status, Completed):
            return Poll("running")
        try:
            result = self._call(conn, lambda: conn.sdk._client.get(task["response_url"]))
        except ServiceError as exc:
            return Poll("failed", error=exc.message)
        if result.status_code >= 400:
            detail = result.text[:200]
            return Poll("failed", error=f"fal: the request failed: HTTP {result.status_code}: {conn.redact(detail)}")
        data = result.json()
        audio = data.get("audio") if isinstance(data, dict) else None
        url = audio.get("url") if isinstance(audio, dict) else None
        if not url:
            return Poll("failed", error="fal: the result has no audio.url")
        seed = data.get("seed")
        return Poll("done", outputs=[Output(url=url, seed=str(seed) if seed is not None else None)])


SERVICE = Fal()
