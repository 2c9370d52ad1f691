"""Fixtures for the LLM tests: a fake server on 127.0.0.1 and an environment pointing at it.

Import the fixtures into a test module: ``from llm_helpers import FAKE_KEY, fake_server, llm_env``.
No test reaches the network: both SDKs get ``base_url`` = the fake server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from songsmith.style.base import Hints, Work
from fake_llm_server import FakeLLMServer

#: A key no real server has seen; tests assert it never reaches a file or the output.
FAKE_KEY = "sk-test-songsmith-9f3c1e7a-NEVER-WRITE-ME"

_ENV_TO_CLEAR = ("SONGSMITH_BACKEND", "SONGSMITH_MODEL", "SONGSMITH_CONCURRENCY", "SONGSMITH_TIMEOUT",
                 "SONGSMITH_MAX_RETRIES", "SONGSMITH_CACHE", "SONGSMITH_CACHE_DIR", "SONGSMITH_USAGE_LOG",
                 "SONGSMITH_ANTHROPIC_MODEL", "SONGSMITH_OPENAI_MODEL", "ANTHROPIC_API_KEY", "OPENAI_API_KEY",
                 "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "SONGSMITH_CONFIG")


@dataclass
class LLMEnv:
    tmp: Path
    server: FakeLLMServer
    config_file: Path
    cache_dir: Path
    usage_log: Path
    monkeypatch: pytest.MonkeyPatch

    def set(self, **values: str) -> None:
        for name, value in values.items():
            self.monkeypatch.setenv(name, value)

    def unset(self, *names: str) -> None:
        for name in names:
            self.monkeypatch.delenv(name, raising=False)

    def files_containing(self, needle: str) -> list[Path]:
        data = needle.encode("utf-8")
        return [path for path in self.tmp.rglob("*") if path.is_file() and data in path.read_bytes()]


@pytest.fixture
def fake_server() -> Iterator[FakeLLMServer]:
    with FakeLLMServer(api_key=FAKE_KEY) as server:
        yield server


@pytest.fixture
def llm_env(tmp_path: Path, fake_server: FakeLLMServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[LLMEnv]:
    """Keys, base URLs, cache and usage log in tmp_path, short timeouts, few retries; no config file."""
    for name in _ENV_TO_CLEAR:
        monkeypatch.delenv(name, raising=False)
    env = LLMEnv(tmp=tmp_path, server=fake_server, config_file=tmp_path / "config.yaml",
                 cache_dir=tmp_path / "cache", usage_log=tmp_path / "usage.sqlite", monkeypatch=monkeypatch)
    env.set(
        SONGSMITH_CONFIG=str(env.config_file), SONGSMITH_CACHE_DIR=str(env.cache_dir),
        SONGSMITH_USAGE_LOG=str(env.usage_log), SONGSMITH_TIMEOUT="3", SONGSMITH_MAX_RETRIES="2",
        ANTHROPIC_API_KEY=FAKE_KEY, OPENAI_API_KEY=FAKE_KEY,
        ANTHROPIC_BASE_URL=fake_server.url, OPENAI_BASE_URL=fake_server.openai_base_url,
    )
    yield env


def poem_work(title: str = "静夜思", lines: tuple[str, ...] = ("床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"),
              author: str | None = "李白") -> Work:
    from songsmith.pipeline.compose import work_from_poem
    from songsmith.poetry.corpus import make_poem

    return work_from_poem(make_poem(title, title, list(lines), author=author))


HINTS = Hints()


def within(seconds: float, call: Callable[[], Any]) -> tuple[Any, float]:
    """``call()``'s result and how long it took; fails (instead of hanging the suite) past ``seconds``."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    started = time.monotonic()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    took = time.monotonic() - started
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("result"), took
