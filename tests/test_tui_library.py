"""Pilot tests of the library: render a poem and batch the folder (progress, no stolen focus), a new song."""

from __future__ import annotations

from pathlib import Path

import pytest
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.library import LibraryScreen
from songsmith_tui.services.library import distinguishing_names
from textual.widgets import DataTable, ProgressBar
from tui_support import SIZE, app_for, settle, song_file, sync

from songsmith.document.songfile import load_song


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "no-config.yaml"))
    poems = tmp_path / "poems"
    poems.mkdir()
    song_file(poems, "jing-ye-si.yaml", "poems/jing-ye-si.yaml")
    song_file(poems, "spring-dawn.yaml")
    return poems


def library(app) -> LibraryScreen:  # type: ignore[no-untyped-def]
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


@sync
async def test_render_a_poem_from_the_library(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[int, int | None, bool]] = []
    original = LibraryScreen._show_progress

    def show(self, done, total, label):  # type: ignore[no-untyped-def]
        shown.append((done, total, self.query_one(ProgressBar).display))
        original(self, done, total, label)

    monkeypatch.setattr(LibraryScreen, "_show_progress", show)
    app = app_for(folder, backend="offline", candidates=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")  # into the library's folder (the default)
        await settle(pilot)
        screen = library(app)
        assert shown == [(0, 1, True), (1, 1, True)]  # the progress bar showed it
        assert not screen.query_one(ProgressBar).display and screen.query_one(DataTable).has_focus
        song = load_song(folder / "jing-ye-si" / "song.yaml").song
        assert song.sections and len(song.candidates) == 2
        assert "render: 1 done" in str(screen.query_one("#status").render())
        assert [e.path.name for e in screen.entries].count("song.yaml") == 1  # the new song is listed
        assert screen.current() is not None and screen.current().path.name == "jing-ye-si.yaml"  # type: ignore[union-attr]


@sync
async def test_batch_the_folder_with_progress(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    app = app_for(folder, backend="offline", candidates=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *str(out), "enter")
        await pilot.press("down")  # keys still go to the table while it runs
        await settle(pilot)
        screen = library(app)
        assert screen.query_one(DataTable).has_focus and screen.query_one(DataTable).cursor_row == 1
        assert "batch: 2 done" in str(screen.query_one("#status").render())
        assert len(list((out / "songs").glob("*/manifest.json"))) == 2
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *str(out), "enter")
        await settle(pilot)
        assert "2 already done" in str(screen.query_one("#status").render())  # it resumes


@sync
async def test_new_song_from_the_library(folder: Path) -> None:
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"my tune", "enter")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.doc.path.name == "my tune.yaml"
        assert [s.label for s in app.screen.doc.song.sections][:2] == ["Intro", "Verse 1"]
    assert load_song(folder / "my tune.yaml").song.title == "my tune"


def test_distinguishing_names(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "x" / "song.yaml", tmp_path / "b" / "x" / "song.yaml", tmp_path / "c" / "poem.yaml",
             tmp_path / "top.yaml"]
    names = distinguishing_names(paths, tmp_path)
    assert list(names.values()) == ["a/x/song.yaml", "b/x/song.yaml", "…/poem.yaml", "top.yaml"]
