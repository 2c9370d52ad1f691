"""Tagged lyrics: parse_lyrics / format_lyrics examples and properties."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from songsmith.document.lyrics import (
    LyricsIssue,
    Section,
    format_lyrics,
    line_kind,
    parse_lyrics,
)

# --- examples ------------------------------------------------------------------------------

SONG = """\
[Intro With Guzheng]

[Verse 1]
床前明月光
疑是地上霜
(却无遐一一去写)

举头望明月
低头思故乡

[Chorus 1 Climb]
la la la
(la la)

[......?]

[Outro, Piano build]
"""


def test_parse_song_sections() -> None:
    sections, issues = parse_lyrics(SONG)
    assert issues == []
    assert [(s.kind, s.number, s.descriptor, s.tag) for s in sections] == [
        ("intro", None, "With Guzheng", "Intro With Guzheng"),
        ("verse", 1, None, "Verse 1"),
        ("chorus", 1, "Climb", "Chorus 1 Climb"),
        ("outro", None, "Piano build", "Outro, Piano build"),
    ]
    assert sections[0].lines == []
    assert sections[1].lines == ["床前明月光", "疑是地上霜", "(却无遐一一去写)", "", "举头望明月", "低头思故乡"]
    assert sections[1].backing == ["(却无遐一一去写)"]
    assert sections[1].sung_lines == ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    # a cue after a blank line stays in the section it follows, after a stanza break
    assert sections[2].lines == ["la la la", "(la la)", "", "[......?]"]
    assert sections[2].sung_lines == ["la la la"]
    assert sections[2].backing == ["(la la)"]
    assert sections[0].is_instrumental_kind is True
    assert sections[1].is_instrumental_kind is False


def test_format_song_is_the_input() -> None:
    sections, _ = parse_lyrics(SONG)
    assert format_lyrics(sections) == SONG


def test_source_line_numbers() -> None:
    sections, _ = parse_lyrics(SONG)
    assert [s.tag_line for s in sections] == [1, 3, 11, 17]
    verse = sections[1]
    assert [verse.source_line(i) for i in range(len(verse.lines))] == [4, 5, 6, 7, 8, 9]
    assert verse.source_line(99) is None
    chorus = sections[2]
    assert [chorus.source_line(i) for i in range(len(chorus.lines))] == [12, 13, 14, 15]


def test_section_built_by_hand_has_no_source_lines() -> None:
    section = Section(kind="verse", number=1, lines=["a"])
    assert section.tag_line is None
    assert section.source_line(0) is None
    assert section.label == "Verse 1"
    assert format_lyrics([section]) == "[Verse 1]\na\n"


def test_text_before_first_tag() -> None:
    sections, issues = parse_lyrics("a first line\nsecond\n\n[Verse]\nthird\n")
    assert [(s.kind, s.tag, s.lines) for s in sections] == [
        ("untagged", None, ["a first line", "second"]),
        ("verse", "Verse", ["third"]),
    ]
    assert sections[0].tag_line == 1
    assert issues == [LyricsIssue(1, "warning", "text-before-tag", "lyrics before the first section tag")]
    assert format_lyrics(sections) == "a first line\nsecond\n\n[Verse]\nthird\n"


def test_text_only() -> None:
    sections, issues = parse_lyrics("one\n\ntwo\n")
    assert [(s.kind, s.lines) for s in sections] == [("untagged", ["one", "", "two"])]
    assert [i.code for i in issues] == ["text-before-tag"]
    assert format_lyrics(sections) == "one\n\ntwo\n"


def test_blank_lines_stanza_breaks_and_multiple_blanks() -> None:
    text = "[Verse]\n\n\na\n\n\n\nb\n   \n\t\nc\n\n\n\n[Chorus]\n\n\nd\n\n\n"
    sections, issues = parse_lyrics(text)
    assert issues == []
    assert [(s.kind, s.lines) for s in sections] == [("verse", ["a", "", "b", "", "c"]), ("chorus", ["d"])]
    verse = sections[0]
    # a stanza break is located at the blank line just before the text that follows it
    assert [verse.source_line(i) for i in range(5)] == [4, 7, 8, 10, 11]
    assert format_lyrics(sections) == "[Verse]\na\n\nb\n\nc\n\n[Chorus]\nd\n"


def test_tag_with_inline_text() -> None:
    sections, issues = parse_lyrics("[Chorus] la la la\nsecond\n")
    assert issues == []
    assert (sections[0].tag, sections[0].lines) == ("Chorus", ["la la la", "second"])
    assert [sections[0].source_line(i) for i in range(2)] == [1, 2]
    assert format_lyrics(sections) == "[Chorus]\nla la la\nsecond\n"


def test_tag_with_inline_tag_stays_on_one_line() -> None:
    # "[Chorus] [Female Vocal]" must not become two tags after formatting.
    text = "[Chorus] [Female Vocal]\nla\n"
    sections, _ = parse_lyrics(text)
    assert [(s.tag, s.lines) for s in sections] == [("Chorus", ["[Female Vocal]", "la"])]
    formatted = format_lyrics(sections)
    assert formatted == "[Chorus] [Female Vocal]\nla\n"
    assert format_lyrics(parse_lyrics(formatted)[0]) == formatted


def test_tag_inner_whitespace_is_trimmed() -> None:
    sections, _ = parse_lyrics("  [ Verse 1 ]  \n  la  \n")
    assert (sections[0].tag, sections[0].number, sections[0].lines) == ("Verse 1", 1, ["la"])


def test_crlf_and_cr_input() -> None:
    crlf = "[Verse 1]\r\nline one\r\n\r\nline two\r\n\r\n[Chorus]\r\nla\r\n"
    cr = crlf.replace("\r\n", "\r")
    expected = "[Verse 1]\nline one\n\nline two\n\n[Chorus]\nla\n"
    for text in (crlf, cr):
        sections, issues = parse_lyrics(text)
        assert issues == []
        assert [s.lines for s in sections] == [["line one", "", "line two"], ["la"]]
        assert not any("\r" in line for s in sections for line in s.lines)
        assert format_lyrics(sections) == expected


def test_bom_is_dropped() -> None:
    sections, issues = parse_lyrics("\ufeff[Verse 1]\nla\n")
    assert issues == []
    assert (sections[0].kind, sections[0].tag, sections[0].tag_line) == ("verse", "Verse 1", 1)
    assert format_lyrics(sections) == "[Verse 1]\nla\n"


def test_backing_vocals_and_unbalanced_parentheses() -> None:
    sections, issues = parse_lyrics("[Verse]\n(ooh)\nsing (ooh) along\n(open\n")
    assert [line_kind(line) for line in sections[0].lines] == ["backing", "lyric", "lyric"]
    assert sections[0].backing == ["(ooh)"]
    assert issues == [LyricsIssue(4, "warning", "unbalanced-parens", "unbalanced parentheses")]


def test_line_kind() -> None:
    assert line_kind("") == "break"
    assert line_kind("[......?]") == "cue"
    assert line_kind("(echo)") == "backing"
    assert line_kind("()") == "backing"
    assert line_kind("(") == "lyric"
    assert line_kind("words") == "lyric"
    assert line_kind("[Verse]") == "lyric"  # a tag-shaped *stored line* is text, not a cue


def test_issue_codes_and_lines() -> None:
    text = "intro text\n[Introl, Piano build]\n[Cello & Piano]\n[Verse]\n(a\n"
    _, issues = parse_lyrics(text)
    assert [(i.line, i.code) for i in issues] == [
        (1, "text-before-tag"),
        (2, "tag-typo"),
        (3, "unknown-tag"),
        (5, "unbalanced-parens"),
    ]
    assert all(i.severity == "warning" for i in issues)


def test_canonical_tags_formatting() -> None:
    text = "[verse 1]\na\n\n[Introl, Piano build]\n\n[pre chorus]\nb\n\n[Cello & Piano]\n\n[fade]\n"
    sections, _ = parse_lyrics(text)
    assert format_lyrics(sections) == text  # default: the user's tags, untouched
    assert format_lyrics(sections, canonical_tags=True) == (
        "[Verse 1]\na\n\n[Intro: Piano build]\n\n[Pre-Chorus]\nb\n\n[Cello & Piano]\n\n[Fade Out]\n"
    )
    # canonical() does not change the section it is called on
    assert sections[0].tag == "verse 1"


def test_empty_input() -> None:
    assert parse_lyrics("") == ([], [])
    assert parse_lyrics("\n \n\t\n") == ([], [])
    assert format_lyrics([]) == ""


# --- properties ----------------------------------------------------------------------------

_ORACLE_TAG = re.compile(r"^\[([^\[\]\n]*)\](.*)$")


def _items(text: str) -> list[str]:
    """Non-blank stripped lines; a tag line with inline text counts as two items (tag, text)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    items: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        match = _ORACLE_TAG.match(line)
        if match and any(c.isalpha() for c in match.group(1)):
            items.append(f"[{match.group(1).strip()}]")
            rest = match.group(2).strip()
            if rest:
                items.append(rest)
        else:
            items.append(line)
    return items


