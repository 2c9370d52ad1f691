"""`songsmith analyze` on Esperanto songs; the Chinese path is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from songsmith.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "songs" / "la-luno-kaj-la-rivero.yaml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_analyze_json_for_an_eo_song() -> None:
    result = run("analyze", "--json", str(SAMPLE))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["language"] == "eo" and data["title"] == "La Luno kaj la Rivero"
    assert {"metre", "lines", "stanzas", "warnings", "undecided", "pattern"} <= set(data)
    lines = data["lines"]
    assert len(lines) == 12  # sung lines only: no tags, no "(al la mar')" backing vocals
    for line in lines:
        assert {"text", "syllables", "stress", "metre", "rhyme", "warnings"} <= set(line)
        assert isinstance(line["syllables"], int)
        assert all(1 <= s <= line["syllables"] for s in line["stress"])
    first = lines[0]
    assert first["text"] == "La luno kuŝas sur la akvo,"
    assert first["syllables"] == 9 and first["stress"] == [2, 4, 8]
    lok = next(line for line in lines if line["text"].endswith("lok',"))
    assert lok["syllables"] == 8 and lok["stress"][-1] == 8  # elided lok' keeps its stress
    assert lok["rhyme"] == "ok"
    assert [s["section"] for s in data["stanzas"]][:2] == ["Verse 1", "Chorus"]
    assert data["warnings"] == []


def test_analyze_text_report() -> None:
    result = run("analyze", str(SAMPLE))
    assert result.exit_code == 0
    assert "language: eo" in result.output and "[Verse 1]" in result.output


def test_analyze_h_system_text_file(tmp_path: Path) -> None:
    path = tmp_path / "ghis.txt"
    path.write_text("# Ghis | author: Iu\n\nGhis kiam vi venis, chu kredas vi?\nAnkau mi kredas.\n",
                    encoding="utf-8")
    result = run("analyze", "--json", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Ghis" and data["author"] == "Iu" and data["spelling"] == "h"
    assert data["lines"][0]["text"] == "Ĝis kiam vi venis, ĉu kredas vi?"
    assert data["lines"][0]["original"] == "Ghis kiam vi venis, chu kredas vi?"


def test_analyze_yaml_without_language_but_esperanto_lyrics(tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    path.write_text("songsmith: 1\ntitle: Kanto\nlyrics: |\n  [Verse]\n  Ĝis la mateno mi atendos\n",
                    encoding="utf-8")
    data = json.loads(run("analyze", "--json", str(path)).output)
    assert data["language"] == "eo" and data["lines"][0]["syllables"] == 9


def test_chinese_poems_still_take_the_chinese_path() -> None:
    result = run("analyze", "--json", str(ROOT / "corpora" / "poems" / "jing-ye-si.yaml"))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["language"] == "zh" and "pinyin" in data["lines"][0]


def test_missing_file_still_reports_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2


def test_eo_song_without_lyrics_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("songsmith: 1\ntitle: Malplena\nlanguage: eo\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 2
    assert "no lyrics and no source text" in result.output
