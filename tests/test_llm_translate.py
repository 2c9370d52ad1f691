"""Singable translation: sections mirror the original, the refrain repeats; the CLI command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from llm_helpers import FAKE_KEY, LLMEnv, fake_server, llm_env  # noqa: F401 - fixtures

from songsmith.cli import cli
from songsmith.document.model import Song
from songsmith.document.songfile import load_song
from songsmith.style.backends import get_backend
from songsmith.style.llm.errors import LLMError
from fake_llm_server import Reply

LYRICS = """\
[Intro With Guzheng]

[Verse 1]
床前明月光
疑是地上霜

举头望明月

[Chorus]
低头思故乡
(思故乡)

[Verse 2, soft]
[......?]
床前明月光

[Chorus]
低头思故乡
(思故乡)

[Outro]
"""


def _song() -> Song:
    return Song.from_lyrics("静夜思", LYRICS, language="zh")


def test_translation_mirrors_the_sections(llm_env: LLMEnv) -> None:
    original = _song()
    translated = get_backend("openai").translate(original, to="en")
    assert [(s.kind, s.number, s.tag) for s in translated.sections] == \
           [(s.kind, s.number, s.tag) for s in original.sections]
    assert [len(s.lines) for s in translated.sections] == [len(s.lines) for s in original.sections]
    verse1 = translated.sections[1].lines
    assert verse1[2] == "" and all(line and not any("\u4e00" <= c <= "\u9fff" for c in line)
                                   for line in verse1[:2] + verse1[3:])
    chorus1, chorus2 = translated.sections[2], translated.sections[4]
    assert chorus1.lines == chorus2.lines  # the refrain repeats word for word
    assert chorus1.lines[1].startswith("(") and chorus1.lines[1].endswith(")")  # backing vocals stay backing
    assert translated.sections[3].lines[0] == "[......?]"  # a cue is kept as it is
    assert translated.language == "en" and translated.style.language_tag == "English"
    assert translated.title == "静夜思 (English)" and "sections mirror the original" in (translated.notes or "")
    # what was sent: one input section per original section, lyric and backing lines only
    sent = llm_env.server.requests[0].body["messages"][-1]["content"]
    assert '"to": "en"' in sent and "[......?]" not in sent and "Make it singable" in sent


def test_refrain_mismatch_is_reasked(llm_env: LLMEnv) -> None:
    song = Song.from_lyrics("t", "[Verse 1]\n床前明月光\n\n[Chorus]\n低头思故乡\n\n[Chorus]\n低头思故乡\n")
    llm_env.server.enqueue(
        Reply(answer={"title": "T", "sections": [{"lines": ["a"]}, {"lines": ["home"]}, {"lines": ["house"]}]}),
        Reply(answer={"title": "T", "sections": [{"lines": ["a"]}, {"lines": ["home"]}, {"lines": ["home"]}]}))
    translated = get_backend("anthropic").translate(song, to="eo")
    assert "repeat its translation word for word" in llm_env.server.requests[1].body["messages"][-1]["content"]
    assert [s.lines for s in translated.sections] == [["a"], ["home"], ["home"]]
    assert translated.style.language_tag == "Esperanto Song"


def test_a_translation_that_breaks_the_structure_twice_is_an_error(llm_env: LLMEnv) -> None:
    wrong = Reply(answer={"title": "T", "sections": [{"lines": ["just one"]}]})
    llm_env.server.enqueue(wrong, wrong)
    with pytest.raises(LLMError, match="give 6 sections"):
        get_backend("openai").translate(_song(), to="en")


def test_untranslated_lines_are_caught(llm_env: LLMEnv) -> None:
    song = Song.from_lyrics("t", "[Verse 1]\n床前明月光\n")
    lazy = Reply(answer={"title": "T", "sections": [{"lines": ["床前明月光"]}]})
    llm_env.server.enqueue(lazy, lazy)
    with pytest.raises(LLMError, match="is not translated"):
        get_backend("openai").translate(song, to="en")


def test_cli_translate_writes_a_mirrored_song(llm_env: LLMEnv, tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    from songsmith.document.songfile import save_song

    save_song(_song(), path)
    result = CliRunner().invoke(cli, ["translate", str(path), "--to", "en", "--backend", "openai"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "song.en.yaml"
    assert f"wrote {out} (6 sections" in result.output
    translated = load_song(out).song
    assert [s.label for s in translated.sections] == [s.label for s in _song().sections]
    again = CliRunner().invoke(cli, ["translate", str(path), "--to", "en", "--backend", "openai"])
    assert again.exit_code != 0 and "pass --force" in str(again.exception)
    assert llm_env.server.count == 1


def test_cli_translate_a_poem_file_arranges_it_first(llm_env: LLMEnv, tmp_path: Path) -> None:
    poem = tmp_path / "poem.yaml"
    poem.write_text("title: 静夜思\nauthor: 李白\ntext: |\n  床前明月光，疑是地上霜。\n  举头望明月，低头思故乡。\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(poem), "--to", "eo", "--base-url",
                                      llm_env.server.openai_base_url, "-o", str(tmp_path / "eo.yaml")])
    assert result.exit_code == 0, result.output
    song = load_song(tmp_path / "eo.yaml").song
    assert [s.kind for s in song.sections] == ["intro", "verse", "chorus", "outro"]
    assert song.language == "eo" and song.source and song.source.author == "李白"
    assert [r.path for r in llm_env.server.requests] == ["/v1/chat/completions"] * 2  # arrange, translate


def test_cli_translate_needs_an_llm_backend(llm_env: LLMEnv, tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    path.write_text("songsmith: 1\ntitle: t\nlyrics: |\n  [Verse 1]\n  床前明月光\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["translate", str(path), "--to", "en"])
    assert result.exit_code != 0 and "needs an LLM backend" in str(result.exception)


def test_ctrl_c_leaves_no_partial_files(llm_env: LLMEnv, tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    path.write_text("songsmith: 1\ntitle: t\nlyrics: |\n  [Verse 1]\n  床前明月光\n", encoding="utf-8")
    llm_env.server.enqueue(Reply(delay=20))
    llm_env.set(SONGSMITH_TIMEOUT="30")  # the request is still waiting when Ctrl-C comes, however busy the machine
    before = {p for p in tmp_path.rglob("*")}
    process = subprocess.Popen(
        [sys.executable, "-m", "songsmith", "translate", str(path), "--to", "en", "--backend", "openai"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )
    deadline = time.monotonic() + 15
    while llm_env.server.count == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert llm_env.server.count == 1
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = process.communicate(timeout=10)
    assert time.monotonic() - started < 5
    assert process.returncode == 130, err
    assert "interrupted" in err and FAKE_KEY not in out + err
    left = {p for p in tmp_path.rglob("*")} - before
    assert not [p for p in left if p.is_file() and not p.name.startswith("usage.sqlite")], left


def test_cli_translate_into_makes_a_bilingual_song(llm_env: LLMEnv, tmp_path: Path) -> None:
    from songsmith.document.lint import lint
    from songsmith.document.songfile import save_song
    from songsmith.package.sheet import lyrics_markdown, sheet_html

    path = tmp_path / "song.yaml"
    save_song(_song(), path)
    result = CliRunner().invoke(cli, ["translate", str(path), "--to", "en", "--backend", "openai", "--into"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "song.en.yaml").exists()
    loaded = load_song(path)
    song = loaded.song
    assert song.lyrics == _song().lyrics  # the original lyrics are untouched
    english = song.translations["en"]
    assert [s.kind for s in english] == [s.kind for s in song.sections]
    assert song.translation_mismatches("en") == []
    assert not [i for i in lint(loaded) if i.code == "translation-mismatch"]
    first_line = next(line for s in english for line in s.sung_lines)
    assert first_line in path.read_text(encoding="utf-8").split("translations:")[1]
    assert '<p class="translation" lang="en">' in sheet_html(song)
    assert "## Lyrics (en)" in lyrics_markdown(song)
    again = CliRunner().invoke(cli, ["translate", str(path), "--to", "en", "--backend", "openai", "--into"])
    assert again.exit_code != 0 and "already has a en translation" in str(again.exception)


def test_a_translation_that_does_not_mirror_is_linted_and_kept_off_the_sheet(tmp_path: Path) -> None:
    from songsmith.document.lint import lint
    from songsmith.document.songfile import load_song as load
    from songsmith.package.sheet import sheet_html

    path = tmp_path / "song.yaml"
    path.write_text("title: t\nlyrics: |\n  [Verse 1]\n  床前明月光\n\n  [Chorus]\n  低头思故乡\n"
                    "translations:\n  en: |\n    [Verse 1]\n    Moonlight before my bed\n", encoding="utf-8")
    loaded = load(path)
    [issue] = [i for i in lint(loaded) if i.code == "translation-mismatch"]
    assert issue.line == 9 and "1 sections; the lyrics have 2" in issue.message  # the `en:` line
    assert 'class="translation"' not in sheet_html(loaded.song)
