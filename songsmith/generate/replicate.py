"""Replicate through its official client (``replicate``): predictions, polled.

``--model`` is ``owner/name`` (the model's current version) or ``owner/name:version``; the input
is ``ace-step-1.5.json`` as packaged (``caption``, ``lyrics``, ``duration``, ``bpm`` …: the
names ACE-Step 1.5 itself uses; a model whose inputs are named otherwise needs its own mapping).
A prediction is starting, processing, succeeded (``output``: a URL or a list of URLs), failed
or canceled. Replicate deletes outputs an hour after the prediction: a link that expired cannot
be fetched again, only generated anew. ``metrics.predict_time`` is kept with the take.
"""

from __future__ import annotations

from typing import Any

from songsmith.generate.base import Output, Poll, Service, Submitted
from songsmith.generate.http import ServiceError

RUNNING = frozenset({"starting", "processing"})


class Replicate(Service):
    name = "replicate"
    target = "ace-step-1.5"
    key_env = "REPLICATE_API_TOKEN"
    default_base_url = "https://api.replicate.com"
    default_model = "visoar/ace-step-1.5"
    concurrency = 4
    rate = 5.0
    poll_interval = 3.0

    def request(self, body: dict[str, Any], model: str, n: int) -> dict[str, Any]:
        return {"model": model, "input": dict(body)}

    def expected_seconds(self, request: dict[str, Any]) -> float | None:
        duration = request.get("input", {}).get("duration")
        return float(duration) if isinstance(duration, (int, float)) and duration > 0 else None

    def connect(self, conn: Any) -> None:
        import replicate

        from songsmith.generate.http import deadline_client

        conn.sdk = replicate.Client(api_token=conn.key, base_url=conn.base_url)
        # The SDK's retrying transport sleeps for any Retry-After a server sends (an hour, if it
        # says so): it makes one attempt here, and the engine retries with its capped waits.
        transport = conn.sdk._client._transport
        if hasattr(transport, "max_attempts"):
            transport.max_attempts = 1
        deadline_client(conn.sdk._client)

    def _call(self, conn: Any, function: Any) -> Any:
        from replicate.exceptions import ReplicateError

        from songsmith.generate.http import deadline

        conn.http.limiter.wait()
        try:
            with deadline(conn.options.timeout):
                return function()
        except ReplicateError as exc:
            status = getattr(exc, "status", None)
            detail = getattr(exc, "detail", None) or str(exc)
            raise ServiceError(f"replicate: HTTP {status}: {conn.redact(str(detail))}",
                               transient=status in (429, 502, 503, 504), status=status) from None
        except Exception as exc:  # noqa: BLE001 - httpx transport errors
            raise ServiceError(f"replicate: {type(exc).__name__}: {conn.redact(str(exc))}", transient=True) from None

    def submit(self, conn: Any, request: dict[str, Any]) -> Submitted:
        model = request["model"]
        if ":" in model:
            create = lambda: conn.sdk.predictions.create(version=model.split(":", 1)[1], input=request["input"])  # noqa: E731
        else:
            create = lambda: conn.sdk.predictions.create(model=model, input=request["input"])  # noqa: E731
        prediction = self._call(conn, create)
        return Submitted(task_id=prediction.id)

    def poll(self, conn: Any, task_id: str, task: dict[str, Any]) -> Poll:
        prediction = self._call(conn, lambda: conn.sdk.predictions.get(task_id))
        if prediction.status in RUNNING:
            return Poll("running", progress=prediction.status)
        if prediction.status != "succeeded":
            return Poll("failed", error=f"replicate: prediction {prediction.status}: "
                                        f"{conn.redact(str(prediction.error or 'no reason given'))}")
        output = prediction.output
        urls = [output] if isinstance(output, str) else [u for u in output or [] if isinstance(u, str)]
        if not urls:
            return Poll("failed", error="replicate: the prediction succeeded with no output URL")
        seconds = (prediction.metrics or {}).get("predict_time")
        return Poll("done", outputs=[Output(url=u, id=f"{task_id}/{i}" if len(urls) > 1 else None)
                                     for i, u in enumerate(urls)], progress=f"predict_time {seconds}")

    def refresh(self, conn: Any, task_id: str, task: dict[str, Any]) -> list[Output] | None:
        return None  # outputs are deleted after an hour


SERVICE = Replicate()
