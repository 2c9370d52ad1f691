"""Export mp3/ogg/flac/wav atomically, with tags read back by mutagen (USLT, SYLT, Vorbis LYRICS)."""

from __future__ import annotations

from pathlib import Path

import pytest
from audio_helpers import SONG_YAML, tone
from mutagen.flac import FLAC
from mutagen.id3 import ID3
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from songsmith.audio import AudioError, export
from songsmith.audio.export import export_audio, format_for, refuse_overwriting_inputs
from songsmith.audio.probe import probe
from songsmith.audio.tags import (
    TagInfo,
    lrc_text,
    plain_lyrics,
    read_lrc,
    tag_info_from_song,
)
from songsmith.document.songfile import parse_song_text

SONG = parse_song_text(SONG_YAML, "song.yaml").song
SYNCED = [(0, "春眠不觉晓"), (2500, "处处闻啼鸟"), (5000, "夜来风雨声"), (7500, "花落知多少")]


def test_tag_info_from_song() -> None:
    info = tag_info_from_song(SONG, year="2026")
    assert (info.title, info.artist, info.lyricist, info.album, info.year) == ("春晓", "孟浩然", "孟浩然",
                                                                               "唐诗三百首", "2026")
    assert info.lyrics == "春眠不觉晓\n处处闻啼鸟\n\n夜来风雨声\n花落知多少"
    assert "[" not in plain_lyrics(SONG)
    assert tag_info_from_song(SONG, artist="Someone").artist == "Someone"


def test_mp3_tags_read_back(tmp_path: Path) -> None:
    out = export_audio(tone(1500, channels=2), tmp_path / "song.mp3", "mp3",
                       tags=tag_info_from_song(SONG, year="2026"))
    tags = ID3(out)
    assert str(tags["TIT2"]) == "春晓"
    assert str(tags["TPE1"]) == "孟浩然" and str(tags["TEXT"]) == "孟浩然"
    assert str(tags["TALB"]) == "唐诗三百首" and str(tags["TDRC"]) == "2026"
    uslt = tags.getall("USLT")
    assert len(uslt) == 1 and uslt[0].lang == "zho" and uslt[0].text.startswith("春眠不觉晓\n处处闻啼鸟")
    assert tags.getall("SYLT") == []
    assert abs(probe(out).duration_s - 1.5) < 0.1


def test_mp3_synced_lyrics_when_timed(tmp_path: Path) -> None:
    lrc = tmp_path / "song.lrc"
    lrc.write_text("[ti:春晓]\n[00:00.00]春眠不觉晓\n[00:02.50]处处闻啼鸟\n\n[00:05.00]夜来风雨声\n"
                   "[00:07.50]花落知多少\n", encoding="utf-8")
    info = tag_info_from_song(SONG)
    info.synced = read_lrc(lrc)
    out = export_audio(tone(1000), tmp_path / "timed.mp3", "mp3", tags=info)
    sylt = ID3(out).getall("SYLT")
    assert len(sylt) == 1 and sylt[0].format == 2 and sylt[0].type == 1
    assert [(text, ms) for text, ms in sylt[0].text] == [(text, ms) for ms, text in SYNCED]


def test_read_lrc_handles_repeats_offsets_and_word_stamps(tmp_path: Path) -> None:
    lrc = tmp_path / "x.lrc"
    lrc.write_text("[offset:+500]\n[00:10.00][00:01.00]la <00:01.50>la\n[01:02.345]end\n", encoding="utf-8")
    assert read_lrc(lrc) == [(500, "la la"), (9500, "la la"), (61845, "end")]
    assert lrc_text([(500, "a"), (61845, "b")]) == "[00:00.50]a\n[01:01.84]b"
    empty = tmp_path / "empty.lrc"
    empty.write_text("[ti:nothing timed]\nplain line\n", encoding="utf-8")
    with pytest.raises(AudioError, match="no \\[mm:ss.xx\\] timed lines"):
        read_lrc(empty)


@pytest.mark.parametrize("fmt, kind", [("ogg", OggVorbis), ("flac", FLAC)])
def test_vorbis_comments(tmp_path: Path, fmt: str, kind: type) -> None:
    info = tag_info_from_song(SONG)
    info.synced = SYNCED
    out = export_audio(tone(1000), tmp_path / f"song.{fmt}", fmt, tags=info)
    tags = kind(out).tags
    assert tags["TITLE"] == ["春晓"] and tags["ARTIST"] == ["孟浩然"] and tags["LYRICIST"] == ["孟浩然"]
    assert tags["LYRICS"][0].startswith("春眠不觉晓")
    assert tags["SYNCEDLYRICS"][0].splitlines()[1] == "[00:02.50]处处闻啼鸟"


def test_wav_gets_id3(tmp_path: Path) -> None:
    out = export_audio(tone(800), tmp_path / "song.wav", "wav", tags=TagInfo(title="T", lyrics="la"))
    tags = WAVE(out).tags
    assert str(tags["TIT2"]) == "T" and tags.getall("USLT")[0].text == "la"


def test_format_from_extension_or_option() -> None:
    assert format_for("a.MP3", None) == "mp3" and format_for("a.oga", None) == "ogg"
    assert format_for("a.bin", "flac") == "flac"
    with pytest.raises(AudioError, match="pass --format"):
        format_for("a.m4a", None)


def test_failed_export_leaves_no_partial_file_and_keeps_the_old_one(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.mp3"
    target.write_bytes(b"previous")

    def broken(*args: object, **kwargs: object) -> None:
        Path(args[1]).write_bytes(b"half an mp3")  # type: ignore[arg-type]
        raise AudioError("ffmpeg could not encode mp3: boom")

    monkeypatch.setattr(export, "_encode", broken)
    with pytest.raises(AudioError, match="boom"):
        export_audio(tone(500), target, "mp3")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp3"]


def test_missing_encoder_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(export.FORMATS, "mp3", ("libnosuchcodec", "320k", []))
    with pytest.raises(AudioError, match="cannot encode mp3") as caught:
        export_audio(tone(500), tmp_path / "x.mp3", "mp3")
    assert "\n" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_output_may_not_be_an_input(tmp_path: Path) -> None:
    source = tmp_path / "take.mp3"
    source.write_bytes(b"x")
    with pytest.raises(AudioError, match="never overwrites the original"):
        refuse_overwriting_inputs(tmp_path / "." / "take.mp3", [str(source)])
    link = tmp_path / "link.mp3"
    link.symlink_to(source)
    with pytest.raises(AudioError):
        refuse_overwriting_inputs(link, [str(source)])
