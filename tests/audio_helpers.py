"""Audio made on the fly for the audio tests: tones, silence and noise from pydub's generators."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from songsmith.audio.ffmpeg import pydub_segment

AudioSegment = pydub_segment()

from pydub.generators import Sine, WhiteNoise  # noqa: E402 - after pydub is pointed at ffmpeg

RATE = 44100


def tone(ms: int, volume: float = -20.0, freq: float = 440.0, channels: int = 1) -> Any:
    return Sine(freq, sample_rate=RATE).to_audio_segment(duration=ms, volume=volume).set_channels(channels)


def noise(ms: int, volume: float = -30.0, channels: int = 1) -> Any:
    return WhiteNoise(sample_rate=RATE).to_audio_segment(duration=ms, volume=volume).set_channels(channels)


def silence(ms: int, channels: int = 1) -> Any:
    return AudioSegment.silent(duration=ms, frame_rate=RATE).set_channels(channels).set_sample_width(2)


def write(segment: Any, path: Path, fmt: str | None = None) -> Path:
    fmt = fmt or path.suffix.lstrip(".")
    handle = segment.export(str(path), format=fmt)
    handle.close()
    return path


def rms_db(segment: Any) -> float:
    return -math.inf if segment.rms == 0 else segment.dBFS


SONG_YAML = """\
songsmith: 1
title: 春晓
language: zh
source:
  title: 春晓
  author: 孟浩然
  collection: 唐诗三百首
style:
  prompt: chinese traditional folk, guzheng
  genre: chinese traditional folk
lyrics: |
  [Verse 1]
  春眠不觉晓
  处处闻啼鸟

  [Chorus]
  夜来风雨声
  花落知多少
candidates:
- id: c1
  target: suno
  style: chinese traditional folk, guzheng
"""


def song_file(directory: Path, name: str = "song.yaml") -> Path:
    path = directory / name
    path.write_text(SONG_YAML, encoding="utf-8")
    return path
