"""Post-processing on pydub segments: trim silence, normalise loudness, fade, join, preview.

Loudness is integrated loudness in LUFS (ITU-R BS.1770-4, measured with pyloudnorm), not peak
level. Normalising applies the gain that reaches the target; if that would push a sample above
the ceiling (-1 dBFS by default) a look-ahead peak limiter holds it there (so nothing clips), and
the gain is topped up once more so the result still lands on the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from songsmith.audio import AudioError
from songsmith.audio.probe import from_array, int_samples, integrated_loudness, to_array

DEFAULT_SILENCE_DBFS = -50.0
DEFAULT_CEILING_DBFS = -1.0
#: Look-ahead (and release) of the peak limiter, in seconds.
LIMITER_WINDOW_S = 0.005


def trim_silence(segment: Any, threshold_dbfs: float = DEFAULT_SILENCE_DBFS, *,
                 chunk_ms: int = 10, keep_ms: int = 0) -> Any:
    """Cut leading and trailing audio quieter than ``threshold_dbfs`` (to ``chunk_ms`` precision)."""
    from pydub.silence import detect_leading_silence

    start = detect_leading_silence(segment, silence_threshold=threshold_dbfs, chunk_size=chunk_ms)
    if start >= len(segment):
        raise AudioError(f"the audio is silent throughout (below {threshold_dbfs:g} dBFS); nothing is left "
                         "after trimming")
    tail = detect_leading_silence(segment.reverse(), silence_threshold=threshold_dbfs, chunk_size=chunk_ms)
    end = len(segment) - tail
    return segment[max(0, start - keep_ms):min(len(segment), end + keep_ms)]


@dataclass
class Normalised:
    segment: Any
    before_lufs: float
    after_lufs: float
    gain_db: float
    limited: bool
    peak_dbfs: float | None


def normalize(segment: Any, target_lufs: float = -14.0, *, ceiling_dbfs: float = DEFAULT_CEILING_DBFS) -> Normalised:
    """Bring integrated loudness to ``target_lufs``, never letting a sample pass ``ceiling_dbfs``."""
    import numpy as np

    if not -70 <= target_lufs <= 0:
        raise AudioError(f"loudness target {target_lufs:g} LUFS is out of range; use -70 to 0 (streaming: -14)")
    samples = to_array(segment)
    before = integrated_loudness(segment, samples)
    if before is None:
        raise AudioError("cannot measure loudness: the audio is silent or shorter than 0.4 s")
    ceiling = 10 ** (ceiling_dbfs / 20)
    gain_db = target_lufs - before
    ints = int_samples(segment)
    peak = max(int(ints.max()), -int(ints.min())) / 32768 if ints.size else 0.0
    if peak * 10 ** (gain_db / 20) <= ceiling:
        # No sample reaches the ceiling: a plain gain (pydub, in C), and since loudness scales with
        # gain there is no need to measure again (that costs ~0.4 s for a song).
        out_peak = peak * 10 ** (gain_db / 20)
        return Normalised(segment.apply_gain(gain_db), round(before, 2), round(target_lufs, 2), round(gain_db, 2),
                          False, round(20 * math.log10(out_peak), 2) if out_peak > 0 else None)
    window = max(1, int(segment.frame_rate * LIMITER_WINDOW_S))
    out = samples * np.float32(10 ** (gain_db / 20))
    after = before + gain_db
    for attempt in range(4):
        if float(np.max(np.abs(out))) > ceiling:
            out = _limit(out, ceiling, window)
        after = integrated_loudness(segment, out) or after
        if abs(after - target_lufs) <= 0.1 or attempt == 3:
            break
        top_up = target_lufs - after
        out = out * (10 ** (top_up / 20))
        gain_db += top_up
    out = np.clip(out, -ceiling, ceiling)
    result = from_array(out, segment)
    peak = float(np.max(np.abs(out))) if out.size else 0.0
    return Normalised(result, round(before, 2), round(after, 2), round(gain_db, 2), True,
                      round(20 * math.log10(peak), 2) if peak > 0 else None)


def _limit(samples: Any, ceiling: float, window: int) -> Any:
    """Look-ahead peak limiter: a smooth gain curve that keeps every sample within ``ceiling``.

    ``need`` is the gain each frame needs; its running minimum over ±window, averaged over ±window/2,
    stays at or below ``need`` everywhere (every value averaged is a minimum over a range holding
    the frame) and changes smoothly, so there are no clicks.
    """
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    peak = np.max(np.abs(samples), axis=1)
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    floor = minimum_filter1d(need, size=2 * window + 1, mode="nearest")
    gain = uniform_filter1d(floor, size=window | 1, mode="nearest")
    gain = np.minimum(gain, need)
    return samples * gain[:, None]


def _ms(seconds: float, what: str) -> int:
    if not math.isfinite(seconds) or seconds < 0:
        raise AudioError(f"{what} must be a number of seconds from 0, got {seconds:g}")
    return int(round(seconds * 1000))


def fade(segment: Any, fade_in_s: float = 0.0, fade_out_s: float = 0.0) -> Any:
    """Linear fade in from silence and out to silence (pydub), in seconds."""
    fade_in = _ms(fade_in_s, "--fade-in")
    fade_out = _ms(fade_out_s, "--fade-out")
    if fade_in + fade_out > len(segment):
        raise AudioError(f"fades of {fade_in_s:g} s + {fade_out_s:g} s are longer than the audio "
                         f"({len(segment) / 1000:.1f} s)")
    if fade_in:
        segment = segment.fade_in(fade_in)
    if fade_out:
        segment = segment.fade_out(fade_out)
    return segment


def join(first: Any, second: Any, crossfade_ms: int = 0) -> Any:
    """``second`` after ``first``, overlapping by ``crossfade_ms`` (length = a + b - crossfade)."""
    if crossfade_ms < 0:
        raise AudioError(f"--crossfade must be 0 or more milliseconds, got {crossfade_ms}")
    shortest = min(len(first), len(second))
    if crossfade_ms > shortest:
        raise AudioError(f"--crossfade {crossfade_ms} ms is longer than the shorter part ({shortest} ms)")
    return first.append(second, crossfade=crossfade_ms)


def loudest_start(segment: Any, seconds: float) -> float:
    """Start (s) of the loudest ``seconds``-long window, in 100 ms steps: usually the chorus."""
    import numpy as np

    step = 100
    if len(segment) <= seconds * 1000:
        return 0.0
    samples = to_array(segment)
    per_step = max(1, segment.frame_rate * step // 1000)
    blocks = len(samples) // per_step
    energy = (samples[: blocks * per_step] ** 2).reshape(blocks, -1).sum(axis=1)
    width = int(seconds * 1000 // step)
    if width >= blocks:
        return 0.0
    sums = np.convolve(energy, np.ones(width), mode="valid")
    return float(int(np.argmax(sums)) * step / 1000)


def preview(segment: Any, seconds: float, start_s: float | None = None) -> Any:
    """A ``seconds``-long clip from ``start_s`` (default: the loudest stretch)."""
    length = _ms(seconds, "--preview")
    if length == 0:
        raise AudioError("--preview must be longer than 0 s")
    start = loudest_start(segment, seconds) if start_s is None else start_s
    begin = _ms(start, "--preview-start")
    if begin >= len(segment):
        raise AudioError(f"--preview-start {start:g} s is past the end of the audio ({len(segment) / 1000:.1f} s)")
    return segment[begin:begin + length]
