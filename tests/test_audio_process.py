"""Trim, loudness normalisation, fades, crossfade joins and preview clips on generated audio."""

from __future__ import annotations

import numpy as np
import pytest
from audio_helpers import RATE, noise, rms_db, silence, tone

from songsmith.audio import AudioError, process
from songsmith.audio.probe import from_array, integrated_loudness, to_array


def test_trim_silence_cuts_both_ends_to_the_sound() -> None:
    clip = silence(1000) + tone(2000) + silence(1500)
    trimmed = process.trim_silence(clip)
    assert abs(len(trimmed) - 2000) <= 20
    assert rms_db(trimmed[:50]) > -30


def test_trim_silence_keeps_audio_without_silence() -> None:
    clip = tone(1500)
    assert abs(len(process.trim_silence(clip)) - 1500) <= 10


def test_trim_silence_of_pure_silence_is_an_error() -> None:
    with pytest.raises(AudioError, match="silent throughout"):
        process.trim_silence(silence(1000))


@pytest.mark.parametrize("target", [-14.0, -23.0, -9.0])
def test_normalize_reaches_the_target_loudness(target: float) -> None:
    clip = noise(3000, volume=-35, channels=2)
    result = process.normalize(clip, target)
    measured = integrated_loudness(result.segment)
    assert measured is not None and abs(measured - target) <= 0.5
    assert abs(result.after_lufs - target) <= 0.5
    assert result.before_lufs < -30


def test_normalize_limits_peaks_instead_of_clipping() -> None:
    # A quiet tone with loud clicks: the gain to -10 LUFS would push the clicks far past full scale.
    base = to_array(tone(3000, volume=-26))
    for start in range(RATE // 4, len(base), RATE // 2):
        base[start:start + 40] = 0.9
    clip = from_array(base, tone(3000))
    result = process.normalize(clip, -10.0, ceiling_dbfs=-1.0)
    out = to_array(result.segment)
    assert result.limited
    assert float(np.max(np.abs(out))) <= 10 ** (-1.0 / 20) + 1e-4
    assert abs(integrated_loudness(result.segment) - (-10.0)) <= 0.5


def test_normalize_refuses_unmeasurable_audio() -> None:
    with pytest.raises(AudioError, match="cannot measure loudness"):
        process.normalize(silence(2000), -14)
    with pytest.raises(AudioError, match="out of range"):
        process.normalize(tone(1000), 5)


def test_fades_make_the_ends_much_quieter_than_the_middle() -> None:
    clip = process.fade(tone(3000, volume=-10), 1.0, 1.0)
    middle = rms_db(clip[1400:1600])
    assert rms_db(clip[:50]) < middle - 20
    assert rms_db(clip[-50:]) < middle - 20
    assert len(clip) == 3000


def test_fades_longer_than_the_audio_are_refused() -> None:
    with pytest.raises(AudioError, match="longer than the audio"):
        process.fade(tone(1000), 0.6, 0.6)
    with pytest.raises(AudioError, match="from 0"):
        process.fade(tone(1000), -1, 0)


@pytest.mark.parametrize("crossfade", [0, 250, 1000])
def test_join_length_is_a_plus_b_minus_crossfade(crossfade: int) -> None:
    first, second = tone(2000), tone(3000, freq=330)
    joined = process.join(first, second, crossfade)
    assert len(joined) == 2000 + 3000 - crossfade


def test_join_syncs_channels_and_refuses_long_crossfades() -> None:
    joined = process.join(tone(1000, channels=1), tone(1000, channels=2), 100)
    assert joined.channels == 2 and len(joined) == 1900
    with pytest.raises(AudioError, match="longer than the shorter part"):
        process.join(tone(500), tone(2000), 800)


def test_preview_takes_the_loudest_stretch_by_default() -> None:
    clip = tone(3000, volume=-40) + tone(2000, volume=-6) + tone(3000, volume=-40)
    start = process.loudest_start(clip, 2.0)
    assert abs(start - 3.0) <= 0.1
    assert len(process.preview(clip, 2.0)) == 2000
    assert len(process.preview(clip, 2.0, 7.0)) == 1000  # clipped at the end
    with pytest.raises(AudioError, match="past the end"):
        process.preview(clip, 2.0, 9.0)
