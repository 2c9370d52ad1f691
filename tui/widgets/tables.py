"""The candidates table and the takes table: one row each, acting on the highlighted row.

The tables only say what the user asked for (an :class:`Act` message, or a call to the screen);
the editor changes the song (through :meth:`Song.choose` for a candidate) as one undo step.
"""

from __future__ import annotations

from rich.text import Text
from songsmith_tui.actions import bindings
from songsmith_tui.services.rows import duration, loudness, stars
from textual.message import Message
from textual.widgets import DataTable

from songsmith.document.model import Song


class Act(Message):
    """The user asked for ``action`` on the row ``key`` (``c:<id>`` or ``t:<id>``)."""

    def __init__(self, action: str, key: str, value: int | None = None) -> None:
        super().__init__()
        self.action, self.key, self.value = action, key, value


class RowsTable(DataTable):
    """A table of song rows; subclasses fill it from the song."""

    COLUMNS: tuple[str, ...] = ()

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns(*self.COLUMNS)
        arrived = getattr(self.screen, "pane_mounted", None)
        if arrived is not None:
            arrived(self)

    def load(self, song: Song) -> None:
        keep = self.cursor_row
        self.clear()
        self.fill(song)
        if self.row_count:
            self.move_cursor(row=min(keep, self.row_count - 1))

    def fill(self, song: Song) -> None:
        raise NotImplementedError

    def current(self) -> str | None:
        if not self.row_count:
            return None
        return str(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    def _post(self, action: str, value: int | None = None) -> None:
        key = self.current()
        if key is None:
            self.notify(f"no {self.noun} yet", severity="warning")
            return
        self.post_message(Act(action, key, value))

    noun = "row"

    def action_choose(self) -> None:
        self._post("choose")

    def action_rate(self, value: int) -> None:
        self._post("rate", value)

    def action_notes(self) -> None:
        self._post("notes")

    def action_delete_row(self) -> None:
        self._post("delete")


class CandidatesTable(RowsTable):
    """Style candidates: choose (its whole style becomes the song's), rate, notes, compare, copy."""

    BINDINGS = bindings("candidates")
    COLUMNS = ("", "id", "rating", "style", "notes")
    noun = "candidate (ctrl+g generates some)"

    def fill(self, song: Song) -> None:
        for c in song.candidates:
            self.add_row("✓" if c.chosen else "", Text(c.id), stars(c.rating), Text((c.style or "")[:70]),
                         Text((c.notes or "")[:40]), key=f"c:{c.id}")

    def action_compare(self) -> None:
        self._post("compare")

    def action_copy_row(self) -> None:
        self._post("copy")


class TakesTable(RowsTable):
    """Audio takes: add, play and stop, choose, rate, notes."""

    BINDINGS = bindings("takes")
    COLUMNS = ("", "id", "rating", "length", "LUFS", "from", "file / url")
    noun = "take (a adds one)"

    def fill(self, song: Song) -> None:
        for t in song.takes:
            where = t.audio or t.url or ""
            self.add_row("✓" if t.chosen else "", Text(t.id), stars(t.rating), duration(t.duration_s),
                         loudness(t.loudness_lufs), Text(t.candidate or ""), Text(where[-50:]), key=f"t:{t.id}")

    def action_add_take(self) -> None:
        self.post_message(Act("add", ""))

    def action_generate_takes(self) -> None:
        self.post_message(Act("generate", self.current() or ""))

    def action_play(self) -> None:
        self._post("play")

    def action_audio(self) -> None:
        self._post("audio")
