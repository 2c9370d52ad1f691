"""Load audio safely and measure it: duration, sample rate, channels, loudness (LUFS), sha256.

Every file is checked before it is decoded: it must exist, be a regular file, hold at least one
byte and at most :data:`MAX_BYTES` (1 GiB; ``$SONGSMITH_AUDIO_MAX_BYTES`` overrides). ffmpeg
decodes it to 16-bit PCM at the file's own sample rate and channel count, stopping after
:data:`MAX_SECONDS`. A file whose header promises more audio than decodes (a truncated MP3, FLAC
or WAV) is refused. Nothing here writes to the file.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from songsmith.audio import AudioError
from songsmith.audio.ffmpeg import last_line, pydub_segment, run_ffmpeg

#: Largest input file read, in bytes (checked before decoding).
MAX_BYTES = 1 << 30
#: Longest audio decoded, in seconds (bounds the memory a decode can take: ~635 MB at 44.1 kHz stereo).
MAX_SECONDS = 3600
SIZE_ENV = "SONGSMITH_AUDIO_MAX_BYTES"
#: Shortest audio pyloudnorm can measure (one 400 ms gating block).
_MIN_LOUDNESS_S = 0.4


@dataclass
class AudioInfo:
    path: str
    size_bytes: int
    sha256: str
    duration_s: float
    sample_rate: int
    channels: int
    loudness_lufs: float | None
    peak_dbfs: float | None
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def max_bytes() -> int:
    value = os.environ.get(SIZE_ENV)
    if value:
        try:
            return int(value)
        except ValueError:
            raise AudioError(f"{SIZE_ENV}={value!r}: expected a number of bytes") from None
    return MAX_BYTES


def check_file(path: str | os.PathLike[str]) -> int:
    """Size of an audio file that may be decoded; :class:`AudioError` otherwise."""
    name = str(path)
    try:
        stat = os.stat(name)
    except FileNotFoundError:
        raise AudioError("no such audio file", path=name) from None
    except OSError as exc:
        raise AudioError(f"cannot read: {exc.strerror or exc}", path=name) from None
    if not os.path.isfile(name):
        raise AudioError("not a regular file", path=name)
    if stat.st_size == 0:
        raise AudioError("empty file (0 bytes): not audio", path=name)
    cap = max_bytes()
    if stat.st_size > cap:
        raise AudioError(f"file is {_size(stat.st_size)}; songsmith reads audio up to {_size(cap)} "
                         f"(set {SIZE_ENV} to change)", path=name)
    if not os.access(name, os.R_OK):
        raise AudioError("cannot read: permission denied", path=name)
    return stat.st_size


def load_audio(path: str | os.PathLike[str]) -> tuple[Any, list[str]]:
    """Decode a file into a pydub ``AudioSegment`` (16-bit PCM); also return decoder warnings."""
    name = str(path)
    check_file(name)
    AudioSegment = pydub_segment()
    from pydub.audio_segment import fix_wav_headers
    from pydub.exceptions import CouldntDecodeError

    result = run_ffmpeg(["-i", name, "-vn", "-map", "0:a:0", "-t", str(MAX_SECONDS + 1),
                         "-f", "wav", "-acodec", "pcm_s16le", "-"])
    if result.returncode != 0 or len(result.stdout) <= 44:
        reason = last_line(result.stderr)
        if "matches no streams" in reason or "does not contain any stream" in reason:
            reason = "no audio stream"
        raise AudioError(f"not readable audio: {reason}", path=name)
    data = bytearray(result.stdout)
    try:
        fix_wav_headers(data)
        segment = AudioSegment._from_safe_wav(io.BytesIO(bytes(data)))
    except (CouldntDecodeError, ValueError, IndexError) as exc:
        raise AudioError(f"not readable audio: {exc}", path=name) from None
    if len(segment) == 0:
        raise AudioError("not readable audio: no samples decode", path=name)
    if len(segment) > MAX_SECONDS * 1000:
        raise AudioError(f"longer than {MAX_SECONDS // 60} minutes; songsmith handles songs, not whole albums",
                         path=name)
    _check_not_truncated(name, len(segment) / 1000)
    warnings = [f"{name}: decoder: {line}" for line in _lines(result.stderr)[:3]]
    return segment, warnings


def _lines(stderr: bytes) -> list[str]:
    return [line.strip() for line in stderr.decode("utf-8", "replace").splitlines() if line.strip()]


def declared_length(path: str) -> float | None:
    """Length in seconds that the file's own header promises, when it states one exactly."""
    try:
        import mutagen
        from mutagen.mp3 import MP3, BitrateMode

        audio = mutagen.File(path)
    except Exception:  # noqa: BLE001 - an unreadable header just means "unknown"
        return None
    if audio is None or getattr(audio, "info", None) is None:
        return None
    length = getattr(audio.info, "length", None)
    if not length or not math.isfinite(length):
        return None
    kind = type(audio).__name__
    if isinstance(audio, MP3):
        # Only a Xing/Info or VBRI header states the frame count; otherwise the length is a guess
        return float(length) if audio.info.bitrate_mode != BitrateMode.UNKNOWN else None
    if kind in ("FLAC", "WAVE"):
        return float(length)
    return None


