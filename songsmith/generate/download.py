"""Fetch an output into ``takes/``, and check it before it becomes a file there.

The bytes go to a temporary ``.part`` file beside the target (:func:`partial_file`); only when
the whole body arrived (as many bytes as ``Content-Length`` said), it is not a page or a JSON
error, it decodes (:func:`songsmith.audio.probe.probe`: ffmpeg, with the truncation check) and
its length is plausible is it renamed into place. Anything else removes the ``.part`` file and
raises :class:`DownloadError`; ``expired`` says the link no longer works (403, 404, 410), so
the service may be asked for a fresh one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songsmith.errors import SongsmithError

NOT_AUDIO_TYPES = ("text/", "application/json", "application/xml", "application/problem")
EXPIRED = frozenset({401, 403, 404, 410})


class DownloadError(SongsmithError):
    def __init__(self, message: str, *, expired: bool = False, transient: bool = True) -> None:
        super().__init__(message)
        self.expired = expired
        self.transient = transient


@dataclass
class Plausible:
    """How long a take may be: at least ``minimum`` seconds, at most ``maximum``, and within
    ``tolerance`` (a share, plus 2 s) of the length the service or the request stated."""

    minimum: float = 5.0
    maximum: float = 900.0
    tolerance: float = 0.15

    def problem(self, seconds: float, expected: float | None) -> str | None:
        if seconds < self.minimum:
            return f"only {seconds:.1f} s of audio (at least {self.minimum:g} s expected)"
        if seconds > self.maximum:
            return f"{seconds:.0f} s of audio (at most {self.maximum:g} s expected)"
        if expected and abs(seconds - expected) > self.tolerance * expected + 2:
            return f"{seconds:.1f} s of audio where {expected:.1f} s was stated"
        return None


def fetch(client: Any, url: str, target: Path, *, expected: float | None, plausible: Plausible,
          redact: Any, headers: dict[str, str] | None = None) -> Any:
    """Download ``url`` to ``target`` and return its :class:`AudioInfo` (measured before the rename)."""
    import httpx

    from songsmith.document.writer import partial_file

    try:
        with partial_file(target) as (handle, tmp):
            with client.stream("GET", url, headers=headers or {}) as response:
                if response.status_code in EXPIRED:
                    raise DownloadError(f"download: HTTP {response.status_code} (the link expired?)", expired=True)
                if response.status_code >= 400:
                    raise DownloadError(f"download: HTTP {response.status_code}",
                                        transient=response.status_code >= 500 or response.status_code == 429)
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if kind.startswith(NOT_AUDIO_TYPES):
                    raise DownloadError(f"download: the link gave {kind}, not audio")
                declared = response.headers.get("content-length")
                received = 0
                for chunk in response.iter_bytes(1 << 16):
                    handle.write(chunk)
                    received += len(chunk)
            if declared is not None and declared.isdigit() and received < int(declared):
                raise DownloadError(f"download cut short: {received} of {declared} bytes")
            handle.flush()
            return check(tmp, expected=expected, plausible=plausible)
    except httpx.HTTPError as exc:
        raise DownloadError(f"download: {type(exc).__name__}: {redact(str(exc))}") from None


def save_bytes(data: bytes, target: Path, *, expected: float | None, plausible: Plausible) -> Any:
    """Audio the service sent in its answer: the same checks, the same rename."""
    from songsmith.document.writer import partial_file

    with partial_file(target) as (handle, tmp):
        handle.write(data)
        handle.flush()
        return check(tmp, expected=expected, plausible=plausible)


def check(path: Path, *, expected: float | None, plausible: Plausible) -> Any:
    from songsmith.audio import AudioError
    from songsmith.audio.probe import probe

    try:
        info = probe(path)
    except AudioError as exc:
        raise DownloadError(f"not a usable take: {exc.message}") from None
    problem = plausible.problem(info.duration_s, expected)
    if problem:
        raise DownloadError(f"not a usable take: {problem}")
    return info