_PIECES = [
    "[Verse 1]", "[verse 2]", "[Chorus]", "[Introl, Piano build]", "[Cello & Piano]", "[......?]",
    "[副歌]", "[主歌 1]", "[Verse-2]", "[ Bridge ]", "[fade]", "[End]", "[]", "[Chorus] la la",
    "[Chorus] [Female Vocal]", "(echo)", "(open", "close)", "床前明月光", "la la la", "", "", " ",
    "\t", "[", "]", "[[Verse]]", "[Verse]]", "text [Verse]", "\ufeff", "\r", "　",
]

lyric_texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list("[]() \n\r\t,:-–1a Zé副歌月?.…\u3000\ufeff")), max_size=200),
    st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=30).map("\n".join),
    st.lists(st.sampled_from(_PIECES), max_size=30).map("\r\n".join),
)

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(lyric_texts)
def test_parse_never_raises(text: str) -> None:
    sections, issues = parse_lyrics(text)
    assert all(isinstance(s, Section) for s in sections)
    assert all(isinstance(i, LyricsIssue) and i.line >= 1 for i in issues)
    for section in sections:
        assert len(section.lines) == len(section._line_numbers)
        assert section.lines == [] or section.lines[0] != ""  # no leading stanza break
        assert section.lines == [] or section.lines[-1] != ""  # no trailing stanza break


