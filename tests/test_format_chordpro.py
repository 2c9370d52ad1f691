"""ChordPro import and export: exact output, ordinary ChordPro files, and the round trip."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from songsmith.cli import cli
from songsmith.document.formats import get_exporter, get_importer
from songsmith.document.formats.chordpro import export_chordpro, import_chordpro
from songsmith.document.lyrics.text import Section, parse_lyrics
from songsmith.document.model import Song, Source, Style
from songsmith.language import guess_language


def _song(lyrics: str, **fields: object) -> Song:
    fields.setdefault("title", "Test")
    return Song(sections=parse_lyrics(lyrics)[0], **fields)  # type: ignore[arg-type]


def _sections(song: Song) -> list[dict[str, object]]:
    return [s.model_dump(include={"kind", "number", "descriptor", "tag", "lines"}) for s in song.sections]


def _round_trip(song: Song) -> Song:
    result = import_chordpro(export_chordpro(song).text or "", "song.cho")
    assert result.song is not None
    return result.song


def _imported(text: str, name: str = "song.cho") -> tuple[Song, list[str]]:
    result = import_chordpro(text, name)
    assert result.song is not None
    return result.song, result.warnings


# Export ----------------------------------------------------------------------------------


def test_export_writes_metadata_environments_and_blank_lines_exactly() -> None:
    song = _song(
        "床前明月光\n\n[Verse 1]\n疑是地上霜\n\n举头望明月\n(低头思故乡)\n\n[Chorus]\n静夜思\n",
        title="静夜思", language="zh",
        source=Source(author="李白", title="静夜思", dynasty="唐", collection="唐诗三百首", id="tang-001"),
        style=Style(prompt="chinese traditional folk, slow", exclude="heavy metal", key="D minor", tempo_bpm=72),
    )
    result = export_chordpro(song)
    assert result.warnings == []
    assert result.text == (
        "{title: 静夜思}\n"
        "{meta: lyricist 李白}\n"
        "{meta: songsmith_language zh}\n"
        "{meta: songsmith_style chinese traditional folk, slow}\n"
        "{meta: songsmith_exclude heavy metal}\n"
        "{meta: songsmith_source_title 静夜思}\n"
        "{meta: songsmith_source_dynasty 唐}\n"
        "{meta: songsmith_source_collection 唐诗三百首}\n"
        "{meta: songsmith_source_id tang-001}\n"
        "{key: D minor}\n"
        "{tempo: 72}\n"
        "\n"
        "床前明月光\n"
        "\n"
        '{start_of_verse: label="Verse 1"}\n'
        "疑是地上霜\n"
        "\n"
        "举头望明月\n"
        "(低头思故乡)\n"
        "{end_of_verse}\n"
        "\n"
        '{start_of_chorus: label="Chorus"}\n'
        "静夜思\n"
        "{end_of_chorus}\n"
    )


@pytest.mark.parametrize(
    ("tag", "environment"),
    [
        ("Verse 2", "verse"), ("chorus", "chorus"), ("Bridge", "bridge"),
        ("Pre-Chorus Climb", "prechorus"), ("post chorus", "postchorus"), ("Fade Out", "fadeout"),
        ("Hook Climb", "hook"), ("Intro With Guzheng", "intro"), ("Outro, Piano build", "outro"),
        ("Break", "break"), ("Interlude", "interlude"), ("Instrumental", "instrumental"),
        ("Guitar Solo", "solo"), ("End", "end"), ("Cello & Piano", "part"),
    ],
)
def test_export_environment_per_kind_keeps_the_raw_tag_as_label(tag: str, environment: str) -> None:
    text = export_chordpro(_song(f"[{tag}]\nla\n")).text or ""
    assert f'{{start_of_{environment}: label="{tag}"}}\nla\n{{end_of_{environment}}}\n' in text


def test_export_writes_cues_as_comments_not_chords() -> None:
    result = export_chordpro(_song("[Verse]\n月光\n[......?]\n"))
    assert result.warnings == []
    assert '{start_of_verse: label="Verse"}\n月光\n{comment: [......?]}\n{end_of_verse}\n' in (result.text or "")


def test_export_escapes_brackets_in_lyrics_and_warns_per_line() -> None:
    result = export_chordpro(_song("[Verse]\nsee [this] here\nplain\na ] b\n"))
    assert "see \\[this\\] here\nplain\na \\] b\n" in (result.text or "")
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith("[Verse] 'see [this] here': brackets written as")


def test_export_escapes_leading_brace_hash_and_backslashes_before_escapes() -> None:
    text = export_chordpro(_song("[Verse]\n{not a directive}\n# not a comment\nC:\\path\\\nx\\[\n")).text
    assert "\\{not a directive}\n\\# not a comment\nC:\\path\\\\\nx\\\\\\[\n" in (text or "")


def test_export_label_quotes_and_backslashes_are_escaped() -> None:
    text = export_chordpro(_song('[Say "hi" \\ bye]\nla\n')).text or ""
    assert '{start_of_part: label="Say \\"hi\\" \\\\ bye"}' in text


def test_export_multi_line_style_prompt_is_one_meta_per_line() -> None:
    song = Song(title="T", style=Style(prompt="chinese folk\n\nslow, guzheng"))
    assert export_chordpro(song).text == (
        "{title: T}\n{meta: songsmith_style chinese folk}\n{meta: songsmith_style}\n"
        "{meta: songsmith_style slow, guzheng}\n"
    )
    assert _round_trip(song).style.prompt == "chinese folk\n\nslow, guzheng"


def test_registry_finds_the_chordpro_functions() -> None:
    assert get_importer("chordpro") is import_chordpro
    assert get_exporter("chordpro") is export_chordpro


# Import ----------------------------------------------------------------------------------

ORDINARY = """\
# A plain ChordPro song
{title: Twinkle}
{st: Traditional}
{artist: Nobody}
{lyricist: Jane Taylor}
{key: C}
{tempo: 100}
{c: Play softly}

