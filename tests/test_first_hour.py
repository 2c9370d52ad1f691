"""A new user's first hour: every input the README names, candidates on the command line, and
the small things a newcomer meets (messages, advice, samples, fallback warnings)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from cli_helpers import entry
from llm_helpers import LLMEnv, fake_server, llm_env  # noqa: F401 - fixtures

from songsmith.cli import cli
from songsmith.document.songfile import load_song
from songsmith.pipeline.sources import load_one, read_poems
from fake_llm_server import Reply

ROOT = Path(__file__).resolve().parents[1]
POEMS = ROOT / "corpora" / "poems"
SONGS = ROOT / "corpora" / "songs"
ESPERANTO = ROOT.parent / "shared" / "corpora" / "esperanto"
ESPERANTO_SONGS = sorted(ESPERANTO.glob("*.txt")) if ESPERANTO.is_dir() else []
needs_esperanto = pytest.mark.skipif(not ESPERANTO_SONGS, reason=f"the Esperanto corpus is not at {ESPERANTO}")


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# Every input ----------------------------------------------------------------------------------


def test_a_folder_of_yaml_poems_renders_every_poem(tmp_path: Path) -> None:
    folder = tmp_path / "poems"
    shutil.copytree(POEMS, folder)
    (folder / "README.md").write_text("# not a song\n", encoding="utf-8")  # Markdown in a folder is not read
    result = run("render", str(folder), "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    report = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert sorted(Path(entry["output"]).parent.name for entry in report) == [
        "chun-xiao", "deng-guan-que-lou", "jing-ye-si", "zao-fa-bai-di-cheng"]
    assert all(entry["action"] == "created" for entry in report)


def test_an_empty_folder_is_one_line_not_silence(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("render", str(tmp_path / "empty"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "no song, poem or collection files in this folder" in result.stderr  # type: ignore[attr-defined]


def test_batch_over_the_shipped_songs_does_every_song(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", str(SONGS), "-o", str(out), "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert len(index["songs"]) == len(list(SONGS.glob("*.yaml"))) == 4
    assert all(entry.get("error") is None for entry in index["songs"]), index["songs"]
    for song_file in (out / "songs").glob("*/song.yaml"):
        song = load_song(song_file).song
        assert song.sections, song_file  # the songs' own lyrics were kept
    english = next((out / "songs").glob("the-star--*/song.yaml"))
    kept = load_song(english).song
    assert kept.lyrics == load_song(SONGS / "the-star.yaml").song.lyrics
    assert kept.style.prompt == load_song(SONGS / "the-star.yaml").song.style.prompt


def test_a_song_file_changed_in_a_batch_is_redone(tmp_path: Path) -> None:
    songs = tmp_path / "songs"
    shutil.copytree(SONGS, songs)
    out = tmp_path / "out"
    assert run("batch", str(songs), "-o", str(out)).exit_code == 0  # type: ignore[attr-defined]
    path = songs / "the-star.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("little star", "little light"), encoding="utf-8")
    again = run("batch", str(songs), "-o", str(out), "--json")
    summary = json.loads(again.stdout.strip().splitlines()[-1])  # type: ignore[attr-defined]
    assert (summary["done"], summary["skipped"]) == (1, 3)


@needs_esperanto
@pytest.mark.parametrize("path", ESPERANTO_SONGS, ids=lambda p: p.stem)
def test_each_esperanto_song_renders_and_packages_as_shipped(tmp_path: Path, path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", str(path), "-o", str(out), "--target", "all", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    [entry] = json.loads(result.stdout)  # type: ignore[attr-defined]
    folder = Path(entry["output"]).parent
    song = load_song(folder / "song.yaml").song
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert song.language == "eo" and song.title == header.lstrip("#").split("|")[0].strip()
    assert song.source is not None and song.source.author and "(" not in song.source.author
    sung = [line for section in song.sections for line in section.sung_lines]
    assert sung and not any(line.startswith("#") for line in sung)  # the header is not a lyric
    assert "Esperanto" in (song.style.prompt or "")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["ok"] and len(manifest["targets"]) == 11


@needs_esperanto
def test_import_of_an_esperanto_song_keeps_its_header_out_of_the_lyrics(tmp_path: Path) -> None:
    target = tmp_path / "espero.yaml"
    result = run("import", str(ESPERANTO / "la_espero.txt"), "-o", str(target))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    song = load_song(target).song
    assert song.title == "La Espero" and song.source is not None and song.source.author == "L. L. Zamenhof"
    assert song.source.text is not None and not song.source.text.startswith("#")
    assert song.source.text.count("\n\n") == 2  # three stanzas
    assert song.notes is not None and "year: 1890" in song.notes


def test_tagged_lyrics_and_chordpro_render_with_their_lyrics_kept(tmp_path: Path) -> None:
    tagged = tmp_path / "morning.txt"
    tagged.write_text("Title: Morning Road\n\n[Verse 1]\nI walked the morning road alone\n"
                      "the sun was climbing on the stone\n\n[Chorus]\nOh morning road, take me home\n",
                      encoding="utf-8")
    chordpro = tmp_path / "star.cho"
    chordpro.write_text("{title: Little Star}\n{start_of_verse}\n[C]Twinkle, twinkle, [F]little star\n"
                        "{end_of_verse}\n", encoding="utf-8")
    result = run("render", str(tagged), str(chordpro), "-o", str(tmp_path / "out"), "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    by_title = {entry["title"]: entry for entry in json.loads(result.stdout)}  # type: ignore[attr-defined]
    assert set(by_title) == {"Morning Road", "Little Star"}
    morning = load_song(Path(by_title["Morning Road"]["output"])).song
    assert [s.kind for s in morning.sections] == ["verse", "chorus"]
    assert morning.language == "en"
    # English lyrics are styled as songs in English, not as Chinese poems
    assert not any(word in (c.style or "") for c in morning.candidates for word in ("guzheng", "erhu", "pipa",
                                                                                   "Mandarin"))


def test_reading_a_collection_as_one_song_says_what_would_work(tmp_path: Path) -> None:
    corpus = tmp_path / "c.json"
    corpus.write_text("[]", encoding="utf-8")
    result = entry("show", str(corpus))
    assert result.exit_code == 2
    assert f"songsmith import {corpus} -o DIR" in result.output


def test_a_bad_file_in_a_folder_is_one_line_and_the_rest_go_on(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(POEMS / "jing-ye-si.yaml", folder)
    (folder / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    items = list(read_poems([folder]))
    assert [type(item).__name__ for item in items] == ["InputProblem", "Poem"]
    result = run("render", str(folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert [line for line in result.stderr.splitlines() if "broken.yaml" in line][0].startswith(  # type: ignore[attr-defined]
        str(folder / "broken.yaml") + ":")
    assert (tmp_path / "out" / "jing-ye-si" / "song.yaml").is_file()


def test_check_and_analyze_take_folders_and_collections(tmp_path: Path) -> None:
    corpus = tmp_path / "c.json"
    corpus.write_text(json.dumps([{"author": "王维", "title": "相思",
                                   "paragraphs": ["红豆生南国，春来发几枝。", "愿君多采撷，此物最相思。"]}],
                                 ensure_ascii=False), encoding="utf-8")
    checked = run("check", str(POEMS), str(SONGS), str(corpus))
    assert checked.exit_code == 0, checked.output  # type: ignore[attr-defined]
    assert checked.stdout.count(": ok (") == 9  # 4 poems, 4 songs, the collection  # type: ignore[attr-defined]
    analysed = run("analyze", "--json", str(corpus), str(POEMS / "jing-ye-si.yaml"))
    assert analysed.exit_code == 2  # analyze takes one path   # type: ignore[attr-defined]
    data = json.loads(run("analyze", "--json", str(POEMS)).stdout)  # type: ignore[attr-defined]
    assert len(data) == 4 and all(entry["form"] for entry in data)


# Candidates on the command line ---------------------------------------------------------------


def _rendered(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert run("render", str(POEMS / "jing-ye-si.yaml"), "-o", str(out)).exit_code == 0  # type: ignore[attr-defined]
    return out / "jing-ye-si" / "song.yaml"


def test_show_lists_every_candidate_in_full(tmp_path: Path) -> None:
    path = _rendered(tmp_path)
    song = load_song(path).song
    shown = run("show", str(path)).stdout  # type: ignore[attr-defined]
    for candidate in song.candidates:
        assert candidate.id in shown and (candidate.style or "") in shown
        assert (candidate.notes or "").splitlines()[0] in shown


def test_choose_then_package_uses_that_whole_style(tmp_path: Path) -> None:
    path = _rendered(tmp_path)
    third = load_song(path).song.candidates[2]
    result = run("choose", str(path), third.id)
    assert result.exit_code == 0 and third.id in result.stdout  # type: ignore[attr-defined]
    song = load_song(path).song
    assert [c.chosen for c in song.candidates] == [False, False, True, False, False]
    assert song.style == third.as_style()  # the whole style: prompt, instruments, tempo, vocal …
    assert song.style.tempo_bpm == third.tempo_bpm and song.style.instruments == third.instruments
    assert run("package", str(path), "-o", str(tmp_path / "pkg"), "-t", "suno").exit_code == 0  # type: ignore[attr-defined]
    suno = (tmp_path / "pkg" / "jing-ye-si" / "suno.txt").read_text(encoding="utf-8")
    assert third.style in suno
    assert json.loads((tmp_path / "pkg" / "jing-ye-si" / "manifest.json").read_text())["chosen"] == third.id


def test_a_candidate_chosen_by_hand_is_what_package_uses_and_check_says_so(tmp_path: Path) -> None:
    path = _rendered(tmp_path)
    song = load_song(path).song
    second = song.candidates[1]
    text = path.read_text(encoding="utf-8").replace(f"- id: {second.id}\n", f"- id: {second.id}\n  chosen: true\n")
    path.write_text(text, encoding="utf-8")
    checked = run("check", str(path))
    assert f"candidate {second.id} is chosen but style: still says another" in checked.stdout  # type: ignore[attr-defined]
    run("package", str(path), "-o", str(tmp_path / "pkg"), "-t", "suno")
    assert second.style in (tmp_path / "pkg" / "jing-ye-si" / "suno.txt").read_text(encoding="utf-8")


def test_a_style_edited_after_choosing_wins(tmp_path: Path) -> None:
    path = _rendered(tmp_path)
    run("choose", str(path), "2")
    text = path.read_text(encoding="utf-8")
    song = load_song(path).song
    path.write_text(text.replace(f"prompt: {song.style.prompt}", "prompt: my own spell, guzheng"), encoding="utf-8")
    assert "chosen-not-style" not in run("check", "--json", str(path)).stdout  # type: ignore[attr-defined]
    run("package", str(path), "-o", str(tmp_path / "pkg"), "-t", "suno")
    assert "my own spell, guzheng" in (tmp_path / "pkg" / "jing-ye-si" / "suno.txt").read_text(encoding="utf-8")


def test_choose_refuses_an_unknown_id_and_a_file_it_must_not_rewrite(tmp_path: Path) -> None:
    path = _rendered(tmp_path)
    before = path.read_bytes()
    result = entry("choose", str(path), "nope")
    assert result.exit_code == 2 and "no candidate 'nope'; the song has offline-1" in result.output
    assert path.read_bytes() == before
    commented = tmp_path / "c.yaml"
    commented.write_bytes(before + b"# my note\n")
    result = entry("choose", str(commented), "1")
    assert result.exit_code == 2 and "YAML comments" in result.output
    assert commented.read_bytes() == before + b"# my note\n"
    several = tmp_path / "s.yaml"
    several.write_text(before.decode().replace("  backend: offline\n", "  backend: offline\n  chosen: true\n"),
                       encoding="utf-8")
    assert "5 candidates are chosen" in run("check", str(several)).stdout  # type: ignore[attr-defined]


def test_every_command_is_in_the_readme_table() -> None:
    from songsmith.cli import COMMANDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in COMMANDS if f"| `songsmith {name}" not in readme]
    assert missing == []


# The small things -----------------------------------------------------------------------------


def test_a_poem_without_text_names_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("title: 静夜思\nauthor: 李白\n", encoding="utf-8")
    result = entry("check", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (f"{path}:2:1: a poem file needs text: (the poem itself, as a | block) "
                                     "besides author:; a song file has lyrics: instead")


def test_a_mistyped_command_gets_a_suggestion() -> None:
    result = CliRunner().invoke(cli, ["rendr"])
    assert result.exit_code == 2 and "did you mean 'render'?" in result.output
    result = CliRunner().invoke(cli, ["qqqq"])
    assert result.exit_code == 2 and "did you mean" not in result.output


def test_a_bad_option_value_names_no_pseudo_file(tmp_path: Path) -> None:
    result = entry("package", str(POEMS / "jing-ye-si.yaml"), "-o", str(tmp_path), "--target", "suno,nosuch")
    assert result.exit_code == 2
    assert result.output.startswith("songsmith: unknown target 'nosuch'")


def test_missing_key_advice_is_never_circular(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "none.yaml"))
    song = _rendered(tmp_path)
    translate = entry("translate", str(song), "--to", "en", "--backend", "anthropic")
    assert translate.exit_code == 2 and "ANTHROPIC_API_KEY is not set" in translate.output
    assert "--backend offline" not in translate.output  # translate has no offline backend
    offline = entry("translate", str(song), "--to", "en", "--backend", "offline")
    assert offline.exit_code == 2 and "--backend anthropic" in offline.output
    render = entry("render", str(song), "-o", str(tmp_path / "o2"), "--backend", "anthropic")
    assert render.exit_code == 2 and "--backend offline" in render.output  # render has one


def test_samples_come_with_the_package(tmp_path: Path) -> None:
    result = run("samples", str(tmp_path / "my"))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    copied = sorted(p.relative_to(tmp_path / "my").as_posix() for p in (tmp_path / "my").rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(ROOT / "corpora").as_posix() for p in (ROOT / "corpora").rglob("*")
                     if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts)
    assert copied == shipped
    edited = tmp_path / "my" / "poems" / "jing-ye-si.yaml"
    edited.write_text("title: mine\ntext: 我的\n", encoding="utf-8")
    again = run("samples", str(tmp_path / "my"))
    assert "left alone" in again.stderr and edited.read_text(encoding="utf-8") == "title: mine\ntext: 我的\n"  # type: ignore[attr-defined]
    assert run("render", str(tmp_path / "my" / "songs"), "-o", str(tmp_path / "out")).exit_code == 0  # type: ignore[attr-defined]


def test_an_llm_fallback_is_a_warning_on_stderr_and_in_json(llm_env: LLMEnv, tmp_path: Path) -> None:
    llm_env.set(SONGSMITH_MAX_RETRIES="0")
    llm_env.server.enqueue(*[Reply(status=500)] * 4)
    result = CliRunner().invoke(cli, ["render", str(POEMS / "jing-ye-si.yaml"), "-o", str(tmp_path / "out"),
                                      "--backend", "openai", "--json"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.stdout)
    assert any("used the offline backend" in w for w in entry["warnings"])
    lines = [line for line in result.stderr.splitlines() if "used the offline backend" in line]
    assert lines and all(line.startswith(f"{POEMS / 'jing-ye-si.yaml'}: warning: ") for line in lines)
    assert load_one(Path(entry["output"])).song.candidates[0].backend == "offline"


def test_check_on_tagged_lyrics_names_the_file_s_lines(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Title: X\nStyle: folk\n\n[Verse 1]\nhello there\n\n[Chorus]\n(whispered)\n[Verse 2]\n",
                    encoding="utf-8")
    out = run("check", str(path)).stdout  # type: ignore[attr-defined]
    assert f"{path}:8: warning: (whispered)" in out and f"{path}:9: warning: [Verse 2] has no lyrics" in out
