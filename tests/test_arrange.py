"""Poem → song sections: the chorus is the poem's core, sections never cut a sentence, no line is
sung twice in a row, long poems are excerpted or set in parts, children's songs are short."""

from __future__ import annotations

from pathlib import Path

import pytest

from songsmith.document.lyrics.text import format_lyrics, parse_lyrics
from songsmith.errors import UsageError
from songsmith.pipeline.compose import work_from_poem
from songsmith.poetry.corpus import make_poem
from songsmith.style.arrange import (
    arrange,
    check_arrangement,
    choose_template,
    get_template,
    parse_arrangement,
    resolve_spec,
    template_names,
)
from songsmith.style.arrange.plan import back_to_back
from songsmith.style.arrange.stanzas import by_rhyme, even_chunks, que_split
from songsmith.style.arrange.templates import check_spec, templates
from songsmith.style.arrange.units import units
from songsmith.style.base import Hints

JUEJU = ["床前明月光，疑是地上霜，", "举头望明月，低头思故乡。"]
CHUNWANG = ["国破山河在，城春草木深。", "感时花溅泪，恨别鸟惊心。", "烽火连三月，家书抵万金。", "白头搔更短，浑欲不胜簪。"]
DENGGAO = ["风急天高猿啸哀，渚清沙白鸟飞回。", "无边落木萧萧下，不尽长江滚滚来。",
           "万里悲秋常作客，百年多病独登台。", "艰难苦恨繁霜鬓，潦倒新停浊酒杯。"]
WANGYUE = ["岱宗夫如何？齐鲁青未了。", "造化钟神秀，阴阳割昏晓。", "荡胸生曾云，决眦入归鸟。", "会当凌绝顶，一览众山小。"]
ZHONGNAN = ["中岁颇好道，晚家南山陲。", "兴来每独往，胜事空自知。", "行到水穷处，坐看云起时。", "偶然值林叟，谈笑无还期。"]
JIANGJINJIU = ["君不见，黄河之水天上来，奔流到海不复回。", "君不见，高堂明镜悲白发，朝如青丝暮成雪。",
               "人生得意须尽欢，莫使金樽空对月。", "天生我材必有用，千金散尽还复来。", "烹羊宰牛且为乐，会须一饮三百杯。"]
SHUIDIAO = ["明月几时有？把酒问青天。不知天上宫阙，今夕是何年。我欲乘风归去，又恐琼楼玉宇，高处不胜寒。"
            "起舞弄清影，何似在人间。",
            "转朱阁，低绮户，照无眠。不应有恨，何事长向别时圆？人有悲欢离合，月有阴晴圆缺，此事古难全。"
            "但愿人长久，千里共婵娟。"]
SHUDAO = ["噫吁嚱，危乎高哉！蜀道之难，难于上青天！", "蚕丛及鱼凫，开国何茫然！尔来四万八千岁，不与秦塞通人烟。",
          "西当太白有鸟道，可以横绝峨眉巅。地崩山摧壮士死，然后天梯石栈相钩连。",
          "问君西游何时还？畏途巉岩不可攀。", "但见悲鸟号古木，雄飞雌从绕林间。", "又闻子规啼夜月，愁空山。",
          "蜀道之难，难于上青天，使人听此凋朱颜！"]
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


