"""Small modal dialogs: a question with buttons, a choice from a list, a line of input, export."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class _Dialog(ModalScreen):  # type: ignore[type-arg]
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="dialog-cancel")]

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


def hint(text: str) -> Static:
    """The dialog's keys, in one dim line under it."""
    return Static(Text(text, "dim"), classes="dialog-hint")


def shortcut_label(label: str) -> Text:
    """The button's label with its key (the first letter) underlined."""
    return Text.assemble((label[0], "bold underline"), label[1:])


class ConfirmDialog(_Dialog):
    """A question and buttons; dismisses with the chosen button's key (first letter works too)."""

    def __init__(self, question: str, choices: list[tuple[str, str]], *, title: str = "") -> None:
        super().__init__()
        self.question, self.choices, self.title_text = question, choices, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            if self.title_text:
                yield Label(Text(self.title_text), classes="dialog-title")
            yield Label(Text(self.question), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                for index, (key, label) in enumerate(self.choices):
                    yield Button(shortcut_label(label), id=f"choice-{key}",
                                 variant="primary" if index == 0 else "default")
            letters = " / ".join(f"{label[0].lower()} {label}" for _, label in self.choices)
            yield hint(f"keys: {letters} · esc cancels")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def on_key(self, event) -> None:  # type: ignore[no-untyped-def]
        for key, label in self.choices:
            if event.character and event.character.lower() == label[0].lower():
                event.stop()
                self.dismiss(key)
                return


class ChoiceDialog(_Dialog):
    """Pick one of several options; dismisses with its id (None when cancelled)."""

    def __init__(self, title: str, options: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text, self.options = title, options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(label, id=key) for key, label in self.options], id="choices")
            yield hint("↑↓ pick · enter takes it · esc cancels")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


class InputDialog(_Dialog):
    """One line of text (``note``: a few words about it, wrapped under the title); dismisses with
    it (None when cancelled)."""

    def __init__(self, title: str, value: str = "", placeholder: str = "", note: str = "",
                 enter: str = "keeps it") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder, self.note = title, value, placeholder, note
        self.enter = enter

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title dialog-question")
            if self.note:
                yield Label(Text(self.note, "dim"), classes="dialog-question dialog-note")
            yield Input(self.value, placeholder=self.placeholder, id="dialog-input")
            yield hint(f"enter {self.enter} · esc cancels")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)


class ExportDialog(_Dialog):
    """Choose a format or target, then a file path (pre-filled beside the song). The file field
    stays in view on a small screen: the list of formats scrolls instead."""

    def __init__(self, formats: list[str], defaults: dict[str, str]) -> None:
        super().__init__()
        self.formats, self.defaults = formats, defaults
        self.chosen: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog export"):
            yield Label("Export to…", classes="dialog-title")
            yield OptionList(*[Option(name, id=name) for name in self.formats], id="formats")
            yield Label("File, or folder for a target (enter writes; it asks before replacing):")
            yield Input(id="export-path", disabled=True, compact=True)
            yield hint("↑↓ format · enter picks it, then enter writes · esc cancels")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.chosen = event.option.id
        path = self.query_one("#export-path", Input)
        path.disabled = False
        path.value = self.defaults.get(self.chosen or "", "")
        path.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.chosen and event.value.strip():
            self.dismiss((self.chosen, event.value.strip()))
