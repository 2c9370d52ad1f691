"""Two style candidates side by side: the whole style, field by field, the prompt's words diffed.

``left``/``right`` (or ``tab``) pick the side that keys act on; ``up``/``down`` show the previous or
next candidate on that side; ``space`` chooses it, ``0``–``5`` rate it, ``n`` edits its notes,
``c`` copies its style prompt. Every change goes through the editor (one undo step each).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from songsmith_tui.services.rows import compare
from songsmith_tui.widgets.footer import KeyFooter
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class CompareScreen(ModalScreen):  # type: ignore[type-arg]
    BINDINGS = [
        Binding("escape,q,v", "dismiss", "Close", id="compare-close", priority=True),
        Binding("left,right,tab", "switch_side", "Other side", id="compare-side", priority=True),
        Binding("down", "step(1)", "Next", id="compare-next", priority=True),
        Binding("up", "step(-1)", "Previous", id="compare-previous", priority=True),
        Binding("space,enter", "act('choose')", "Choose", id="compare-choose", priority=True),
        Binding("c", "act('copy')", "Copy style", id="compare-copy"),
        Binding("n", "act('notes')", "Notes", id="compare-notes"),
        *[Binding(str(n), f"rate({n})", f"Rate {n}", show=False, id=f"compare-rate-{n}") for n in range(6)],
    ]

    def __init__(self, editor: Any, highlighted: str) -> None:
        super().__init__()
        self.editor = editor
        ids = self._ids()
        chosen = editor.doc.song.chosen_candidate()
        # the highlighted candidate on the right, against the chosen one (or the one before it)
        other = chosen.id if chosen and chosen.id != highlighted else \
            ids[ids.index(highlighted) - 1] if ids.index(highlighted) > 0 else ids[1]
        self.sides = [other, highlighted]
        self.active = 1

    def _ids(self) -> list[str]:
        return [c.id for c in self.editor.doc.song.candidates]

    def compose(self) -> ComposeResult:
        yield Static(id="compare-title")
        with Horizontal(id="compare-sides"):
            yield VerticalScroll(Static(id="compare-left"), id="compare-left-side", classes="compare-side")
            yield VerticalScroll(Static(id="compare-right"), id="compare-right-side", classes="compare-side")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.show()

    def on_screen_resume(self) -> None:
        self.show()  # back from the notes dialog

    def show(self) -> None:
        song = self.editor.doc.song
        ids = self._ids()
        self.sides = [s if s in ids else ids[0] for s in self.sides]
        by_id = {c.id: c for c in song.candidates}
        left, right = compare(by_id[self.sides[0]], by_id[self.sides[1]])
        self.query_one("#compare-left", Static).update(left)
        self.query_one("#compare-right", Static).update(right)
        for index, side in enumerate(("#compare-left-side", "#compare-right-side")):
            self.query_one(side).set_class(index == self.active, "-active")
        title = Text(" Compare candidates  ", "bold")
        title.append(f"{self.sides[0]}  ↔  {self.sides[1]}", "bold")
        title.append("   keys (0–5 rate) act on the highlighted side · ", "dim")
        title.append("≠", "bold yellow")
        title.append(" marks what differs", "dim")
        self.query_one("#compare-title", Static).update(title)

    def action_switch_side(self) -> None:
        self.active = 1 - self.active
        self.show()

    def action_step(self, step: int) -> None:
        ids = self._ids()
        here = ids.index(self.sides[self.active])
        self.sides[self.active] = ids[(here + step) % len(ids)]
        self.show()

    def action_act(self, action: str) -> None:
        self.editor.row_action(f"c:{self.sides[self.active]}", action)
        self.show()

    def action_rate(self, value: int) -> None:
        self.editor.row_action(f"c:{self.sides[self.active]}", "rate", value)
        self.show()
