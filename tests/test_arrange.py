"""Poem → song sections: templates by form and length, refrains, stanzas, children, tags."""

from __future__ import annotations

import pytest

from songsmith.document.lyrics.text import format_lyrics, parse_lyrics
from songsmith.errors import UsageError
from songsmith.pipeline.compose import work_from_poem
from songsmith.poetry.corpus import make_poem
from songsmith.style.arrange import (
    arrange,
    choose_template,
    get_template,
    resolve_spec,
    template_names,
)
from songsmith.style.arrange.stanzas import by_rhyme, even_chunks, que_split
from songsmith.style.arrange.templates import check_spec, templates
from songsmith.style.base import Hints

JUEJU = ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]
LUSHI = ["国破山河在，城春草木深。", "感时花溅泪，恨别鸟惊心。", "烽火连三月，家书抵万金。", "白头搔更短，浑欲不胜簪。"]
# 琵琶行-like long 古体: 24 lines, rhyme changes
GUTI = [
    "浔阳江头夜送客，枫叶荻花秋瑟瑟。", "主人下马客在船，举酒欲饮无管弦。", "醉不成欢惨将别，别时茫茫江浸月。",
    "忽闻水上琵琶声，主人忘归客不发。", "寻声暗问弹者谁，琵琶声停欲语迟。", "移船相近邀相见，添酒回灯重开宴。",
    "千呼万唤始出来，犹抱琵琶半遮面。", "转轴拨弦三两声，未成曲调先有情。", "弦弦掩抑声声思，似诉平生不得志。",
    "低眉信手续续弹，说尽心中无限事。", "轻拢慢捻抹复挑，初为霓裳后六幺。", "大弦嘈嘈如急雨，小弦切切如私语。",
]
CI = ["大江东去，浪淘尽，千古风流人物。", "故垒西边，人道是，三国周郎赤壁。", "乱石穿空，惊涛拍岸，卷起千堆雪。",
      "江山如画，一时多少豪杰。", "遥想公瑾当年，小乔初嫁了，雄姿英发。", "羽扇纶巾，谈笑间，樯橹灰飞烟灭。",
      "故国神游，多情应笑我，早生华发。", "人生如梦，一尊还酹江月。"]


def work(paragraphs: list[str], title: str = "无题", form: str | None = None, source_text: str | None = None,
         author: str | None = None):  # type: ignore[no-untyped-def]
    poem = make_poem("t", title, paragraphs, author=author, form=form)
    return work_from_poem(poem, source_text=source_text)


def tags(arrangement) -> list[str]:  # type: ignore[no-untyped-def]
    return [section.label for section in arrangement.sections]


def sung(arrangement) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [section.sung_lines for section in arrangement.sections if section.sung_lines]


def test_jueju_verse_is_the_poem_and_chorus_the_last_couplet() -> None:
    result = arrange(work(JUEJU, "静夜思", author="李白"), lead="guzheng")
    assert result.name == "jueju"
    assert tags(result) == ["Intro: guzheng", "Verse 1", "Chorus", "Interlude: guzheng", "Verse 2", "Chorus",
                            "Outro: guzheng, fade out"]
    verse, chorus = sung(result)[0], sung(result)[1]
    assert verse == ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    assert chorus == ["举头望明月", "低头思故乡"]


def test_lyric_lines_are_whole_verse_lines_never_spaced_out() -> None:
    result = arrange(work(LUSHI, "春望"))
    for section in result.sections:
        for line in section.sung_lines:
            assert " " not in line and "，" not in line and "。" not in line
            assert len(line) == 5


def test_never_a_tag_per_couplet() -> None:
    for paragraphs in (JUEJU, LUSHI, GUTI, CI):
        result = arrange(work(paragraphs))
        sizes = [len(s.sung_lines) for s in result.sections if s.kind == "verse"]
        assert sizes and max(sizes) >= 4, (paragraphs[0], sizes)


def test_lushi_verse_1_is_lines_1_to_4_verse_2_lines_5_6_chorus_7_8() -> None:
    result = arrange(work(LUSHI, "春望", form="五言律诗"))
    assert result.name == "lushi"
    parts = {s.label: s.sung_lines for s in result.sections}
    assert parts["Verse 1"] == ["国破山河在", "城春草木深", "感时花溅泪", "恨别鸟惊心"]
    assert parts["Verse 2"] == ["烽火连三月", "家书抵万金"]
    assert parts["Chorus"] == ["白头搔更短", "浑欲不胜簪"]


def test_long_guti_verses_of_at_most_8_lines_with_a_refrain() -> None:
    w = work(GUTI, "琵琶行", author="白居易")
    result = arrange(w)
    assert result.name == "guti"
    verses = [s for s in result.sections if s.kind == "verse"]
    assert all(2 <= len(v.sung_lines) <= 8 for v in verses)
    # every line of the poem is sung, in order, across the verses
    assert [line for v in verses for line in v.sung_lines] == w.lines
    choruses = [s.sung_lines for s in result.sections if s.kind == "chorus"]
    assert choruses and all(c == choruses[0] for c in choruses) and len(choruses[0]) == 2
    assert result.refrain is not None and result.refrain[0] % 2 == 0


def test_blank_lines_in_the_source_mark_stanzas() -> None:
    text = "\n".join(GUTI[:4]) + "\n\n" + "\n".join(GUTI[4:8]) + "\n\n" + "\n".join(GUTI[8:])
    w = work(GUTI, "琵琶行", source_text=text)
    assert w.blocks == [8, 8, 8]
    verses = [s.sung_lines for s in arrange(w).sections if s.kind == "verse"]
    assert [len(v) for v in verses] == [8, 8, 8]


