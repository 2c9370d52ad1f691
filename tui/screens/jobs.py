"""Editor actions that run jobs or talk to the outside: generate, arrange, analyse, lint, export,
copy, ``$EDITOR``. Blocking work runs in thread workers (group "job"), so the UI stays responsive;
``cancel-job`` drops a running job's result. A finished job never moves the focus: the keys the
user is typing go on to the widget they were typing in."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from rich.text import Text
from songsmith_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, ExportDialog
from songsmith_tui.services import engine
from songsmith_tui.services.lint import lint_song
from songsmith_tui.services.source import render_source
from songsmith_tui.widgets.lyrics import section_bounds
from songsmith_tui.widgets.panes import SourcePane, StylePane
from textual.app import SuspendNotSupported
from textual.worker import Worker, WorkerState


class JobsMixin:
    job_label: str = ""

    # Workers ------------------------------------------------------------------------------
    def _start_job(self, label: str, func: Any, name: str | None = None) -> None:
        """Run ``func`` in a thread; its result goes to ``_apply_<name>`` (name: the label)."""
        if self.job_label:
            self.notify(f"{self.job_label} is still running (esc cancels it)", severity="warning")
            return
        self.job_label = label
        self.refresh_status()
        self.run_worker(func, thread=True, exclusive=True, group="job", name=name or label, exit_on_error=False)

    def job_cancelled(self) -> None:
        """Called when the user cancels the running job (a job with a child process ends it)."""

    def action_cancel_job(self) -> None:
        if not self.job_label:
            return
        self.workers.cancel_group(self, "job")
        self.job_cancelled()
        self.notify(f"cancelled: {self.job_label}")
        self.job_label = ""
        self.refresh_status()

    # (a mixin: Textual's @on decorator only works in widget classes, so handlers go by name)
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group in ("analysis", "lint"):
            self._background_done(event)
            return
        if worker.group != "job" or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if not self.job_label or worker.is_cancelled:
            return
        self.job_label = ""
        if event.state == WorkerState.ERROR:
            error = worker.error
            if isinstance(error, engine.NotAvailable):
                self.notify(f"{worker.name}: {error}", severity="warning")
            else:
                self.notify(f"{worker.name} failed: {error}", severity="error")
            self.refresh_status()
            return
        try:
            getattr(self, f"_apply_{worker.name}")(worker.result)
        except Exception as exc:  # noqa: BLE001 - a bad result is reported; the song is untouched
            self.notify(f"{worker.name}: could not use the result: {exc}", severity="error")
        self.refresh_status()

    # Generate (map style) -----------------------------------------------------------------
    def action_generate(self) -> None:
        settings = self.app.settings
        song = self.doc.song.model_copy(deep=True)
        self._start_job("generate", partial(engine.generate, song, str(self.doc.path), settings.backend,
                                            settings.candidates, _target_name(settings.targets),
                                            config=settings.config))

    def _apply_generate(self, result: engine.Generated) -> None:
        fields: dict[str, Any] = {"candidates": result.candidates}
        if self.doc.song.style.is_empty() and result.fresh:
            fresh = next(c for c in result.candidates if c.id == result.fresh[0])
            fields["style"] = fresh.as_style()
        self.doc.update_song("generate", **fields)
        self.refresh_all()  # the focus stays where the user is typing
        keys = self.pane_key("candidates")
        self.notify(f"{len(result.fresh)} new style candidates from {result.backend} ({keys} shows them)")

    # Arrange ------------------------------------------------------------------------------
    def action_arrange(self) -> None:
        song = self.doc.song.model_copy(deep=True)
        settings = self.app.settings
        self._start_job("arrange", partial(engine.arrange, song, str(self.doc.path), settings.backend,
                                           config=settings.config))

    def _apply_arrange(self, result: tuple[list[Any], str, list[str]]) -> None:
        sections, name, notes = result
        self.doc.update_song("arrange", sections=sections)
        self.refresh_all(lyrics=True)
        self.notify(f"arranged ({name}); ctrl+z restores the old lyrics" + (f": {notes[0]}" if notes else ""))

    # Analyse and lint ---------------------------------------------------------------------
    def start_analysis(self) -> None:
        self.run_worker(partial(render_source, self.doc.song.model_copy(deep=True)), thread=True,
                        group="analysis", name="analysis", exclusive=True, exit_on_error=False)

    def _background_done(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "analysis" and event.state == WorkerState.SUCCESS:
            self.query_one(SourcePane).show(event.worker.result)
        elif event.worker.group == "analysis" and event.state == WorkerState.ERROR:
            self.query_one(SourcePane).show(Text(f"analysis failed: {event.worker.error}"))
        elif event.worker.group == "lint" and event.state == WorkerState.SUCCESS:
            self.lint_result = event.worker.result
            style = self.mounted(StylePane)
            if style is not None:
                style.show_lint(event.worker.result)

    def action_analyse(self) -> None:
        self.start_analysis()
        self.start_lint()
        self.query_one("#panes").active = "tab-source"
        self.notify("analysing")

    def start_lint(self) -> None:
        doc = self.doc
        # the lyrics go as the editor's text; the rest is copied (the worker thread reads it)
        song = doc.meta.model_copy(update={"sections": []}).model_copy(deep=True)
        self.run_worker(partial(lint_song, song, doc.lyrics_text, doc.path.name, poem=doc.shape == "poem",
                                targets=list(self.app.settings.targets)),  # type: ignore[attr-defined]
                        thread=True, group="lint", name="lint", exclusive=True, exit_on_error=False)

    # Export and copy ----------------------------------------------------------------------
    def _song_now(self) -> Any:
        song = self.doc.song.model_copy(deep=True)
        song.lyrics = self.doc.lyrics_text
        return song

    def action_export(self) -> None:
        formats = engine.export_formats()
        stem = self.doc.path.with_suffix("")
        defaults = {}
        for fmt in formats:
            if fmt.startswith("target:"):  # a folder of files
                defaults[fmt] = f"{stem}.{fmt.split(':', 1)[1]}"
            else:
                defaults[fmt] = f"{stem}{engine.extension(fmt)}"
        self.app.push_screen(ExportDialog(formats, defaults), self._on_export)

    def _on_export(self, answer: tuple[str, str] | None) -> None:
        if not answer:
            return
        fmt, path = answer
        try:
            files, warnings = engine.export_files(self._song_now(), fmt, Path(path).expanduser())
        except engine.NotAvailable as exc:
            self.notify(str(exc), severity="warning")
            return
        except Exception as exc:  # noqa: BLE001 - shown to the user, the editor keeps running
            self.notify(f"export failed: {exc}", severity="error")
            return
        there, read_only = engine.existing(files)
        if read_only:
            names = ", ".join(p.name for p in read_only[:3])
            self.notify(f"not exported: {names} {'is' if len(read_only) == 1 else 'are'} read-only; "
                        "nothing was written", severity="error", timeout=8)
            return
        if there:
            names = ", ".join(p.name for p in there[:3]) + (f" and {len(there) - 3} more" if len(there) > 3 else "")
            self.app.push_screen(ConfirmDialog(
                f"{names} already {'exists' if len(there) == 1 else 'exist'} in {there[0].parent}.",
                [("overwrite", "Overwrite"), ("cancel", "Cancel")], title="Replace the file?"),
                lambda choice: self._write_export(path, files, warnings) if choice == "overwrite" else None)
            return
        self._write_export(path, files, warnings)

    def _write_export(self, path: str, files: dict[Path, str], warnings: list[str]) -> None:
        try:
            engine.write_files(files)
        except OSError as exc:
            self.notify(f"export failed: {exc}", severity="error")
            return
        self.notify(f"wrote {path}" + (f" ({len(warnings)} warnings: {warnings[0]})" if warnings else ""))

    def action_copy(self) -> None:
        options = [(key, key) for key in engine.COPY_CHOICES]
        options += [(fmt, f"{fmt} export") for fmt in engine.export_formats() if fmt != "tagged"]
        self.app.push_screen(ChoiceDialog("Copy to the clipboard…", options), self._on_copy)

    def _on_copy(self, what: str | None) -> None:
        if not what:
            return
        try:
            text = engine.copy_text(self._song_now(), what)
        except engine.NotAvailable as exc:
            self.notify(str(exc), severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"copied {what} ({len(text)} chars); if nothing arrives, your terminal does not "
                    "support OSC 52")

    # $EDITOR ------------------------------------------------------------------------------
    def action_open_editor(self) -> None:
        area = self.lyrics
        lines = area.document.lines
        start, end = section_bounds(lines, area.current_row)
        original = "\n".join(lines[start:end]) + "\n"
        with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="songsmith-section-", delete=False,
                                         encoding="utf-8") as handle:
            handle.write(original)
            name = handle.name
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            try:
                with self.app.suspend():
                    code = subprocess.run([*shlex.split(command), name], check=False).returncode
            except SuspendNotSupported:  # headless (tests) or a driver that cannot suspend
                code = subprocess.run([*shlex.split(command), name], check=False,
                                      stdin=subprocess.DEVNULL).returncode
            edited = Path(name).read_text(encoding="utf-8")
        except OSError as exc:
            self.notify(f"could not run {command}: {exc}", severity="error")
            return
        finally:
            Path(name).unlink(missing_ok=True)
        if code != 0:
            self.notify(f"{command} exited with {code}; section unchanged", severity="warning")
            return
        if edited == original:
            return
        end_col = len(lines[end - 1]) if end > start else 0
        area.replace(edited.rstrip("\n"), (start, 0), (max(end - 1, start), end_col))
        self.notify("section updated from $EDITOR")


def _target_name(targets: list[str]) -> str:
    return targets[0].split("-")[0] if targets else "suno"
