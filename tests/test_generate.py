"""songsmith generate against fake services on 127.0.0.1: durable, idempotent, limited, verified."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from audio_helpers import song_file
from click.testing import CliRunner
from music_fakes import FakeMusic

from songsmith.cli import cli, main

KEYS = ("MINIMAX_API_KEY", "MUREKA_API_KEY", "SUNOAPI_KEY", "ELEVENLABS_API_KEY", "FAL_KEY", "REPLICATE_API_TOKEN",
        "ACESTEP_API_KEY")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    values = {key: "test-key" for key in KEYS}
    values.update(SONGSMITH_CONFIG=str(tmp_path / "no-config.yaml"), SONGSMITH_GENERATE_POLL="0.05",
                  SONGSMITH_GENERATE_MAX_WAIT="0.5")
    values.update({f"SONGSMITH_{name}_RATE": "200" for name in ("MINIMAX", "MUREKA", "ELEVENLABS", "SUNO_API", "FAL",
                                                                "REPLICATE", "ACE_STEP")})
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


class Result:
    def __init__(self, exit_code: int, output: str) -> None:
        self.exit_code = exit_code
        self.output = output


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> object:
    """``songsmith generate ARGS`` through the real entry point (errors as the user sees them)."""
    def invoke(*args: str) -> Result:
        try:
            main(["generate", *args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out + err)
    return invoke


def takes(song: Path) -> list[dict[str, object]]:
    return yaml.safe_load(song.read_text(encoding="utf-8")).get("takes") or []


def check_take(song: Path, take: dict[str, object], service: str) -> None:
    audio = song.parent / str(take["audio"])
    assert audio.is_file()
    assert hashlib.sha256(audio.read_bytes()).hexdigest() == take["sha256"]
    assert 5.5 < float(take["duration_s"]) < 30  # type: ignore[arg-type]
    generation = take["generation"]
    assert isinstance(generation, dict)
    assert generation["service"] == service and generation["task_id"] and generation["model"]
    assert len(str(generation["prompt_sha256"])) == 64 and generation["created"]


def no_partials(song: Path) -> None:
    assert [p.name for p in (song.parent / "takes").glob(".*")] == []


def test_minimax_then_mureka_killed_while_polling_resumes_with_one_submission(run: Any, tmp_path: Path,
                                                                             env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.2) as fake:
        assert run(str(song), "--service", "minimax", "--base-url", fake.url).exit_code == 0
        fake.latency = 4.0
        child = subprocess.Popen([sys.executable, "-m", "songsmith", "generate", str(song), "--service", "mureka",
                                  "--base-url", fake.url], env={**os.environ, **env},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not any(n >= 2 for n in fake.polls.values()) and time.monotonic() < deadline:
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert [s for s, _ in fake.submissions] == ["minimax", "mureka"]
        assert len(takes(song)) == 1
        fake.latency = 0.3
        result = run(str(song), "--service", "mureka", "--base-url", fake.url)
        assert result.exit_code == 0, result.output
        assert [s for s, _ in fake.submissions] == ["minimax", "mureka"]  # exactly one Mureka submission
    found = takes(song)
    assert [t["id"] for t in found] == ["t1", "t2"]
    check_take(song, found[0], "minimax")
    check_take(song, found[1], "mureka")
    no_partials(song)


def test_a_rerun_sends_nothing_sent_and_a_higher_count_sends_only_the_rest(run: Any, tmp_path: Path,
                                                                           env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.1) as fake:
        assert run(str(song), "--service", "mureka", "--count", "2", "--base-url", fake.url).exit_code == 0
        assert run(str(song), "--service", "mureka", "--count", "2", "--base-url", fake.url).exit_code == 0
        assert [body["n"] for _, body in fake.submissions] == [2]
        assert run(str(song), "--service", "mureka", "--count", "3", "--base-url", fake.url).exit_code == 0
        assert [body["n"] for _, body in fake.submissions] == [2, 1]
    assert len(takes(song)) == 3


def test_429_with_retry_after_and_minimax_rate_code_are_waited_out(run: Any, tmp_path: Path,
                                                                   env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        fake.faults["submit"] = ["429", "rate", "429"]
        result = run(str(song), "--service", "minimax", "--base-url", fake.url)
        assert result.exit_code == 0, result.output
        assert [f for _, f in fake.refused] == ["429", "rate", "429"]
        assert len(fake.submissions) == 1
    assert len(takes(song)) == 1


def test_truncated_and_non_audio_downloads_never_become_takes(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        fake.faults["download"] = ["truncate", "html"]
        result = run(str(song), "--service", "mureka", "--base-url", fake.url)
        assert result.exit_code == 0, result.output
        assert len(fake.downloads) == 3
        fake.faults["download"] = ["html"] * 20
        result = run(str(song), "--service", "mureka", "--count", "2", "--base-url", fake.url)
        assert result.exit_code == 1
        assert "text/html, not audio" in result.output
    assert len(takes(song)) == 1
    no_partials(song)


def test_an_expired_link_is_fetched_anew_from_the_task(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        fake.faults["download"] = ["expire"]
        result = run(str(song), "--service", "suno-api", "--base-url", fake.url)
        assert result.exit_code == 0, result.output
        assert len(fake.submissions) == 1
        first, *rest = fake.downloads
        assert first not in rest and len(rest) == 2  # a fresh link for the expired one, then the second song
    assert len(takes(song)) == 2


def test_a_failed_task_is_sent_again_and_a_refusal_is_one_line(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        fake.faults["submit"] = ["fail"]
        assert run(str(song), "--service", "mureka", "--base-url", fake.url).exit_code == 0
        assert len(fake.submissions) == 2
        fake.faults["submit"] = ["sensitive"]
        result = run(str(song), "--service", "minimax", "--base-url", fake.url)
        assert result.exit_code == 1
        assert "error 1026" in result.output and "Traceback" not in result.output
    assert len(takes(song)) == 1


def test_dry_run_prints_the_body_and_the_cost_and_sends_nothing(run: Any, tmp_path: Path, env: dict[str, str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    song = song_file(tmp_path)
    monkeypatch.delenv("MINIMAX_API_KEY")
    with FakeMusic() as fake:
        result = run(str(song), "--service", "minimax", "--count", "2", "--dry-run", "--base-url", fake.url)
        assert fake.headers_seen == []
    assert result.exit_code == 0, result.output
    assert '"lyrics":' in result.output and "春眠不觉晓" in result.output
    assert "2 submission(s) would be sent, ≈ $0.36" in result.output
    assert not (tmp_path / ".songsmith").exists() and takes(song) == []


def test_max_cost_stops_submitting_before_the_budget_is_passed(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        result = run(str(song), "--service", "minimax", "--count", "4", "--max-cost", "0.40", "--base-url", fake.url)
        assert len(fake.submissions) == 2
    assert result.exit_code == 0
    assert "2 not sent (--max-cost)" in result.output
    assert len(takes(song)) == 2


def test_candidates_and_json(run: Any, tmp_path: Path, env: dict[str, str]) -> None:
    song = song_file(tmp_path)
    with FakeMusic(latency=0.05) as fake:
        result = run(str(song), "--service", "ace-step", "--for-candidates", "c1", "--json", "--base-url", fake.url)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["takes"] == 1 and data["plan"][0]["candidate"] == "c1"
    take = takes(song)[0]
    assert take["candidate"] == "c1" and take["generation"]["seed"] == "1234"  # type: ignore[index]


def test_bad_input_is_one_line_before_anything_is_sent(run: Any, tmp_path: Path, env: dict[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    song = song_file(tmp_path)
    song.write_text(song.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    with FakeMusic() as fake:
        result = run(str(song), "--service", "mureka", "--base-url", fake.url)
        assert result.exit_code == 2 and "YAML comments" in result.output and fake.headers_seen == []
        monkeypatch.delenv("MUREKA_API_KEY")
        (tmp_path / "b").mkdir()
        clean = song_file(tmp_path / "b")
        result = run(str(clean), "--service", "mureka", "--base-url", fake.url)
        assert result.exit_code == 2 and "MUREKA_API_KEY is not set" in result.output
        result = run(str(clean), "--service", "mureka", "--for-candidates", "c9", "--base-url", fake.url)
        assert result.exit_code == 2 and fake.headers_seen == []


def test_the_key_is_never_in_output_files_or_the_job_store(run: Any, tmp_path: Path, env: dict[str, str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    canary = "sk-CANARY-7f3a9c21e8"
    config = tmp_path / "config.yaml"
    config.write_text(f"generate:\n  mureka:\n    api_key: {canary}\n", encoding="utf-8")
    monkeypatch.setenv("SONGSMITH_CONFIG", str(config))
    monkeypatch.delenv("MUREKA_API_KEY")
    monkeypatch.setenv("MINIMAX_API_KEY", canary)
    (tmp_path / "songs").mkdir()
    song = song_file(tmp_path / "songs")
    outputs = []
    with FakeMusic(latency=0.05, key=canary) as fake:
        fake.faults["submit"] = ["echo-key"]
        outputs.append(run(str(song), "--service", "minimax", "--base-url", fake.url).output)
        outputs.append(run(str(song), "--service", "mureka", "--base-url", fake.url, "--json").output)
        assert any(canary in h.get("Authorization", "") for h in fake.headers_seen)  # it was sent, to the service
        assert fake.download_headers and not any(canary in str(h) for h in fake.download_headers)
    outputs.append(CliRunner().invoke(cli, ["config", "--json"]).output)
    assert "bad request from Bearer ***" in outputs[0]
    assert all(canary not in text for text in outputs)
    files = [p for p in (tmp_path / "songs").rglob("*") if p.is_file()]
    assert any(p.suffix == ".sqlite" for p in files) and any(p.suffix == ".mp3" for p in files)
    assert all(canary.encode() not in p.read_bytes() for p in files)


def test_batch_generate_takes_every_song_and_the_songbook_plays_them(tmp_path: Path, env: dict[str, str],
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from songsmith.resources import corpora_dir

    out = tmp_path / "out"
    poems = str(corpora_dir() / "poems")
    with FakeMusic(latency=0.1) as fake:
        monkeypatch.setenv("SONGSMITH_MUREKA_BASE_URL", fake.url)
        for _ in range(2):
            try:
                main(["batch", poems, "-o", str(out), "--target", "mureka", "--generate", "mureka", "--count", "2",
                      "-q", "--jobs", "1"])
            except SystemExit as exc:
                assert exc.code in (0, None), capsys.readouterr()
        songs = sorted((out / "songs").glob("*/song.yaml"))
        assert len(fake.submissions) == len(songs) > 0  # the second run sent nothing
    for song in songs:
        found = takes(song)
        assert len(found) == 2
        for take in found:
            check_take(song, take, "mureka")
            assert str(take["audio"]).startswith("../../takes/")
    book = (out / "songbook.html").read_text(encoding="utf-8")
    assert book.count("<audio controls") == 2 * len(songs)
