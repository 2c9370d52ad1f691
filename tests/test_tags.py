"""Section tags as real users write them (see shared/reference/domain.md and issue 2)."""

from __future__ import annotations

import pytest

from songsmith.document.lyrics import CANONICAL_KINDS, parse_lyrics, parse_tag
from songsmith.document.lyrics.tags import INSTRUMENTAL_KINDS, LABELS, label_for
from songsmith.document.lyrics.text import format_lyrics, line_kind

# (inner text of the tag, kind, number, descriptor, how it was read)
TAGS = [
    ("Intro", "intro", None, None, "exact"),
    ("Intro With Guzheng", "intro", None, "With Guzheng", "exact"),
    ("Introl, Piano build", "intro", None, "Piano build", "typo"),
    ("Verse 1", "verse", 1, None, "exact"),
    ("verse 1", "verse", 1, None, "exact"),
    ("VERSE 3", "verse", 3, None, "exact"),
    ("Verse 1 Climb", "verse", 1, "Climb", "exact"),
    ("Verse 1, Mandarin Chinese", "verse", 1, "Mandarin Chinese", "exact"),
    ("Pre-Chorus Climb", "pre-chorus", None, "Climb", "exact"),
    ("pre chorus", "pre-chorus", None, None, "exact"),
    ("Prechorus", "pre-chorus", None, None, "exact"),
    ("Chorus", "chorus", None, None, "exact"),
    ("chorus", "chorus", None, None, "exact"),
    ("Chorus 1 Climb", "chorus", 1, "Climb", "exact"),
    ("Chorus 2 Climb", "chorus", 2, "Climb", "exact"),
    ("Post-Chorus", "post-chorus", None, None, "exact"),
    ("Bridge", "bridge", None, None, "exact"),
    ("Hook", "hook", None, None, "exact"),
    ("Hook Climb", "hook", None, "Climb", "exact"),
    ("Break", "break", None, None, "exact"),
    ("Interlude", "interlude", None, None, "exact"),
    ("Instrumental", "instrumental", None, None, "exact"),
    ("Solo", "solo", None, None, "exact"),
    ("Outro", "outro", None, None, "exact"),
    ("Outro, Piano build", "outro", None, "Piano build", "exact"),
    ("Fade Out", "fade-out", None, None, "exact"),
    ("fade", "fade-out", None, None, "exact"),
    ("End", "end", None, None, "exact"),
    ("Chorus – Final", "chorus", None, "Final", "exact"),
    ("Chorus - Final", "chorus", None, "Final", "exact"),
    ("Verse 2: soft", "verse", 2, "soft", "exact"),
    ("Verse-2", "verse", 2, None, "exact"),
    ("verse_2", "verse", 2, None, "exact"),
    ("Verse 1 - soft", "verse", 1, "soft", "exact"),
    ("副歌", "chorus", None, None, "exact"),
    ("主歌 1", "verse", 1, None, "exact"),
    ("前奏", "intro", None, None, "exact"),
    ("尾声", "outro", None, None, "exact"),
    ("Cohrus", "chorus", None, None, "typo"),
    ("Cello & Piano", "custom", None, "Cello & Piano", "unknown"),
    ("sigh, break, instrumental build", "break", None, "sigh, break, instrumental build", "keyword"),
    ("Female Vocal", "custom", None, "Female Vocal", "unknown"),
    ("Endless Love", "custom", None, "Endless Love", "unknown"),
]


@pytest.mark.parametrize(("inner", "kind", "number", "descriptor", "how"), TAGS, ids=[t[0] for t in TAGS])
def test_parse_tag(inner: str, kind: str, number: int | None, descriptor: str | None, how: str) -> None:
    info = parse_tag(inner)
    assert (info.kind, info.number, info.descriptor, info.how) == (kind, number, descriptor, how)


@pytest.mark.parametrize(("inner", "kind", "number", "descriptor", "how"), TAGS, ids=[t[0] for t in TAGS])
def test_tag_in_lyrics_keeps_its_text(inner: str, kind: str, number: int | None, descriptor: str | None,
                                      how: str) -> None:
    sections, issues = parse_lyrics(f"[{inner}]\nla la la\n")
    assert len(sections) == 1
    section = sections[0]
    assert (section.kind, section.number, section.descriptor, section.tag) == (kind, number, descriptor, inner)
    assert section.lines == ["la la la"]
    assert section.tag_line == 1
    assert format_lyrics(sections) == f"[{inner}]\nla la la\n"
    codes = [issue.code for issue in issues]
    expected = {"typo": ["tag-typo"], "unknown": ["unknown-tag"]}.get(how, [])
    assert codes == expected


