"""Classical readings: one test per example of every rule in prompts/poetry/readings.yaml."""

from __future__ import annotations

import pytest

from songsmith.poetry.analysis import analyse_text
from songsmith.poetry.prosody import split_verse_lines
from songsmith.poetry.readings import load_rules, parse_rules, plain_readings
from songsmith.poetry.script import to_simplified_aligned

RULES = [rule for rules in load_rules().values() for rule in rules]
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}-{number}")
    for rule in RULES
    for number, example in enumerate(rule.examples)
]


def test_every_rule_has_an_example_and_unique_id() -> None:
    assert all(rule.examples for rule in RULES), [r.id for r in RULES if not r.examples]
    assert len({rule.id for rule in RULES}) == len(RULES)


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_rule_example(rule, example) -> None:  # type: ignore[no-untyped-def]
    text = example.get("poem") or example["line"]
    lines = split_verse_lines(text)
    line_number = example.get("line_number") or lines.index(example["line"]) + 1
    index = example["index"]
    assert lines[line_number - 1] == example["line"]
    assert to_simplified_aligned(example["line"])[index] == rule.char  # a `written` example is traditional
    if rule.written is not None:
        assert example["line"][index] in rule.written or "expect" in example
    analysis = analyse_text(text)
    reading = analysis.lines[line_number - 1].pinyin[index]
    fired = [c.rule for c in analysis.readings if c.line == line_number - 1 and c.index == index]
    expected = example.get("expect") or rule.reading
    assert reading == expected
    if "expect" not in example or rule.ambiguous:
        assert fired == [rule.id]
    else:
        assert rule.id not in fired  # a counter-example: the rule must not apply here
    if rule.ambiguous:
        assert any("ambiguous" in w and f"line {line_number}:" in w for w in analysis.warnings)


def test_alternatives_are_reported() -> None:
    analysis = analyse_text("远上寒山石径斜，白云生处有人家。停车坐爱枫林晚，霜叶红于二月花。")
    (choice,) = [c for c in analysis.readings if c.char == "斜"]
    assert choice.reading == "xiá" and choice.also == ["xié"]
    assert analysis.to_json()["readings"][0]["also"] == ["xié"]


def test_citation_tones_for_yi_and_bu() -> None:
    assert plain_readings("不见")[0] == "bù"
    assert plain_readings("一个")[0] == "yī"
    assert plain_readings("游子")[1] == "zǐ"  # no neutral tones


def test_plain_readings_align_with_every_character() -> None:
    text = "床前\n明月𩅰光\ue829□，ab一"
    readings = plain_readings(text)
    assert len(readings) == len(text)
    assert readings[:2] == ["chuáng", "qián"] and readings[2] is None and readings[5] == "sī"
    assert readings[7] is None and readings[8] is None and readings[-1] == "yī"


def test_traditional_input_reads_like_simplified() -> None:
    trad = analyse_text("朝辭白帝彩雲間，千里江陵一日還。")
    simp = analyse_text("朝辞白帝彩云间，千里江陵一日还。")
    assert [l.pinyin for l in trad.lines] == [l.pinyin for l in simp.lines]
    assert trad.lines[1].text == "千里江陵一日還"  # display keeps the user's script
    assert analyse_text("長安一片月").lines[0].pinyin[0] == "cháng"


def test_rule_file_validation() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        parse_rules({"rules": [{"id": "x", "char": "还", "reading": "huán", "bogus": 1}]})
    with pytest.raises(ValueError, match="duplicate"):
        parse_rules({"rules": [{"id": "x", "char": "还", "reading": "huán"}] * 2})
    with pytest.raises(ValueError, match="reading or an ambiguous"):
        parse_rules({"rules": [{"id": "x", "char": "还"}]})
    with pytest.raises(ValueError, match="slot"):
        parse_rules({"rules": [{"id": "x", "char": "还", "reading": "huán", "slot": "上"}]})


def test_zdic_phrase_table_reads_classical_compounds() -> None:
    from songsmith.poetry.phrases import phrase_reading, phrase_table

    assert len(phrase_table()) > 10_000
    assert phrase_reading("夜半二更时", 3) == ("gēng", "二更")
    assert phrase_reading("夜半二更时", 0) is None