{sov}
[C]Twinkle, twinkle, [F]little [C]star
How I [G]wonder what you [C]are
{eov}

{soc: Chorus 1}
[C]Up above the world so high
{eoc}

{chorus}
{textfont: Times}
{end_of_verse}
"""


def test_import_ordinary_chordpro() -> None:
    song, warnings = _imported(ORDINARY)
    assert song.title == "Twinkle"
    assert song.source == Source(author="Jane Taylor")
    assert (song.style.key, song.style.tempo_bpm) == ("C", 100)
    assert song.notes == "subtitle: Traditional\nartist: Nobody\nPlay softly"
    assert song.language == "en"  # guessed from the words
    assert _sections(song) == [
        {"kind": "verse", "number": None, "descriptor": None, "tag": "Verse",
         "lines": ["Twinkle, twinkle, little star", "How I wonder what you are"]},
        {"kind": "chorus", "number": 1, "descriptor": None, "tag": "Chorus 1",
         "lines": ["Up above the world so high"]},
        {"kind": "chorus", "number": 1, "descriptor": None, "tag": "Chorus 1",
         "lines": ["Up above the world so high"]},
    ]
    assert warnings == [
        "song.cho:20: directive {textfont} not supported; ignored",
        "song.cho:21: {end_of_verse} without a start; ignored",
        "song.cho: removed 6 inline chord(s)",
    ]


def test_import_chorus_recall_with_a_label_and_without_a_chorus() -> None:
    song, warnings = _imported("{chorus}\n{soc}\nla\n{eoc}\n{chorus: Chorus 2 Climb}\n")
    assert warnings == ["song.cho:1: {chorus} before any chorus; ignored"]
    assert [(s.tag, s.number, s.descriptor, s.lines) for s in song.sections] == [
        ("Chorus", None, None, ["la"]), ("Chorus 2 Climb", 2, "Climb", ["la"]),
    ]


@pytest.mark.parametrize(
    ("directive", "kind", "tag"),
    [
        ("{start_of_prechorus}", "pre-chorus", "Pre-Chorus"),
        ("{start_of_postchorus}", "post-chorus", "Post-Chorus"),
        ("{start_of_fadeout}", "fade-out", "Fade Out"),
        ("{start_of_bridge}", "bridge", "Bridge"),
        ("{sob}", "bridge", "Bridge"),
        ("{start_of_my_part}", "custom", "My Part"),
        ("{start_of_verse: Verse 2}", "verse", "Verse 2"),
        ("{start_of_verse: label='Verse 3'}", "verse", "Verse 3"),
        ('{start_of_part: label="Hook Climb"}', "hook", "Hook Climb"),
        ('{start_of_verse: label=""}', "verse", "Verse"),
        ("{start_of_intro:label=\"引子\"}", "intro", "引子"),
    ],
)
def test_import_environment_names_and_labels(directive: str, kind: str, tag: str) -> None:
    song, warnings = _imported(f"{directive}\nla\n{{end_of_x}}\n")
    assert [(s.kind, s.tag, s.lines) for s in song.sections] == [(kind, tag, ["la"])]
    assert len(warnings) == 1 and "{end_of_x} ends {start_of_" in warnings[0]


def test_import_keeps_lines_outside_environments_and_warns() -> None:
    song, warnings = _imported("head\n\nmore\n{sov}\nv\n{eov}\nafter\n\nlast\n")
    assert [(s.kind, s.tag, s.lines) for s in song.sections] == [
        ("untagged", None, ["head", "", "more"]),
        ("verse", "Verse", ["v"]),
        ("untagged", None, ["after", "", "last"]),
    ]
    assert warnings == ["song.cho:7: lyrics outside any environment; kept as an untagged section"]


def test_import_warns_about_unended_and_nested_environments() -> None:
    song, warnings = _imported("{sov}\na\n{soc}\nb\n")
    assert [s.lines for s in song.sections] == [["a"], ["b"]]
    assert warnings == [
        "song.cho:3: {start_of_chorus} inside {start_of_verse}, which is ended here",
        "song.cho:5: {start_of_chorus} is never ended",
    ]


def test_import_cues_from_comments_and_raw_lines_but_not_chords() -> None:
    song, warnings = _imported("{sov}\n{ci: [......?]}\n[......?]\n[Am]\n[G]  la  [C] la\n{eov}\n")
    assert song.sections[0].lines == ["[......?]", "[......?]", "la la"]
    assert warnings == ["song.cho: removed 3 inline chord(s)"]
    assert song.notes is None


def test_import_unescapes_and_keeps_other_backslashes() -> None:
    song, warnings = _imported("{sov}\n\\[x\\] \\{ \\# \\\\ \\n\n\\#tag\n{eov}\n")
    assert song.sections[0].lines == ["[x] { # \\ \\n", "#tag"]
    assert warnings == []


def test_import_metadata_and_notes() -> None:
    song, warnings = _imported(
        "{t: 静夜思}\n{title: Second}\n{meta: songsmith_language zh-Hant}\n{meta: songsmith_genre folk, pop}\n"
        "{meta: songsmith_source_author 李白}\n{album: 唐诗三百首}\n{meta: mood calm}\n{tempo: slow}\n"
        "{meta}\n{composer: X}\n{tempo: ²}\n"
    )
    assert song.title == "静夜思"
    assert song.language == "zh-Hant"
    assert song.style.genre == ["folk", "pop"]
    assert song.source == Source(author="李白", collection="唐诗三百首")
    assert song.notes == "title: Second\nmood: calm\ntempo: slow\ncomposer: X\ntempo: ²"
    assert warnings == [
        "song.cho:8: tempo 'slow' is not a whole number of BPM from 20 to 400; kept in notes",
        "song.cho:9: {meta: } has no name; ignored",
        "song.cho:11: tempo '²' is not a whole number of BPM from 20 to 400; kept in notes",
    ]


def test_import_title_falls_back_to_the_file_stem_and_guesses_chinese() -> None:
    song, warnings = _imported("{sov}\n床前明月光\n{eov}\n", "poems/静夜思.cho")
    assert (song.title, song.language) == ("静夜思", "zh")
    assert warnings == []


def test_import_empty_text_gives_an_empty_song() -> None:
    song, warnings = _imported("", "")
    assert (song.title, song.sections, warnings) == ("untitled", [], [])


def test_import_directive_without_a_name_warns() -> None:
    song, warnings = _imported("{sov}\n{: odd}\n{eov}\n")
    assert song.sections[0].lines == []
    assert warnings == ["song.cho:2: not a directive: {: odd}; ignored"]


# Round trip ------------------------------------------------------------------------------

EXAMPLES = [
    "[Intro]\n\n[Verse 1]\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n[Chorus]\n(低头思故乡)\n[......?]\n",
    "head line\n\n[Introl, Piano build]\n[verse 1]\nla [la] la\n\nsecond stanza\n[Pre-Chorus Climb]\n"
    "[Cello & Piano]\n[sigh, break, instrumental build]\n[Fade Out]\n[fade]\n[End]\n",
    "[Chorus] sung on the tag line\n{x}\n#y\n\\z\\\n[Say \"hi\" \\ there]\n[]\n[1] one\n",
]


@pytest.mark.parametrize("lyrics", EXAMPLES)
def test_round_trip_examples(lyrics: str) -> None:
    song = _song(lyrics, title="静夜思", language="zh", source=Source(author="李白"),
                 style=Style(prompt="chinese folk, slow", exclude="metal"))
    back = _round_trip(song)
    assert _sections(back) == _sections(song)
    assert (back.title, back.language, back.source, back.style) == (
        song.title, song.language, song.source, song.style)


_REAL_TAGS = ["Intro", "Verse 1 Climb", "verse 2", "Pre-Chorus", "Chorus 2 Climb", "Hook", "Bridge",
              "Cello & Piano", "fade", "副歌", "Outro, Piano build", "sigh, break, instrumental build"]
_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from('[]{}#\\"\'()'),
                max_size=16)
_TAG = st.sampled_from(_REAL_TAGS) | _TEXT.filter(lambda t: "[" not in t and "]" not in t)
_LINE = st.one_of(
    _TAG.map(lambda t: f"[{t}]"), st.just(""), st.sampled_from(["[......?]", "[]", "[1]"]),
    _TEXT.map(lambda t: f"({t})"), _TEXT, st.tuples(_TAG, _TEXT).map(lambda p: f"[{p[0]}] {p[1]}"),
)
_ONE_LINE = _TEXT.map(lambda t: " ".join(t.split()))


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(_LINE, max_size=25),
    title=_ONE_LINE.filter(lambda t: t.replace("\ufeff", "").strip()),
    prompt=_ONE_LINE,
    exclude=_ONE_LINE,
    author=_ONE_LINE,
    language=st.sampled_from(["zh", "en", "eo", None]),
)
def test_round_trip_generated(lines: list[str], title: str, prompt: str, exclude: str, author: str,
                              language: str | None) -> None:
    lyrics = "\n".join(lines)
    song = _song(lyrics, title=title, language=language or guess_language(lyrics),
                 source=Source(author=author or None), style=Style(prompt=prompt or None, exclude=exclude or None))
    back = _round_trip(song)
    assert _sections(back) == _sections(song)
    assert (back.title, back.language, back.style.prompt, back.style.exclude) == (
        " ".join(_visible(title).split()), song.language, _visible(prompt), _visible(exclude))
    assert (back.source.author if back.source else None) == _visible(author)


def _visible(value: str) -> str | None:
    # U+FEFF is dropped on reading and so never written
    return value.replace("\ufeff", "").strip() or None


def test_round_trip_drops_the_invisible_bom_from_every_field() -> None:
    song = _song("[Verse]\na", title="\ufeff静夜\ufeff思", language="zh", source=Source(author="李\ufeff白"),
                 style=Style(prompt="\ufeff", exclude="metal\ufeff"))
    text = export_chordpro(song).text or ""
    assert "\ufeff" not in text
    back = _round_trip(song)
    assert (back.title, back.source and back.source.author, back.style.prompt, back.style.exclude) == (
        "静夜思", "李白", None, "metal")


def test_a_title_of_only_a_bom_is_empty() -> None:
    with pytest.raises(ValueError, match="title is empty"):
        Song(title="\ufeff \ufeff", sections=[])


def test_round_trip_keeps_sections_built_without_tags_by_label() -> None:
    song = Song(title="T", sections=[Section(kind="verse", number=2, lines=["a"])])
    assert [(s.kind, s.number, s.tag) for s in _round_trip(song).sections] == [("verse", 2, "Verse 2")]


# CLI -------------------------------------------------------------------------------------

SONG_YAML = """\
songsmith: 1
title: 静夜思
language: zh
source:
  author: 李白