def test_ci_is_arranged_by_que() -> None:
    w = work(CI, "念奴娇·赤壁怀古", author="苏轼")
    assert w.form == "词"
    result = arrange(w)
    assert result.name == "ci"
    verses = [s for s in result.sections if s.kind == "verse"]
    assert len(verses) >= 2
    assert verses[0].sung_lines[0] == "大江东去"
    # the 下阕 starts with 遥想公瑾当年
    starts = [v.sung_lines[0] for v in verses]
    assert "遥想公瑾当年" in starts


def test_children_audience_is_shorter_with_a_repeated_refrain() -> None:
    general = arrange(work(JUEJU, "静夜思"))
    children = arrange(work(JUEJU, "静夜思"), Hints(audience="children"))
    assert len(children.sections) < len(general.sections)
    choruses = [s for s in children.sections if s.kind == "chorus"]
    assert len(choruses) == 2 and [s.kind for s in children.sections].count("interlude") == 0
    long_children = arrange(work(GUTI, "琵琶行"), Hints(audience="children"))
    assert all(len(s.sung_lines) <= 6 for s in long_children.sections)


def test_arrangement_by_name_and_unknown_name() -> None:
    result = arrange(work(JUEJU, "静夜思"), Hints(arrangement="short"))
    assert result.name == "short"
    with pytest.raises(UsageError, match="unknown arrangement 'nope'"):
        arrange(work(JUEJU), Hints(arrangement="nope"))


def test_tags_are_canonical_and_round_trip() -> None:
    result = arrange(work(LUSHI, "春望"), lead="erhu")
    text = format_lyrics(result.sections)
    assert format_lyrics(result.sections, canonical_tags=True) == text
    sections, issues = parse_lyrics(text)
    assert issues == [] and format_lyrics(sections) == text


def test_without_a_lead_instrument_the_descriptor_is_dropped() -> None:
    result = arrange(work(JUEJU))
    assert tags(result)[0] == "Intro" and tags(result)[-1] == "Outro: fade out"


def test_template_choice_by_form_and_length() -> None:
    assert choose_template("五言绝句", 4).name == "jueju"
    assert choose_template("七言律诗", 8).name == "lushi"
    assert choose_template("五言排律", 12).name == "pailu"
    assert choose_template("词", 4).name == "ci"
    assert choose_template("四言诗", 16).name == "shijing"
    assert choose_template("乐府", 30).name == "guti"
    assert choose_template("五言古诗", 6).name == "short"
    assert choose_template(None, 1).name == "couplet"
    assert set(template_names()) >= {"jueju", "lushi", "pailu", "ci", "shijing", "guti", "short", "couplet"}


def test_every_template_arranges_every_length_without_error() -> None:
    lines = [f"{'春江花月夜明'[i % 6]}风吹{'水山云天'[i % 4]}流" for i in range(40)]
    for template in templates():
        for n in (1, 2, 3, 4, 5, 8, 9, 13, 40):
            paragraphs = ["，".join(lines[i:i + 2]) + "。" for i in range(0, n, 2)]
            result = arrange(work(paragraphs), Hints(arrangement=template.name))
            assert any(s.sung_lines for s in result.sections), (template.name, n)


def test_line_specs() -> None:
    assert resolve_spec("all", 8, None) == (0, 8)
    assert resolve_spec("3-4", 8, None) == (2, 4)
    assert resolve_spec("5", 8, None) == (4, 5)
    assert resolve_spec("last 2", 8, None) == (6, 8)
    assert resolve_spec("first 2", 8, None) == (0, 2)
    assert resolve_spec("but last 2", 8, None) == (0, 6)
    assert resolve_spec("refrain", 8, (2, 4)) == (2, 4)
    assert resolve_spec("7-8", 4, None) == (4, 4)  # clipped: empty
    with pytest.raises(ValueError):
        check_spec("lines 1 to 4", "x")


def test_stanza_splitting_helpers() -> None:
    assert even_chunks(0, 17, 8) == [(0, 6), (6, 12), (12, 17)]
    assert even_chunks(0, 4, 8) == [(0, 4)]
    groups = ["a", "a", "a", "a", "b", "b", "b", "b"]
    assert by_rhyme(0, 8, groups, 8) == [(0, 4), (4, 8)]
    assert by_rhyme(0, 8, ["a"] * 8, 8) == [(0, 8)]
    lines = ["四字一句", "五个字一句", "七个字的一句话", "四字一句", "五个字一句", "七个字的一句话"]
    assert que_split(0, 6, lines, [2, 5], []) == [(0, 3), (3, 6)]
    assert que_split(0, 4, lines[:4], [], []) == [(0, 4)]


def test_same_poem_same_arrangement() -> None:
    a = format_lyrics(arrange(work(GUTI, "琵琶行")).sections)
    b = format_lyrics(arrange(work(GUTI, "琵琶行")).sections)
    assert a == b


def test_get_template_known() -> None:
    assert get_template("jueju").refrain in ("strongest", "last 2")


def test_the_refrain_is_scored_against_the_main_rhyme_in_the_same_rhyme_system(monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.style.arrange as arranging

    seen: list[object] = []
    real = arranging.strongest_couplet

    def spy(lines, title, mood, main, groups):  # type: ignore[no-untyped-def]
        seen.append((main, groups))
        return real(lines, title, mood, main, groups)

    monkeypatch.setattr(arranging, "strongest_couplet", spy)
    arrange(work(LUSHI, title="春望", form="五言律诗"))
    (main, groups), = seen
    assert main is not None and main in groups  # the poem's 中华新韵 group, as each line's is
