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
from tui_support import SIZE, app_for, editor, isolate, screen_text, settle, song_file, sync

from songsmith.document.songfile import load_song


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(tmp_path, monkeypatch)


def messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def generate_takes(pilot, arguments: str) -> None:  # type: ignore[no-untyped-def]
    """Open the Takes tab's generate dialog (F6, g) and run it with ``arguments``."""
    await pilot.press("f6", "g")
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k", *arguments, "enter")


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


KEY_NAMES = ("MINIMAX_API_KEY", "MUREKA_API_KEY", "SUNOAPI_KEY", "ELEVENLABS_API_KEY", "FAL_KEY",
             "REPLICATE_API_TOKEN", "ACESTEP_API_KEY")


@pytest.fixture
def music(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Fake MiniMax and Mureka services on 127.0.0.1 with their keys set (no other service has one)."""
    from music_fakes import FakeMusic

    for name in KEY_NAMES:
        monkeypatch.delenv(name, raising=False)
    with FakeMusic(latency=0.3) as fake:
        for service, key in (("MINIMAX", "MINIMAX_API_KEY"), ("MUREKA", "MUREKA_API_KEY")):
            monkeypatch.setenv(key, "test-key")
            monkeypatch.setenv(f"SONGSMITH_{service}_BASE_URL", fake.url)
            monkeypatch.setenv(f"SONGSMITH_{service}_RATE", "200")
        monkeypatch.setenv("SONGSMITH_GENERATE_POLL", "0.05")
        yield fake


async def wait_until(pilot, condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


def test_generate_command_names_the_candidates_with_for_candidates() -> None:
    command, env = engine.generate_command("song.yaml", "c2", ["--service", "minimax"])
    assert command[1:] == ["-m", "songsmith", "generate", "song.yaml", "--for-candidates", "c2", "--service",
                           "minimax"]
    from songsmith.cli.generate import generate  # the option the command really has

    assert any("--for-candidates" in param.opts for param in generate.params)
    assert engine.option_value(["--service", "mureka", "--count=3"], "--count") == "3"


@sync
async def test_generate_takes_for_the_chosen_candidate_with_progress_and_no_stolen_keys(
        tmp_path: Path, music, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from songsmith_tui.screens.dialogs import InputDialog

    shown: list[str] = []
    original = EditorScreen._show_generate_progress

    def spy(self, saved, count, line):  # type: ignore[no-untyped-def]
        original(self, saved, count, line)
        shown.append(str(self.query_one("#status").render()))

    monkeypatch.setattr(EditorScreen, "_show_generate_progress", spy)
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f6", "g")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, InputDialog)
        assert dialog.query_one("Input").value == "--service minimax --count 1"  # the service with a key
        await pilot.press("enter")
        await pilot.press("f4", "ctrl+end", "enter", *"春眠")  # typing on while it runs
        await wait_until(pilot, lambda: not screen.job_label)
        await pilot.press(*"不觉晓", "space", "3", "n", "a")
        assert screen.lyrics.has_focus and screen.lyrics.document.lines[-1] == "春眠不觉晓 3na"
        assert any("generating takes: 1 of 1 takes" in line for line in shown)  # progress in the status line
        take = screen.doc.song.takes[-1]
        assert take.id == "t2" and take.candidate == "c1" and take.generation.service == "minimax"
        assert (tmp_path / take.audio).is_file()
        assert [s for s, _ in music.submissions] == ["minimax"]
        assert screen.doc.dirty  # the typing; the take is already in the file
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)  # saved, no "changed on disk" question
    song = load_song(path).song
    assert [t.id for t in song.takes] == ["t1", "t2"] and "春眠不觉晓 3na" in song.lyrics


@sync
async def test_generate_takes_can_be_cancelled(tmp_path: Path, music) -> None:  # type: ignore[no-untyped-def]
    music.latency = 60  # the task never finishes while the test waits
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await generate_takes(pilot, "--service mureka --count 2")
        await wait_until(pilot, lambda: bool(music.submissions) and "submitted task" in screen.generate_progress)
        process = screen._generating
        await pilot.press("escape")
        assert not screen.job_label and "cancelled: generating takes" in messages(app)
        assert process is not None and process.poll() is not None  # the child process ended
        assert [t.id for t in screen.doc.song.takes] == ["t1"] and not screen.doc.dirty
    assert [t.id for t in load_song(path).song.takes] == ["t1"]


@sync
async def test_generate_takes_without_a_key_says_which_and_never_shows_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in KEY_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ELEVENLABS_API_KEY", "sk-secret-123")
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f6", "g")
        await pilot.pause()
        assert "ready (key set or none needed): elevenlabs" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k", *"--service minimax", "enter")
        await pilot.pause()
        said = messages(app)[-1]
        assert said.startswith("cannot generate takes: MINIMAX_API_KEY is not set")
        assert not screen.job_label and screen._generating is None  # nothing ran
        assert "sk-secret-123" not in screen_text(app) and not any("sk-secret" in m for m in messages(app))


@sync
async def test_generate_takes_that_fail_say_why(tmp_path: Path, music) -> None:  # type: ignore[no-untyped-def]
    music.latency = 0.05
    music.faults["download"] = ["html"] * 20  # every download is a web page, not audio
    path = song_file(tmp_path)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await generate_takes(pilot, "--service mureka")
        await wait_until(pilot, lambda: bool(music.submissions))
        await wait_until(pilot, lambda: not screen.job_label)
        await pilot.pause()
        said = [n for n in app._notifications if "songsmith generate failed" in n.message]
        assert said and said[-1].severity == "error" and "text/html, not audio" in said[-1].message
        assert "1 failed" in said[-1].message  # and the command's summary
        assert [t.id for t in screen.doc.song.takes] == ["t1"] and not screen.doc.dirty
        assert "generating takes" not in str(screen.query_one("#status").render())