def _check_not_truncated(path: str, decoded_s: float) -> None:
    declared = declared_length(path)
    if declared is None:
        return
    if decoded_s < declared - max(0.5, 0.02 * declared):
        raise AudioError(f"truncated: the header promises {declared:.1f} s but only {decoded_s:.1f} s decodes "
                         "(an incomplete download?)", path=path)


def sha256_file(path: str | os.PathLike[str]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def int_samples(segment: Any) -> Any:
    """The 16-bit samples of a segment, shape (frames, channels), without copying."""
    import numpy as np

    if segment.sample_width != 2:
        segment = segment.set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype="<i2").reshape(-1, segment.channels)


def to_array(segment: Any) -> Any:
    """Samples as float32 in [-1, 1), shape (frames, channels) (float32: half the memory and time)."""
    import numpy as np

    samples = int_samples(segment).astype(np.float32)
    samples *= np.float32(1 / 32768)
    return samples


def from_array(samples: Any, like: Any) -> Any:
    """A 16-bit segment from float samples (clipped to full scale), with ``like``'s rate and channels."""
    import numpy as np

    scaled = samples * np.float32(32768)
    np.rint(scaled, out=scaled)
    np.clip(scaled, -32768, 32767, out=scaled)
    return like._spawn(scaled.astype("<i2").tobytes(), overrides={"sample_width": 2})


def integrated_loudness(segment: Any, samples: Any = None) -> float | None:
    """Integrated loudness in LUFS (ITU-R BS.1770-4, via pyloudnorm); None when too short or silent."""
    if len(segment) < _MIN_LOUDNESS_S * 1000:
        return None
    import pyloudnorm

    data = to_array(segment) if samples is None else samples
    try:
        value = pyloudnorm.Meter(segment.frame_rate).integrated_loudness(data)
    except (ValueError, IndexError):  # e.g. more than 5 channels: BS.1770 has no weights for them
        return None
    return float(value) if math.isfinite(value) else None


def peak_dbfs(samples: Any) -> float | None:
    import numpy as np

    peak = float(np.max(np.abs(samples))) if samples.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else None


def probe(path: str | os.PathLike[str]) -> AudioInfo:
    """Check, decode and measure one file."""
    name = str(path)
    size = check_file(name)
    segment, warnings = load_audio(name)
    samples = to_array(segment)
    return AudioInfo(
        path=name,
        size_bytes=size,
        sha256=sha256_file(name),
        duration_s=round(len(segment) / 1000, 3),
        sample_rate=segment.frame_rate,
        channels=segment.channels,
        loudness_lufs=_round(integrated_loudness(segment, samples)),
        peak_dbfs=_round(peak_dbfs(samples)),
        warnings=warnings,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _size(count: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if count < 1024 or unit == "GiB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)


__all__ = ["AudioInfo", "MAX_BYTES", "MAX_SECONDS", "check_file", "load_audio", "probe", "sha256_file",
           "integrated_loudness", "to_array", "from_array"]
