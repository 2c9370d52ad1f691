"""词 against the 正体 of its tune (prompts/poetry/cipu.yaml)."""

from __future__ import annotations

import pytest

from songsmith.poetry.analysis import analyse_text
from songsmith.poetry.cipu import load_tunes, parse_tunes

HUANXISHA = "一曲新词酒一杯，去年天气旧亭台。夕阳西下几时回？无可奈何花落去，似曾相识燕归来。小园香径独徘徊。"
RUMENGLING = "常记溪亭日暮，沉醉不知归路。兴尽晚回舟，误入藕花深处。争渡，争渡，惊起一滩鸥鹭。"


def test_thirty_tunes_with_their_lengths() -> None:
    tunes = {tune.name: tune for tune in load_tunes().values()}
    assert len(tunes) >= 30
    assert tunes["浣溪沙"].length == 42 and tunes["念奴娇"].length == 100 and tunes["贺新郎"].length == 116
    assert load_tunes()["木兰花"] is load_tunes()["玉楼春"]


def test_a_ci_that_keeps_its_tune() -> None:
    analysis = analyse_text(HUANXISHA, title="浣溪沙")
    metre = analysis.metre
    assert analysis.form == "词" and metre["tune"] == "浣溪沙" and metre["verdict"] == "合谱"
    assert [line["rhyme"] for line in metre["lines"]] == ["A", "A", "A", None, "A", "A"]
    assert analysis.rhyme["system"] == "词林正韵"  # cilin is the default for 词
    assert analysis.rhyme["off_group"] == []  # 杯/回 and 台/来 (灰 split between 三 and 五部) rhyme


def test_wrong_length_and_off_rhyme_are_reported() -> None:
    short = analyse_text(HUANXISHA[:-8], title="浣溪沙").metre
    assert short["verdict"] == "不合谱" and "the 正体 has 42" in short["faults"][0]
    off = analyse_text(HUANXISHA.replace("徘徊", "徘徙"), title="浣溪沙").metre
    assert off["verdict"] == "不合谱" and any("出韵" in fault for fault in off["faults"])


def test_fixed_level_positions_are_checked() -> None:
    # 菩萨蛮 line 3 (中仄仄平平): a 平 in the 2nd place is off the 词谱
    text = "平林漠漠烟如织，寒山一带伤心碧。暝色入高楼，有人楼上愁。玉阶空伫立，宿鸟归飞急。何处是归程？长亭更短亭。"
    assert analyse_text(text, title="菩萨蛮").metre["verdict"] == "合谱"
    broken = analyse_text(text.replace("暝色入高楼", "天涯入高楼"), title="菩萨蛮").metre
    assert any("平仄 off the 词谱 at position 2" in fault for fault in broken["faults"])


def test_unknown_tune_says_so() -> None:
    metre = analyse_text(RUMENGLING, title="如梦令·常记溪亭日暮").metre
    assert metre["tune"] == "如梦令" and metre["known"] is False


@pytest.mark.parametrize(("entry", "message"), [
    ({"source": "s", "rhymes": {"A": "平"}, "stanzas": [["平平中x|A"]]}, "bad line pattern"),
    ({"source": "s", "rhymes": {"A": "平"}, "stanzas": [["平平平|B"]]}, "not declared"),
    ({"source": "s", "length": 4, "rhymes": {"A": "平"}, "stanzas": [["平平平|A"]]}, "3 characters, not 4"),
])
def test_tune_file_validation(entry: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_tunes({"tunes": {"调": entry}})
