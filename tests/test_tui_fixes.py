"""Pilot tests of the editor's behaviour a songwriter relies on: the keys go where they are typed,
lint speaks of editor lines, exports never replace a file silently, "modified" tells the truth,
the limits show, the keys can be found, and the screen holds together at 80×24."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from songsmith_tui.screens.dialogs import ConfirmDialog, ExportDialog
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.library import LibraryScreen
from tui_support import SIZE, FakeBackend, app_for, editor, isolate, screen_text, settle, song_file, sync

from songsmith.document.songfile import load_song

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(tmp_path, monkeypatch)


@sync
async def test_a_finished_job_never_steals_the_keys(tmp_path: Path) -> None:
    FakeBackend.gate = threading.Event()  # a slow backend: the result lands mid-sentence
    app = app_for(song_file(tmp_path), backend="fake", candidates=3)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        before = screen.doc.song.model_copy(deep=True)
        await pilot.press("ctrl+end", "enter", *"春眠", "ctrl+g", "不")
        FakeBackend.gate.set()
        await settle(pilot)
        assert len(screen.doc.song.candidates) == 5  # the candidates arrived
        await pilot.press(*"觉晓", "space", "3", "n", "a", "left", "delete")  # the table's keys, all typed
        assert screen.lyrics.has_focus
        assert screen.lyrics.document.lines[-1] == "春眠不觉晓 3n"
        assert not isinstance(app.screen, ConfirmDialog) and isinstance(app.screen, EditorScreen)  # no dialog
        song = screen.doc.song
        assert song.style == before.style  # nothing was chosen behind the user's back
        assert [c.rating for c in song.candidates[:2]] == [c.rating for c in before.candidates]
        assert all(c.rating is None and not c.chosen for c in song.candidates[2:])


@sync
async def test_a_finished_job_leaves_a_style_field_being_typed_in_alone(tmp_path: Path) -> None:
    FakeBackend.gate = threading.Event()
    app = app_for(song_file(tmp_path), backend="fake", candidates=2)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("f8")
        await pilot.pause()
        field = app.focused
        assert field is not None and field.id == "style-prompt"
        await pilot.press("home", *"soft ", "ctrl+g", *"an")
        FakeBackend.gate.set()
        await settle(pilot)
        assert len(screen.doc.song.candidates) == 4
        await pilot.press(*"d ", "space", "3", "delete")  # delete takes the "c" of "chinese"
        assert app.focused is field
        assert screen.doc.song.style.prompt.startswith("soft and  3hinese traditional folk")


@sync
async def test_a_stored_and_a_fresh_candidate_are_chosen_alike_and_as_songsmith_choose_does(
        tmp_path: Path) -> None:
    from songsmith.cli import main

    path = song_file(tmp_path)
    app = app_for(path, backend="fake", candidates=1)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("ctrl+s", "f9", "down")  # c2: stored, a prompt only
        await pilot.pause()
        for ident in ("c2", "fake-1"):
            reference = tmp_path / f"cli-{ident}.yaml"
            reference.write_bytes(path.read_bytes())
            await pilot.press("space")
            await pilot.press("ctrl+s")
            main(["choose", str(reference), ident])
            by_editor, by_cli = load_song(path).song, load_song(reference).song
            assert by_editor.style == by_cli.style == by_cli.candidate(ident).as_style(by_cli.style)
            assert [c.chosen for c in by_editor.candidates] == [c.chosen for c in by_cli.candidates]
            assert by_editor.chosen_candidate().id == ident  # type: ignore[union-attr]
            await pilot.press("down")  # on to fake-1, the fresh one
        style = screen.doc.song.style
        assert style.genre == ["genre1"] and style.vocal is None  # nothing of c1's style lingers
        assert load_song(tmp_path / "cli-c2.yaml").song.style.genre == []  # c2: only its prompt


@sync
async def test_lint_speaks_of_editor_lines(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.lyrics.move_cursor((3, 0))  # editor line 4: 春眠不觉晓
        await pilot.press("end", *"[x]")
        screen.start_lint()
        await settle(pilot)
        lint = str(screen.query_one("#lint").render())
        assert "line 4: square bracket inside a lyric line" in lint


@sync
async def test_export_asks_before_replacing_and_refuses_a_read_only_file(tmp_path: Path) -> None:
    path = song_file(tmp_path)
    out = tmp_path / "song.cho"
    out.write_text("mine\n")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        for answer in ("c", "o"):
            await pilot.press("ctrl+o")
            await pilot.pause()
            await pilot.press("down", "enter", "enter")  # chordpro, beside the song
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog) and "song.cho already exists" in screen_text(app)
            await pilot.press(answer)  # cancel, then overwrite
            await pilot.pause()
            assert out.read_text() == "mine\n" if answer == "c" else "{start_of_verse" in out.read_text()
        out.write_text("locked\n")
        out.chmod(0o444)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("down", "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)  # refused, no question
        assert any("read-only" in n.message for n in app._notifications)
    assert out.read_text() == "locked\n" and not out.stat().st_mode & stat.S_IWUSR


@sync
async def test_export_dialog_fits_80_by_24(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        field = dialog.query_one("#export-path")
        assert field.has_focus and field.region.height >= 1 and field.region.bottom <= SMALL[1]
        assert "song.txt" in screen_text(app)  # the file name is on the screen


@sync
async def test_modified_clears_when_the_text_is_back(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("end", "x")
        assert screen.doc.dirty and "modified" in str(screen.query_one("#title-bar").render())
        await pilot.press("backspace")
        assert not screen.doc.dirty and "(saved)" in str(screen.query_one("#title-bar").render())
        await pilot.press("x", "ctrl+z")  # undo back to the saved text: clean too
        assert not screen.doc.dirty


@sync
async def test_generate_twice_adds_no_duplicates(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path), backend="fake", candidates=3)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("ctrl+g")
            await settle(pilot)
        candidates = editor(app).doc.song.candidates
        assert FakeBackend.calls == 2
        said = [(n.severity, n.message) for n in app._notifications]
        assert [m for severity, m in said if severity != "information"] == []  # the second run was used
        assert said[-1][1].startswith("0 new style candidates from fake")  # the same three again
        assert [c.id for c in candidates] == ["c1", "c2", "fake-1", "fake-2", "fake-3"]
        assert len({c.style for c in candidates}) == len(candidates)


@sync
async def test_counters_over_the_limit_are_red_and_linted(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.lyrics.load_text("[Verse 1]\n" + ("月" * 60 + "\n") * 52)  # 3000+ characters
        await pilot.pause()
        screen.refresh_status()
        status = screen.query_one("#status").render()
        over = next(span for span in status.spans if "3" in status.plain[span.start:span.end]
                    and "/3000" in status.plain[span.start:span.end])
        assert "red" in str(over.style)
        screen.start_lint()
        await settle(pilot)
        assert "suno-v4: the lyrics are 3181 characters; suno-v4 takes 3000" in str(screen.query_one("#lint").render())


@sync
async def test_keys_are_in_sight(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        text = screen_text(app)
        footer = text.splitlines()[-1]
        for key in ("f1 Help", "^s Save", "^z Undo", "^g Generate", "^q Quit"):
            assert key in footer
        assert "^b" not in footer  # `songsmith edit` has no library to go back to
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert "^y Redo" in screen_text(app).splitlines()[-1]  # with room, redo is in sight too
        await pilot.resize_terminal(*SMALL)
        await settle(pilot)
        for key in ("f5", "f8", "f9", "f6"):  # the panes' keys, on their tabs
            assert key in text.splitlines()[1]
        screen = editor(app)
        await pilot.press("ctrl+end")
        assert screen.lyrics.cursor_location == screen.lyrics.document.end
        await pilot.press("ctrl+home")
        assert screen.lyrics.cursor_location == (0, 0)
        await pilot.press("end", "x", "ctrl+q")
        await pilot.pause()
        assert "keys: s Save / d Discard changes / c Cancel" in screen_text(app)  # the dialog's keys


@sync
async def test_80_by_24_folds_the_outline_and_keeps_the_lyrics_wide(tmp_path: Path) -> None:
    app = app_for(song_file(tmp_path))
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = editor(app)
        outline = screen.query_one("#outline")
        assert not outline.display or outline.region.width == 0
        assert screen.lyrics.region.width >= 40 and screen.query_one("#panes").region.width <= 40
        await pilot.press("f10")  # the outline comes back when asked for
        assert outline.has_focus and outline.region.width > 0
        await pilot.press("end", "enter")  # and folds away again once a section is picked
        await pilot.pause()
        assert screen.lyrics.has_focus and outline.region.width == 0


@sync
async def test_library_quit_asks_and_names_tell_rows_apart(tmp_path: Path) -> None:
    for folder in ("a/draft", "b/draft"):
        (tmp_path / folder).mkdir(parents=True)
        song_file(tmp_path / folder, "song.yaml")
    app = app_for(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "…/a/draft/song.yaml" in text or "a/draft/song.yaml" in text
        assert "b/draft/song.yaml" in text
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "Quit songsmith?" in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen) and app.is_running
        await pilot.press("enter")
        await pilot.pause()
        assert "^b Library" in screen_text(app).splitlines()[-1]  # the way back, in sight
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+q", "ctrl+q")  # twice quits
        await pilot.pause()
    assert not app.is_running


def test_edit_a_new_file_scaffolds_it_like_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from songsmith.cli import main, tui_commands

    opened: list[tuple[Path, bool]] = []
    monkeypatch.setattr(tui_commands, "_run", lambda target, config, library, created=False:
                        opened.append((target, created)))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(tui_commands.edit, ["my-song.yaml"])
    assert result.exit_code == 0 and opened == [(Path("my-song.yaml"), True)]
    main(["new", "reference.yaml", "--title", "my song"])
    assert (tmp_path / "my-song.yaml").read_text() == (tmp_path / "reference.yaml").read_text()
    with pytest.raises(SystemExit) as exit_code:
        main(["edit", "nowhere/x.yaml"])
    assert exit_code.value.code == 2 and "nowhere: no such folder" in capsys.readouterr().err
    assert load_song(tmp_path / "my-song.yaml").song.sections[1].label == "Verse 1"


@sync
async def test_every_dialog_fits_80_by_24(tmp_path: Path) -> None:
    from songsmith_tui.screens.compare import CompareScreen
    from songsmith_tui.screens.help import HelpScreen
    from textual.widgets import Button, Input, OptionList

    app = app_for(song_file(tmp_path))
    opened = {
        "quit guard": ("end", "x", "ctrl+q"),
        "copy": ("f3",),
        "export": ("ctrl+o",),
        "export file": ("ctrl+o", "enter"),
        "candidate notes": ("f9", "n"),
        "compare": ("f9", "v"),
        "add a take": ("f6", "a"),
        "take notes": ("f6", "n"),
        "help": ("f1",),
    }
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        for name, keys in opened.items():
            await pilot.press(*keys)
            await pilot.pause()
            dialog = app.screen
            assert not isinstance(dialog, EditorScreen), name
            box = dialog if isinstance(dialog, (CompareScreen, HelpScreen)) else dialog.query_one(".dialog")
            region = box.region
            assert region.x >= 0 and region.y >= 0 and region.right <= SMALL[0] and region.bottom <= SMALL[1], name
            for widget in dialog.query(Input).results():
                assert widget.region.height >= 1 and region.contains_region(widget.region), name
            for widget in dialog.query(Button).results():
                assert widget.region.height >= 1 and region.contains_region(widget.region), name
            for widget in dialog.query(OptionList).results():
                assert widget.region.height >= 1, name
            hints = [str(w.render()) for w in dialog.query(".dialog-hint").results()]
            assert all(widget.region.bottom <= SMALL[1] for widget in dialog.query(".dialog-hint").results()), name
            assert isinstance(dialog, (CompareScreen, HelpScreen)) or any("esc" in h for h in hints), name
            while not isinstance(app.screen, EditorScreen):
                await pilot.press("escape")
                await pilot.pause()
            if name == "quit guard":
                await pilot.press("backspace")


@sync
async def test_a_broken_file_s_error_shows_whole_at_80_by_24(tmp_path: Path) -> None:
    song_file(tmp_path, "good.yaml")
    (tmp_path / "broken.yaml").write_text("title: [unclosed\n")
    app = app_for(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        row = next(i for i, e in enumerate(screen.entries) if e.path.name == "broken.yaml")
        table = screen.query_one("DataTable")
        table.move_cursor(row=row)
        await pilot.pause()
        error = next(e for e in screen.entries if e.path.name == "broken.yaml").error
        assert error
        detail = screen.query_one("#library-detail")
        assert detail.region.bottom <= SMALL[1] and detail.region.width >= 70
        text = " ".join(screen_text(app).split())
        assert " ".join(error.split())[:60] in text and "broken.yaml" in text
