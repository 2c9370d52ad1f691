"""The songsmith Textual app and ``make_app``, the factory the CLI, the tests and the bench use.

The app holds the settings (config file, theme, keymap), the quit guard and the autosave timer;
the screens do the rest: :class:`~songsmith_tui.screens.editor.EditorScreen` for one song,
:class:`~songsmith_tui.screens.library.LibraryScreen` for a folder of songs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from songsmith_tui.actions import bindings
from songsmith_tui.commands import SongsmithCommands
from songsmith_tui.screens.dialogs import ConfirmDialog
from songsmith_tui.screens.editor import EditorScreen
from songsmith_tui.screens.help import HelpScreen
from songsmith_tui.screens.library import LibraryScreen
from songsmith_tui.services.document import SongDocument
from songsmith_tui.services.settings import TuiSettings, load_settings
from textual.app import App


class SongsmithApp(App[None]):
    CSS_PATH = "songsmith.tcss"
    TITLE = "songsmith"
    BINDINGS = bindings("app", priority=True)
    COMMANDS = App.COMMANDS | {SongsmithCommands}

    def __init__(self, target: Path, *, settings: TuiSettings, library: bool,
                 cursor_blink: bool = True, autosave: bool = True, created: bool = False) -> None:
        super().__init__()
        self.target = target
        self.created = created
        self.settings = settings
        self.library_mode = library
        self.cursor_blink_enabled = cursor_blink
        self.autosave_enabled = autosave
        self.keymap: dict[str, str] = dict(settings.keymap)

    def on_mount(self) -> None:
        if self.keymap:
            self.set_keymap(self.keymap)
        if self.settings.theme:
            if self.settings.theme in self.available_themes:
                self.theme = self.settings.theme
            else:
                self.notify(f"unknown theme {self.settings.theme!r}", severity="warning")
        for problem in self.settings.problems:
            self.notify(problem, severity="warning", timeout=8)
        if self.library_mode:
            self.push_screen(LibraryScreen(self.target))
        else:
            self.open_song(self.target)
            if self.created:
                self.notify(f"{self.target.name} is a new song, from the template of songsmith new")
        if self.autosave_enabled and self.settings.autosave_seconds > 0:
            self.set_interval(self.settings.autosave_seconds, self.autosave)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications show file names and lyrics: no markup unless asked for."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    # Songs --------------------------------------------------------------------------------
    def open_song(self, path: Path) -> None:
        from songsmith.errors import SongsmithError

        try:
            document = SongDocument.open(path)
        except (SongsmithError, OSError, UnicodeDecodeError) as exc:
            if self.library_mode:
                self.notify(str(exc), severity="error", timeout=8)
                return
            self.exit(message=str(exc), return_code=2)
            return
        self.push_screen(EditorScreen(document, in_library=self.library_mode))

    def editors(self) -> list[EditorScreen]:
        return [s for s in self.screen_stack if isinstance(s, EditorScreen)]

    def autosave(self) -> int:
        """Write recovery files for songs with unsaved changes; returns how many were written."""
        written = 0
        for editor in self.editors():
            try:
                written += editor.doc.write_recovery()
            except OSError as exc:
                self.notify(f"autosave failed: {exc}", severity="error")
        return written

    def close_editor(self, editor: EditorScreen) -> None:
        if not self.library_mode:
            self.action_quit()
            return

        def done(answer: str | None) -> None:
            if self._settle(editor, answer):
                self.pop_screen()
                library = self.screen
                if isinstance(library, LibraryScreen):
                    library.refresh_entry(editor.doc.path)

        self._guard(editor, done)

    # Never lose work ----------------------------------------------------------------------
    def _guard(self, editor: EditorScreen, then: Any) -> None:
        if not editor.doc.dirty:
            then("clean")
            return
        self.push_screen(ConfirmDialog(
            f"{editor.doc.path.name} has unsaved changes.",
            [("save", "Save"), ("discard", "Discard changes"), ("cancel", "Cancel")],
            title="Unsaved changes"), then)

    def _settle(self, editor: EditorScreen, answer: str | None) -> bool:
        """Act on the guard's answer; True when the editor may close."""
        if answer == "clean":
            editor.doc.remove_recovery()
            return True
        if answer == "save":
            editor.action_save()
            return not editor.doc.dirty
        if answer == "discard":
            editor.doc.remove_recovery()
            return True
        return False

    def action_quit(self) -> None:  # type: ignore[override]
        editors = self.editors()
        if not editors:
            self._quit_library()
            return
        editor = editors[-1]

        def done(answer: str | None) -> None:
            if self._settle(editor, answer):
                self._leave()

        self._guard(editor, done)

    def _quit_library(self) -> None:
        """Leaving the library asks first (ctrl+q twice quits), and says what is still running."""
        if isinstance(self.screen, ConfirmDialog) and getattr(self.screen, "quit_question", False):
            self._leave()
            return
        library = next((s for s in self.screen_stack if isinstance(s, LibraryScreen)), None)
        running = f" ({library.run_label} is running; it stops, and a batch resumes next time)" \
            if library is not None and library.run_label else ""
        dialog = ConfirmDialog(f"Quit songsmith?{running}", [("quit", "Quit"), ("cancel", "Cancel")],
                               title="Quit")
        dialog.quit_question = True  # type: ignore[attr-defined]
        self.push_screen(dialog, lambda answer: self._leave() if answer == "quit" else None)

    def _leave(self) -> None:
        for editor in self.editors():
            editor.stop_playback()
        library = next((s for s in self.screen_stack if isinstance(s, LibraryScreen)), None)
        if library is not None:
            library._cancel = True
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.keymap))


def make_app(target: str | os.PathLike[str], *, config: str | os.PathLike[str] | None = None,
             settings: TuiSettings | None = None, library: bool | None = None,
             cursor_blink: bool = True, autosave: bool = True, created: bool = False) -> SongsmithApp:
    """The app for a song file (the editor) or a folder (the library); ``created``: the file was
    just made from the template (``songsmith edit`` on a new name)."""
    path = Path(target)
    if settings is None:
        settings = load_settings(config)
    return SongsmithApp(path, settings=settings, library=path.is_dir() if library is None else library,
                        cursor_blink=cursor_blink, autosave=autosave, created=created)
