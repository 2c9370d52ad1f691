"""LLM batches: live (threads, within the backend's limit) and through provider batch APIs
(Anthropic Message Batches, OpenAI Batch) against a fake server speaking both wire formats,
reached through the real SDKs; resumable at every step."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from batch_helpers import FAKE_KEY, FakeBatchServer, batch_server, corpus_of  # noqa: F401

from songsmith.batch.provider import custom_id_for
from songsmith.batch.runner import BatchRunner
from songsmith.batch.work import BatchOptions
from songsmith.style.backends import get_backend


def _runner(corpus: Path, out: Path, backend_name: str, **kw: object) -> BatchRunner:
    backend = get_backend(backend_name)
    options = BatchOptions(targets=("suno",), backend=backend_name, model=backend.model, candidates=2)
    return BatchRunner([str(corpus)], out, options, backend=backend, poll_interval=0.01, **kw)  # type: ignore[arg-type]


def _db(out: Path) -> sqlite3.Connection:
    db = sqlite3.connect(out / ".songsmith" / "batch.db")
    db.row_factory = sqlite3.Row
    return db


def _songs_by(out: Path) -> set[str]:
    backends = set()
    for path in (out / "songs").glob("*/song.yaml"):
        text = path.read_text(encoding="utf-8")
        backends |= {line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("backend:")}
    return backends


def test_live_llm_batch_counts_tokens(batch_server: FakeBatchServer, tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 4)
    out = tmp_path / "out"
    summary = _runner(corpus, out, "anthropic").run()
    assert summary.done == 4
    assert len(batch_server.live) == 8  # map_style + arrange per poem
    assert _songs_by(out) == {"anthropic"}
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["tokens"]["input"] == 8 * 100 and index["tokens"]["output"] > 0
    again = _runner(corpus, out, "anthropic").run()
    assert again.skipped == 4 and len(batch_server.live) == 8
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("backend_name", ["anthropic", "openai"])
def test_provider_batch_submits_collects_and_renders_from_the_answers(
        batch_server: FakeBatchServer, tmp_path: Path, backend_name: str) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 5)
    out = tmp_path / "out"
    summary = _runner(corpus, out, backend_name, provider_batch=True).run()
    assert summary.done == 5 and not summary.waiting
    assert batch_server.live == []  # every answer came from the two provider batches
    batches = batch_server.created(backend_name)
    assert len(batches) == 2
    ids = sorted(r["custom_id"] for r in batches[0].requests)
    assert ids == sorted(custom_id_for(f"00000000-0000-4000-8000-{i:012d}") for i in range(5))
    assert ids[0] == "00000000-0000-4000-8000-000000000000"  # the poem id itself
    assert _songs_by(out) == {backend_name}
    db = _db(out)
    rows = [dict(r) for r in db.execute("SELECT * FROM batches ORDER BY created")]
    assert [r["phase"] for r in rows] == ["map_style", "arrange"]
    assert all(r["status"] == "collected" for r in rows)
    assert {r["status"] for r in db.execute("SELECT status FROM batch_requests")} == {"ok"}
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["tokens"]["provider_batch_input"] == 10 * 100
    assert "provider batches (half price)" in (out / "report.md").read_text(encoding="utf-8")


def test_custom_ids_the_providers_refuse_are_hashed() -> None:
    assert custom_id_for("tangshisanbaishou#0.3").startswith("p-")
    assert len(custom_id_for("x" * 100)) <= 64
    assert custom_id_for("abc_DEF-1") == "abc_DEF-1"


def test_no_wait_then_resume_never_submits_twice(batch_server: FakeBatchServer, tmp_path: Path) -> None:
    batch_server.polls_needed = 2
    corpus = corpus_of(tmp_path / "poems.json", 3)
    out = tmp_path / "out"
    first = _runner(corpus, out, "anthropic", provider_batch=True, wait=False).run()
    assert first.waiting and first.done == 0 and len(batch_server.created()) == 1
    second = _runner(corpus, out, "anthropic", provider_batch=True, wait=False).run()
    assert second.waiting and len(batch_server.created()) == 1  # polled, not submitted again
    from click.testing import CliRunner

    from songsmith.cli import cli

    status = CliRunner().invoke(cli, ["batch", "status", str(out)])
    assert batch_server.created()[0].id in status.output and "map_style" in status.output
    third = _runner(corpus, out, "anthropic", provider_batch=True).run()
    assert third.done == 3 and len(batch_server.created()) == 2 and batch_server.live == []


def test_crash_while_collecting_then_resume(batch_server: FakeBatchServer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.batch.provider as provider

    corpus = corpus_of(tmp_path / "poems.json", 3)
    out = tmp_path / "out"
    real = provider._collect
    calls = []

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        raise KeyboardInterrupt  # killed after the batch ended, before its results were in

    monkeypatch.setattr(provider, "_collect", crash)
    with pytest.raises(KeyboardInterrupt):
        _runner(corpus, out, "openai", provider_batch=True).run()
    monkeypatch.setattr(provider, "_collect", real)
    summary = _runner(corpus, out, "openai", provider_batch=True).run()
    assert summary.done == 3 and len(batch_server.created()) == 2 and batch_server.live == []


def test_errored_and_invalid_answers_are_asked_live(batch_server: FakeBatchServer, tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 4)
    batch_server.errored = {custom_id_for("00000000-0000-4000-8000-000000000001")}
    batch_server.garbage = {custom_id_for("00000000-0000-4000-8000-000000000002")}
    out = tmp_path / "out"
    summary = _runner(corpus, out, "anthropic", provider_batch=True).run()
    assert summary.done == 4
    # the two poems without a batch answer: map_style and arrange asked live (garbage live is fine)
    assert len(batch_server.live) == 4
    db = _db(out)
    statuses = {r["status"] for r in db.execute("SELECT status FROM batch_requests WHERE phase = 'map_style'")}
    assert statuses == {"ok", "errored", "invalid"}


@pytest.mark.parametrize("backend_name", ["anthropic", "openai"])
def test_a_provider_batch_api_that_says_wait_an_hour_is_not_waited_for(
        batch_server: FakeBatchServer, tmp_path: Path, backend_name: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from llm_helpers import within

    from songsmith.batch.progress import PlainProgress

    monkeypatch.setenv("SONGSMITH_MAX_RETRIES", "3")
    batch_server.faults["status"] = [(429, {"Retry-After": "3600"})]
    corpus = corpus_of(tmp_path / "poems.json", 2)
    out = tmp_path / "out"
    summary, took = within(30, _runner(corpus, out, backend_name, provider_batch=True, progress=PlainProgress()).run)
    assert took < 20
    assert summary.waiting and summary.done == 0  # the batch is recorded: a later run collects it
    assert "asks to wait 3600 s" in capsys.readouterr().err
    again = _runner(corpus, out, backend_name, provider_batch=True).run()
    assert again.done == 2 and len(batch_server.created(backend_name)) == 2  # never submitted twice


def test_a_provider_batch_that_cannot_be_submitted_is_asked_live(
        batch_server: FakeBatchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from songsmith.batch.progress import PlainProgress

    monkeypatch.setenv("SONGSMITH_MAX_RETRIES", "2")
    batch_server.faults["submit"] = [(503, {"retry-after-ms": "10"})] * 3
    corpus = corpus_of(tmp_path / "poems.json", 3)
    summary = _runner(corpus, tmp_path / "out", "anthropic", provider_batch=True, progress=PlainProgress()).run()
    assert summary.done == 3 and batch_server.created() == []
    assert len(batch_server.live) == 6 and _songs_by(tmp_path / "out") == {"anthropic"}
    assert "not submitted: HTTP 503" in capsys.readouterr().err