def test_zdic_phrase_decides_where_the_rules_leave_a_choice() -> None:
    from songsmith.poetry.readings import parse_rules

    rules = parse_rules({"rules": [{"id": "geng-open", "char": "更", "ambiguous": "更 may be gēng or gèng"}]})
    from songsmith.poetry.readings import apply_rules, plain_readings

    line = "夜半二更时"
    rows = [plain_readings(line)]
    (choice,) = apply_rules([line], rows, rules=rules, resolve=lambda li, j, r, d: None)
    assert choice.reading == "gēng" and choice.rule == "zdic-phrase:二更" and choice.ambiguous is None


def test_shipped_phrase_table_agrees_with_pypinyin_dict() -> None:
    zdic = pytest.importorskip("pypinyin_dict.phrase_pinyin_data.zdic_cibs",
                               reason="pypinyin-dict is not installed: cannot compare the derived table with it")
    from songsmith.poetry.phrases import phrase_table

    table = phrase_table()
    sample = sorted(p for p in table if p in zdic.phrases_dict)[::500]
    assert len(sample) > 10
    for phrase in sample:
        for index, reading in table[phrase]:
            assert zdic.phrases_dict[phrase][index][0] == reading, phrase


def test_written_rules_read_the_traditional_original() -> None:
    # 乾乾 (Heaven) and 干 (seek) simplify to 干, which pypinyin reads gàn.
    assert analyse_text("乾乾睿相").lines[0].pinyin[:2] == ["qián", "qián"]
    assert analyse_text("動合乾符").lines[0].pinyin[2] == "qián"
    assert analyse_text("匣裏金刀血未乾").lines[0].pinyin[6] == "gān"
    assert analyse_text("非意干王孫").lines[0].pinyin[2] == "gān"
    assert analyse_text("還惜劉公幹").lines[0].pinyin[4] == "gàn"
    # A simplified text says nothing of its originals: no `written` rule fires.
    simplified = analyse_text("非意干王孙")
    assert not any(c.rule.endswith(("written-gan", "written-dry", "written-trunk")) for c in simplified.readings)


def test_written_condition_needs_aligned_originals() -> None:
    from songsmith.poetry.readings import apply_rules

    rules = parse_rules({"rules": [{"id": "g", "char": "干", "reading": "qián", "written": ["乾"]}]})
    line = "干干睿相"
    rows = [plain_readings(line)]
    (first, second) = apply_rules([line], rows, rules=rules, originals=["乾乾睿相"])
    assert (first.reading, second.reading) == ("qián", "qián")
    assert apply_rules([line], [plain_readings(line)], rules=rules) == []
    assert apply_rules([line], [plain_readings(line)], rules=rules, originals=["乾乾睿"]) == []
    with pytest.raises(ValueError, match="written"):
        parse_rules({"rules": [{"id": "x", "char": "干", "reading": "qián", "written": ["乾坤"]}]})


def test_parallel_asks_for_the_counterpart_at_the_same_place_of_the_other_line() -> None:
    from songsmith.poetry.readings import apply_rules, parse_rules

    rules = parse_rules({"rules": [{"id": "zhao", "char": "朝", "reading": "zhāo", "parallel": ["暮"]}]})

    def first_reading(lines: list[str]) -> str | None:
        readings: list[list[str | None]] = [["cháo" if c == "朝" else "x" for c in line] for line in lines]
        apply_rules(lines, readings, rules=rules)
        return readings[0][0]

    assert first_reading(["朝驱东道尘", "暮到河源日"]) == "zhāo"
    assert first_reading(["朝驱东道尘", "河源暮到日"]) == "cháo"  # 暮 elsewhere in the line: no counterpart
    assert first_reading(["朝驱东道尘", "暮到河源"]) == "cháo"  # lines of other lengths are no couplet
    assert first_reading(["朝驱东道尘"]) == "cháo"
    # the second line of a couplet faces the first
    lines = ["暮到河源日", "朝驱东道尘"]
    readings: list[list[str | None]] = [["x"] * 5, ["cháo"] + ["x"] * 4]
    apply_rules(lines, readings, rules=rules)
    assert readings[1][0] == "zhāo"
