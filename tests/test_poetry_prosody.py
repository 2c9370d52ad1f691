"""Form, rhyme and 平仄 on known poems."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songsmith.poetry.analysis import analyse_text
from songsmith.poetry.prosody import (
    final_of,
    rhyme_group,
    split_verse_lines,
    tone_number,
    tune_from_title,
)

JINGYESI = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。"
BAIDI = "朝辭白帝彩雲間，千里江陵一日還。\n兩岸猿聲啼不住，輕舟已過萬重山。"
DENGGAO = ("风急天高猿啸哀，渚清沙白鸟飞回。无边落木萧萧下，不尽长江滚滚来。"
           "万里悲秋常作客，百年多病独登台。艰难苦恨繁霜鬓，潦倒新停浊酒杯。")
RUMENGLING = "常记溪亭日暮，沉醉不知归路。兴尽晚回舟，误入藕花深处。争渡，争渡，惊起一滩鸥鹭。"
GUANJU = "关关雎鸠，在河之洲。窈窕淑女，君子好逑。\n参差荇菜，左右流之。窈窕淑女，寤寐求之。"


def test_jing_ye_si_is_a_five_character_quatrain_rhyming_on_ang() -> None:
    analysis = analyse_text(JINGYESI, title="静夜思")
    assert analysis.form == "五言绝句"
    assert [line.text for line in analysis.lines] == ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    assert analysis.lines[0].pinyin == ["chuáng", "qián", "míng", "yuè", "guāng"]
    assert analysis.lines[0].tones == "平平平仄平"
    assert analysis.rhyme["system"] == "平水韵" and analysis.rhyme["group"] == "下平七阳"
    assert analysis.rhyme["scheme"] == "AAxA" and analysis.rhyme["xin"] == "唐"
    assert [f["char"] for f in analysis.rhyme["feet"]] == ["光", "霜", "乡"]
    assert {f["group"] for f in analysis.rhyme["feet"]} == {"下平七阳"}
    assert analysis.warnings == []
    assert analysis.metre["kind"] == "古绝"  # 失粘 and 失对: an old-style quatrain


def test_zao_fa_bai_di_cheng_reads_huan_zhao_chong() -> None:
    analysis = analyse_text(BAIDI, title="早發白帝城")
    assert analysis.form == "七言绝句"
    assert analysis.lines[0].pinyin[0] == "zhāo"
    assert analysis.lines[1].pinyin[-1] == "huán"
    assert analysis.lines[3].pinyin[5] == "chóng"
    assert analysis.rhyme["group"] == "上平十五删"
    assert {f["char"] for f in analysis.rhyme["feet"]} == {"間", "還", "山"}
    assert analysis.metre["kind"] == "律绝" and analysis.metre["start"] == "平起"


def test_deng_gao_is_a_regulated_seven_character_poem_rhyming_in_hui() -> None:
    analysis = analyse_text(DENGGAO, title="登高")
    assert analysis.form == "七言律诗"
    assert analysis.lines[0].tones == "平仄平平平仄平"  # 急 is 入声 in 平水韵: 仄 although jí
    assert {"line": 1, "char": "急", "pinyin": "jí"} in analysis.rusheng
    # 回/杯 (ui, ei) and 来/台 (ai) are all 上平十灰, although 中华新韵 splits them
    assert analysis.rhyme["group"] == "上平十灰" and analysis.rhyme["off_group"] == []
    assert [f["char"] for f in analysis.rhyme["feet"]] == ["哀", "回", "来", "台", "杯"]
    assert analysis.warnings == []
    assert analysis.lines[7].pinyin[0] == "lǎo"  # 潦倒
    assert analysis.metre["kind"] == "律诗" and analysis.metre["verdict"] == "合律"


def test_xin_system_still_warns_where_modern_finals_part() -> None:
    analysis = analyse_text(DENGGAO, title="登高", rhyme_system="xin")
    assert analysis.rhyme["system"] == "中华新韵"
    assert any("does not rhyme" in w for w in analysis.warnings)


def test_ci_is_recognised_by_its_tune() -> None:
    analysis = analyse_text(RUMENGLING, title="如梦令·常记溪亭日暮")
    assert analysis.form == "词" and analysis.tune == "如梦令"
    assert tune_from_title("念奴娇·赤壁怀古") == "念奴娇"
    assert tune_from_title("静夜思") is None
    assert analyse_text("大江东去，浪淘尽，千古风流人物。", form="词·念奴娇").tune == "念奴娇"


def test_shijing_four_character_poem() -> None:
    analysis = analyse_text(GUANJU, title="关雎")
    assert analysis.form == "四言诗"
    assert analysis.lines[1].pinyin[-1] == "zhōu"


def test_regulated_vs_old_style() -> None:
    # 8 lines of 5 that ignore the tonal alternation: an old-style poem
    old = "明月照高楼，流光正徘徊。上有愁思妇，悲叹有余哀。借问叹者谁，言是宕子妻。君行逾十年，孤妾常独栖。"
    assert analyse_text(old).form == "五言古诗"
    assert analyse_text("一二三四五六七，天地玄黄宇宙洪。").form == "七言二句"
    assert analyse_text("君不见黄河之水天上来，奔流到海不复回。", title="行路难").form == "乐府"
    assert analyse_text("君不见黄河之水天上来，奔流到海不复回。").form == "杂言古诗"


def test_declared_forms_the_shape_cannot_tell() -> None:
    assert analyse_text("秦时明月汉时关，万里长征人未还。", form="樂府").form == "乐府"
    assert analyse_text("蒹葭苍苍，白露为霜。所谓伊人，在水一方。溯洄从之，道阻且长。", form="四言").form == "四言诗"
    assert analyse_text(JINGYESI, form="五言绝句").declared_form == "五言绝句"


def test_lines_cover_every_han_character_even_with_placeholders() -> None:
    analysis = analyse_text("杖策聊□□，泣淚滴煙𩅰。", title="t")
    assert [len(l.pinyin) for l in analysis.lines] == [3, 5]
    assert all(len(l.pinyin) == len(l.tones) for l in analysis.lines)
    assert any("lost or uncoded" in w for w in analysis.warnings)


def test_empty_poem_warns() -> None:
    analysis = analyse_text("", title="无题")
    assert analysis.lines == [] and analysis.form == "空"
    assert any("no verse lines" in w for w in analysis.warnings)


@pytest.mark.parametrize(("syllable", "final", "group", "tone"), [
    ("guāng", "uang", "唐", 1), ("xué", "üe", "皆", 2), ("shī", "-i", "支", 1), ("yún", "ün", "文", 2),
    ("wěi", "ui", "微", 3), ("jiā", "ia", "麻", 1), ("ér", "er", "齐", 2), ("lǜ", "ü", "齐", 4),
    ("yōu", "iu", "尤", 1), ("zhe", "e", "波", 5),
])
def test_finals_and_groups(syllable: str, final: str, group: str, tone: int) -> None:
    assert final_of(syllable) == final and rhyme_group(syllable) == group and tone_number(syllable) == tone


def test_split_verse_lines() -> None:
    assert split_verse_lines("噫籲嚱，危乎高哉！\n“借问”酒家何处有？") == ["噫籲嚱", "危乎高哉", "借问酒家何处有"]


ALPHABET = "床前明月光还朝行看斜衰骑重一不白急，。？！；：、 \n()（）[]{}/□●〓\ue829𩅰ＢaZ9「」《》〖〗"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_any_text_keeps_the_contract(text: str) -> None:
    from songsmith.language import is_cjk

    data = analyse_text(text, title="t").to_json()
    for line in data["lines"]:
        han = [c for c in line["text"] if is_cjk(c)]
        assert len(line["pinyin"]) == len(han) == len(line["tones"])
        assert all(p for p in line["pinyin"])
    assert isinstance(data["warnings"], list)
