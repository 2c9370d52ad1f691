"""Helpers for the TUI tests: song files, an app factory with no cursor blink, fake backends."""

from __future__ import annotations

import asyncio
import functools
import shutil
import threading
from pathlib import Path

import pytest
from songsmith_tui.app import SongsmithApp, make_app
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.services.settings import TuiSettings

from songsmith.document.lyrics.text import parse_lyrics
from songsmith.document.model import Style
from songsmith.style.backends import BACKENDS
from songsmith.style.base import Arrangement, StyleCandidate

ROOT = Path(__file__).resolve().parents[1]
SIZE = (120, 36)

LYRICS = """[Verse 1]
床前明月光
疑是地上霜

[Chorus]
举头望明月
(望明月)

[Frobnicate]
低头思故乡
"""


def song_file(directory: Path, name: str = "song.yaml", sample: str = "songs/spring-dawn.yaml") -> Path:
    path = directory / name
    shutil.copy(ROOT / "corpora" / sample, path)
    return path


def app_for(path: Path, **settings: object) -> SongsmithApp:
    return make_app(path, settings=TuiSettings(**settings), cursor_blink=False, autosave=False)  # type: ignore[arg-type]


def sync(test):  # type: ignore[no-untyped-def]
    """Run an async test with asyncio.run (no async pytest plugin needed); fixtures still apply."""

    @functools.wraps(test)
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class FakeBackend:
    """A deterministic backend; ``gate`` (when set) blocks map_style until released."""

    name = "fake"
    gate: threading.Event | None = None
    calls = 0

    def map_style(self, work, n_candidates, hints):  # type: ignore[no-untyped-def]
        FakeBackend.calls += 1
        if FakeBackend.gate is not None:
            FakeBackend.gate.wait(10)
        return [
            StyleCandidate(style=Style(prompt=f"fake style {i}", genre=[f"genre{i}"]), genre=f"genre{i}",
                           lead="guzheng", why=f"because {i}")
            for i in range(1, n_candidates + 1)
        ]

    def arrange(self, work, hints, style=None):  # type: ignore[no-untyped-def]
        sections = parse_lyrics("[Verse 1]\n" + "\n".join(work.lines) + "\n\n[Outro]\n")[0]
        return Arrangement("fake", sections, notes=["made by the fake backend"])


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """The screen as plain text, line by line (what the terminal shows, without colours)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def isolate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test's editor: no user config, no player chosen by the environment, and the
    ``fake`` style backend (a fresh gate, no calls) registered until the test ends."""
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "no-config.yaml"))
    monkeypatch.delenv("SONGSMITH_PLAYER", raising=False)
    monkeypatch.setitem(BACKENDS, "fake", lambda config: FakeBackend())
    FakeBackend.gate, FakeBackend.calls = None, 0


def editor(app) -> EditorScreen:  # type: ignore[no-untyped-def]
    """The app's screen, which must be the editor."""
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen
