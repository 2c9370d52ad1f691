"""Find ffmpeg and hand it to pydub.

Order: ``$SONGSMITH_FFMPEG`` when set, else ``ffmpeg`` on ``PATH``, else the binary shipped by the
``imageio-ffmpeg`` wheel (so a fresh ``pip install`` needs no system package). songsmith never
needs ``ffprobe``: it decodes with ffmpeg itself (see :mod:`songsmith.audio.probe`).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from typing import Any

from songsmith.audio import AudioError

ENV_VAR = "SONGSMITH_FFMPEG"


@dataclass(frozen=True)
class Ffmpeg:
    path: str
    source: str  # "SONGSMITH_FFMPEG", "PATH" or "imageio-ffmpeg"
    version: str


def find_ffmpeg() -> Ffmpeg:
    """The ffmpeg to use, checked to run; :class:`AudioError` (one line) when there is none."""
    return _locate(os.environ.get(ENV_VAR) or None)


@functools.cache
def _locate(explicit: str | None) -> Ffmpeg:
    if explicit:
        path = shutil.which(explicit) or explicit
        if not os.path.isfile(path):
            raise AudioError(f"{ENV_VAR}={explicit}: no such ffmpeg executable")
        return _check(path, ENV_VAR)
    system = shutil.which("ffmpeg")
    if system:
        return _check(system, "PATH")
    try:
        import imageio_ffmpeg

        bundled = imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError) as exc:
        raise AudioError(
            "no ffmpeg found: install imageio-ffmpeg (pip install imageio-ffmpeg) or a system ffmpeg, "
            f"or set {ENV_VAR} ({exc})"
        ) from None
    return _check(bundled, "imageio-ffmpeg")


def _check(path: str, source: str) -> Ffmpeg:
    try:
        result = subprocess.run([path, "-hide_banner", "-version"], capture_output=True, timeout=30,
                                stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AudioError(f"ffmpeg at {path} (from {source}) does not run: {exc}") from None
    if result.returncode != 0:
        raise AudioError(f"ffmpeg at {path} (from {source}) does not run: {last_line(result.stderr)}")
    first = result.stdout.decode("utf-8", "replace").splitlines()
    return Ffmpeg(path, source, first[0] if first else "ffmpeg")


def pydub_segment() -> Any:
    """pydub's ``AudioSegment`` class, set to use our ffmpeg (and without pydub's import warning)."""
    ffmpeg = find_ffmpeg()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg or avconv" at import
        warnings.simplefilter("ignore", DeprecationWarning)  # "audioop is deprecated" (Python 3.11-3.12)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg.path
    AudioSegment.ffmpeg = ffmpeg.path
    return AudioSegment


def run_ffmpeg(args: list[str], *, timeout: float = 600) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg quietly (errors only) with ``args``; the caller inspects the result."""
    ffmpeg = find_ffmpeg()
    command = [ffmpeg.path, "-nostdin", "-hide_banner", "-loglevel", "error", *args]
    try:
        return subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise AudioError(f"ffmpeg took longer than {timeout:g} s and was stopped") from None
    except OSError as exc:
        raise AudioError(f"ffmpeg at {ffmpeg.path} does not run: {exc}") from None


def last_line(stderr: bytes | str | None) -> str:
    """The most telling line of ffmpeg's stderr, without the ``[in#0 @ 0x…]`` prefixes."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else (stderr or "")
    lines = []
    for raw in text.splitlines():
        line = _strip_prefix(raw)
        generic = line.lower().startswith(("error opening input", "error opening output", "conversion failed"))
        if generic and ": " in line:
            line = line.split(": ", 1)[1]  # "Error opening input: Invalid data …" → the reason
        elif generic:
            continue  # "Error opening input file x.mp3." says nothing new
        if line and line not in lines:
            lines.append(line)
    return lines[0] if lines else "no message"


def _strip_prefix(line: str) -> str:
    line = line.strip()
    while line.startswith("[") and "]" in line:
        line = line[line.index("]") + 1:].strip()
    return line
