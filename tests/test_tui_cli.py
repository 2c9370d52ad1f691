"""``songsmith edit`` / ``songsmith tui``: registered lazily, the core stays Textual-free."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.library import LibraryScreen
from tui_support import ROOT, SIZE, app_for, settle, song_file, sync

from songsmith.cli import COMMANDS, cli


def test_commands_are_listed_in_help() -> None:
    assert COMMANDS["edit"][0] == "songsmith.cli.tui_commands:edit"
    result = CliRunner().invoke(cli, ["--help"])
    assert "edit" in result.output and "tui" in result.output


def test_loading_the_commands_does_not_import_textual() -> None:
    code = ("import sys\nfrom songsmith.cli import tui_commands\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'songsmith_tui')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_edit_a_broken_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n")
    result = subprocess.run([sys.executable, "-m", "songsmith", "edit", str(bad)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and str(bad) in result.stderr and "Traceback" not in result.stderr


def test_every_tui_package_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(("songsmith_tui", *p.parent.relative_to(ROOT / "tui").parts))
             for p in (ROOT / "tui").rglob("__init__.py")}
    assert found <= listed


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "no-config.yaml"))
    folder = tmp_path / "songs"
    folder.mkdir()
    song_file(folder, "a-spring.yaml")
    song_file(folder, "b-poem.yaml", "poems/jing-ye-si.yaml")
    (folder / "c-broken.yaml").write_text("title: [unclosed\n")
    return folder


@sync
async def test_library_opens_a_song_and_comes_back(library: Path) -> None:
    app = app_for(library)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert [e.path.name for e in screen.entries] == ["a-spring.yaml", "b-poem.yaml", "c-broken.yaml"]
        await pilot.press("down", "enter")  # the poem
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.screen.doc.shape == "poem"
        await pilot.press("ctrl+r")  # arrange with the offline backend
        await settle(pilot)
        await pilot.press("ctrl+b")  # back: unsaved, so it asks
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.entries[1].status.startswith("lyrics")
        await pilot.press("down", "enter")  # the broken file: a notification, no editor
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("ctrl+q")
    assert not app.is_running