def parts(arrangement) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The first section of each label: its sung lines."""
    found: dict[str, list[str]] = {}
    for section in arrangement.sections:
        found.setdefault(section.label, section.sung_lines)
    return found


def sung(arrangement) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [(section.label, section.sung_lines) for section in arrangement.sections]


def assert_whole_units(w, arrangement) -> None:  # type: ignore[no-untyped-def]
    """Every sung section starts and ends where a couplet or sentence does."""
    bounds = {a for a, _ in units(w)} | {b for _, b in units(w)}
    for section in arrangement.sections:
        lines = section.sung_lines
        if not lines:
            continue
        starts = [i for i in range(len(w.lines) - len(lines) + 1) if w.lines[i:i + len(lines)] == lines]
        assert starts, (section.label, lines)
        assert any(i in bounds and i + len(lines) in bounds for i in starts), (section.label, lines)


def test_jueju_chorus_is_sung_where_the_poem_has_it_and_never_twice_in_a_row() -> None:
    w = work(JUEJU, "静夜思", author="李白")
    result = arrange(w, lead="guzheng")
    assert result.name == "jueju"
    assert tags(result) == ["Intro: guzheng", "Verse 1", "Chorus", "Interlude: guzheng", "Verse 2", "Chorus",
                            "Outro: guzheng, fade out"]
    assert parts(result)["Verse 1"] == ["床前明月光", "疑是地上霜"]
    assert parts(result)["Chorus"] == ["举头望明月", "低头思故乡"]
    assert back_to_back(sung(result)) == []
    assert_whole_units(w, result)


def test_denggao_chorus_is_the_hanlian() -> None:
    w = work(DENGGAO, "登高", author="杜甫")
    result = arrange(w)
    assert parts(result)["Chorus"] == ["无边落木萧萧下", "不尽长江滚滚来"]
    assert parts(result)["Verse 1"] == ["风急天高猿啸哀", "渚清沙白鸟飞回"]
    assert parts(result)["Verse 2"] == ["万里悲秋常作客", "百年多病独登台", "艰难苦恨繁霜鬓", "潦倒新停浊酒杯"]
    chorus_note = next(n for n in result.notes if n.startswith("chorus:"))
    assert "颔联" in chorus_note and "叠字" in chorus_note


def test_chunwang_opens_with_its_core_couplet_which_returns_after_the_first_verse() -> None:
    w = work(CHUNWANG, "春望", author="杜甫")
    result = arrange(w)
    assert [label for label, lines in sung(result) if lines] == ["Verse 1", "Chorus", "Verse 2", "Chorus"]
    assert parts(result)["Chorus"] == ["国破山河在", "城春草木深"]
    assert parts(result)["Verse 1"] == ["国破山河在", "城春草木深", "感时花溅泪", "恨别鸟惊心"]
    assert back_to_back(sung(result)) == []


def test_a_closing_core_couplet_gets_a_pre_chorus() -> None:
    result = arrange(work(WANGYUE, "望岳", author="杜甫"))
    assert [label for label, lines in sung(result) if lines] == ["Verse 1", "Pre-Chorus", "Chorus", "Pre-Chorus",
                                                                 "Chorus"]
    assert parts(result)["Chorus"] == ["会当凌绝顶", "一览众山小"]
    assert back_to_back(sung(result)) == []


def test_a_last_couplet_after_the_chorus_is_a_bridge() -> None:
    result = arrange(work(ZHONGNAN, "终南别业", author="王维"))
    assert parts(result)["Chorus"] == ["行到水穷处", "坐看云起时"]
    assert [label for label, lines in sung(result) if lines] == ["Verse 1", "Chorus", "Bridge", "Chorus"]
    assert parts(result)["Bridge"] == ["偶然值林叟", "谈笑无还期"]


def test_a_sentence_is_never_cut_jiangjinjiu_verse_1_does_not_end_on_jun_bu_jian() -> None:
    w = work(JIANGJINJIU, "将进酒", author="李白")
    result = arrange(w)
    first = parts(result)["Verse 1"]
    assert first[0] == "君不见" and first[-1] != "君不见"
    assert_whole_units(w, result)
    assert units(w)[0] == (0, 3)  # 君不见，黄河之水天上来，奔流到海不复回。


def test_ci_keeps_its_que_and_never_cuts_a_sentence() -> None:
    w = work(SHUIDIAO, "水调歌头·明月几时有", author="苏轼")
    assert w.form == "词"
    result = arrange(w)
    assert parts(result)["Chorus"] == ["但愿人长久", "千里共婵娟"]
    assert parts(result)["Verse 1"][0] == "明月几时有"  # the 上阕 opens the first verse
    assert parts(result)["Verse 2"][0] == "转朱阁" and parts(result)["Verse 2"][-1] == "此事古难全"  # the 下阕
    for section in result.sections:
        lines = section.sung_lines
        assert not (lines and lines[-1] == "又恐琼楼玉宇"), section.label  # 又恐琼楼玉宇，高处不胜寒 stays together
        # a section holds lines of one 阕 only
        assert not ({"何似在人间", "转朱阁"} <= set(lines)), section.label
    assert_whole_units(w, result)
    ci = arrange(work(CI, "念奴娇·赤壁怀古", author="苏轼"))
    starts = [s.sung_lines[0] for s in ci.sections if s.kind == "verse"]
    assert "遥想公瑾当年" in starts


def test_a_yuefu_sings_its_own_refrain_where_the_poem_repeats_it() -> None:
    w = work(SHUDAO, "蜀道难", author="李白")
    result = arrange(w)
    choruses = [s.sung_lines for s in result.sections if s.kind == "chorus"]
    assert choruses[0] == ["蜀道之难", "难于上青天"]
    assert ["蜀道之难", "难于上青天", "使人听此凋朱颜"] in choruses  # in place, with its own tail line
    assert "the poem's own refrain" in next(n for n in result.notes if n.startswith("chorus:"))
    assert back_to_back(sung(result)) == []


def long_poem(couplets: int = 48):  # type: ignore[no-untyped-def]
    """A 古体 of ``couplets`` distinct couplets of seven characters."""
    tens, ones = "甲乙丙丁戊己庚辛壬癸", "一二三四五六七八九十"
    lines = [f"春江{tens[i // 10]}{ones[i % 10]}花月{'夜山'[i % 2]}" for i in range(2 * couplets)]
    return work([f"{a}，{b}。" for a, b in zip(lines[::2], lines[1::2])], "长歌", author="无名氏")


def test_a_long_poem_becomes_an_excerpt_said_in_a_warning() -> None:
    w = long_poem()
    whole = arrange(w, Hints(arrangement="whole"), bpm=64)
    result = arrange(w, bpm=64)
    assert sum(len(s.sung_lines) for s in result.sections) < sum(len(s.sung_lines) for s in whole.sections)
    warning = next(n for n in result.notes if n.startswith("warning:"))
    assert "excerpt" in warning and "part-" in warning
    length = next(n for n in result.notes if n.startswith("length:"))
    assert "within" in length
    assert back_to_back(sung(result)) == []
    assert any(n.startswith("warning:") and "set whole" in n for n in whole.notes)


def test_parts_cover_the_whole_poem_in_order_and_name_themselves() -> None:
    w = long_poem()
    note = next(n for n in arrange(w, bpm=64).notes if n.startswith("the parts:"))
    count = note.count("part ")
    assert count >= 2
    covered: list[str] = []
    for number in range(1, count + 1):
        part = arrange(w, Hints(arrangement=f"part-{number}"), bpm=64)
        assert part.title == f"长歌 (Part {number} of {count})"
        assert "within" in next(n for n in part.notes if n.startswith("length:"))
        seen = [line for s in part.sections if s.kind != "chorus" for line in s.sung_lines]
        covered.extend(line for line in dict.fromkeys(seen))
    assert set(covered) == set(w.lines)


def test_children_songs_are_short_repeat_the_chorus_and_never_double_it() -> None:
    for paragraphs, title in ((JUEJU, "静夜思"), (DENGGAO, "登高"), (GUTI, "琵琶行"), (SHUIDIAO, "水调歌头")):
        w = work(paragraphs, title)
        children = arrange(w, Hints(audience="children"), bpm=84)
        general = arrange(w, bpm=84)
        assert [s.kind for s in children.sections].count("interlude") == 0
        assert sum(1 for s in children.sections if s.kind == "chorus") >= 2
        assert all(len(s.sung_lines) <= 6 for s in children.sections), title
        assert back_to_back(sung(children)) == [], title
        assert sum(len(s.sung_lines) for s in children.sections) <= sum(len(s.sung_lines) for s in general.sections)
        assert "within" in next(n for n in children.notes if n.startswith("length:")) or title == "静夜思"


def test_back_to_back_finds_a_doubled_section_and_a_doubled_line() -> None:
    assert back_to_back([("Verse 1", ["a", "b"]), ("Chorus", ["a", "b"])]) != []
    assert back_to_back([("Verse 1", ["a", "b"]), ("Chorus", ["b", "c"])]) != []
    assert back_to_back([("Verse 1", ["a", "b"]), ("Interlude", []), ("Chorus", ["a", "b"])]) == []
    assert back_to_back([("Verse 1", ["a", "b"]), ("Chorus", ["c", "d"])]) == []
    assert back_to_back([("Verse 1", ["a", "b", "c", "d"]), ("Chorus", ["c", "d"])]) != []
    assert back_to_back([("Verse 1", ["a", "b", "c", "d"]), ("Chorus", ["a", "b"])]) == []


def test_lyric_lines_are_whole_verse_lines_never_spaced_out() -> None:
    result = arrange(work(CHUNWANG, "春望"))
    for section in result.sections:
        for line in section.sung_lines:
            assert " " not in line and "，" not in line and "。" not in line
            assert len(line) == 5


def test_never_a_tag_per_couplet() -> None:
    for paragraphs in (CHUNWANG, GUTI, CI):
        result = arrange(work(paragraphs))
        sizes = [len(s.sung_lines) for s in result.sections if s.kind == "verse"]
        assert sizes and max(sizes) >= 4, (paragraphs[0], sizes)


def test_long_guti_verses_of_at_most_8_lines_every_line_sung_in_order() -> None:
    w = work(GUTI, "琵琶行", author="白居易")
    result = arrange(w, Hints(arrangement="whole"))
    assert result.name == "guti"
    body = [s for s in result.sections if s.kind in ("verse", "pre-chorus", "bridge")]
    assert all(2 <= len(v.sung_lines) <= 8 for v in body)
    in_place = [line for s in result.sections if s.kind != "interlude" for line in s.sung_lines]
    assert [line for line in dict.fromkeys(in_place)] == w.lines
    assert_whole_units(w, result)


def test_blank_lines_in_the_source_mark_stanzas() -> None:
    text = "\n".join(GUTI[:4]) + "\n\n" + "\n".join(GUTI[4:8]) + "\n\n" + "\n".join(GUTI[8:])
    w = work(GUTI, "琵琶行", source_text=text)
    assert w.blocks == [8, 8, 8]
    result = arrange(w)
    for section in result.sections:
        lines = section.sung_lines
        if section.kind != "chorus" and lines:
            start = w.lines.index(lines[0])
            assert start // 8 == (start + len(lines) - 1) // 8, (section.label, lines)  # inside one stanza


def test_every_choice_is_explained() -> None:
    result = arrange(work(DENGGAO, "登高"), bpm=64)
    heads = [note.split(":")[0] for note in result.notes]
    assert heads[:1] == ["arrangement lushi"]
    assert {"chorus", "shape", "length"} <= set(heads)


def test_arrangement_names_and_portions() -> None:
    assert parse_arrangement("lushi") == ("lushi", None)
    assert parse_arrangement("part-2") == (None, "part-2")
    assert parse_arrangement("guti:whole") == ("guti", "whole")
    for good in ("jueju", "excerpt", "whole", "part-3", "guti:part-1"):
        check_arrangement(good)
    for bad in ("nope", "guti:part-0", "lushi:most"):
        with pytest.raises(UsageError):
            check_arrangement(bad)
    result = arrange(work(JUEJU, "静夜思"), Hints(arrangement="short"))
    assert result.name == "short"
    with pytest.raises(UsageError, match="unknown arrangement 'nope'"):
        arrange(work(JUEJU), Hints(arrangement="nope"))
    fits = arrange(work(JUEJU, "静夜思"), Hints(arrangement="part-2"))
    assert any("fits in one song" in n for n in fits.notes)


def test_tags_are_canonical_and_round_trip() -> None:
    result = arrange(work(CHUNWANG, "春望"), lead="erhu")
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
    assert not {"core", "famous", "lengths"} & set(template_names())


def test_every_template_arranges_every_length_without_a_doubled_line() -> None:
    lines = [f"{'春江花月夜明'[i % 6]}风吹{'水山云天'[i % 4]}流" for i in range(40)]
    for template in templates():
        for n in (1, 2, 3, 4, 5, 8, 9, 13, 40):
            paragraphs = ["，".join(lines[i:i + 2]) + "。" for i in range(0, n, 2)]
            for audience in (None, "children"):
                result = arrange(work(paragraphs), Hints(arrangement=template.name, audience=audience))
                assert any(s.sung_lines for s in result.sections), (template.name, n)
                assert back_to_back(sung(result)) == [], (template.name, n, audience)


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


def test_units_are_couplets_of_regular_verse_and_sentences_of_irregular_verse() -> None:
    assert units(work(JUEJU, "静夜思")) == [(0, 2), (2, 4)]  # 疑是地上霜， ends a couplet all the same
    assert units(work(SHUDAO, "蜀道难"))[:2] == [(0, 2), (2, 4)]
    no_punctuation = work(["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"], "静夜思")
    assert no_punctuation.sentence_ends == [] and units(no_punctuation) == [(0, 2), (2, 4)]


def test_same_poem_same_arrangement() -> None:
    a = format_lyrics(arrange(work(GUTI, "琵琶行")).sections)
    b = format_lyrics(arrange(work(GUTI, "琵琶行")).sections)
    assert a == b


def test_get_template_known() -> None:
    assert get_template("couplet").refrain == "strongest"


TANGSHI = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "chinese-poetry" / "蒙学" / "tangshisanbaishou.json"


@pytest.mark.skipif(not TANGSHI.exists(), reason="the shared 唐詩三百首 corpus (../shared/corpora/chinese-poetry) is absent")
def test_pipaxing_sings_tong_shi_tianya_and_the_long_poems_are_excerpts_that_fit() -> None:
    from songsmith.poetry.corpus import load_chinese_poetry
    from songsmith.poetry.script import to_simplified

    poems = {to_simplified(p.title): p for p in load_chinese_poetry(TANGSHI) if p.title in ("琵琶行", "長恨歌")}
    choruses = {"琵琶行": ["同是天涯沦落人", "相逢何必曾相识"], "长恨歌": ["天长地久有时尽", "此恨绵绵无绝期"]}
    for title, chorus in choruses.items():
        w = work_from_poem(poems[title])
        result = arrange(w, Hints(target="suno"), bpm=62)
        assert [to_simplified(line) for line in parts(result)["Chorus"]] == chorus, title
        warning = next(n for n in result.notes if n.startswith("warning:"))
        assert "excerpt" in warning and "part-" in warning, title
        assert "within" in next(n for n in result.notes if n.startswith("length:")), title
        assert back_to_back(sung(result)) == [], title
        assert_whole_units(w, result)
