"""Streaming loaders: the four chinese-poetry shapes, text and YAML files, and stable ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from songsmith.errors import FileFormatError
from songsmith.pipeline.sources import read_poems
from songsmith.poetry.corpus import (
    corpus_files,
    detect_shape,
    load_chinese_poetry,
    parse_text_poems,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "chinese-poetry"


def write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


TANGSHI = {
    "title": "唐詩三百首",
    "content": [
        {"type": "五言絕句", "content": [
            {"chapter": "山中送別", "subchapter": "送別 / 山中送別", "author": "王維",
             "paragraphs": ["山中相送罷，日暮掩柴扉。", "春草明年綠，王孫歸不歸？(明年 一作：年年)"]},
        ]},
        {"type": "七言絕句", "content": [
            {"chapter": "夜上受降城聞笛", "subchapter": None, "author": "李益",
             "paragraphs": ["回樂烽前沙似雪，受降城外月如霜。(回樂", "一作：回樂", "）", "不知何處吹蘆管，一夜徵人盡望鄉。"]},
        ]},
    ],
}


def test_tangshi300_nested_shape(tmp_path: Path) -> None:
    poems = list(load_chinese_poetry(write(tmp_path, "tangshisanbaishou.json", TANGSHI)))
    assert [p.id for p in poems] == ["tangshisanbaishou#0.0", "tangshisanbaishou#1.0"]
    first, second = poems
    assert first.title == "山中送別" and first.subtitle == "送別 / 山中送別" and first.form == "五言絕句"
    assert first.lines[1] == "春草明年綠，王孫歸不歸？"
    assert first.original[1].endswith("(明年 一作：年年)")
    assert second.lines == ["回樂烽前沙似雪，受降城外月如霜。", "不知何處吹蘆管，一夜征人盡望鄉。"]


def test_quantangshi_flat_shape_with_ids_tabs_and_empty(tmp_path: Path) -> None:
    data = [
        {"author": "白居易", "paragraphs": ["七德舞，七德歌，傳自武德至元和。"], "title": "新樂府 七德舞\t美撥亂，陳王業也",
         "id": "uuid-1", "tags": ["乐府"]},
        {"author": "于祐", "paragraphs": [], "title": "于祐題紅葉二句", "id": "uuid-2"},
        {"author": "裴說", "paragraphs": ["。"], "title": "", "id": "uuid-3"},
        {"author": "不詳", "paragraphs": ["妖韶援綠{𥫗/戢}，看花。"], "title": "奉和 {𥫗/穇}", "id": "uuid-4",
         "notes": ["（見《太平御覽》卷四一四引《史系》）。"]},
    ]
    poems = list(load_chinese_poetry(write(tmp_path, "poet.tang.0.json", data)))
    assert [p.id for p in poems] == ["uuid-1", "uuid-2", "uuid-3", "uuid-4"]
    assert poems[0].title == "新樂府 七德舞" and poems[0].subtitle == "美撥亂，陳王業也"
    assert poems[0].collection == "全唐诗" and poems[0].dynasty == "唐"
    assert poems[1].lines == [] and poems[2].lines == []
    assert poems[2].title == "无题"


def test_songci_shape_uses_tune_and_normalises_katakana_dot(tmp_path: Path) -> None:
    data = [{"author": "周邦彦", "paragraphs": ["晴岚低楚甸，暖回雁翼，阵势起平沙。"], "rhythmic": "渡江云三犯・渡江云",
             "tags": ["宋词三百首"]}]
    (poem,) = load_chinese_poetry(write(tmp_path, "宋词三百首.json", data))
    assert poem.title == "渡江云三犯·渡江云" and poem.tune == "渡江云三犯·渡江云" and poem.form == "词"
    assert poem.id == "宋词三百首#0"


def test_shijing_shape_reads_content(tmp_path: Path) -> None:
    data = [{"title": "关雎", "chapter": "国风", "section": "周南",
             "content": ["关关雎鸠，在河之洲。窈窕淑女，君子好逑。", "参差荇菜，左右流之。"]}]
    (poem,) = load_chinese_poetry(write(tmp_path, "shijing.json", data))
    assert poem.lines[0].startswith("关关雎鸠") and poem.form == "四言" and poem.subtitle == "国风·周南"


def test_directory_is_read_file_by_file_in_numeric_order(tmp_path: Path) -> None:
    for n in (10000, 2000, 0):
        write(tmp_path, f"poet.tang.{n}.json", [{"author": "a", "paragraphs": ["一二三四五。"], "title": str(n), "id": f"id{n}"}])
    write(tmp_path, "authors.tang.json", [{"name": "a", "desc": "", "id": "x"}])
    assert [p.name for p in corpus_files(tmp_path)] == ["poet.tang.0.json", "poet.tang.2000.json", "poet.tang.10000.json"]
    assert [p.title for p in load_chinese_poetry(tmp_path)] == ["0", "2000", "10000"]


def test_bad_json_and_authors_file_are_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": }', encoding="utf-8")
    with pytest.raises(FileFormatError) as info:
        list(load_chinese_poetry(bad))
    assert info.value.line == 1 and "JSON syntax" in str(info.value)
    with pytest.raises(FileFormatError, match="authors"):
        list(load_chinese_poetry(write(tmp_path, "a.json", [{"name": "a", "desc": "b", "id": "c"}])))
    with pytest.raises(ValueError):
        detect_shape({"nothing": 1})


def test_text_one_poem_with_title_and_author() -> None:
    (poem,) = parse_text_poems("登鹳雀楼\n王之涣\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n", "deng.txt")
    assert poem.title == "登鹳雀楼" and poem.author == "王之涣"
    assert poem.lines == ["白日依山尽，黄河入海流。", "欲穷千里目，更上一层楼。"]
    assert poem.id == "deng#0"


def test_text_several_poems_blank_line_separated() -> None:
    text = "静夜思\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n春晓\n春眠不觉晓，处处闻啼鸟。\n\n夜来风雨声，花落知多少。\n"
    poems = parse_text_poems(text, "two.txt")
    assert [p.title for p in poems] == ["静夜思", "春晓"]
    assert poems[1].lines == ["春眠不觉晓，处处闻啼鸟。", "夜来风雨声，花落知多少。"]
    assert poems[1].first_line == 5


def test_text_without_title_is_one_poem_named_after_file() -> None:
    (poem,) = parse_text_poems("床前明月光，疑是地上霜。\r\n举头望明月，低头思故乡。", "jys.txt")
    assert poem.title == "jys" and len(poem.lines) == 2


def test_yaml_poem_and_song_files(tmp_path: Path) -> None:
    poem_file = tmp_path / "p.yaml"
    poem_file.write_text("title: 静夜思\nauthor: 李白\nid: jys\ntext: |\n  床前明月光，疑是地上霜。\n", encoding="utf-8")
    song_file = tmp_path / "s.yaml"
    song_file.write_text("songsmith: 1\ntitle: 月\nlyrics: |\n  [Verse]\n  床前明月光\n  (echo)\n  疑是地上霜\n",
                         encoding="utf-8")
    poem, song = read_poems([poem_file, song_file])
    assert poem.id == "jys" and poem.author == "李白" and poem.lines == ["床前明月光，疑是地上霜。"]
    assert song.lines == ["床前明月光", "疑是地上霜"]
    # each carries the file's song: its style, candidates and lyrics are the starting point
    assert poem.song is not None and not poem.song.sections
    assert song.song is not None and [s.kind for s in song.song.sections] == ["verse"]


# The real corpora (skipped when ../shared is absent) ----------------------------------------

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"corpus not present at {SHARED}")


@needs_shared
def test_real_tangshi300_counts_and_split_notes() -> None:
    poems = list(load_chinese_poetry(SHARED / "蒙学" / "tangshisanbaishou.json"))
    assert len(poems) == 320
    by_id = {p.id: p for p in poems}
    assert by_id["tangshisanbaishou#1.11"].lines[-1] == "不知何處吹蘆管，一夜征人盡望鄉。"
    leftovers = [p.id for p in poems for line in p.lines if any(c in line for c in "()（）一作：")
                 and ("一作" in line or "(" in line or "（" in line)]
    assert leftovers == []


@needs_shared
def test_real_songci_and_shijing_counts() -> None:
    assert sum(1 for _ in load_chinese_poetry(SHARED / "宋词" / "宋词三百首.json")) == 280
    assert sum(1 for _ in load_chinese_poetry(SHARED / "诗经" / "shijing.json")) == 305


@needs_shared
def test_real_quantangshi_first_file_streams() -> None:
    poems = load_chinese_poetry(SHARED / "全唐诗" / "poet.tang.0.json")
    first = next(poems)
    assert first.id == "3ad6d468-7ff1-4a7b-8b24-a27d70d00ed4" and first.title == "帝京篇十首 一"


@pytest.mark.parametrize(
    ("title", "slug"),
    [("静夜思", "jing-ye-si"), ("靜夜思", "jing-ye-si"), ("../../etc/passwd", "etc-passwd"), ("a/b\tc", "a-b-c"),
     ("CON", "con-untitled"), ("lpt1", "lpt1-untitled"), ("", "untitled"), ("。。。", "untitled")],
)
def test_slugs_are_plain_safe_names(title: str, slug: str) -> None:
    from songsmith.poetry.slug import slugify

    assert slugify(title) == slug
