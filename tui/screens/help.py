"""The help screen: every action with its id and current keys (the user's keymap applied)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from songsmith_tui.actions import ACTIONS, keys_for
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def help_table(keymap: dict[str, str]) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("keys", style="bold cyan", no_wrap=True)
    table.add_column("action")
    table.add_column("id (for keymap:)", style="dim", no_wrap=True)
    groups = list(dict.fromkeys(spec.group for spec in ACTIONS))
    for group in groups:
        table.add_row(f"[bold]{group}[/]", "", "")
        for spec in ACTIONS:
            if spec.group == group:
                table.add_row(Text(keys_for(spec, keymap)), Text(spec.description), Text(spec.id))
    return table


class HelpScreen(ModalScreen):  # type: ignore[type-arg]
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close", id="help-close")]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("songsmith — keys (ctrl+p: command palette; remap in the config's keymap:)",
                         classes="dialog-title")
            yield Static(help_table(self.keymap))
