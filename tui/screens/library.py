"""The library: every song and poem file in a folder, with title, form, mood and status.

From here a poem is rendered into a song (``songsmith render``'s :class:`Renderer`), the whole
folder batched into packages (``songsmith batch``'s :class:`BatchRunner`), or a new song started
from the template. Renders and batches run in a worker thread with a progress bar; the table keeps
the focus and the keys.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from songsmith_tui.actions import bindings
from songsmith_tui.screens.dialogs import InputDialog
from songsmith_tui.services import runs
from songsmith_tui.services.library import LibraryEntry, distinguishing_names, read_entry, scan
from songsmith_tui.widgets.footer import KeyFooter
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import Worker, WorkerState


class LibraryScreen(Screen):  # type: ignore[type-arg]
    BINDINGS = bindings("library", priority=True)

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        self.entries: list[LibraryEntry] = []
        self.run_label = ""
        self._cancel = False

    def compose(self) -> ComposeResult:
        yield Static(Text(f" songsmith library — {self.directory.resolve().name}/"), id="title-bar")
        yield DataTable(id="library", cursor_type="row", zebra_stripes=True)
        yield Static(id="library-detail")
        yield ProgressBar(id="run-progress", show_eta=True)
        yield Static(" enter opens · r renders a poem · b batches the folder · ctrl+n new song · f1 help",
                     id="status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("file", "title", "status", "form", "mood")
        self.query_one(ProgressBar).display = False
        self.action_refresh()
        table.focus()

    # The table ----------------------------------------------------------------------------
    def action_refresh(self) -> None:
        current = self.current()
        self.entries = scan(self.directory)
        self._fill(current.path if current else None)

    def _fill(self, keep: Path | None = None) -> None:
        """Show the entries; the cursor stays on the file it was on (``keep``, else the current one)."""
        table = self.query_one(DataTable)
        current = self.current()
        keep = keep or (current.path if current else None)
        table.clear()
        names = distinguishing_names([e.path for e in self.entries], self.directory)
        for entry in self.entries:
            status = entry.status if not entry.error else "error (see below)"
            cells = (names[entry.path], entry.title, status[:40], entry.form, entry.mood)
            table.add_row(*(Text(cell) for cell in cells), key=str(entry.path))
        paths = [e.path for e in self.entries]
        if keep is not None and keep in paths:
            table.move_cursor(row=paths.index(keep))
        elif self.entries:
            table.move_cursor(row=min(table.cursor_row, len(self.entries) - 1))
        else:
            self.query_one("#status", Static).update(" no song or poem files (*.yaml) here · ctrl+n starts one")
        self._show_detail()

    def current(self) -> LibraryEntry | None:
        table = self.query_one(DataTable)
        if not self.entries or not table.row_count:
            return None
        return self.entries[min(table.cursor_row, len(self.entries) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        entry = self.current()
        text = Text()
        if entry is not None:
            text.append(str(entry.path.relative_to(self.directory)), "bold")
            if entry.error:
                text.append(f"\n{entry.error}", "red")
            else:
                text.append(f"  {entry.status}", "dim")
        self.query_one("#library-detail", Static).update(text)

    def refresh_entry(self, path: Path) -> None:
        self.entries = [read_entry(path) if e.path == path else e for e in self.entries]
        self._fill()

    def action_open(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.error:
            self.notify(entry.error, severity="error", timeout=8)
            return
        self.app.open_song(entry.path)  # type: ignore[attr-defined]

    # A new song ---------------------------------------------------------------------------
    def action_new_song(self) -> None:
        self.app.push_screen(InputDialog("New song file (in this folder)", placeholder="my-song.yaml"),
                             self._on_new_name)

    def _on_new_name(self, name: str | None) -> None:
        from songsmith.document.songfile import save_song
        from songsmith.document.template import new_song
        from songsmith.pipeline.sources import is_song_file

        if not name or not name.strip():
            return
        path = self.directory / name.strip()
        if not is_song_file(path):
            path = path.with_name(path.name + ".yaml")
        if path.exists():
            self.notify(f"{path.name} exists; open it from the list", severity="warning")
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            save_song(new_song(path), path)
        except OSError as exc:
            self.notify(f"could not create {path.name}: {exc.strerror or exc}", severity="error")
            return
        self.action_refresh()
        self.app.open_song(path)  # type: ignore[attr-defined]

    # Render and batch ---------------------------------------------------------------------
    def action_render(self) -> None:
        entry = self.current()
        if entry is None or entry.error:
            self.notify("pick a poem or song file that reads", severity="warning")
            return
        self.app.push_screen(InputDialog(f"Render {entry.path.name} into the folder", str(self.directory)),
                             partial(self._start_render, entry.path))

    def _start_render(self, path: Path, out: str | None) -> None:
        if not out or not out.strip():
            return
        settings = self.app.settings  # type: ignore[attr-defined]
        self._start("render", partial(runs.render_files, [path], Path(out.strip()).expanduser(),
                                      backend=settings.backend, candidates=settings.candidates,
                                      config=settings.config))

    def action_batch(self) -> None:
        folder = self.directory.resolve()
        default = folder.parent / f"{folder.name}-batch"
        self.app.push_screen(InputDialog("Batch every poem here into packages in the folder", str(default)),
                             self._start_batch)

    def _start_batch(self, out: str | None) -> None:
        if not out or not out.strip():
            return
        settings = self.app.settings  # type: ignore[attr-defined]
        self._start("batch", partial(runs.run_batch, self.directory, Path(out.strip()).expanduser(),
                                     backend=settings.backend, candidates=settings.candidates,
                                     config=settings.config))

    def _start(self, label: str, func: Any) -> None:
        if self.run_label:
            self.notify(f"{self.run_label} is still running (esc cancels it)", severity="warning")
            return
        self.run_label, self._cancel = label, False
        bar = self.query_one(ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._status(f" {label}: starting… (esc cancels)")
        self.run_worker(partial(func, report=self._report, cancelled=lambda: self._cancel), thread=True,
                        group="run", name=label, exit_on_error=False)

    def _report(self, done: int, total: int | None, label: str) -> None:
        """From the worker thread: the progress so far."""
        self.app.call_from_thread(self._show_progress, done, total, label)

    def _show_progress(self, done: int, total: int | None, label: str) -> None:
        self.query_one(ProgressBar).update(total=total, progress=done)
        of = f"/{total}" if total is not None else ""
        self._status(f" {self.run_label}: {done}{of} · {label} (esc cancels)")

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(text))

    def action_cancel_run(self) -> None:
        if self.run_label:
            self._cancel = True
            self._status(f" {self.run_label}: stopping after this poem…")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "run" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        label, self.run_label = self.run_label, ""
        self.query_one(ProgressBar).display = False
        if event.state == WorkerState.ERROR:
            self._status(f" {label} failed")
            self.notify(f"{label} failed: {event.worker.error}", severity="error", timeout=8)
            return
        result: runs.RunResult = event.worker.result
        said = f"{label}{' cancelled' if result.cancelled else ''}: {result.done} done"
        said += (f", {result.failed} failed" if result.failed else "") + \
            (f", {result.skipped} already done" if result.skipped else "")
        said += f" → {result.out}" if result.out else ""
        self._status(" " + said)
        self.notify(said + (f"; {result.errors[0]}" if result.errors else ""),
                    severity="warning" if result.failed else "information", timeout=8)
        self.action_refresh()  # new song files show up; the cursor stays on its file
