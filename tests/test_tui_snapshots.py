"""SVG snapshots of the main layouts (pytest-textual-snapshot; Textual is pinned in pyproject).

Re-baseline after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs in ``tests/__snapshots__/`` before keeping them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_support import SIZE, app_for, settle, song_file


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SONGSMITH_CONFIG", str(tmp_path / "no-config.yaml"))


def test_editor_with_source_pane(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_editor_style_pane_with_lint(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("f8", "end", *", manderin")
        screen = pilot.app.screen
        screen.refresh_status()  # what the timers do, now: no race with a slow machine
        screen.start_lint()
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_library(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "songs"
    folder.mkdir()
    song_file(folder, "spring-dawn.yaml")
    song_file(folder, "jing-ye-si.yaml", "poems/jing-ye-si.yaml")
    song_file(folder, "la-luno.yaml", "songs/la-luno-kaj-la-rivero.yaml")
    app = app_for(folder)
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_editor_candidates_pane(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f9", "down")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f1")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_editor_160_by_48(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))
    assert snap_compare(app, terminal_size=(160, 48), run_before=settle)


def test_editor_80_by_24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_takes_pane_80_by_24(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f6")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_compare_candidates(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f9", "down", "v")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_generate_takes_dialog_80_by_24(snap_compare, tmp_path: Path,  # type: ignore[no-untyped-def]
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MINIMAX_API_KEY", "MUREKA_API_KEY", "SUNOAPI_KEY", "ELEVENLABS_API_KEY", "FAL_KEY",
                 "REPLICATE_API_TOKEN", "ACESTEP_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MUREKA_API_KEY", "test-key")
    app = app_for(song_file(tmp_path, "spring-dawn.yaml"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("f6", "g")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
