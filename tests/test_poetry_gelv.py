"""格律 of 近体诗: templates, 粘对, 孤平, 三平尾, 拗救, and what the metre decides about readings."""

from __future__ import annotations

import pytest

from songsmith.poetry import gelv
from songsmith.poetry.analysis import analyse_text

HUANGHELOU = ("昔人已乘黄鹤去，此地空余黄鹤楼。黄鹤一去不复返，白云千载空悠悠。"
              "晴川历历汉阳树，芳草萋萋鹦鹉洲。日暮乡关何处是？烟波江上使人愁。")
YUEYE = "今夜鄜州月，闺中只独看。遥怜小儿女，未解忆长安。香雾云鬟湿，清辉玉臂寒。何时倚虚幌，双照泪痕干。"
JINGYESI = "床前明月光，疑是地上霜。举头望明月，低头思故乡。"


def test_templates_follow_zhan_and_dui() -> None:
    assert gelv.template(5, 4, "仄", False) == ["a", "b", "c", "d"]
    assert gelv.template(5, 4, "平", True) == ["b", "d", "a", "b"]
    assert gelv.template(7, 8, "平", False) == ["a", "b", "c", "d", "a", "b", "c", "d"]
    assert gelv.SEVEN[gelv.template(7, 4, "仄", True)[0]] == "仄仄平平仄仄平"


@pytest.mark.parametrize(("kind", "tones", "fault", "repair"), [
    ("b", "仄平仄仄平", "孤平", None),
    ("b", "仄平平仄平", None, "孤平拗救 (本句自救)"),
    ("d", "仄仄平平平", "三平尾", None),
    ("c", "平平仄仄仄", "三仄尾", None),
    ("c", "平平仄平仄", None, "特拗 (平平仄平仄)"),
])
def test_line_faults_and_repairs(kind: str, tones: str, fault: str | None, repair: str | None) -> None:
    check = gelv.check_line(1, kind, tones, None)
    assert (fault in check.faults) if fault else check.ok
    if repair:
        assert repair in check.repairs


def test_big_ao_is_rescued_by_the_next_line_only() -> None:
    rescued = gelv.check_line(1, "a", "仄仄平仄仄", "平平平仄平")
    assert rescued.ok and any("对句相救" in r for r in rescued.repairs)
    alone = gelv.check_line(1, "a", "仄仄平仄仄", "平平仄仄平")
    assert any("大拗" in f for f in alone.faults)


def test_huanghelou_is_flagged() -> None:
    analysis = analyse_text(HUANGHELOU, title="黄鹤楼")
    metre = analysis.metre
    assert analysis.form == "七言律诗" and metre["verdict"] == "不合律" and metre["start"] == "平起"
    line3, line4 = metre["lines"][2], metre["lines"][3]
    assert line3["tones"] == "平仄仄仄仄仄仄" and "6 仄 in a row" in line3["faults"] and "三仄尾" in line3["faults"]
    assert "三平尾" in line4["faults"]
    assert analysis.lines[0].pinyin[3] == "chéng"  # 乘 ride: the 拗 line does not make it shèng
    assert analysis.lines[1].pinyin[2] == "kōng"  # 空余


def test_yue_ye_is_regulated_with_kan_at_a_level_foot() -> None:
    analysis = analyse_text(YUEYE, title="月夜")
    assert analysis.form == "五言律诗"
    assert analysis.lines[1].pinyin[-1] == "kān"
    assert analysis.metre["verdict"] == "拗而能救"
    assert "特拗 (平平仄平仄)" in analysis.metre["lines"][2]["repairs"]


def test_jing_ye_si_is_an_old_style_quatrain() -> None:
    metre = analyse_text(JINGYESI).metre
    assert metre["kind"] == "古绝" and "失粘 lines 2–3" in metre["faults"] and "失对 lines 3–4" in metre["faults"]


