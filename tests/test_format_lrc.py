"""LRC export: ID tags, sung lines only, exact [mm:ss.xx] stamps, and bad timings."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith import __version__
from songsmith.cli import cli
from songsmith.document.formats import get_exporter
from songsmith.document.formats.lrc import export_lrc, lrc_lines
from songsmith.document.model import Song, Source
from songsmith.errors import UsageError

LYRICS = """\
[Intro]

[Verse 1]
床前明月光，
疑是地上霜。
[......?]

举头望明月，
[Chorus]
(低头思故乡)
低头思故乡。
"""


def _song(**fields: object) -> Song:
    fields.setdefault("title", "静夜思")
    return Song.from_lyrics(str(fields.pop("title")), LYRICS, **fields)


def _head(song_extra: str = "") -> str:
    return f"[ti:静夜思]\n{song_extra}[by:songsmith]\n[re:songsmith]\n[ve:{__version__}]\n"


def test_lrc_lines_are_the_lyric_and_backing_lines_in_order() -> None:
    assert lrc_lines(_song()) == ["床前明月光，", "疑是地上霜。", "举头望明月，", "(低头思故乡)", "低头思故乡。"]


def test_export_without_timings_writes_plain_lines_and_warns() -> None:
    result = export_lrc(_song())
    assert result.text == _head() + "\n床前明月光，\n疑是地上霜。\n举头望明月，\n\n(低头思故乡)\n低头思故乡。\n"
    assert result.warnings == ["no timings given: the LRC lines carry no [mm:ss.xx] times"]


def test_export_with_timings_writes_exact_stamps_and_id_tags() -> None:
    song = _song(language="zh", source=Source(author="李白", collection="唐诗三百首"))
    result = export_lrc(song, [0, 5.5, 12.345, 61.999, 3599.99])
    assert result.warnings == []
    assert result.text == (
        "[ti:静夜思]\n[ar:李白]\n[au:李白]\n[al:唐诗三百首]\n[la:zh]\n"
        f"[by:songsmith]\n[re:songsmith]\n[ve:{__version__}]\n"
        "\n"
        "[00:00.00]床前明月光，\n[00:05.50]疑是地上霜。\n[00:12.35]举头望明月，\n"
        "\n"
        "[01:02.00](低头思故乡)\n[59:59.99]低头思故乡。\n"
    )


def test_stamps_keep_the_form_diffrhythm_slices() -> None:
    text = export_lrc(_song(), [1, 2, 3, 4, 5999.99]).text or ""
    stamped = [line for line in text.splitlines() if line[1:3].isdigit()]
    assert [line[:10] for line in stamped][-1] == "[99:59.99]"
    for line in stamped:
        minutes, seconds = line[1:9].split(":")
        assert len(minutes) == 2 and len(seconds) == 5 and line[9] == "]"


def test_id_tag_values_are_sanitised() -> None:
    song = Song.from_lyrics("a]b\nc [d]", "[Verse]\nla\n", source=Source(author="  x\n y ", collection="]"))
    text = export_lrc(song, [1.0]).text
    assert text == (
        f"[ti:a)b c (d)]\n[ar:x y]\n[au:x y]\n[al:)]\n[by:songsmith]\n[re:songsmith]\n[ve:{__version__}]\n"
        "\n[00:01.00]la\n"
    )


def test_export_of_a_song_without_lyrics() -> None:
    result = export_lrc(Song(title="静夜思"), [])
    assert result.text == _head()
    assert result.warnings == ["the song has no lyric lines"]


def test_lines_starting_with_a_bracket_are_warned_about() -> None:
    song = Song.from_lyrics("静夜思", "[Verse]\n[1] one\n")
    result = export_lrc(song, [0.5])
    assert result.text == _head() + "\n[00:00.50][1] one\n"
    assert result.warnings == ["'[1] one' starts with '[': LRC readers may take it for a tag"]


@pytest.mark.parametrize(
    ("timings", "message"),
    [
        ([1, 2, 3, 4], "got 4 timings for 5 lyric lines; give one per line"),
        ([1, 2, 3, 4, 5, 6], "got 6 timings for 5 lyric lines; give one per line"),
        ([0, 1, 1, 2, 3], "timing 3 (1 s) is not after timing 2"),
        ([0, 2, 1, 3, 4], "timing 3 (1 s) is not after timing 2"),
        ([0, 1.001, 1.004, 2, 3], "timing 3 (1.004 s) is not after timing 2"),
        ([-1, 1, 2, 3, 4], "timing 1 is -1; expected seconds from 0"),
        ([0, math.nan, 2, 3, 4], "timing 2 is nan; expected seconds from 0"),
        ([0, 1, 2, 3, math.inf], "timing 5 is inf; expected seconds from 0"),
        ([0, 1, 2, 3, 6000], "timing 5 is 6000 s; LRC [mm:ss.xx] stops at 99:59.99"),
    ],
)
def test_bad_timings_raise_usage_errors(timings: list[float], message: str) -> None:
    with pytest.raises(UsageError) as caught:
        export_lrc(_song(), timings)
    assert caught.value.message.startswith(message)


def test_registry_finds_export_lrc() -> None:
    assert get_exporter("lrc") is export_lrc


def test_cli_export_to_lrc(tmp_path: Path) -> None:
    path = tmp_path / "song.yaml"
    path.write_text(
        "songsmith: 1\ntitle: 静夜思\nlanguage: zh\nlyrics: |\n  [Verse 1]\n  床前明月光\n  [......?]\n",
        encoding="utf-8",
    )
    output = tmp_path / "song.lrc"
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "lrc", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: no timings given: the LRC lines carry no [mm:ss.xx] times\n" f"wrote {output}\n"
    )
    assert output.read_text(encoding="utf-8") == (
        f"[ti:静夜思]\n[la:zh]\n[by:songsmith]\n[re:songsmith]\n[ve:{__version__}]\n\n床前明月光\n"
    )