style:
  prompt: chinese folk, slow
lyrics: |
  [Verse 1]
  床前明月光
  [Chorus]
  举头望明月
"""


def test_cli_export_to_chordpro(tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    path.write_text(SONG_YAML, encoding="utf-8")
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "chordpro"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "{title: 静夜思}\n{meta: lyricist 李白}\n{meta: songsmith_language zh}\n"
        "{meta: songsmith_style chinese folk, slow}\n\n"
        '{start_of_verse: label="Verse 1"}\n床前明月光\n{end_of_verse}\n\n'
        '{start_of_chorus: label="Chorus"}\n举头望明月\n{end_of_chorus}\n'
    )


def test_cli_import_from_chordpro(tmp_path: Path) -> None:
    path = tmp_path / "song.cho"
    path.write_text("{title: 静夜思}\n{sov: Verse 1}\n[Am]床前明月光\n{eov}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path), "--from", "chordpro"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {tmp_path / 'song.yaml'} (1 sections)\n"
    assert result.stderr == f"warning: {path}: removed 1 inline chord(s)\n"
    written = (tmp_path / "song.yaml").read_text(encoding="utf-8")
    assert "title: 静夜思" in written
    assert "[Verse 1]\n  床前明月光\n" in written


def test_cli_import_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "song.cho"
    path.write_text("{title: x}\n", encoding="utf-8")
    (tmp_path / "song.yaml").write_text("keep", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(path)])
    assert result.exit_code != 0
    assert (tmp_path / "song.yaml").read_text(encoding="utf-8") == "keep"
