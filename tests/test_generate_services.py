"""Each service's wire protocol against the fake, the official SDKs pointed at it; the shared limits."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from audio_helpers import song_file
from music_fakes import FakeMusic
from test_generate import check_take, env, no_partials, run  # noqa: F401 - fixtures

from songsmith.generate.costs import Budget, Price
from songsmith.generate.download import Plausible
from songsmith.generate.http import Limiter, Redactor, retry_after

#: service -> takes one submission gives
SERVICES = {"minimax": 1, "mureka": 1, "elevenlabs": 1, "suno-api": 2, "fal": 1, "replicate": 1, "ace-step": 1}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_service_gives_verified_takes_and_sends_a_failed_task_again(run: Any, tmp_path: Path, service: str,
                                                                        env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    asynchronous = service not in ("minimax", "elevenlabs")
    with FakeMusic(latency=0.3) as fake:
        fake.faults["submit"] = ["fail"] if asynchronous else []
        result = run(str(song), "--service", service, "--base-url", fake.url)
        assert result.exit_code == 0, result.output
        assert [s for s, _ in fake.submissions] == [service] * (2 if asynchronous else 1)
        if asynchronous:
            assert max(fake.polls.values()) >= 2  # polled while it ran
    found = yaml.safe_load(song.read_text(encoding="utf-8"))["takes"]
    assert len(found) == SERVICES[service]
    for take in found:
        check_take(song, take, service)
    no_partials(song)


def test_a_copyrighted_prompt_is_final_for_elevenlabs(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        fake.faults["submit"] = ["fail"]
        result = run(str(song), "--service", "elevenlabs", "--base-url", fake.url)
        assert len(fake.submissions) == 0
    assert result.exit_code == 1 and "bad_prompt" in result.output


def test_the_limiter_spaces_requests_and_pauses_all_after_a_429() -> None:
    slept: list[float] = []
    limiter = Limiter(10.0, max_wait=0.3, sleep=slept.append)
    for _ in range(3):
        limiter.wait()
    assert slept == pytest.approx([0.1, 0.2], abs=0.01)  # the fake sleep does not move the clock
    assert limiter.pause(5.0, 1) == 0.3  # capped
    assert limiter.pause(None, 3) == 0.3
    started = time.monotonic()
    limiter.wait()
    assert slept[-1] > 0.2 and time.monotonic() - started < 0.1


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after({"retry-after": "2.5"}) == 2.5
    assert retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0
    assert retry_after({}) is None


def test_budget_reserves_before_and_gives_back_after_a_refusal() -> None:
    budget = Budget(0.5)
    assert budget.reserve(0.2) and budget.reserve(0.2)
    assert not budget.reserve(0.2)
    budget.settle(0.2, spent=False)
    assert budget.reserve(0.2)
    budget.settle(0.2, spent=True)
    assert budget.spent == pytest.approx(0.2) and budget.refused == 1
    assert Price(per_request=0.1, per_take=0.05, per_minute=0.5).estimate(2, 120, 3) == pytest.approx(2.2)


def test_plausible_lengths_and_the_redactor() -> None:
    rule = Plausible(minimum=5)
    assert rule.problem(60, 61) is None
    assert "at least" in str(rule.problem(2, None))
    assert "was stated" in str(rule.problem(30, 120))
    assert Redactor("sk-secret")("key sk-secret here") == "key *** here"
