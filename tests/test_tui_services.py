"""The TUI's plain-Python services: document history, saving, recovery, settings, limits, library."""

from __future__ import annotations

from pathlib import Path

import pytest
from songsmith_tui.services import document as document_module
from songsmith_tui.services.document import DiskChanged, SongDocument, recovery_path
from songsmith_tui.services.library import scan
from songsmith_tui.services.limits import counter, limits_for
from songsmith_tui.services.settings import load_settings, settings_from_data
from songsmith_tui.widgets.lyrics import line_highlights, section_bounds, tag_rows
from tui_support import LYRICS, song_file

from songsmith.document.songfile import load_song


def test_lyrics_typing_coalesces_into_one_undo_step(tmp_path: Path) -> None:
    doc = SongDocument.open(song_file(tmp_path))
    before = doc.lyrics_text
    doc.set_lyrics_text(before + "a")
    doc.set_lyrics_text(before + "ab")
    doc.update_style("style:prompt", prompt="new")
    assert doc.dirty and doc.song.style.prompt == "new"
    assert doc.undo() and doc.song.style.prompt != "new"
    assert doc.undo() and doc.lyrics_text == before
    assert not doc.undo()
    assert doc.redo() and doc.lyrics_text == before + "ab"


def test_bad_style_value_changes_nothing(tmp_path: Path) -> None:
    doc = SongDocument.open(song_file(tmp_path))
    with pytest.raises(ValueError):
        doc.update_style(tempo_bpm=9999)
    assert not doc.dirty and doc.song.style.tempo_bpm == 84


def test_save_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    doc = SongDocument.open(path)
    doc.set_lyrics_text("[Verse]\nours\n")
    path.write_text(path.read_text().replace("春晓", "夏晓"))
    with pytest.raises(DiskChanged):
        doc.save()
    doc.save(force=True)
    assert load_song(path).song.sections[0].lines == ["ours"]
    assert not doc.dirty


def _add_take_on_disk(path: Path, ident: str) -> None:
    """What songsmith generate does: the song file with one more take (written by another program)."""
    from songsmith.document.songfile import dump_song

    song = load_song(path).song
    take = song.takes[0].model_copy(update={"id": ident, "chosen": False, "rating": None})
    path.write_text(dump_song(song.model_copy(update={"takes": [*song.takes, take]})), encoding="utf-8")