@_SETTINGS
@given(lyric_texts)
def test_round_trip_keeps_every_line_and_tag(text: str) -> None:
    sections, _ = parse_lyrics(text)
    formatted = format_lyrics(sections)
    assert _items(formatted) == _items(text)
    tags_in = [f"[{m.group(1).strip()}]" for m in map(_ORACLE_TAG.match, _stripped(text))
               if m and any(c.isalpha() for c in m.group(1))]
    assert [f"[{s.tag}]" for s in sections if s.tag is not None] == tags_in


def _stripped(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return [line.strip() for line in text.split("\n")]


@_SETTINGS
@given(lyric_texts)
def test_format_is_idempotent(text: str) -> None:
    once = format_lyrics(parse_lyrics(text)[0])
    sections_again = parse_lyrics(once)[0]
    assert format_lyrics(sections_again) == once
    # the sections read back are the same sections
    assert [s.model_dump() for s in sections_again] == [s.model_dump() for s in parse_lyrics(text)[0]]


@_SETTINGS
@given(lyric_texts)
def test_canonical_format_is_idempotent(text: str) -> None:
    once = format_lyrics(parse_lyrics(text)[0], canonical_tags=True)
    assert format_lyrics(parse_lyrics(once)[0], canonical_tags=True) == once
    assert _items_without_tags(once) == _items_without_tags(text)


def _items_without_tags(text: str) -> list[str]:
    return [item for item in _items(text) if not (_ORACLE_TAG.match(item) and item.endswith("]")
                                                   and any(c.isalpha() for c in item[1:-1])
                                                   and "[" not in item[1:-1])]


def test_stray_bom_inside_text_is_dropped() -> None:
    # found by hypothesis: "\r\ufeff" formatted to "\ufeff\n", which then read back as nothing
    sections, _ = parse_lyrics("[Verse]\n\ufeffla\ufeff la\n\ufeff\n")
    assert sections[0].lines == ["la la"]
    assert format_lyrics(parse_lyrics("\r\ufeff")[0]) == ""
