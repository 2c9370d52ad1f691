"""Large input: the work grows linearly with the input (no step re-renders the whole song once
per section or rescans a list per line), and long work says so on stderr.

The timing tests compare a size with one four times larger, by the process's CPU time, best of
five runs each (so other processes on the machine do not count): linear work takes about 4 times
as long, quadratic work 16 times; they fail above 9.
"""

from __future__ import annotations

import gc
import io
import random
import time
from collections.abc import Callable
from dataclasses import replace

import pytest

from songsmith.batch.progress import Heartbeat
from songsmith.document.model import Song
from songsmith.targets import TARGETS, Options
from songsmith.targets.blocks import Block
from songsmith.targets.limits import fit, longest_fitting

HAN = "山水月风花雪云天日春秋江河人家夜雨心梦长远高寒清明白红青黄孤归飞落流行来去不见无有"


def _best(work: Callable[[], object], runs: int = 5) -> float:
    """The least CPU time of this process over ``runs`` runs, the collector paused: other
    processes on a busy machine (pytest's other workers) do not count."""
    times = []
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            work()
            times.append(time.process_time() - started)
        finally:
            gc.enable()
    return min(times)


def _song(sections: int) -> Song:
    rng = random.Random(sections)
    parts = []
    for n in range(sections):
        kind = "Chorus" if n % 3 == 2 else f"Verse {n + 1}"
        parts.append(f"[{kind}]\n" + "\n".join("".join(rng.choice(HAN) for _ in range(7)) for _ in range(4)))
    return Song.from_lyrics(f"长曲{sections}", "\n\n".join(parts) + "\n", language="zh")


def _naive_fit(render: Callable[[list[object]], str], items: list[object], limit: int) -> tuple[str, list[object]]:
    """What fit() must give: drop from the end one at a time, then lines of the last item."""
    text = render(items)
    if len(text) <= limit:
        return text, items
    kept = list(items)
    while len(kept) > 1 and len(render(kept)) > limit:
        kept.pop()
    if len(render(kept)) > limit and kept:
        label, block = kept[-1]
        lines = list(block.lines)
        while lines and len(render(kept[:-1] + [(label, replace(block, lines=lines))])) > limit:
            lines.pop()
        kept[-1] = (label, replace(block, lines=lines))
    return render(kept), kept


def _bracket(pairs: list[object]) -> str:
    return "\n\n".join("\n".join([f"[{label}]", *block.lines]) for label, block in pairs)  # type: ignore[misc]


@pytest.mark.parametrize("seed", range(40))
def test_fit_keeps_what_dropping_one_at_a_time_keeps(seed: int) -> None:
    rng = random.Random(seed)
    items = [(f"Verse {n}", Block("verse", n, None, ["x" * rng.randint(0, 30) for _ in range(rng.randint(0, 6))]))
             for n in range(rng.randint(1, 30))]
    limit = rng.randint(0, 600)
    assert fit(_bracket, items, limit, "lyrics", [])[1] == _naive_fit(_bracket, items, limit)[1]


def test_fit_renders_a_logarithmic_number_of_times() -> None:
    items = [(f"Verse {n}", Block("verse", n, None, ["春眠不觉晓"] * 4)) for n in range(20000)]
    calls = [0]

    def render(pairs: list[object]) -> str:
        calls[0] += 1
        return _bracket(pairs)

    text, kept = fit(render, items, 5000, "lyrics", [])
    assert len(text) <= 5000 and len(_bracket(kept + items[len(kept):len(kept) + 1])) > 5000
    assert calls[0] <= 2 * 15 + 4  # 2 × log2(20000) and a few; dropping one at a time made 19,830


def test_longest_fitting_finds_the_boundary() -> None:
    for boundary in range(0, 50):
        assert longest_fitting(lambda n, b=boundary: n <= b, 49, 0) == boundary
    assert longest_fitting(lambda n: False, 10, 1) == 1


@pytest.mark.parametrize("name", ["suno", "ace-step", "ace-step-1.5", "diffrhythm", "songgeneration",
                                  "minimax", "mureka"])
def test_a_target_packages_a_long_song_in_linear_time(name: str) -> None:
    target = TARGETS[name]
    small, large = _song(150), _song(600)
    target.render(small, Options())  # imports and caches warmed
    ratio = _best(lambda: target.render(large, Options())) / _best(lambda: target.render(small, Options()))
    assert ratio < 9, f"{name}: 4× the sections took {ratio:.1f}× as long"


def test_rhyme_analysis_is_linear_in_the_lines() -> None:
    from songsmith.poetry.rhyming import analyse_rhyme

    ends = [("山", "shān"), ("天", "tiān"), ("风", "fēng"), ("山", "shān"), ("天", "tiān")]

    def lines(n: int) -> tuple[list[str], list[list[str | None]]]:
        """Regular 7-character lines whose even lines rhyme in 删, 先 (a neighbour) or 东 (neither)."""
        rng = random.Random(n)
        text, readings = [], []
        for i in range(n):
            end, reading = ends[(i // 2) % len(ends)] if i % 2 else ("月", "yuè")
            text.append("".join(rng.choice(HAN) for _ in range(6)) + end)
            readings.append([None] * 6 + [reading])
        return text, readings

    small, large = lines(8000), lines(32000)

    def analyse(poem: tuple[list[str], list[list[str | None]]]) -> object:
        return analyse_rhyme("pingshui", poem[0], poem[0], poem[1], 7)

    report = analyse(small)
    assert report.off_group and report.neighbour  # the lines that were rescanned, the scheme rewritten
    ratio = _best(lambda: analyse(large), 3) / _best(lambda: analyse(small), 3)
    assert ratio < 9, f"4× the lines took {ratio:.1f}× as long"


def test_a_heartbeat_line_comes_only_when_work_is_long() -> None:
    stream = io.StringIO()
    with Heartbeat(lambda: "render: working", first=0.3, every=0.3, stream=stream):
        pass
    assert stream.getvalue() == ""
    with Heartbeat(lambda: "render: working", first=0.05, every=10, stream=stream):
        time.sleep(0.3)
    assert stream.getvalue().startswith("render: working (")
    assert stream.getvalue().count("\n") == 1


def test_the_first_progress_line_can_be_put_off_or_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from songsmith.batch.progress import progress_after

    monkeypatch.setenv("SONGSMITH_PROGRESS_AFTER", "off")
    stream = io.StringIO()
    with Heartbeat(lambda: "render: working", stream=stream, every=0.01):
        time.sleep(0.1)
    assert stream.getvalue() == ""
    monkeypatch.setenv("SONGSMITH_PROGRESS_AFTER", "7")
    assert progress_after(3.0) == 7.0
    monkeypatch.delenv("SONGSMITH_PROGRESS_AFTER")
    assert progress_after(3.0) == 3.0

