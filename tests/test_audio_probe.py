"""Loading and measuring takes; bad audio (empty, not audio, truncated, huge) gives one clear line."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from audio_helpers import noise, tone, write

from songsmith.audio import AudioError
from songsmith.audio.ffmpeg import ENV_VAR, find_ffmpeg, last_line
from songsmith.audio.probe import SIZE_ENV, integrated_loudness, load_audio, probe


def test_probe_measures_a_stereo_take(tmp_path: Path) -> None:
    path = write(noise(2500, volume=-25, channels=2), tmp_path / "take.wav")
    info = probe(path)
    assert info.sample_rate == 44100 and info.channels == 2
    assert abs(info.duration_s - 2.5) < 0.01
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.loudness_lufs is not None and -30 < info.loudness_lufs < -15
    assert info.size_bytes == path.stat().st_size


def test_probe_reads_mp3_and_keeps_the_original(tmp_path: Path) -> None:
    path = write(tone(2000, channels=2), tmp_path / "take.mp3")
    before = path.read_bytes()
    info = probe(path)
    assert abs(info.duration_s - 2.0) < 0.1
    assert path.read_bytes() == before


def test_short_audio_has_no_loudness(tmp_path: Path) -> None:
    info = probe(write(tone(200), tmp_path / "blip.wav"))
    assert info.loudness_lufs is None
    assert integrated_loudness(tone(200)) is None


def _bad(path: Path, pattern: str) -> None:
    before = path.read_bytes() if path.exists() else None
    with pytest.raises(AudioError, match=pattern) as caught:
        load_audio(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    if before is not None:
        assert path.read_bytes() == before


def test_zero_length_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp3"
    path.write_bytes(b"")
    _bad(path, "empty file")


def test_text_file_is_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "lyrics.mp3"
    path.write_text("床前明月光\n疑是地上霜\n" * 20, encoding="utf-8")
    _bad(path, "not readable audio")
    plain = tmp_path / "notes.txt"
    plain.write_text("just some notes\n", encoding="utf-8")
    _bad(plain, "not readable audio")


def test_truncated_mp3(tmp_path: Path) -> None:
    whole = write(tone(4000, channels=2), tmp_path / "whole.mp3")
    data = whole.read_bytes()
    half = tmp_path / "half.mp3"
    half.write_bytes(data[: len(data) // 2])
    _bad(half, "truncated")
    stub = tmp_path / "stub.mp3"
    stub.write_bytes(data[:300])
    _bad(stub, "not readable audio")


def test_truncated_wav(tmp_path: Path) -> None:
    whole = write(tone(3000), tmp_path / "whole.wav")
    data = whole.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(data[: len(data) // 3])
    _bad(cut, "truncated")


def test_huge_file_is_refused_before_decoding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tone(1000), tmp_path / "big.wav")
    monkeypatch.setenv(SIZE_ENV, "1000")
    _bad(path, "songsmith reads audio up to")


def test_missing_and_directory(tmp_path: Path) -> None:
    _bad(tmp_path / "nope.mp3", "no such audio file")
    with pytest.raises(AudioError, match="not a regular file"):
        load_audio(tmp_path)


def test_ffmpeg_is_found_and_runs() -> None:
    ffmpeg = find_ffmpeg()
    assert ffmpeg.source in ("PATH", "imageio-ffmpeg", ENV_VAR)
    assert "ffmpeg" in ffmpeg.version.lower()


def test_missing_or_broken_ffmpeg_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "no-ffmpeg"))
    with pytest.raises(AudioError, match="no such ffmpeg executable"):
        find_ffmpeg()
    broken = tmp_path / "ffmpeg"
    broken.write_text("#!/bin/sh\necho 'libavcodec.so.60: cannot open shared object file' >&2\nexit 127\n")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv(ENV_VAR, str(broken))
    with pytest.raises(AudioError, match="does not run: libavcodec.so.60") as caught:
        find_ffmpeg()
    assert "\n" not in str(caught.value)


def test_last_line_picks_the_reason() -> None:
    stderr = (b"[in#0 @ 0x1] Failed to find two consecutive MPEG audio frames.\n"
              b"[in#0 @ 0x2] Error opening input: Invalid data found when processing input\n"
              b"Error opening input file x.mp3.\n")
    assert last_line(stderr) == "Failed to find two consecutive MPEG audio frames."
    assert last_line(b"") == "no message"
