"""Pilot tests: every editor action driven by its keys, checked on the saved file and the model."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from songsmith_tui.screens.dialogs import ConfirmDialog, ExportDialog
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.help import HelpScreen, help_table
from songsmith_tui.services.document import recovery_path
from songsmith_tui.widgets.lyrics import LyricsArea
from tui_support import SIZE, FakeBackend, app_for, editor, isolate, settle, song_file, sync

from songsmith.document.songfile import load_song


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(tmp_path, monkeypatch)


def help_text(app) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(help_table(app.keymap))
    return console.export_text()



@sync
async def test_opens_with_outline_highlighting_and_counters(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = editor(app)
        assert [tag for _, tag in screen.query_one("#outline").rows][:3] == \
            ["Intro With Guzheng", "Verse 1 Climb", "Hook"]
        area = screen.query_one(LyricsArea)
        assert area.has_focus and area._highlights[0][0][2] == "songsmith.tag"
        assert "suno-v4 style 89/200" in str(screen.query_one("#status").render())
        assert "chūn mián" in str(screen.query_one("#source-text").render())


@sync
async def test_type_and_save(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        area = editor(app).lyrics
        area.move_cursor(area.document.end)
        await pilot.press("enter", "enter", *"[Bridge]", "enter", *"la")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not editor(app).doc.dirty
    song = load_song(path).song
    assert song.sections[-1].label == "Bridge" and song.sections[-1].lines == ["la"]
    assert song.candidates[0].id == "c1"  # the rest of the file is kept


@sync
async def test_undo_and_redo(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        before = screen.doc.lyrics_text
        await pilot.press("end", *"xyz")
        assert screen.doc.lyrics_text != before
        await pilot.press("ctrl+z")
        assert screen.lyrics.text == before and screen.doc.lyrics_text == before
        await pilot.press("ctrl+y")
        assert screen.lyrics.text.startswith("[Intro With Guzheng]xyz")
        await pilot.press("ctrl+s")
    assert load_song(path).song.sections[0].tag == "Intro With Guzheng]xyz".split("]")[0]


@sync
async def test_save_asks_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", *"!")
        path.write_text(path.read_text().replace("rap", "polka"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")  # cancel: nothing written
        assert "polka" in path.read_text()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("r")  # reload from disk
        await pilot.pause()
        assert editor(app).doc.song.style.exclude == "heavy metal, polka"
        assert not editor(app).doc.dirty
        await pilot.press("ctrl+z")  # our version comes back
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")  # overwrite
        await pilot.pause()
    song = load_song(path).song
    assert song.sections[0].tag == "Intro With Guzheng" and song.sections[0].lines == ["!"]
    assert song.style.exclude == "heavy metal, rap"


@sync
async def test_style_pane_edits_counters_and_lint(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        screen = editor(app)
        await pilot.press("ctrl+a", "ctrl+k", *"manderin")  # to the start, delete to the end
        assert screen.doc.song.style.prompt == "manderin"
        screen.start_lint()  # what the lint timer does half a second after the last key
        await pilot.pause(0.2)  # the status tick
        await settle(pilot)
        counters = str(screen.query_one("#counters").render())
        assert "style 8/200" in counters and "style 8/1000" in counters
        assert "misspelling of 'mandarin'" in str(screen.query_one("#lint").render()).lower()
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab")  # to tempo
        tempo = screen.query_one("#style-tempo_bpm")
        assert tempo.has_focus
        await pilot.press("end", *"x")
        assert tempo.has_class("-invalid") and screen.doc.song.style.tempo_bpm == 84
        await pilot.press("ctrl+s")
    assert load_song(path).song.style.prompt == "manderin"


@sync
async def test_generate_choose_rate_and_save(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path, backend="fake", candidates=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        screen = editor(app)
        assert [c.id for c in screen.doc.song.candidates] == ["c1", "c2", "fake-1", "fake-2", "fake-3"]
        assert screen.lyrics.has_focus  # a finished job leaves the focus where it was
        await pilot.press("f9", "down", "down", "space", "4")  # choose fake-1 and rate it
        song = screen.doc.song
        assert [c.id for c in song.candidates if c.chosen] == ["fake-1"]
        assert song.style.prompt == "fake style 1" and song.style.genre == ["genre1"]
        assert song.candidates[2].rating == 4
        await pilot.press("n", *"nice", "enter")
        await pilot.pause()
        assert screen.doc.song.candidates[2].notes == "nice"
        await pilot.press("ctrl+s")
    saved = load_song(path).song
    assert saved.candidates[2].chosen and saved.candidates[2].notes == "nice"
    assert saved.style.prompt == "fake style 1"


@sync
async def test_generate_runs_in_a_worker_and_can_be_cancelled(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    FakeBackend.gate = threading.Event()
    app = app_for(path, backend="fake")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        screen = editor(app)
        assert screen.job_label == "generate"
        assert "generate" in str(screen.query_one("#status").render())
        await pilot.press("end", *"ok")  # the UI still takes keys
        assert screen.lyrics.text.startswith("[Intro With Guzheng]ok")
        await pilot.press("escape")
        FakeBackend.gate.set()
        await settle(pilot)
        assert screen.job_label == "" and len(screen.doc.song.candidates) == 2


@sync
async def test_unknown_backend_is_a_notification(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path), backend="nope")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert any("unknown backend" in n.message for n in app._notifications)
        assert editor(app).job_label == ""


@sync
async def test_arrange_a_poem_file_then_undo(tmp_path: Path) -> None:
    path = song_file(tmp_path, "poem.yaml", "poems/jing-ye-si.yaml")
    app = app_for(path, backend="fake")
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        assert screen.doc.lyrics_text == ""
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.lyrics.text.startswith("[Verse 1]\n床前明月光\n疑是地上霜")
        assert [tag for _, tag in screen.query_one("#outline").rows] == ["Verse 1", "Outro"]
        await pilot.press("ctrl+z")
        assert screen.lyrics.text == ""
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
    assert load_song(path).song.sections[0].lines[0] == "床前明月光"


@sync
async def test_arrange_with_the_offline_backend(tmp_path: Path) -> None:
    path = song_file(tmp_path, "poem.yaml", "poems/jing-ye-si.yaml")
    app = app_for(path, backend="offline")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "床前明月光" in editor(app).lyrics.text


@sync
async def test_analyse_shows_pinyin_tones_and_rhyme(tmp_path: Path) -> None:
    path = song_file(tmp_path, "poem.yaml", "poems/jing-ye-si.yaml")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8", "ctrl+t")
        await settle(pilot)
        screen = editor(app)
        assert str(screen.query_one("#panes").active) == "tab-source"
        source = str(screen.query_one("#source-text").render())
        assert "chuáng qián míng yuè guāng" in source and "平平平仄平" in source and "◎A" in source


@sync
async def test_export_dialog_writes_chordpro(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("down", "enter")  # tagged, chordpro
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    out = tmp_path / "song.cho"
    assert "{start_of_verse" in out.read_text()


@sync
async def test_copy_style_to_the_clipboard(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("down", "enter")  # lyrics, style
        await pilot.pause()
        assert app.clipboard.startswith("chinese traditional folk, gentle")


@sync
async def test_open_section_in_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text("import sys\np = sys.argv[1]\ntext = open(p).read()\n"
                      "open(p, 'w').write(text.replace('春眠不觉晓', '春眠不觉晓啊'))\n")
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("alt+down")  # to [Verse 1 Climb]
        screen = editor(app)
        assert screen.lyrics.current_row == 2
        await pilot.press("down", "f2")
        await pilot.pause()
        assert screen.doc.song.sections[1].lines[0] == "春眠不觉晓啊"
        assert screen.doc.song.sections[2].tag == "Hook"  # the next section is untouched
        await pilot.press("ctrl+s")
    assert "春眠不觉晓啊" in path.read_text()


@sync
async def test_quit_guard(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "!", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save and quit
        await pilot.pause()
    assert not app.is_running
    assert load_song(path).song.sections[0].lines == ["!"]


@sync
async def test_quit_discard_leaves_the_file(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    before = path.read_text()
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "!", "ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert path.read_text() == before and not recovery_path(path).exists()


@sync
async def test_crash_recovery(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", *"lost")
        assert app.autosave() == 1 and app.autosave() == 0  # nothing new the second time
        app.exit()  # a crash: no guard, no save
    assert recovery_path(path).is_file() and "lost" not in path.read_text()

    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("r")  # recover
        await pilot.pause()
        screen = editor(app)
        assert screen.doc.song.sections[0].lines == ["lost"] and screen.doc.dirty
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "lost" in path.read_text() and not recovery_path(path).exists()


@sync
async def test_autosave_timer_writes_the_recovery_file(tmp_path: Path) -> None:
    from songsmith_tui.app import make_app
    from songsmith_tui.services.settings import TuiSettings

    path = song_file(tmp_path)
    app = make_app(path, settings=TuiSettings(autosave_seconds=0.1), cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", *"x")
        await pilot.pause(0.3)
        assert load_song(recovery_path(path)).song.sections[0].lines == ["x"]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not recovery_path(path).exists()


@sync
async def test_keymap_and_theme_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from songsmith_tui.app import make_app

    config = tmp_path / "config.yaml"
    config.write_text("keymap:\n  save: f12\n  help: ctrl+h\ntui:\n  theme: nord\n")
    monkeypatch.setenv("SONGSMITH_CONFIG", str(config))
    path = song_file(tmp_path)
    app = make_app(path, cursor_blink=False, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        await pilot.press("end", "!", "ctrl+s")  # ctrl+s no longer saves
        await pilot.pause()
        assert editor(app).doc.dirty
        await pilot.press("f12")
        await pilot.pause()
        assert not editor(app).doc.dirty
        await pilot.press("ctrl+h")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "f12" in help_text(app)


@sync
async def test_command_palette_runs_actions(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "!")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"save the")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert not editor(app).doc.dirty
    assert load_song(path).song.sections[0].lines == ["!"]


@sync
async def test_help_screen_lists_every_action(tmp_path: Path) -> None:
    from songsmith_tui.actions import ACTIONS

    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = help_text(app)
        assert all(spec.id in shown for spec in ACTIONS)
        await pilot.press("escape")
        assert isinstance(app.screen, EditorScreen)


@sync
async def test_section_navigation_and_outline(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("alt+down", "alt+down")
        assert screen.lyrics.current_row == 8  # [Hook]
        await pilot.press("alt+up")
        assert screen.lyrics.current_row == 2
        await pilot.press("f10", "end", "enter")  # the last section: [Fade Out]
        assert screen.lyrics.has_focus and screen.lyrics.current_row == 24


@sync
async def test_takes_audio_rating_and_delete(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")  # the takes table
        await pilot.press("e", "ctrl+a", "ctrl+k", *"t1.mp3", "enter")
        await pilot.pause()
        await pilot.press("5", "f9", "down", "delete")  # rate the take, delete candidate c2
        await pilot.press("up", "delete")  # c1 has a take: refused
        await pilot.pause()
        song = editor(app).doc.song
        assert song.takes[0].audio == "t1.mp3" and song.takes[0].rating == 5
        assert [c.id for c in song.candidates] == ["c1"]
        await pilot.press("ctrl+s")
    assert load_song(path).song.takes[0].audio == "t1.mp3"


@sync
async def test_close_in_edit_mode_quits(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+b")  # nothing unsaved: no question
        await pilot.pause()
    assert not app.is_running


@sync
async def test_recovery_kept_aside_is_never_overwritten(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    recovery_path(path).write_text(path.read_text().replace("春眠不觉晓", "春眠"))
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("end", "!")
        app.autosave()
    aside = list(tmp_path.glob(".song.yaml.recover-*"))
    assert len(aside) == 1 and "春眠\n" in aside[0].read_text()
    assert "!" in recovery_path(path).read_text()


@sync
async def test_export_and_copy_a_packaging_target(tmp_path: Path) -> None:
    pytest.importorskip("songsmith.targets", reason="packaging targets (issue 5) not present")
    from songsmith_tui.services import engine

    assert "target:suno" in engine.export_formats()
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # tagged, chordpro, lrc, target:suno
        await pilot.pause()
        await pilot.press("enter")  # into the folder song.suno/
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        choices = [option.id for option in app.screen.query_one("#choices").options]
        await pilot.press(*["down"] * choices.index("target:suno"), "enter")
        await pilot.pause()
        assert app.clipboard.startswith("Suno")
    assert (tmp_path / "song.suno" / "suno.txt").read_text().startswith("Suno")
