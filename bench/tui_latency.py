"""TUI responsiveness: time to first paint of a 300-line song, and key-to-render latency.

* **first paint**: from creating the app (``make_app``) to the first frame of the editor screen
  holding the lyrics (headless driver, 120x36). Import time of ``songsmith_tui.app`` is printed
  separately. Target < 1 s.
* **key-to-render**: 500 characters typed into the lyrics one by one, each posted as a key event
  like the terminal driver does; the latency is from posting the key to the end of the frame that
  shows it. Target: median < 20 ms (p95 and max printed too). Wall-clock latency depends on the
  machine's load, so the CPU time the app's thread spent per key is printed too, and the same
  loop is run against a bare Textual ``TextArea`` holding the same text, as a baseline.

    .venv/bin/python bench/tui_latency.py [--lines 300] [--chars 500]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def song_text(lines: int) -> str:
    body: list[str] = []
    kinds = ["Verse", "Pre-Chorus", "Chorus", "Bridge"]
    n = 0
    while len(body) < lines:
        kind = kinds[n % len(kinds)]
        body.append(f"[{kind} {n // len(kinds) + 1}]")
        for i in range(6):
            body.append("床前明月光 疑是地上霜" if i % 2 else "(ooh) the moon is on the river tonight")
        body.append("")
        n += 1
    lyrics = "\n".join("  " + line if line else "" for line in body[:lines])
    return f"songsmith: 1\ntitle: Bench\nlanguage: zh\nstyle:\n  prompt: guzheng ballad\nlyrics: |\n{lyrics}\n"


async def type_keys(app, area, chars: int, frames: list[float], frame_event: asyncio.Event
                    ) -> tuple[list[float], list[float]]:  # type: ignore[no-untyped-def]
    from textual import events

    text = "abcdefghij klmnopqrst uvwxyz 月光\n"  # lyric-length lines, as people type them
    wall: list[float] = []
    cpu: list[float] = []
    for i in range(chars):
        char = text[i % len(text)]
        key = {" ": "space", "\n": "enter"}.get(char, char)
        frame_event.clear()
        sent, sent_cpu = time.perf_counter(), time.thread_time()
        app.post_message(events.Key(key, char))
        await asyncio.wait_for(frame_event.wait(), 5)
        wall.append(frames[-1] - sent)
        cpu.append(time.thread_time() - sent_cpu)
        await asyncio.sleep(0)  # let the timers (status, lint) run like between real keys
    assert area.text.count("abcdefghij") >= chars // len(text), "the keys did not reach the editor"
    return wall, cpu


def _hook(app, frames: list[float], frame_event: asyncio.Event, on_frame=None) -> None:  # type: ignore[no-untyped-def]
    original = app._display

    def display(screen, renderable):  # type: ignore[no-untyped-def]
        original(screen, renderable)
        frames.append(time.perf_counter())
        if on_frame is not None:
            on_frame(screen)
        frame_event.set()

    app._display = display


async def baseline(path: Path, chars: int) -> tuple[list[float], list[float]]:
    """The same typing into a bare Textual TextArea (no songsmith code at all)."""
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    from songsmith.document.songfile import load_song

    text = load_song(path).song.lyrics

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield TextArea(text, show_line_numbers=True, soft_wrap=False)

    app = Bare()
    frames: list[float] = []
    frame_event = asyncio.Event()
    _hook(app, frames, frame_event)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause(0.3)
        area = app.query_one(TextArea)
        area.cursor_blink = False
        area.move_cursor((3, 0))
        await pilot.pause()
        return await type_keys(app, area, chars, frames, frame_event)


async def measure(path: Path, chars: int) -> tuple[float, list[float], list[float]]:
    from songsmith_tui.app import make_app
    from songsmith_tui.screens.editor import EditorScreen
    from songsmith_tui.services.settings import TuiSettings

    frames: list[float] = []
    frame_event = asyncio.Event()
    first_paint: list[float] = []

    start = time.perf_counter()
    app = make_app(path, settings=TuiSettings(), cursor_blink=False, autosave=False)

    def on_frame(screen) -> None:  # type: ignore[no-untyped-def]
        if not first_paint and isinstance(screen, EditorScreen):
            first_paint.append(time.perf_counter() - start)

    _hook(app, frames, frame_event, on_frame)
    async with app.run_test(size=(120, 36)) as pilot:
        while not first_paint:
            await asyncio.sleep(0.001)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)
        screen = app.screen
        area = screen.lyrics
        area.move_cursor((3, 0))
        await pilot.pause()
        wall, cpu = await type_keys(app, area, chars, frames, frame_event)
        await pilot.pause(0.8)
    return first_paint[0], wall, cpu


def summary(label: str, values: list[float]) -> str:
    ms = sorted(x * 1000 for x in values)
    return (f"{label}: median {statistics.median(ms):.1f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms, "
            f"max {ms[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--chars", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("SONGSMITH_CONFIG", os.devnull)
    sys.path.insert(0, str(ROOT))

    started = time.perf_counter()
    import songsmith_tui.app  # noqa: F401

    imported = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.yaml"
        path.write_text(song_text(args.lines), encoding="utf-8")
        first, wall, cpu = asyncio.run(measure(path, args.chars))
        base_wall, base_cpu = asyncio.run(baseline(path, args.chars))
    median = statistics.median(wall) * 1000
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"import songsmith_tui.app: {imported:.3f} s")
    print(f"first paint ({args.lines}-line song): {first:.3f} s  (target < 1 s) "
          f"{'OK' if first < 1 else 'SLOW'}")
    print(summary(f"key-to-render, songsmith editor, {len(wall)} keys, wall", wall)
          + f"  (target median < 20 ms) {'OK' if median < 20 else 'SLOW'}")
    print(summary("key-to-render, songsmith editor, CPU of the app thread", cpu))
    print(summary("baseline: bare Textual TextArea, wall", base_wall))
    print(summary("baseline: bare Textual TextArea, CPU", base_cpu))
    print(f"load average while measuring: {load:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