def test_takes_another_program_added_join_the_song(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    doc = SongDocument.open(path)
    assert doc.take_in_new_takes() == []  # the file has not changed
    _add_take_on_disk(path, "t2")
    assert doc.take_in_new_takes() == ["t2"] and not doc.dirty  # nothing unsaved: read again
    doc.set_lyrics_text("[Verse]\nmine\n")
    _add_take_on_disk(path, "t3")
    assert doc.take_in_new_takes() == ["t3"]
    assert doc.dirty and doc.lyrics_text == "[Verse]\nmine\n"  # the typing stays
    assert [t.id for t in doc.song.takes] == ["t1", "t2", "t3"]
    doc.save()  # no DiskChanged: the file was seen
    song = load_song(path).song
    assert [t.id for t in song.takes] == ["t1", "t2", "t3"] and song.sections[0].lines == ["mine"]
    doc.set_lyrics_text("[Verse]\nmine again\n")
    doc.set_lyrics_text("[Verse]\nmine\n")
    assert not doc.dirty  # back to what is saved, takes included


def test_recovery_file_round_trip(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    doc = SongDocument.open(path)
    assert not doc.write_recovery()  # nothing unsaved
    doc.set_lyrics_text(LYRICS)
    assert doc.write_recovery()
    assert recovery_path(path).name == ".song.yaml.recover"
    fresh = SongDocument.open(path)
    assert fresh.recovery_available()
    fresh.recover()
    assert fresh.dirty and fresh.lyrics_text.startswith("[Verse 1]\n床前明月光")
    fresh.save()
    assert not recovery_path(path).exists()


def test_poem_file_saves_as_a_song_file(tmp_path: Path) -> None:
    path = song_file(tmp_path, "poem.yaml", "poems/jing-ye-si.yaml")
    doc = SongDocument.open(path)
    assert doc.shape == "poem"
    doc.set_lyrics_text(LYRICS)
    doc.save()
    loaded = load_song(path)
    assert loaded.shape == "song" and loaded.song.source is not None
    assert loaded.song.source.text is not None and "床前明月光" in loaded.song.source.text


def test_settings_from_the_shared_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("backend: offline\nkeymap:\n  save: f12\n  generate: [ctrl+g, f11]\n"
                      "tui:\n  theme: nord\n  autosave_seconds: 5\n  candidates: 3\n  targets: suno-v4\n")
    monkeypatch.setenv("SONGSMITH_CONFIG", str(config))
    settings = load_settings()
    assert settings.keymap == {"save": "f12", "generate": "ctrl+g,f11"}
    assert (settings.theme, settings.autosave_seconds, settings.candidates) == ("nord", 5.0, 3)
    assert settings.targets == ["suno-v4"] and settings.backend == "offline"
    assert settings.path == config


def test_bad_config_values_are_reported_not_fatal() -> None:
    settings = settings_from_data({"keymap": {"save": 3}, "tui": {"candidates": "many"}})
    assert settings.keymap == {}
    assert len(settings.problems) == 2


def test_limits_and_counters() -> None:
    assert limits_for("suno-v4").style == 200  # type: ignore[union-attr]
    assert limits_for("suno-v4.5").lyrics == 5000  # type: ignore[union-attr]
    assert counter(150, 200) == ("150/200", "ok")
    assert counter(190, 200)[1] == "near"
    assert counter(201, 200)[1] == "over"


def test_highlighting_of_tags_backing_vocals_and_cues() -> None:
    assert line_highlights("[Chorus]") == ((0, 8, "songsmith.tag"),)
    assert line_highlights("[Frobnicate]")[0][2] == "songsmith.unknown-tag"
    assert line_highlights("[......?]")[0][2] == "songsmith.cue"
    start, end, name = line_highlights("望月 (望明月)")[0]
    assert name == "songsmith.backing" and (start, end) == (len("望月 ".encode()), len("望月 (望明月)".encode()))
    assert line_highlights("床前明月光") == ()


def test_sections_of_the_text() -> None:
    lines = LYRICS.splitlines()
    assert [tag for _, tag in tag_rows(lines)] == ["Verse 1", "Chorus", "Frobnicate"]
    assert section_bounds(lines, 5) == (4, 7)  # the tag, two lines; not the blank line


def test_library_scan(tmp_path: Path) -> None:
    song_file(tmp_path, "a.yaml")
    song_file(tmp_path, "b.yaml", "poems/jing-ye-si.yaml")
    (tmp_path / "broken.yaml").write_text("title: [unclosed\n")
    (tmp_path / ".a.yaml.recover").write_text("x")
    entries = {e.path.name: e for e in scan(tmp_path)}
    assert set(entries) == {"a.yaml", "b.yaml", "broken.yaml"}
    assert entries["a.yaml"].mood == "joyful, serene" and "2 cand ✓" in entries["a.yaml"].status
    assert entries["a.yaml"].status.startswith("unsaved work to recover")  # .a.yaml.recover is there
    assert entries["b.yaml"].status == "poem" and entries["b.yaml"].form == "五言绝句"
    assert entries["broken.yaml"].error


def test_history_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(document_module, "HISTORY_LIMIT", 3)
    doc = SongDocument.open(song_file(tmp_path))
    for n in range(6):
        doc.update_style(prompt=f"p{n}")
    undone = 0
    while doc.undo():
        undone += 1
    assert undone == 3


def test_source_pane_for_chinese_and_esperanto() -> None:
    from songsmith_tui.services.source import render_source

    zh = render_source(load_song(Path(__file__).parents[1] / "corpora/poems/jing-ye-si.yaml").song).plain
    assert "chuáng qián míng yuè guāng" in zh and "平平平仄平" in zh and "◎A" in zh
    eo = render_source(load_song(Path(__file__).parents[1] / "corpora/songs/la-luno-kaj-la-rivero.yaml").song).plain
    assert "La LU-no KU-ŝas sur la AK-vo" in eo


def test_the_editor_exports_through_the_core_targets(tmp_path: Path) -> None:
    from songsmith_tui.services import engine

    formats = engine.export_formats()
    assert {"tagged", "chordpro", "lrc", "target:suno", "target:yue"} <= set(formats)
    song = load_song(song_file(tmp_path)).song
    engine.export_to(song, "target:suno", tmp_path / "suno")
    assert (tmp_path / "suno" / "suno.txt").is_file()
    with pytest.raises(engine.NotAvailable):
        engine.target_files(song, "nosuch")


def test_generating_twice_replaces_the_backend_s_untouched_candidates(tmp_path: Path) -> None:
    from songsmith_tui.services import engine

    song = load_song(song_file(tmp_path)).song
    first = engine.generate(song, "s.yaml", "offline", 3)
    song = song.model_copy(update={"candidates": first.candidates})
    again = engine.generate(song, "s.yaml", "offline", 3)
    ids = [c.id for c in again.candidates]
    assert len(ids) == len(set(ids)) and len(again.candidates) == len(first.candidates)
    assert [c.style for c in again.candidates] == [c.style for c in first.candidates]  # no duplicate styles
    kept = [c for c in song.candidates if c.backend != "offline" or c.rating is not None or c.chosen]
    assert all(c in again.candidates for c in kept)  # the user's rated and chosen ones stay
    fresh = [c for c in again.candidates if c.id in again.fresh]
    assert all(c.has_parts() for c in fresh)  # whole styles: choosing one sets tempo, instruments …


def test_lint_lines_are_the_editor_s(tmp_path: Path) -> None:
    from songsmith_tui.services.lint import lint_song

    song = load_song(song_file(tmp_path)).song
    text = "[Verse 1]\n月光\n\n[Chorus]\n花[落]\n"
    found = lint_song(song, text, "song.yaml", targets=["suno-v4"])
    assert ("warning", "line 5: square bracket inside a lyric line; some models cut the line there") in found
    assert not any("lyrics are" in message for _, message in found)
    long = lint_song(song.model_copy(update={"style": song.style.model_copy(update={"prompt": "x" * 250})}),
                     "[Verse]\n" + "月" * 3001 + "\n", "song.yaml", targets=["suno-v4", "suno-v4.5"])
    messages = [message for _, message in long]
    assert "suno-v4: the lyrics are 3009 characters; suno-v4 takes 3000" in messages
    assert sum("style prompt is 250 characters" in m for m in messages) == 1  # the core's, not twice


def test_player_choice_and_the_read_only_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from songsmith_tui.services import engine
    from songsmith_tui.services.player import player_command

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in ("aplay", "mpv"):
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("SONGSMITH_PLAYER", raising=False)
    assert player_command("a.mp3") == [str(bin_dir / "mpv"), "--no-video", "--really-quiet", "a.mp3"]
    (bin_dir / "mpv").unlink()
    assert player_command("a.wav")[0] == str(bin_dir / "aplay")  # type: ignore[index]
    assert player_command("a.mp3") is None  # aplay reads only WAV
    monkeypatch.setenv("SONGSMITH_PLAYER", "myplayer --quiet")
    assert player_command("a.mp3") == ["myplayer", "--quiet", "a.mp3"]
    mine = tmp_path / "mine.txt"
    mine.write_text("x")
    assert engine.existing({mine: "", tmp_path / "new.txt": ""}) == ([mine], [])
    mine.chmod(0o444)
    assert engine.existing({mine: ""}) == ([mine], [mine])
