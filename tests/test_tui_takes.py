"""Pilot tests of candidates compared and copied, and of takes added, listed, played and chosen."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from songsmith_tui.screens.compare import CompareScreen
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.files import AudioPicker
from songsmith_tui.services import engine
from tui_support import SIZE, FakeBackend, app_for, settle, song_file, sync

from songsmith.document.songfile import load_song
from songsmith.style.backends import BACKENDS, register_backend


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "no-config.yaml"))
    monkeypatch.delenv("SONGSMITH_PLAYER", raising=False)
    register_backend("fake", lambda config: FakeBackend())
    FakeBackend.gate, FakeBackend.calls = None, 0
    yield
    BACKENDS.pop("fake", None)


def editor(app) -> EditorScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


@sync
async def test_compare_two_candidates_choose_rate_and_copy(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path, backend="fake", candidates=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("f9", "down", "down", "c")  # fake-1: copy its style prompt
        assert app.clipboard == "fake style 1"
        await pilot.press("v")
        await pilot.pause()
        view = app.screen
        assert isinstance(view, CompareScreen) and view.sides == ["c1", "fake-1"]  # the chosen one against it
        left = view.query_one("#compare-left").render()
        right = view.query_one("#compare-right").render()
        assert "children's choir" in str(left) and "fake style 1" in str(right) and "genre1" in str(right)
        assert "≠ genre" in str(right)  # what differs is marked
        await pilot.press("down", "4", "space")  # the right side: fake-2, rated and chosen
        song = view.editor.doc.song
        assert [c.id for c in song.candidates if c.chosen] == ["fake-2"]
        assert song.style.prompt == "fake style 2" and song.style.genre == ["genre2"]  # the whole style
        assert song.candidate("fake-2").rating == 4
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")  # one choose, one undo step
        assert editor(app).doc.song.chosen_candidate().id == "c1"  # type: ignore[union-attr]


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    from audio_helpers import tone, write

    (tmp_path / "clips").mkdir()
    return write(tone(1200, volume=-18), tmp_path / "clips" / "take one.wav")


@sync
async def test_add_a_take_through_the_picker(tmp_path: Path, wav: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "a")
        await pilot.pause()
        assert isinstance(app.screen, AudioPicker)
        await pilot.press(*"song.yaml", "enter")  # not audio: refused in the dialog, which stays
        await pilot.pause()
        assert isinstance(app.screen, AudioPicker)
        assert "not an audio file" in str(app.screen.query_one("#picker-error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"clips/take one.wav", "enter")
        await settle(pilot)
        screen = editor(app)
        take = screen.doc.song.takes[-1]
        assert take.id == "t2" and take.candidate == "c1"  # from the chosen candidate
        assert take.audio == "takes/song-t2-take one.wav" and (tmp_path / take.audio).is_file()
        assert take.duration_s == pytest.approx(1.2, abs=0.01) and take.loudness_lufs is not None
        row = screen.query_one("#takes").get_row("t:t2")
        assert row[3] == "0:01" and row[4] == f"{take.loudness_lufs:.1f}"  # length and LUFS listed
        assert screen.doc.dirty  # kept once the song is saved
        await pilot.press("ctrl+s")
    assert load_song(path).song.takes[-1].sha256 == take.sha256


def fake_player(directory: Path, name: str, body: str) -> Path:
    directory.mkdir(exist_ok=True)
    script = directory / name
    script.write_text(f"#!{sys.executable}\nimport sys, time\n{body}\n")
    script.chmod(0o755)
    return script


@sync
async def test_play_and_stop_with_the_system_player(tmp_path: Path, wav: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    played = tmp_path / "played.txt"
    fake_player(tmp_path / "bin", "ffplay",
                f"open({str(played)!r}, 'w').write(' '.join(sys.argv[1:]))\ntime.sleep(60)")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.doc.update_song("takes", takes=[screen.doc.song.takes[0].model_copy(
            update={"audio": str(wav)})])
        screen.refresh_all()
        await pilot.press("f6", "p")
        playback = screen.playback
        assert playback is not None and "▶ take t1" in str(screen.query_one("#status").render())
        for _ in range(100):
            if played.exists():
                break
            time.sleep(0.05)
        assert played.read_text() == f"-nodisp -autoexit -loglevel error {wav}"
        await pilot.press("p")  # again: stop
        assert screen.playback is None and playback.poll() is not None


@sync
async def test_no_player_or_no_audio_device_is_one_clear_message(tmp_path: Path, wav: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from songsmith_tui.services import player

    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.doc.update_song("takes", takes=[screen.doc.song.takes[0].model_copy(update={"audio": str(wav)})])
        screen.refresh_all()
        await pilot.press("f6", "p")
        await pilot.pause()
        said = messages(app)[-1]
        assert said.startswith("no audio player for take one.wav: install one of ffplay, mpv")
        if player.audio_device() is False:  # this machine (no sound card): said so
            assert "this machine shows no audio device" in said
        # a player that fails the way aplay does without a sound card
        fake_player(tmp_path / "bin", "aplay", "print('aplay: main:831: audio open error: No such file or "
                    "directory', file=sys.stderr)\nsys.exit(1)")
        monkeypatch.setenv("PATH", str(tmp_path / "bin"))
        await pilot.press("p")
        for _ in range(100):
            screen.poll_playback()
            if screen.playback is None:
                break
            await pilot.pause(0.05)
        await pilot.pause()  # the notification is a message: let it arrive
        said = messages(app)[-1]
        assert said.startswith("aplay could not play take t1: aplay: main:831: audio open error")
        assert screen.playback is None


@sync
async def test_choose_and_rate_a_take_and_generate_when_not_available(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "space", "3")
        take = editor(app).doc.song.takes[0]
        assert not take.chosen and take.rating == 3  # it was chosen: space takes the mark off
        await pilot.press("space")
        assert editor(app).doc.song.takes[0].chosen
        if not engine.generate_available():
            await pilot.press("g")
            await pilot.pause()
            assert "generating takes is not available" in messages(app)[-1]


@sync
async def test_generate_takes_runs_songsmith_generate_when_there(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "fake_generate.py"
    script.write_text("import sys\nfrom songsmith.cli import main\n"
                      "main(['take', 'add', sys.argv[1], '--url', 'https://example.invalid/t', *sys.argv[2:]])\n")
    monkeypatch.setattr(engine, "generate_available", lambda: True)
    monkeypatch.setattr(engine, "generate_command",
                        lambda song, candidate, options: [sys.executable, str(script), song, "--candidate",
                                                          candidate or "", *options])
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6", "g")
        await pilot.pause()
        await pilot.press(*"--notes hi", "enter")
        await settle(pilot)
        takes = editor(app).doc.song.takes
        assert [t.id for t in takes] == ["t1", "t2"] and takes[1].candidate == "c1" and takes[1].notes == "hi"
        assert not editor(app).doc.dirty  # read back from the file songsmith generate wrote
    assert os.path.getsize(path) > 0
