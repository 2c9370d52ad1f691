"""The fast song-file writer gives PyYAML's exact text, or declines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from songsmith.document.songfile import load_song, song_to_data
from songsmith.document.yamlfast import dump_simple
from songsmith.document.yamlio import dump_yaml, load_yaml, yaml_dump

ROOT = Path(__file__).resolve().parents[1]

TRICKY = [
    "yes", "No", "on", "null", "~", "007", "1.5", "1e3", "0x1F", "2024-01-01", "<<", "=", ".inf", "-", "- a",
    "-a", "? x", ":x", "a: b", "a:", "a #b", "a#b", "#x", "[x]", "{x}", "x, y", "'q'", '"q"', "&a", "*a", "!t",
    "|x", ">x", "%x", "@x", "`x", " lead", "trail ", "tab\there", "nel\x85", "ls\u2028", "bom\ufeff",
    "astral 𠀀", "---", "...", "--- x", "... x", "é", "床前明月光", "guzheng, erhu; 108 bpm", "a\u00a0b",
    "\ue000", "\ufffd", "x" * 130,
]
BLOCKS = ["a\nb\n", "a\nb", "a\nb\n\n", "\na\n", " a\nb\n", "a \nb\n", "a\n b\n", "a\n\nb\n", "a\tb\nc\n",
          "[Verse]\n床前\n\n[Chorus]\n举头\n", "x\ud7ff\n", "𠀀\n", "a\u2029b\n"]


def _same_or_declined(data: object) -> None:
    fast = dump_simple(data)
    if fast is not None:
        assert fast == yaml_dump(data)
        assert load_yaml(fast, "x.yaml")[0] == data


@pytest.mark.parametrize("text", TRICKY + BLOCKS)
def test_tricky_strings_as_values_keys_and_items(text: str) -> None:
    _same_or_declined({"value": text})
    _same_or_declined({text: 1})
    _same_or_declined({"list": [text, "plain"]})
    _same_or_declined({"nested": {"deeper": {"k": text}}, "items": [{"id": text, "notes": text}]})


def test_declines_what_it_cannot_prove() -> None:
    assert dump_simple({"x": "", "y": [""]}) == yaml_dump({"x": "", "y": [""]})
    for data in ({"x": 1.5}, {"x": None}, {"x": []}, {"x": {}}, {"x": [[1]]}, {1: "a"}, {"": 1}, ["top"], {"x": "yes"},
                 {"x": "a: b"}, {"x": " lead"}, {"x": "a \nb\n"}, {"x": "𠀀"}):
        assert dump_simple(data) is None


def test_writes_the_usual_song_shape_itself() -> None:
    data = {"songsmith": 1, "title": "静夜思", "source": {"author": "李白", "text": "床前明月光，\n疑是地上霜。\n"},
            "style": {"prompt": "guofeng, guzheng, 72 bpm", "genre": ["guofeng"], "tempo_bpm": 72},
            "lyrics": "[Verse]\n床前明月光\n\n[Chorus]\n疑是地上霜\n",
            "candidates": [{"id": "offline-1", "style": "guzheng", "chosen": True, "rating": 4}]}
    fast = dump_simple(data)
    assert fast is not None and fast == yaml_dump(data) == dump_yaml(data)


def test_every_shipped_and_test_song_file() -> None:
    checked = 0
    for path in sorted([*ROOT.glob("corpora/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")]):
        try:
            song = load_song(path).song
        except Exception:  # noqa: BLE001 - invalid test fixtures are other tests' business
            continue
        data = song_to_data(song)
        _same_or_declined(data)
        checked += dump_simple(data) is not None
    assert checked >= 5


_text = st.one_of(st.text(alphabet=st.sampled_from(list("ab :#-,'\"?[]{}|>\n\t 床月𠀀\u00a0\u2028é01.~!&*")),
                         max_size=12), st.sampled_from(TRICKY + BLOCKS))
_scalar = st.one_of(_text, st.integers(-1000, 1000), st.booleans())
_data = st.recursive(
    st.dictionaries(_text, _scalar, max_size=4),
    lambda children: st.one_of(st.dictionaries(_text, st.one_of(_scalar, children, st.lists(st.one_of(_scalar, children),
                                                                                              max_size=3)),
                                               max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300)
@given(_data)
def test_generated_data_matches_pyyaml(data: dict[str, object]) -> None:
    _same_or_declined(data)
