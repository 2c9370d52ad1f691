"""The main screen: outline | lyrics editor | source / style / candidates tabs, and a status line."""

from __future__ import annotations

import time
from typing import TypeVar

from rich.text import Text
from songsmith_tui.actions import BY_ID, PANE_KEYS, bindings, keys_for
from songsmith_tui.screens.dialogs import ConfirmDialog
from songsmith_tui.screens.jobs import JobsMixin
from songsmith_tui.screens.rows import GENERATING, RowsMixin
from songsmith_tui.services import engine
from songsmith_tui.services.document import DiskChanged, SongDocument
from songsmith_tui.services.limits import counter, limits_for
from songsmith_tui.widgets.footer import KeyFooter
from songsmith_tui.widgets.lyrics import LyricsArea, Outline, tag_rows
from songsmith_tui.widgets.panes import STYLE_FIELDS, LEVEL_STYLE, SourcePane, StylePane, parse_field
from songsmith_tui.widgets.tables import CandidatesTable, TakesTable
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.lazy import Lazy
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

W = TypeVar("W", bound=Widget)

LINT_DELAY = 0.5  # seconds without a change before lint runs
TICK = 0.15  # how often the status line and counters catch up while typing


class EditorScreen(RowsMixin, JobsMixin, Screen):  # type: ignore[type-arg]
    BINDINGS = bindings("editor", priority=True)
    # below 110 columns the outline folds away (f10 shows it) and the side pane narrows
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-medium"), (150, "-wide")]

    def __init__(self, document: SongDocument, *, in_library: bool = False) -> None:
        super().__init__()
        self.doc = document
        self.in_library = in_library
        self._lint_due: float | None = None
        self._status_stale = False
        self._shown_title = ""
        self._shown_dirty = document.dirty
        self.lint_result: list[tuple[str, str]] | None = None
        # in `songsmith edit` there is no library to go back to (ctrl+b quits, like ctrl+q)
        self.footer_hidden = set() if in_library else {"close"}
        if not engine.generate_available():  # g says so when pressed; the footer has no room for it
            self.footer_hidden.add("generate-takes")

    # Layout -------------------------------------------------------------------------------
    #: tab labels: (pane, wide label, narrow label); each shows the key that goes to it
    TABS = (("source", "Source", "Src"), ("style", "Style", "Style"), ("candidates", "Candidates", "Cands"),
            ("takes", "Takes", "Takes"))

    def _tab_label(self, pane: str, narrow: bool = False) -> str:
        _, wide, short = next(tab for tab in self.TABS if tab[0] == pane)
        keymap = getattr(self.app, "keymap", {})
        keys = keys_for(BY_ID[PANE_KEYS[pane]], keymap).split(",")[0]
        return f"{short if narrow else wide} {keys}"

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self.HORIZONTAL_BREAKPOINTS[1][0]
        tabs = self.query_one(TabbedContent)
        for pane, _, _ in self.TABS:
            tab = tabs.get_tab(f"tab-{pane}")
            label = self._tab_label(pane, narrow)
            if str(tab.label) != label:
                tab.label = label

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        with Horizontal(id="main"):
            yield Outline(id="outline")
            yield LyricsArea(self.doc.lyrics_text, id="lyrics", show_line_numbers=True, soft_wrap=False)
            with TabbedContent(id="panes", initial="tab-source"):
                with TabPane(self._tab_label("source"), id="tab-source"):
                    yield SourcePane(id="source")
                # the hidden tabs mount just after the first paint (see pane_mounted)
                with TabPane(self._tab_label("style"), id="tab-style"):
                    yield Lazy(StylePane(self.app.settings.targets, id="style"))  # type: ignore[attr-defined]
                with TabPane(self._tab_label("candidates"), id="tab-candidates"):
                    with Lazy(Vertical(classes="rows-pane")):
                        yield CandidatesTable(id="candidates")
                        yield Static(id="candidate-detail", classes="row-detail")
                with TabPane(self._tab_label("takes"), id="tab-takes"):
                    with Lazy(Vertical(classes="rows-pane")):
                        yield TakesTable(id="takes")
                        yield Static(id="take-detail", classes="row-detail")
        yield Static(id="status")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        if not self.app.cursor_blink_enabled:  # type: ignore[attr-defined]
            self.lyrics.cursor_blink = False
        self.refresh_all()
        self.set_interval(TICK, self._tick)  # one timer for the deferred views, not one per key
        self.query_one(LyricsArea).focus()
        self.start_analysis()
        if self.doc.recovery_available():
            self.app.push_screen(ConfirmDialog(
                f"Unsaved changes to {self.doc.path.name} were kept in {self.doc.recovery_file.name}.",
                [("recover", "Recover them"), ("discard", "Discard them"), ("keep", "Keep the file aside")],
                title="Recover unsaved work?"), self._on_recovery)

    def _on_recovery(self, answer: str | None) -> None:
        if answer == "recover":
            self.doc.recover()
            self.refresh_all(lyrics=True)
            self.notify("recovered unsaved changes (save to keep them)")
        elif answer == "discard":
            self.doc.remove_recovery()
        else:  # keep, or escape: out of the way of the next autosave, never deleted
            kept = self.doc.set_recovery_aside()
            self.notify(f"kept the unsaved changes in {kept.name}")

    # Views of the document ----------------------------------------------------------------
    @property
    def lyrics(self) -> LyricsArea:
        return self.query_one(LyricsArea)

    def refresh_all(self, *, lyrics: bool = False) -> None:
        """Show the document in every widget (after undo, redo, recover, generate…)."""
        if lyrics and self.lyrics.text != self.doc.lyrics_text:
            row = self.lyrics.current_row
            self.lyrics.load_text(self.doc.lyrics_text)
            self.lyrics.go_to_row(min(row, self.lyrics.document.line_count - 1))
        self.refresh_panes()
        self.refresh_outline()
        self.refresh_status()
        self.schedule_lint()

    def mounted(self, kind: type[W]) -> W | None:
        """The widget of that kind, once mounted (the hidden tabs mount after the first paint)."""
        found = self.query(kind)
        return found.first() if found else None

    def refresh_panes(self) -> None:
        style = self.mounted(StylePane)
        if style is not None:
            style.load(self.doc.song)
        for table in (self.mounted(CandidatesTable), self.mounted(TakesTable)):
            if table is not None:
                table.load(self.doc.song)
        self.show_detail()

    def pane_mounted(self, pane: object) -> None:
        """A hidden tab's widgets arrived: show the song in them."""
        if isinstance(pane, StylePane):
            if not self.app.cursor_blink_enabled:  # type: ignore[attr-defined]
                for widget in pane.query(Input):
                    widget.cursor_blink = False
            pane.show_counters(self.doc.meta, len(self.doc.lyrics_text.strip()))
            if self.lint_result is not None:
                pane.show_lint(self.lint_result)
        self.refresh_panes()

    def refresh_outline(self) -> None:
        self.query_one(Outline).show(tag_rows(self.lyrics.document.lines))

    def refresh_status(self) -> None:
        doc = self.doc
        dirty = doc.dirty
        self._shown_dirty = dirty
        mark = "● modified" if dirty else "saved"
        shape = " (poem file)" if doc.shape == "poem" else ""
        song = doc.meta  # title and style only: no need to parse the lyrics on every key
        title = f" {song.title} — {doc.path.name}{shape}  ({mark})"
        if title != self._shown_title:
            self._shown_title = title
            self.query_one("#title-bar", Static).update(Text(title), layout=False)
        lyrics_chars = len(doc.lyrics_text.strip())
        style_chars = len(song.style.prompt or "")
        status = Text()
        status.append(f" {mark}", "bold yellow" if dirty else "")
        if self.job_label:
            progress = f": {self.generate_progress}" if self.generate_progress and self.job_label == GENERATING else ""
            status.append(f" · {self.job_label}{progress} (esc cancels)", "bold")
        if self.playback is not None:
            status.append(f" · ▶ take {self.playback.take_id} (p stops)", "bold green")
        shown = 2 if self.size.width >= 100 else 1  # a narrow status line keeps the first target's
        for target in self.app.settings.targets[:shown]:  # type: ignore[attr-defined]
            limits = limits_for(target)
            if limits:
                status.append(f" · {target} style ")
                text, level = counter(style_chars, limits.style)
                status.append(text, LEVEL_STYLE[level] if level != "ok" else "")
                status.append(" lyrics ")
                text, level = counter(lyrics_chars, limits.lyrics)
                status.append(text, LEVEL_STYLE[level] if level != "ok" else "")
        self.query_one("#status", Static).update(status, layout=False)
        style = self.mounted(StylePane)
        if style is not None:
            style.show_counters(song, lyrics_chars)

    def schedule_lint(self) -> None:
        self._lint_due = time.monotonic() + LINT_DELAY

    def _tick(self) -> None:
        self.poll_playback()
        if self._status_stale:
            self._status_stale = False
            self.refresh_status()
        if self._lint_due is not None and time.monotonic() >= self._lint_due:
            self._lint_due = None
            self.start_lint()

    # Edits from the widgets ---------------------------------------------------------------
    @on(TextArea.Changed, "#lyrics")
    def _lyrics_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.text == self.doc.lyrics_text:
            return
        self.doc.set_lyrics_text(event.text_area.text)
        self.refresh_outline()
        if self.doc.dirty != self._shown_dirty:  # "modified" comes and goes at once
            self.refresh_status()
        else:  # while typing, the counters follow on the next tick
            self._status_stale = True
        self.schedule_lint()

    @on(Input.Changed, ".style-input")
    def _style_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("style-")
        if name not in {f for f, _, _ in STYLE_FIELDS}:
            return
        try:
            self.doc.update_style(f"style:{name}", **{name: parse_field(name, event.value)})
        except ValueError:  # pydantic's ValidationError is a ValueError too
            event.input.add_class("-invalid")
            return
        event.input.remove_class("-invalid")
        self.refresh_status()
        self.schedule_lint()

    @on(DataTable.RowHighlighted, "#candidates")
    @on(DataTable.RowHighlighted, "#takes")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#outline")
    def _outline_selected(self, event: OptionList.OptionSelected) -> None:
        self.lyrics.go_to_row(self.query_one(Outline).row_of(event.option_index))
        self.lyrics.focus()
        self.remove_class("-outline-open")

    # Actions ------------------------------------------------------------------------------
    def action_save(self, force: bool = False) -> None:
        was_poem = self.doc.shape == "poem"
        try:
            self.doc.save(force=force)
        except DiskChanged:
            self.app.push_screen(ConfirmDialog(
                f"{self.doc.path.name} changed on disk since it was opened.",
                [("overwrite", "Overwrite it"), ("reload", "Reload from disk"), ("cancel", "Cancel")],
                title="File changed on disk"), self._on_disk_changed)
            return
        except OSError as exc:
            self.notify(f"not saved: {exc}", severity="error")
            return
        self.refresh_status()
        self.notify(f"saved {self.doc.path.name}" + (" (now a song file)" if was_poem else ""))

    def _on_disk_changed(self, answer: str | None) -> None:
        if answer == "overwrite":
            self.action_save(force=True)
        elif answer == "reload":
            self.doc.reload()
            self.refresh_all(lyrics=True)
            self.notify("reloaded from disk (ctrl+z brings your version back)")

    def action_undo(self) -> None:
        if self.doc.undo():
            self.refresh_all(lyrics=True)
        else:
            self.notify("nothing to undo")

    def action_redo(self) -> None:
        if self.doc.redo():
            self.refresh_all(lyrics=True)
        else:
            self.notify("nothing to redo")

    def _move_section(self, step: int) -> None:
        rows = [row for row, _ in tag_rows(self.lyrics.document.lines)]
        here = self.lyrics.current_row
        if step > 0:
            target = next((r for r in rows if r > here), None)
        else:
            target = next((r for r in reversed(rows) if r < here), None)
        if target is not None:
            self.lyrics.go_to_row(target)

    def action_next_section(self) -> None:
        self._move_section(1)

    def action_prev_section(self) -> None:
        self._move_section(-1)

    def action_focus_pane(self, pane: str) -> None:
        if pane != "outline":
            self.remove_class("-outline-open")
        if pane == "lyrics":
            self.lyrics.focus()
        elif pane == "outline":
            self.add_class("-outline-open")  # a narrow screen hides the outline until asked for
            self.query_one(Outline).focus()
        else:
            self.query_one(TabbedContent).active = f"tab-{pane}"
            target = {"source": SourcePane, "style": Input, "candidates": CandidatesTable, "takes": TakesTable}[pane]
            found = self.query(target)
            if found:
                found.first().focus()
            else:  # pressed in the first instant: its tab is mounting
                self.call_after_refresh(self.action_focus_pane, pane)

    def on_descendant_blur(self, event: object) -> None:
        if self.has_class("-outline-open") and not self.query_one(Outline).has_focus:
            self.call_after_refresh(self._fold_outline)

    def _fold_outline(self) -> None:
        if not self.query_one(Outline).has_focus:
            self.remove_class("-outline-open")

    def action_close(self) -> None:
        self.app.close_editor(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        self.stop_playback()
        self.stop_generating()
