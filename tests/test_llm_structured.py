"""Structured outputs: the answer's schema goes to the server the way its API takes one, so a
server that follows the schema it is sent (and nothing else) answers right the first time; a
server that refuses ``json_schema`` gets ``json_object`` for the rest of the run; a re-run makes
no request; ``--base-url`` reaches the backend it is given with, in every command that has it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import entry
from fake_llm_server import FakeLLMServer
from llm_helpers import FAKE_KEY, HINTS, LLMEnv, fake_server, llm_env, poem_work  # noqa: F401 - fixtures

from songsmith.style.backends import get_backend

BACKENDS = ["openai", "anthropic"]
ROOT = Path(__file__).resolve().parents[1]
POEM = ROOT / "corpora" / "poems" / "jing-ye-si.yaml"


@pytest.fixture
def schema_server(llm_env: LLMEnv) -> FakeLLMServer:
    """A server that follows the schema it is sent, and the environment pointing at it."""
    server = FakeLLMServer(api_key=FAKE_KEY, schema_only=True).start()
    llm_env.set(ANTHROPIC_BASE_URL=server.url, OPENAI_BASE_URL=server.openai_base_url)
    yield server
    server.stop()


@pytest.mark.parametrize("name", BACKENDS)
def test_a_schema_following_server_answers_every_task_the_first_time(
        llm_env: LLMEnv, schema_server: FakeLLMServer, name: str) -> None:
    backend = get_backend(name)
    work = poem_work()
    candidates = backend.map_style(work, 3, HINTS)
    arrangement = backend.arrange(work, HINTS, candidates[0].style)
    assert [c.backend for c in candidates] == [name] * 3  # type: ignore[attr-defined]
    assert not arrangement.notes[0].startswith("warning")
    assert schema_server.count == 2  # no re-ask, no fallback
    if name == "anthropic":
        assert {r.body["tool_choice"]["name"] for r in schema_server.requests} == {"answer"}
    else:
        assert {r.body["response_format"]["type"] for r in schema_server.requests} == {"json_schema"}


def test_a_render_asks_once_and_a_second_render_asks_nothing(
        llm_env: LLMEnv, schema_server: FakeLLMServer, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = entry("render", POEM, "-o", out, "--backend", "anthropic")
    assert first.exit_code == 0 and "warning" not in first.stderr, first.output
    assert schema_server.count == 2
    second = entry("render", POEM, "-o", tmp_path / "again", "--backend", "anthropic")
    assert second.exit_code == 0 and "warning" not in second.stderr
    assert schema_server.count == 2  # every answer from the cache


def test_translate_follows_the_schema_too(llm_env: LLMEnv, schema_server: FakeLLMServer, tmp_path: Path) -> None:
    assert entry("render", POEM, "-o", tmp_path / "out").exit_code == 0  # offline: lyrics to translate
    song = tmp_path / "out" / "jing-ye-si" / "song.yaml"
    ran = entry("translate", song, "--to", "en", "--backend", "openai", "-o", tmp_path / "en.yaml")
    assert ran.exit_code == 0, ran.output
    assert schema_server.count == 1
    assert schema_server.requests[0].body["response_format"]["json_schema"]["name"] == "translate"


def test_a_server_without_json_schema_gets_json_object_for_the_rest_of_the_run(llm_env: LLMEnv) -> None:
    server = FakeLLMServer(api_key=FAKE_KEY, refuse_json_schema=True).start()
    try:
        llm_env.set(OPENAI_BASE_URL=server.openai_base_url)
        backend = get_backend("openai")
        work = poem_work()
        candidates = backend.map_style(work, 2, HINTS)
        backend.arrange(work, HINTS, candidates[0].style)
        assert candidates[0].backend == "openai"  # type: ignore[attr-defined]
        kinds = [r.body["response_format"]["type"] for r in server.requests]
        assert kinds == ["json_schema", "json_object", "json_object"]
        assert all(r.body["max_tokens"] > 0 for r in server.requests)
    finally:
        server.stop()


@pytest.mark.parametrize("backend", BACKENDS)
def test_base_url_reaches_the_backend_it_is_given_with(llm_env: LLMEnv, tmp_path: Path, backend: str) -> None:
    llm_env.unset("ANTHROPIC_BASE_URL", "OPENAI_BASE_URL")
    server = llm_env.server
    url = server.url if backend == "anthropic" else server.openai_base_url
    render = entry("render", POEM, "-o", tmp_path / "out", "--backend", backend, "--base-url", url)
    assert render.exit_code == 0 and "warning" not in render.stderr, render.output
    assert server.count == 2 and {r.path for r in server.requests} == {
        "/v1/messages" if backend == "anthropic" else "/v1/chat/completions"}
    corpus = tmp_path / "poems.json"
    corpus.write_text(json.dumps([{"id": "p1", "title": "春曉", "author": "孟浩然",
                                   "paragraphs": ["春眠不覺曉，處處聞啼鳥。", "夜來風雨聲，花落知多少。"]}],
                                 ensure_ascii=False), encoding="utf-8")
    batch = entry("batch", corpus, "-o", tmp_path / "batch", "--backend", backend, "--base-url", url,
                  "--target", "suno", "-q")
    assert batch.exit_code == 0, batch.output
    assert server.count == 4
    song = tmp_path / "out" / "jing-ye-si" / "song.yaml"
    translate = entry("translate", song, "--to", "en", "--backend", backend, "--base-url", url,
                      "-o", tmp_path / "en.yaml")
    assert translate.exit_code == 0, translate.output
    assert server.count == 5


def test_base_url_without_backend_means_openai(llm_env: LLMEnv) -> None:
    from songsmith.config import load_config

    config = load_config(base_url="http://127.0.0.1:9/v1")
    assert config.backend == "openai" and config.base_url_for("openai").value == "http://127.0.0.1:9/v1"
    chosen = load_config(backend="anthropic", base_url="http://127.0.0.1:9")
    assert chosen.base_url_for("anthropic") .value == "http://127.0.0.1:9"
    assert chosen.base_url_for("anthropic").source == "option --base-url"
