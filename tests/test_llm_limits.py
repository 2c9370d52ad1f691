"""Time limits no server can stretch, through the real SDKs against the fake server: a deadline
for the whole answer (a trickled body, a hung server), a cap on Retry-After, a retry budget per
run, a breaker for a server that keeps failing; each ends in the offline fallback with a warning."""

from __future__ import annotations

import time

import pytest
from fake_llm_server import Reply
from llm_helpers import HINTS, LLMEnv, fake_server, llm_env, poem_work, within  # noqa: F401 - fixtures

from songsmith.style.backends import get_backend

BACKENDS = ["openai", "anthropic"]


@pytest.fixture(autouse=True, scope="module")
def _sdks_imported() -> None:
    """Importing an SDK takes seconds on a busy machine: done before anything is timed."""
    import anthropic  # noqa: F401
    import openai  # noqa: F401

    poem_work()


@pytest.mark.parametrize("name", BACKENDS)
def test_a_trickled_answer_is_cut_at_the_deadline(llm_env: LLMEnv, name: str) -> None:
    llm_env.set(SONGSMITH_TIMEOUT="1")
    # one byte every 50 ms: every read is quick, the whole would take a minute
    llm_env.server.enqueue(*[Reply(trickle=0.05)] * 3)
    arrangement, took = within(10, lambda: get_backend(name).arrange(poem_work(), HINTS))
    assert took < 4
    assert arrangement.notes[0].startswith("warning: ") and "no answer within 1 s (timeout)" in arrangement.notes[0]
    assert llm_env.server.count == 1  # a request that had the whole deadline is not retried


@pytest.mark.parametrize("name", BACKENDS)
def test_a_hung_server_costs_one_deadline_per_call(llm_env: LLMEnv, name: str) -> None:
    llm_env.set(SONGSMITH_TIMEOUT="0.5", SONGSMITH_MAX_RETRIES="3")
    llm_env.server.enqueue(*[Reply(delay=60)] * 4)
    candidates, took = within(10, lambda: get_backend(name).map_style(poem_work(), 2, HINTS))
    assert took < 3 and llm_env.server.count == 1
    assert candidates[0].backend == "offline" and "no answer within 0.5 s" in candidates[0].warnings[0]


@pytest.mark.parametrize("name", BACKENDS)
def test_retry_after_3600_is_not_waited_for(llm_env: LLMEnv, name: str) -> None:
    llm_env.server.enqueue(*[Reply(status=429, headers={"Retry-After": "3600"})] * 2)
    candidates, took = within(15, lambda: get_backend(name).map_style(poem_work(), 2, HINTS))
    assert took < 5 and llm_env.server.count == 1
    warning = candidates[0].warnings[0]
    assert "HTTP 429" in warning and "asks to wait 3600 s" in warning and "retry_wait_max (20 s)" in warning


def test_retry_after_as_a_date_is_read_and_capped(llm_env: LLMEnv) -> None:
    from email.utils import formatdate

    llm_env.server.enqueue(Reply(status=503, headers={"Retry-After": formatdate(time.time() + 7200, usegmt=True)}))
    candidates, _ = within(15, lambda: get_backend("openai").map_style(poem_work(), 2, HINTS))
    assert "asks to wait 7" in candidates[0].warnings[0] and llm_env.server.count == 1


def test_retry_wait_max_is_configurable(llm_env: LLMEnv) -> None:
    llm_env.config_file.write_text("retry_wait_max: 0.2\n", encoding="utf-8")
    llm_env.server.enqueue(Reply(status=429, headers={"retry-after-ms": "500"}))
    candidates = get_backend("openai").map_style(poem_work(), 2, HINTS)
    assert "retry_wait_max (0.2 s)" in candidates[0].warnings[0] and llm_env.server.count == 1
    llm_env.set(SONGSMITH_RETRY_WAIT_MAX="1")  # the environment over the file
    llm_env.server.enqueue(Reply(status=429, headers={"retry-after-ms": "500"}))
    again = get_backend("openai").map_style(poem_work(title="春晓"), 2, HINTS)
    assert again[0].backend == "openai" and llm_env.server.count == 3


def test_the_retry_budget_is_shared_by_the_whole_run(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_RETRY_BUDGET="1", SONGSMITH_MAX_RETRIES="10")
    llm_env.server.enqueue(*[Reply(status=500, headers={"retry-after-ms": "300"})] * 20)
    backend = get_backend("openai")
    first, took = within(15, lambda: backend.map_style(poem_work(), 2, HINTS))
    assert took < 3 and first[0].backend == "offline"
    assert "retry budget (1 s, retry_budget) is spent" in first[0].warnings[0]
    asked = llm_env.server.count
    assert 3 <= asked <= 5  # waits of 0.3 s until the second is gone
    second = backend.arrange(poem_work(), HINTS)  # the budget is spent: no retry, at once
    assert llm_env.server.count == asked + 1 and "warning" in second.notes[0]


def test_a_server_failing_call_after_call_is_not_asked_again(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_TIMEOUT="0.3")
    llm_env.server.enqueue(*[Reply(delay=30)] * 10)
    backend = get_backend("anthropic")
    for title in ("静夜思", "春晓"):
        backend.map_style(poem_work(title=title), 2, HINTS)
    assert llm_env.server.count == 2
    (third, took) = within(5, lambda: backend.map_style(poem_work(title="登鹳雀楼"), 2, HINTS))
    assert took < 0.5 and llm_env.server.count == 2
    assert "not asked: the server failed 2 calls in a row in this run" in third[0].warnings[0]


def test_config_shows_the_new_limits_and_refuses_bad_ones(llm_env: LLMEnv) -> None:
    from cli_helpers import entry

    llm_env.set(SONGSMITH_RETRY_BUDGET="30")
    ran = entry("config", "--json")
    assert ran.exit_code == 0, ran.output
    import json

    rows = json.loads(ran.stdout)
    assert rows["retry_wait_max"] == {"value": 20.0, "source": "default"}
    assert rows["retry_budget"] == {"value": 30.0, "source": "env SONGSMITH_RETRY_BUDGET"}
    llm_env.set(SONGSMITH_RETRY_WAIT_MAX="soon")
    bad = entry("config")
    assert bad.exit_code == 2 and "retry_wait_max must be a number" in bad.stderr


def test_the_deadline_goes_under_the_http_client_the_sdk_uses() -> None:
    """anthropic 2 and openai 3 build their client on httpx2; older releases (our lower bounds)
    and the music SDKs on httpx: the deadline sits on the httpcore of whichever it is."""
    import httpcore
    import httpx

    from songsmith.style.llm.transport import DeadlineBackend, core_of, put_deadline_under

    plain = put_deadline_under(httpx.Client())
    backend = plain._transport._pool._network_backend
    assert isinstance(backend, DeadlineBackend) and backend._core is httpcore
    assert core_of(plain) is httpcore
    httpx2 = pytest.importorskip("httpx2", reason="the locked SDKs use httpx2; an older SDK may not bring it")
    import httpcore2

    assert core_of(httpx2.Client()) is httpcore2
    plain.close()