def test_typo_is_reported_with_the_word_read() -> None:
    info = parse_tag("Introl, Piano build")
    assert info.matched == "Introl"
    _, issues = parse_lyrics("[Introl, Piano build]\n")
    assert len(issues) == 1
    assert issues[0].line == 1
    assert issues[0].severity == "warning"
    assert issues[0].code == "tag-typo"
    assert issues[0].message == "tag [Introl, Piano build]: read 'Introl' as intro"


def test_custom_tag_warns_and_is_kept_verbatim() -> None:
    sections, issues = parse_lyrics("[Cello & Piano]\n")
    assert sections[0].kind == "custom"
    assert sections[0].tag == "Cello & Piano"
    assert sections[0].label == "Cello & Piano"
    assert [(i.line, i.severity, i.code, i.message) for i in issues] == [
        (1, "warning", "unknown-tag", "unknown tag [Cello & Piano] kept as written")
    ]
    assert format_lyrics(sections) == "[Cello & Piano]\n"


def test_keyword_tag_keeps_whole_text_as_descriptor() -> None:
    info = parse_tag("sigh, break, instrumental build")
    assert info.matched == "break"
    sections, issues = parse_lyrics("[sigh, break, instrumental build]\n")
    assert issues == []
    assert sections[0].canonical().tag == "sigh, break, instrumental build"


@pytest.mark.parametrize("cue", ["[......?]", "[...]", "[?]", "[]", "[ … ]", "[123]"])
def test_bracket_without_letters_is_a_cue_line_not_a_tag(cue: str) -> None:
    sections, issues = parse_lyrics(f"[Verse 1]\nfirst line\n{cue}\nlast line\n")
    assert len(sections) == 1
    assert sections[0].lines == ["first line", cue, "last line"]
    assert line_kind(cue) == "cue"
    assert sections[0].sung_lines == ["first line", "last line"]
    assert issues == []


def test_cue_before_first_tag_is_untagged_text() -> None:
    sections, issues = parse_lyrics("[......?]\n[Verse]\nla\n")
    assert [s.kind for s in sections] == ["untagged", "verse"]
    assert sections[0].lines == ["[......?]"]
    assert sections[0].tag is None
    assert [i.code for i in issues] == ["text-before-tag"]


@pytest.mark.parametrize(
    ("inner", "canonical"),
    [
        ("verse 1", "Verse 1"),
        ("VERSE 1 climb", "Verse 1: climb"),
        ("Introl, Piano build", "Intro: Piano build"),
        ("pre chorus", "Pre-Chorus"),
        ("fade", "Fade Out"),
        ("Verse-2", "Verse 2"),
        ("Chorus – Final", "Chorus: Final"),
        ("副歌", "Chorus"),
        ("主歌 1", "Verse 1"),
        ("Cohrus", "Chorus"),
        ("Cello & Piano", "Cello & Piano"),
        ("sigh, break, instrumental build", "sigh, break, instrumental build"),
    ],
)
def test_canonical_tag(inner: str, canonical: str) -> None:
    sections, _ = parse_lyrics(f"[{inner}]\n")
    assert sections[0].canonical().tag == canonical
    assert format_lyrics(sections, canonical_tags=True) == f"[{canonical}]\n"
    # canonical form reads back as the same kind/number/descriptor and is itself canonical
    again, _ = parse_lyrics(format_lyrics(sections, canonical_tags=True))
    assert (again[0].kind, again[0].number) == (sections[0].kind, sections[0].number)
    assert format_lyrics(again, canonical_tags=True) == f"[{canonical}]\n"


def test_label_for() -> None:
    assert label_for("verse", 1) == "Verse 1"
    assert label_for("chorus", None, "soft") == "Chorus: soft"
    assert label_for("pre-chorus") == "Pre-Chorus"
    assert label_for("fade-out") == "Fade Out"
    assert label_for("custom", None, "Cello & Piano") == "Cello & Piano"


def test_vocabulary() -> None:
    assert CANONICAL_KINDS == (
        "intro", "verse", "pre-chorus", "chorus", "post-chorus", "hook", "bridge", "break",
        "interlude", "instrumental", "solo", "outro", "fade-out", "end",
    )
    assert set(LABELS) == set(CANONICAL_KINDS) | {"custom"}
    assert INSTRUMENTAL_KINDS == {"intro", "break", "interlude", "instrumental", "solo", "outro", "fade-out", "end"}
    for kind in CANONICAL_KINDS:
        assert parse_tag(label_for(kind)).kind == kind
        assert parse_tag(label_for(kind).lower()).kind == kind


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("Guitar Solo", "Guitar Solo"), ("Piano Solo", "Piano Solo"), ("Instrumental Break", "Instrumental: Break")],
)
def test_canonical_tags_never_drop_the_users_words(tag: str, expected: str) -> None:
    sections, _ = parse_lyrics(f"[{tag}]\n")
    assert format_lyrics(sections, canonical_tags=True) == f"[{expected}]\n"
