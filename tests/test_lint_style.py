"""Style lint in `check`: length per target, artist names (with hooks), contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith.cli import cli
from songsmith.document import lint
from songsmith.document.lint import (
    artist_names,
    register_artist_names,
    style_contradictions,
    style_length_issues,
)
from songsmith.resources import load_prompt_yaml


def test_length_limits_come_from_data() -> None:
    data = load_prompt_yaml("lint/style-limits.yaml")
    assert data["targets"]["suno"]["v4"] == 200 and data["targets"]["suno"]["v4.5+"] == 1000
    assert style_length_issues("x" * 200) == []
    (severity, message), = style_length_issues("x" * 201)
    assert severity == "warning" and "201" in message and "v4" in message
    (severity, message), = style_length_issues("x" * 1001, "suno")
    assert severity == "error" and "1000" in message
    assert style_length_issues("x" * 5000, "some-unknown-target") == []
    assert style_length_issues("x" * 513, "ace-step-1.5")[0][0] == "error"


def test_artist_names_latin_whole_words_and_cjk() -> None:
    assert artist_names("in the style of Taylor Swift, piano") == ["Taylor Swift"]
    assert artist_names("like metallica") == ["Metallica"]
    assert artist_names("周杰伦风格, 中国风") == ["周杰伦"]
    assert artist_names("adelemore, bts2") == []  # not whole words
    assert artist_names("chinese traditional folk, guzheng") == []


def test_artist_hooks_env_file_and_register(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = tmp_path / "artists.txt"
    names.write_text("# mine\nSome Band\n", encoding="utf-8")
    monkeypatch.setenv("SONGSMITH_ARTISTS_FILE", str(names))
    assert artist_names("sounds like some band") == ["Some Band"]
    monkeypatch.delenv("SONGSMITH_ARTISTS_FILE")
    assert artist_names("sounds like some band") == []
    register_artist_names(["Plugin Singer"])
    try:
        assert artist_names("plugin singer vibes") == ["Plugin Singer"]
    finally:
        lint._ARTIST_SOURCES.clear()
        lint._artist_patterns.cache_clear()


@pytest.mark.parametrize(
    ("prompt", "bpm", "found"),
    [
        ("slow, fast, guzheng", None, "slow and fast"),
        ("instrumental, female vocal", None, "instrumental"),
        ("male vocal, female vocal", None, "male and a female"),
        ("sad, upbeat", None, "sad and happy"),
        ("slow ballad", 140, "tempo_bpm is 140"),
        ("uptempo pop", 70, "tempo_bpm is 70"),
    ],
)
def test_contradictions(prompt: str, bpm: int | None, found: str) -> None:
    messages = style_contradictions(prompt, bpm)
    assert any(found in m for m in messages), messages


@pytest.mark.parametrize("prompt", ["male vocal, female vocal, duet", "sad, joyful, bittersweet",
                                    "slow, guzheng", "breakfast, slowly"])
def test_no_contradiction(prompt: str) -> None:
    assert style_contradictions(prompt, 70) == []


def test_check_reports_style_problems_on_style_candidates_and_lyrics(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "title: x\nstyle:\n  prompt: slow, fast, like Taylor Swift\nlyrics: |\n  [Verse]\n  I sing like Adele\n"
        "candidates:\n- id: a\n  target: suno\n  style: '" + "guzheng, " * 120 + "'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--json", str(path)])
    import json

    issues = json.loads(result.output)[0]["issues"]
    codes = {(i["code"], i["severity"]) for i in issues}
    assert ("artist-name", "warning") in codes
    assert ("style-contradiction", "warning") in codes
    assert ("style-length", "error") in codes  # the candidate is over Suno's 1000
    assert result.exit_code == 1
    lines = {i["code"]: i["line"] for i in issues if i["code"] == "artist-name"}
    assert lines["artist-name"] in (3, 6)
