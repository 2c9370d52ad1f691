"""Time the last mile on a 4-minute stereo 44.1 kHz take: normalise + fade + tag, then mp3 encode.

    .venv/bin/python bench/audio_pipeline.py [--minutes 4] [--repeat 3]

Target: normalise (LUFS measure + gain + peak guard) + fades + tagging in < 3 s. The mp3 encode
(ffmpeg/LAME) is reported on its own, as is decoding the take from disk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def make_take(minutes: float) -> object:
    """A song-like stereo signal: a chord with a slow swell, some noise, quiet intro and outro."""
    import numpy as np

    from songsmith.audio.ffmpeg import pydub_segment

    AudioSegment = pydub_segment()
    rate = 44100
    frames = int(minutes * 60 * rate)
    t = np.arange(frames) / rate
    rng = np.random.default_rng(7)
    chord = sum(np.sin(2 * np.pi * f * t) for f in (220.0, 277.18, 329.63)) / 3
    swell = 0.5 + 0.5 * np.sin(2 * np.pi * t / 30)
    left = 0.25 * chord * swell + 0.02 * rng.standard_normal(frames)
    right = 0.25 * np.roll(chord, 200) * swell + 0.02 * rng.standard_normal(frames)
    stereo = np.stack([left, right], axis=1)
    stereo[: rate * 2] *= 0.05  # quiet intro
    ints = np.clip(stereo * 32767, -32768, 32767).astype("<i2")
    return AudioSegment(data=ints.tobytes(), sample_width=2, frame_rate=rate, channels=2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=4.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from songsmith.audio import process
    from songsmith.audio.export import export_audio
    from songsmith.audio.ffmpeg import find_ffmpeg
    from songsmith.audio.probe import load_audio
    from songsmith.audio.tags import TagInfo, write_tags

    ffmpeg = find_ffmpeg()
    take = make_take(args.minutes)
    info = TagInfo(title="春晓", artist="孟浩然", lyricist="孟浩然", album="唐诗三百首", year="2026",
                   language="zh", lyrics="春眠不觉晓\n处处闻啼鸟\n\n夜来风雨声\n花落知多少",
                   synced=[(0, "春眠不觉晓"), (4000, "处处闻啼鸟"), (8000, "夜来风雨声"), (12000, "花落知多少")])
    figures: dict[str, list[float]] = {k: [] for k in ("decode", "normalise", "fade", "tag", "mp3 encode")}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "take.wav"
        take.export(str(source), format="wav").close()  # type: ignore[attr-defined]
        process.normalize(take, -14)  # warm imports (numpy, scipy, pyloudnorm) outside the timings
        for _ in range(args.repeat):
            start = time.perf_counter()
            segment, _ = load_audio(source)
            figures["decode"].append(time.perf_counter() - start)

            start = time.perf_counter()
            result = process.normalize(segment, -14.0)
            figures["normalise"].append(time.perf_counter() - start)

            start = time.perf_counter()
            faded = process.fade(result.segment, 2.0, 6.0)
            figures["fade"].append(time.perf_counter() - start)

            out = Path(tmp) / "out.mp3"
            start = time.perf_counter()
            export_audio(faded, out, "mp3")
            figures["mp3 encode"].append(time.perf_counter() - start)

            start = time.perf_counter()
            write_tags(out, "mp3", info)
            figures["tag"].append(time.perf_counter() - start)
        size = out.stat().st_size

    median = {name: statistics.median(values) for name, values in figures.items()}
    core = median["normalise"] + median["fade"] + median["tag"]
    print(f"ffmpeg: {ffmpeg.path} ({ffmpeg.source}; {ffmpeg.version})")
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f} (figures inflate on a busy machine)")
    print(f"take: {args.minutes:g} min stereo 44.1 kHz; result {result.after_lufs:g} LUFS "
          f"(from {result.before_lufs:g}, limited: {result.limited}); mp3 {size / 1e6:.1f} MB; "
          f"median of {args.repeat}")
    for name, value in median.items():
        print(f"  {name:<11} {value:6.2f} s")
    print(f"normalise + fade + tag: {core:.2f} s (target < 3 s) {'OK' if core < 3 else 'SLOW'}")
    print(f"with mp3 encode:        {core + median['mp3 encode']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