def test_metre_slot_decides_si_as_a_noun() -> None:
    # a couplet alone (a 句 fragment) is one 联: 对 and two 律句 fix its even positions too
    couplet = analyse_text("忽闻歌古调，归思欲沾巾。")
    assert couplet.lines[1].pinyin[1] == "sì"
    assert [c.rule for c in couplet.readings if c.char == "思"] == ["metre-slot"]
    poem = analyse_text("独有宦游人，偏惊物候新。云霞出海曙，梅柳渡江春。淑气催黄鸟，晴光转绿苹。"
                        "忽闻歌古调，归思欲沾巾。")
    (choice,) = [c for c in poem.readings if c.char == "思"]
    assert choice.reading == "sì" and choice.rule == "metre-slot"


def test_a_couplet_off_the_template_decides_nothing() -> None:
    # 闻 and 声 are both 平: the first line is no 律句, so the couplet gets no template and 思
    # keeps its sense reading (with one, the 对 of 闻 would make the 2nd of line 2 仄: sì)
    couplet = analyse_text("忽闻歌声来，归思欲沾巾。")
    assert couplet.lines[1].pinyin[1] == "sī"
    assert not [c for c in couplet.readings if c.rule == "metre-slot"]


def test_the_user_facing_metre_report_still_needs_four_lines() -> None:
    assert analyse_text("忽闻歌古调，归思欲沾巾。").metre is None


def test_metre_keeps_a_reading_the_line_conforms_with() -> None:
    # 烦君最相警: 平平仄平仄 is 特拗, so 相 stays xiāng although the template has 仄 there
    poem = analyse_text("本以高难饱，徒劳恨费声。五更疏欲断，一树碧无情。薄宦梗犹泛，故园芜已平。"
                        "烦君最相警，我亦举家清。")
    assert poem.lines[6].pinyin[3] == "xiāng"


def test_rhyme_group_decides_a_foot() -> None:
    poem = analyse_text("凉风起天末，君子意如何。鸿雁几时到，江湖秋水多。文章憎命达，魑魅喜人过。"
                        "应共冤魂语，投诗赠汨罗。")
    (choice,) = [c for c in poem.readings if c.char == "过"]
    assert choice.reading == "guō" and choice.rule == "rhyme-group"


def test_rhyme_of_a_changing_old_style_poem_is_local() -> None:
    # 蜀道难 changes rhyme: 还 rhymes with 攀 (删), not with the poem's commonest group
    poem = analyse_text("问君西游何时还，畏途巉岩不可攀。但见悲鸟号古木，雄飞雌从绕林间。"
                        "又闻子规啼夜月，愁空山。蜀道之难，难于上青天，使人听此凋朱颜。")
    assert poem.lines[0].pinyin[-1] == "huán"


def test_ambiguous_only_when_nothing_decides() -> None:
    analysis = analyse_text("蜡烛有心还惜别，替人垂泪到天明。")
    assert any("还 read hái" in w and "ambiguous" in w for w in analysis.warnings)
    decided = analyse_text("千里江陵一日还")
    assert not any("ambiguous" in w for w in decided.warnings)


def test_tongyun_is_reported_for_regulated_verse() -> None:
    # 东 (一东) and 冬/钟 (二冬) are neighbours (第一部): a 通韵 in a 律绝 is a warning
    analysis = analyse_text("江上晚来风，山前落日红。何人知此意，独坐对疏钟。")
    assert analysis.rhyme["neighbour"] and analysis.rhyme["off_group"] == []
    assert analysis.metre["kind"] == "律绝" and analysis.rhyme["scheme"] == "AAxA"
    assert any("通韵" in w for w in analysis.warnings)
    # the same rhyme in a quatrain that breaks the rules (三平尾: a 古绝) is allowed
    old_style = analyse_text("江上晚来风，山前落日红。何人知此意，独坐闻疏钟。")
    assert old_style.metre["kind"] == "古绝" and old_style.rhyme["neighbour"]
    assert not any("通韵" in w for w in old_style.warnings)
