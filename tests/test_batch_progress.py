"""Progress output: rich bar on a terminal, plain lines otherwise, JSON events for scripts."""

from __future__ import annotations

import io
import json

from songsmith.batch.progress import (
    JsonProgress,
    PlainProgress,
    Progress,
    RichProgress,
    make_progress,
)


def _feed(progress: Progress) -> None:
    progress.start(4, out="OUT", jobs=2, backend="offline")
    progress.poem("a", "done", name="jing-ye-si--1", title="静夜思")
    progress.poem("b", "skipped", name="chun-xiao--2", title="春晓")
    progress.poem("c", "failed", title="空", error="no verse lines")
    progress.poem("d", "done", name="ju--4", title="句")
    progress.finish(done=2, failed=1, skipped=1)


def test_plain_lines() -> None:
    stream = io.StringIO()
    _feed(PlainProgress(stream, every=0.0))
    text = stream.getvalue()
    assert text.splitlines()[0] == "batch: 4 poems"
    assert "failed c (空): no verse lines" in text
    assert "batch finished: 4/4 (2 done, 1 failed, 1 skipped)" in text
    assert "poems/s" in text


def test_json_events_one_object_per_line() -> None:
    stream = io.StringIO()
    _feed(JsonProgress(stream))
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [e["event"] for e in events] == ["start", "poem", "poem", "poem", "poem", "finish"]
    assert events[3]["error"] == "no verse lines" and events[3]["dir"] is None
    assert events[1]["dir"] == "songs/jing-ye-si--1" and events[4]["n"] == 4 and events[4]["total"] == 4


def test_rich_bar_shows_count_rate_and_eta() -> None:
    from rich.console import Console

    stream = io.StringIO()
    progress = RichProgress(Console(file=stream, force_terminal=True, width=120))
    _feed(progress)
    text = stream.getvalue()
    assert "4/4" in text and "ETA" in text and "/s" in text
    assert "failed" in text and "no verse lines" in text
    assert "batch finished: 2 done, 1 failed, 1 skipped" in text


def test_not_a_terminal_gives_plain_lines() -> None:
    assert isinstance(make_progress(False), PlainProgress)  # pytest's stderr is not a TTY
    assert isinstance(make_progress(True), JsonProgress)
    assert type(make_progress(False, quiet=True)) is Progress
