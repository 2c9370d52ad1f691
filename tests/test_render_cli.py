"""`songsmith render` through the CLI: poems in, song files out, the user's work kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith.cli import cli
from songsmith.document.songfile import load_song

ROOT = Path(__file__).resolve().parents[1]
JING_YE_SI = ROOT / "corpora" / "poems" / "jing-ye-si.yaml"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def test_render_the_readme_example(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", str(JING_YE_SI), "-o", str(out))
    assert result.exit_code == 0, result.output
    path = out / "jing-ye-si" / "song.yaml"
    assert "created" in result.output and str(path) in result.output
    loaded = load_song(path)
    song = loaded.song
    assert loaded.shape == "song" and song.title == "静夜思"
    assert song.source is not None and song.source.author == "李白" and "床前明月光" in (song.source.text or "")
    assert [s.kind for s in song.sections][:3] == ["intro", "verse", "chorus"]
    assert song.style.prompt and song.style.instruments
    assert len(song.candidates) == 5 and all(c.backend == "offline" for c in song.candidates)
    assert song.candidates[0].style == song.style.prompt
    assert not list(out.rglob(".*.tmp"))  # atomic writes leave no temp files


def test_render_twice_gives_identical_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("render", str(JING_YE_SI), "-o", str(out))
    first = tree(out)
    again = run("render", str(JING_YE_SI), "-o", str(out))
    assert "unchanged" in again.output
    assert tree(out) == first
    other = tmp_path / "other"
    run("render", str(JING_YE_SI), "-o", str(other))
    assert tree(other) == first


def test_existing_song_keeps_lyrics_and_style_unless_restyle(tmp_path: Path) -> None:
    song = write(tmp_path / "mine.yaml", (
        "title: 静夜思\nsource:\n  title: 静夜思\n  author: 李白\n  text: |\n    床前明月光，疑是地上霜。\n"
        "    举头望明月，低头思故乡。\nstyle:\n  prompt: my own spell, piano\nlyrics: |\n  [Verse]\n"
        "  床前明月光\n  (明月光)\ncandidates:\n- id: offline-1\n  style: liked this one\n  backend: offline\n"
        "  rating: 5\n- id: offline-2\n  style: did not rate\n  backend: offline\n"))
    out = tmp_path / "out"
    result = run("render", str(song), "-o", str(out))
    assert result.exit_code == 0, result.output
    kept = load_song(out / "jing-ye-si" / "song.yaml").song
    assert kept.style.prompt == "my own spell, piano"
    assert [s.lines for s in kept.sections] == [["床前明月光", "(明月光)"]]
    assert [c.style for c in kept.candidates] == ["liked this one", "did not rate"]  # ours already there

    result = run("render", str(song), "-o", str(out), "--restyle")
    assert result.exit_code == 0, result.output
    restyled = load_song(out / "jing-ye-si" / "song.yaml").song
    assert restyled.style.prompt != "my own spell, piano"
    assert [s.lines for s in restyled.sections] == [["床前明月光", "(明月光)"]]  # lyrics still the user's
    styles = [c.style for c in restyled.candidates]
    assert "liked this one" in styles and "did not rate" not in styles  # rated one kept
    assert restyled.candidates[0].rating == 5
    assert restyled.style.prompt in styles


def test_poem_file_style_is_kept(tmp_path: Path) -> None:
    poem = write(tmp_path / "p.yaml", "title: 静夜思\ntext: |\n  床前明月光，疑是地上霜。\n  举头望明月，低头思故乡。\n"
                                      "style:\n  prompt: lute, medieval\n")
    out = tmp_path / "out"
    assert run("render", str(poem), "-o", str(out)).exit_code == 0
    song = load_song(out / "jing-ye-si" / "song.yaml").song
    assert song.style.prompt == "lute, medieval" and song.sections


def test_edits_to_an_earlier_output_survive_a_rerender(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("render", str(JING_YE_SI), "-o", str(out))
    path = out / "jing-ye-si" / "song.yaml"
    text = path.read_text(encoding="utf-8").replace("[Verse 1]", "[Verse 1 Climb]")
    path.write_text(text, encoding="utf-8")
    run("render", str(JING_YE_SI), "-o", str(out))
    assert "[Verse 1 Climb]" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("title", ["../../etc/passwd", "a/b", "..", "/abs/path", "C:\\win\\x", ".hidden"])
def test_slug_stays_inside_out(tmp_path: Path, title: str) -> None:
    poem = write(tmp_path / "p.yaml", f"title: {json.dumps(title)}\ntext: |\n  床前明月光，疑是地上霜。\n")
    out = tmp_path / "out"
    result = run("render", str(poem), "-o", str(out))
    assert result.exit_code == 0, result.output
    files = [p for p in tmp_path.rglob("song.yaml")]
    assert len(files) == 1
    written = files[0].resolve()
    assert written.parent.parent == out.resolve()
    assert not written.parent.name.startswith(".") and "/" not in written.parent.name


def test_two_poems_with_one_title_get_two_folders(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "title: 宫词\nauthor: 张祜\ntext: |\n  故国三千里，深宫二十年。\n  一声何满子，双泪落君前。\n")
    b = write(tmp_path / "b.yaml", "title: 宫词\nauthor: 顾况\ntext: |\n  玉楼天半起笙歌，风送宫嫔笑语和。\n"
                                   "  月殿影开闻夜漏，水晶帘卷近秋河。\n")
    out = tmp_path / "out"
    assert run("render", str(a), str(b), "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["gong-ci", "gong-ci-2"]
    assert run("render", str(b), str(a), "-o", str(out)).exit_code == 0  # reruns find their own folders
    assert load_song(out / "gong-ci" / "song.yaml").song.source.author == "张祜"  # type: ignore[union-attr]
    assert sorted(p.name for p in out.iterdir()) == ["gong-ci", "gong-ci-2"]


def test_options_candidates_arrangement_audience_json(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", str(JING_YE_SI), "-o", str(out), "--candidates", "3", "--arrangement", "short",
                 "--audience", "children", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["arrangement"] == "short" and data[0]["mood"]["primary"] == "nostalgic"
    assert len(data[0]["candidates"]) == 3
    song = load_song(out / "jing-ye-si" / "song.yaml").song
    assert 80 <= (song.style.tempo_bpm or 0) <= 100
    assert "clear diction" in (song.style.vocal or "")


def test_text_and_corpus_json_inputs(tmp_path: Path) -> None:
    txt = write(tmp_path / "p.txt", "登鹳雀楼\n王之涣\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n")
    corpus = write(tmp_path / "c.json", json.dumps([
        {"author": "王维", "title": "鹿柴", "paragraphs": ["空山不见人，但闻人语响。", "返景入深林，复照青苔上。"]},
        {"author": "王维", "title": "相思", "paragraphs": ["红豆生南国，春来发几枝。", "愿君多采撷，此物最相思。"]},
    ], ensure_ascii=False))
    out = tmp_path / "out"
    result = run("render", str(txt), str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["deng-guan-que-lou", "lu-chai", "xiang-si"]
    assert load_song(out / "xiang-si" / "song.yaml").song.style.mood[0] == "romantic"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("title: [unclosed\n", ""),
        ("title: x\ntext: ''\n", "text is empty"),
        ("title: x\ntext: |\n  。！\n", "nothing to set to music"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    good_out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(path), str(JING_YE_SI), "-o", str(good_out)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if "bad.yaml" in line]
    assert len(errors) == 1 and message in errors[0]
    assert "Traceback" not in result.output
    assert (good_out / "jing-ye-si" / "song.yaml").exists()  # the good file is still rendered


def test_unknown_arrangement_or_backend_fails_before_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for option in (["--arrangement", "nope"], ["--backend", "nope"]):
        result = CliRunner().invoke(cli, ["render", str(JING_YE_SI), "-o", str(out), *option])
        assert result.exit_code == 2 and "unknown" in result.output
        assert not out.exists()


def test_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = write(tmp_path / "out", "x")
    result = CliRunner().invoke(cli, ["render", str(JING_YE_SI), "-o", str(out)])
    assert result.exit_code == 2


def test_rendered_song_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("render", str(JING_YE_SI), "-o", str(out))
    result = CliRunner().invoke(cli, ["check", "--strict", str(out / "jing-ye-si" / "song.yaml")])
    assert result.exit_code == 0, result.output


def test_a_bad_poem_in_a_collection_does_not_stop_the_rest(tmp_path: Path) -> None:
    corpus = write(tmp_path / "c.json", json.dumps([
        {"author": "无名", "title": "空诗", "paragraphs": []},
        {"author": "王维", "title": "相思", "paragraphs": ["红豆生南国，春来发几枝。", "愿君多采撷，此物最相思。"]},
    ], ensure_ascii=False))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(corpus), "-o", str(out)])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if "nothing to set to music" in line]
    assert len(errors) == 1 and errors[0].startswith(f"{corpus}#0")
    assert (out / "xiang-si" / "song.yaml").exists()


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    code = ("import sys; from songsmith.cli import main; "
            "main(['render', sys.argv[1], '-o', sys.argv[2], '--candidates', '8'])")
    here = tmp_path / "here"
    run("render", str(JING_YE_SI), "-o", str(here), "--candidates", "8")
    there = tmp_path / "there"
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    subprocess.run([sys.executable, "-c", code, str(JING_YE_SI), str(there)], env=env, check=True,
                   capture_output=True)
    assert tree(here) == tree(there) and tree(here)


def test_render_with_targets_writes_packages_beside_the_song(tmp_path: Path) -> None:
    poem = ROOT / "corpora" / "poems" / "zao-fa-bai-di-cheng.yaml"
    result = run("render", str(poem), "-o", str(tmp_path), "--target", "suno,yue", "--candidates", "2",
                 "--package-candidates", "--json")
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.output)
    folder = tmp_path / "zao-fa-bai-di-cheng"
    assert entry["package"]["directory"] == str(folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = set(manifest["files"])
    assert {"song.yaml", "sheet.html", "lyrics.md", "suno.1.json", "suno.2.json", "yue/lyrics.1.txt"} <= names
    suno = json.loads((folder / "suno.1.json").read_text(encoding="utf-8"))
    assert "千里江陵一日还" in suno["lyrics"]
    assert load_song(folder / "song.yaml").song.source.form == "七言绝句"


def test_render_with_an_unknown_target_fails_before_writing(tmp_path: Path) -> None:
    poem = ROOT / "corpora" / "poems" / "jing-ye-si.yaml"
    result = run("render", str(poem), "-o", str(tmp_path / "out"), "--target", "suno,nonesuch")
    assert result.exit_code == 2
    assert "nonesuch" in result.output
    assert not (tmp_path / "out").exists()


def test_render_with_targets_packages_the_songs_own_style_unless_candidates_asked(tmp_path: Path) -> None:
    result = run("render", str(JING_YE_SI), "-o", str(tmp_path), "--target", "suno")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "jing-ye-si"
    names = set(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"])
    assert {"suno.json", "suno.txt"} <= names and not any(n.startswith("suno.1") for n in names)
    song = load_song(folder / "song.yaml").song
    assert len(song.candidates) == 5  # all candidates stay in the song file
    assert json.loads((folder / "suno.json").read_text(encoding="utf-8"))["style"].startswith(
        song.style.prompt.split(",")[0])


@pytest.mark.parametrize("title", ["a\tb", "a\nb", "   ", " 静夜思 ", "a/../b", "CON"])
def test_rendering_again_reuses_the_folder_whatever_the_title(tmp_path: Path, title: str) -> None:
    poem = tmp_path / "p.yaml"
    poem.write_text(f"title: {json.dumps(title)}\ntext: |\n  床前明月光，疑是地上霜。\n", encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        result = CliRunner().invoke(cli, ["render", str(poem), "-o", str(out)])
        assert result.exit_code == 0, result.output
    folders = [p for p in out.iterdir()]
    assert len(folders) == 1 and folders[0].resolve().parent == out.resolve()


def test_a_collection_poem_s_conversion_errors_are_fixed_in_the_song_and_its_sheet(tmp_path: Path) -> None:
    corpus = write(tmp_path / "c.json", json.dumps([{"author": "杜甫", "title": "月夜", "id": "yy", "paragraphs": [
        "今夜鄜州月，閨中只獨看。", "遙憐小兒女，未解憶長安。", "香霧雲鬟溼，清輝玉臂寒。", "何時倚虛幌，雙照淚痕幹。"]}],
        ensure_ascii=False))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["render", str(corpus), "-o", str(out), "--target", "suno"])
    assert result.exit_code == 0, result.output
    song = load_song(out / "yue-ye" / "song.yaml").song
    assert song.source is not None and "淚痕乾" in (song.source.text or "") and "幹" not in (song.source.text or "")
    assert song.notes is not None and "淚痕幹 → 淚痕乾" in song.notes
    sheet = (out / "yue-ye" / "sheet.html").read_text(encoding="utf-8")
    readings = re.findall(r"乾<rt>([^<]*)</rt>", sheet)
    assert readings and set(readings) == {"gān"} and "幹" not in sheet


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_render_with_targets_writes_each_song_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        jobs: str) -> None:
    from songsmith.document import writer

    written: list[str] = []
    real = writer._new_file

    def counting(target: Path, mode: int, suffix: str = ".tmp"):  # type: ignore[no-untyped-def]
        written.append(target.name)
        return real(target, mode, suffix)

    monkeypatch.setattr(writer, "_new_file", counting)
    corpus = write(tmp_path / "c.json", json.dumps([
        {"author": "王维", "title": f"相思{i}", "paragraphs": ["红豆生南国，春来发几枝。", "愿君多采撷，此物最相思。"]}
        for i in range(3)], ensure_ascii=False))
    result = CliRunner().invoke(cli, ["render", str(corpus), "-o", str(tmp_path / "out"), "--target", "suno",
                                      "-j", jobs])
    assert result.exit_code == 0, result.output
    assert written.count("song.yaml") == 3 and written.count("suno.txt") == 3
    manifest = json.loads(next((tmp_path / "out").glob("*/manifest.json")).read_text(encoding="utf-8"))
    assert "song.yaml" in manifest["files"]  # listed (and hashed) by the package all the same


def test_an_explicit_candidates_count_does_not_change_what_is_packaged(tmp_path: Path) -> None:
    implicit = run("render", str(JING_YE_SI), "-o", str(tmp_path / "a"), "--target", "suno")
    explicit = run("render", str(JING_YE_SI), "-o", str(tmp_path / "b"), "--target", "suno", "--candidates", "5")
    assert implicit.exit_code == explicit.exit_code == 0
    names = [sorted(json.loads((tmp_path / d / "jing-ye-si" / "manifest.json").read_text())["files"]) for d in "ab"]
    assert names[0] == names[1]


def test_the_same_option_means_the_same_in_every_command() -> None:
    import click

    from songsmith.cli import COMMANDS

    seen: dict[str, set[tuple[object, ...]]] = {}
    for name in COMMANDS:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        commands = list(command.commands.values()) if isinstance(command, click.Group) else [command]
        for sub in commands:
            for param in sub.params:
                if isinstance(param, click.Option) and param.name in ("n_candidates", "package_candidates", "targets",
                                                                       "suno_model", "minimax_model", "backend"):
                    if sub.name == "render" and param.name == "targets":
                        continue  # render packages only when asked
                    seen.setdefault(param.name, set()).add((tuple(param.opts), param.default))
    assert all(len(variants) == 1 for variants in seen.values()), seen
