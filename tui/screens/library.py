"""The library: every song and poem file in a folder, with title, form, mood and status."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from songsmith_tui.actions import bindings
from songsmith_tui.services.library import LibraryEntry, read_entry, scan
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static


class LibraryScreen(Screen):  # type: ignore[type-arg]
    BINDINGS = bindings("library", priority=True)

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.entries: list[LibraryEntry] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(f" songsmith library — {self.directory.resolve().name}/"), id="title-bar")
        yield DataTable(id="library", cursor_type="row", zebra_stripes=True)
        yield Static(" enter opens a song · ctrl+r rescans · f1 help", id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("title", "form", "mood", "status", "file")
        self.action_refresh()
        table.focus()

    def action_refresh(self) -> None:
        self.entries = scan(self.directory)
        self._fill()

    def _fill(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for entry in self.entries:
            status = entry.status if not entry.error else f"error: {entry.error[:50]}"
            cells = (entry.title, entry.form, entry.mood, status, str(entry.path.relative_to(self.directory)))
            table.add_row(*(Text(cell) for cell in cells), key=str(entry.path))
        if self.entries:
            table.move_cursor(row=min(row, len(self.entries) - 1))
        else:
            self.query_one("#status", Static).update(" no song or poem files (*.yaml) here")

    def refresh_entry(self, path: Path) -> None:
        self.entries = [read_entry(path) if e.path == path else e for e in self.entries]
        self._fill()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.entries:
            return
        entry = self.entries[table.cursor_row]
        if entry.error:
            self.notify(entry.error, severity="error", timeout=8)
            return
        self.app.open_song(entry.path)  # type: ignore[attr-defined]
