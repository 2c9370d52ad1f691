"""Disk cache (a re-run costs zero requests), the SQLite usage log, and the key never leaking."""

from __future__ import annotations

import sqlite3

import pytest
from llm_helpers import FAKE_KEY, HINTS, LLMEnv, fake_server, llm_env, poem_work  # noqa: F401 - fixtures

from songsmith.style.backends import get_backend
from songsmith.style.llm.cache import DiskCache
from fake_llm_server import Reply
from songsmith.style.llm.parallel import map_concurrently
from songsmith.style.llm.usage import UsageLog, estimate_cost


@pytest.mark.parametrize("name", ["openai", "anthropic"])
def test_a_rerun_costs_zero_requests(llm_env: LLMEnv, name: str) -> None:
    work = poem_work()
    first = get_backend(name).map_style(work, 3, HINTS)
    arrangement = get_backend(name).arrange(work, HINTS, first[0].style)
    assert llm_env.server.count == 2
    again = get_backend(name).map_style(work, 3, HINTS)  # a fresh backend: a new process would be the same
    arrangement_again = get_backend(name).arrange(work, HINTS, first[0].style)
    assert llm_env.server.count == 2
    assert [c.style for c in again] == [c.style for c in first]
    assert all(c.cached for c in again) and not any(c.cached for c in first)  # type: ignore[attr-defined]
    assert arrangement_again.sections == arrangement.sections

    rows = UsageLog(llm_env.usage_log).rows()
    assert [(r["task"], r["cache_hit"]) for r in rows] == [
        ("map_style", 0), ("arrange", 0), ("map_style", 1), ("arrange", 1)]
    assert rows[0]["tokens_in"] == 120 and rows[0]["tokens_out"] > 0 and rows[0]["ok"] == 1
    assert rows[0]["model"] == ("gpt-4o-mini" if name == "openai" else "claude-haiku-4-5")
    assert rows[0]["cost_usd"] > 0 and rows[2]["cost_usd"] == 0
    assert rows[0]["latency_ms"] > 0 and rows[0]["template"].startswith("map_style@v2:")


def test_cache_key_covers_model_input_and_n(llm_env: LLMEnv) -> None:
    work = poem_work()
    get_backend("openai").map_style(work, 2, HINTS)
    get_backend("openai").map_style(work, 3, HINTS)  # other input
    llm_env.set(SONGSMITH_MODEL="llama3.2", SONGSMITH_BACKEND="openai")
    get_backend("openai").map_style(work, 2, HINTS)  # other model
    assert llm_env.server.count == 3


def test_invalid_answers_and_fallbacks_are_not_cached(llm_env: LLMEnv) -> None:
    bad = Reply(answer={"candidates": []})
    llm_env.server.enqueue(bad, bad)
    work = poem_work()
    assert get_backend("openai").map_style(work, 2, HINTS)[0].backend == "offline"  # type: ignore[attr-defined]
    assert get_backend("openai").map_style(work, 2, HINTS)[0].backend == "openai"  # type: ignore[attr-defined]
    assert llm_env.server.count == 3
    rows = UsageLog(llm_env.usage_log).rows()
    assert [r["ok"] for r in rows] == [0, 0, 1] and "candidates" in rows[0]["error"]


def test_cache_can_be_turned_off(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_CACHE="off")
    work = poem_work()
    get_backend("openai").map_style(work, 2, HINTS)
    get_backend("openai").map_style(work, 2, HINTS)
    assert llm_env.server.count == 2
    assert not llm_env.cache_dir.exists()


def test_damaged_cache_entry_is_a_miss(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache = DiskCache(tmp_path)
    cache.put("ab" * 32, {"answer": 1})
    assert cache.get("ab" * 32) == {"answer": 1}
    (tmp_path / "ab" / f"{'ab' * 32}.json").write_text("{not json", encoding="utf-8")
    assert cache.get("ab" * 32) is None
    assert cache.get("cd" * 32) is None


def test_prices_are_data() -> None:
    assert estimate_cost("gpt-4o-mini-2024-07-18", 1_000_000, 0) == 0.15
    assert estimate_cost("gpt-4o", 0, 1_000_000) == 10.0
    assert estimate_cost("llama3.2:3b", 1000, 1000) is None


def test_the_key_never_reaches_disk_or_output(llm_env: LLMEnv, capsys: pytest.CaptureFixture[str]) -> None:
    """Success, fallback, cache hit, rejected key and a translation: nothing written holds the key."""
    from click.testing import CliRunner

    from songsmith.cli import cli

    work = poem_work()
    for name in ("openai", "anthropic"):
        get_backend(name).map_style(work, 2, HINTS)
        get_backend(name).map_style(work, 2, HINTS)
        llm_env.server.enqueue(Reply(status=500))
        llm_env.set(SONGSMITH_MAX_RETRIES="0")
        get_backend(name).arrange(work, HINTS)
        llm_env.set(SONGSMITH_MAX_RETRIES="2")
    song = llm_env.tmp / "song.yaml"
    song.write_text("songsmith: 1\ntitle: 静夜思\nlyrics: |\n  [Verse 1]\n  床前明月光\n  疑是地上霜\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(song), "--to", "en", "--backend", "openai"])
    assert result.exit_code == 0, result.output
    result_config = CliRunner().invoke(cli, ["config", "--json"])
    # the server echoes a wrong key in its 401 body; songsmith must not repeat it either
    llm_env.set(OPENAI_API_KEY=FAKE_KEY + "-x", SONGSMITH_CACHE="off")
    failed = CliRunner().invoke(cli, ["translate", str(song), "--to", "en", "--backend", "openai", "--force",
                                      "-o", str(llm_env.tmp / "other.yaml")])
    assert failed.exit_code != 0
    out, err = capsys.readouterr()
    for text in (out, err, result.output, result_config.output, failed.output, str(failed.exception or "")):
        assert FAKE_KEY not in text
    written = [p for p in llm_env.tmp.rglob("*") if p.is_file()]
    assert any(p.suffix == ".json" for p in written) and llm_env.usage_log.exists()
    assert llm_env.files_containing(FAKE_KEY) == []
    with sqlite3.connect(llm_env.usage_log) as db:
        dump = "\n".join(db.iterdump())
    assert FAKE_KEY not in dump and "rejected the API key" in dump


def test_map_concurrently_keeps_order_and_reraises() -> None:
    assert map_concurrently(lambda x: x * 2, list(range(50)), workers=7) == [x * 2 for x in range(50)]
    assert map_concurrently(lambda x: x, [], workers=3) == []

    def boom(x: int) -> int:
        if x == 5:
            raise ValueError("five")
        return x

    with pytest.raises(ValueError, match="five"):
        map_concurrently(boom, list(range(20)), workers=3)


def test_ctrl_c_stops_the_workers_without_waiting() -> None:
    import _thread
    import threading
    import time

    started: list[int] = []
    cancel = threading.Event()

    def slow(x: int) -> int:
        started.append(x)
        time.sleep(0.05)
        return x

    timer = threading.Timer(0.2, _thread.interrupt_main)
    timer.start()
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        map_concurrently(slow, list(range(200)), workers=2, cancel=cancel)
    assert time.monotonic() - began < 1.5
    assert cancel.is_set()
    time.sleep(0.15)
    count = len(started)
    time.sleep(0.15)
    assert len(started) == count < 200  # no new work after Ctrl-C
