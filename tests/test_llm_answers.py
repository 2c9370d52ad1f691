"""The answer rules and the translation mirror, without a server (property tests)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Song
from songsmith.style.llm.answers import (
    ArrangeAnswer,
    TranslateAnswer,
    arrangement_problems,
    translation_problems,
)
from songsmith.style.llm.backend import _translated_song
from fake_llm_server import default_answer
from songsmith.style.llm.runner import extract_json

_HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=7)
_LINE = st.one_of(_HAN, _HAN.map(lambda t: f"({t})"), st.just(""), st.just("[......?]"))
_KINDS = ["verse", "chorus", "bridge", "intro", "outro", "hook"]


@st.composite
def songs(draw: st.DrawFn) -> Song:
    sections = []
    for index in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(_KINDS))
        lines = draw(st.lists(_LINE, max_size=6))
        while lines and lines[0] == "":
            lines.pop(0)
        while lines and lines[-1] == "":
            lines.pop()
        lines = [line for i, line in enumerate(lines) if line or (i and lines[i - 1])]
        tag = {"verse": f"Verse {index + 1}"}.get(kind, kind.title())
        sections.append(f"[{tag}]\n" + "\n".join(lines))
    if draw(st.booleans()) and sections:
        sections.append(sections[-1])  # a repeated section: the refrain
    return Song.from_lyrics("t", "\n\n".join(sections) + "\n")


@settings(max_examples=60, deadline=None)
@given(songs())
def test_translation_mirrors_any_song(song: Song) -> None:
    source = [[line for line in s.lines if line_kind(line) in ("lyric", "backing")] for s in song.sections]
    data = {"task": "translate", "title": song.title,
            "sections": [{"tag": s.label, "kind": s.kind, "lines": lines} for s, lines in zip(song.sections, source)]}
    answer = TranslateAnswer.model_validate(default_answer(data))
    assert translation_problems(answer, source, "en") == []
    translated = _translated_song(song, answer, "en", "fake", "m")
    assert [(s.kind, s.number, s.tag) for s in translated.sections] == [(s.kind, s.number, s.tag) for s in song.sections]
    for before, after in zip(song.sections, translated.sections):
        assert [line_kind(line) for line in after.lines] == [line_kind(line) for line in before.lines]
    # the song file round-trips: what is written reads back the same
    reread = Song.from_lyrics(translated.title, translated.lyrics).sections
    assert [s.model_dump() for s in reread] == [s.model_dump() for s in translated.sections]


@settings(max_examples=60, deadline=None)
@given(st.lists(_HAN, min_size=1, max_size=12, unique=True))
def test_the_fake_arrangement_keeps_the_rules(lines: list[str]) -> None:
    answer = ArrangeAnswer.model_validate(default_answer({"task": "arrange", "work": {"lines": lines}}))
    assert arrangement_problems(answer, lines) == []


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=4), st.sampled_from(["", "Sure:\n", "```json\n"]))
def test_extract_json_finds_the_object(value: dict[str, int], prefix: str) -> None:
    text = prefix + json.dumps(value) + ("\n```" if prefix.startswith("```") else "")
    assert extract_json(text) == value


def test_rules_catch_what_they_should() -> None:
    lines = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡", "一二三四五", "六七八九十", "甲乙丙丁戊", "己庚辛壬癸"]
    per_couplet = ArrangeAnswer(sections=[{"kind": "verse", "lines": lines[i:i + 2]} for i in range(0, 8, 2)])
    assert any("per couplet" in p for p in arrangement_problems(per_couplet, lines))
    sung_intro = ArrangeAnswer(sections=[{"kind": "intro", "lines": lines[:1]}, {"kind": "verse", "lines": lines}])
    assert any("instrumental" in p for p in arrangement_problems(sung_intro, lines))
    bad_kind = ArrangeAnswer(sections=[{"kind": "refrain-ish", "lines": lines}], refrain=[5, 99])
    problems = arrangement_problems(bad_kind, lines)
    assert any("is not one of" in p for p in problems) and any("refrain" in p for p in problems)
    punctuated = ArrangeAnswer(sections=[{"kind": "verse", "lines": [line + "，" for line in lines[:4]]}])
    assert arrangement_problems(punctuated, lines[:4]) == []


def test_small_model_slips_are_forgiven() -> None:
    from songsmith.style.llm.answers import StyleOption

    option = StyleOption.model_validate({"genre": "folk", "lead": "guzheng", "prompt": "p", "mood": "sad, calm",
                                         "tempo_bpm": "72"})
    assert option.mood == ["sad", "calm"] and option.tempo_bpm == 72
    answer = ArrangeAnswer.model_validate({"sections": [{"kind": "Pre Chorus", "lines": ["床前明月光"]},
                                                        {"kind": "VERSE", "number": "1", "lines": ["床前明月光"]}]})
    assert [(s.kind, s.number) for s in answer.sections] == [("pre-chorus", None), ("verse", 1)]
