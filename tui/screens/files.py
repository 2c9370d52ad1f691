"""Picking an audio file for a new take: a path to type (relative to the song's folder, or
absolute, ``~`` works) or a folder tree showing only folders and audio files. A path that is not
an audio file is refused in the dialog, which stays open; the file is measured once picked."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label, Static

from songsmith.audio import AUDIO_EXTENSIONS


def audio_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a take's audio file (None when it can be tried)."""
    if not path.exists():
        return f"no such file: {path}"
    if path.is_dir():
        return f"{path} is a folder; pick an audio file in it"
    if path.suffix.lower() not in AUDIO_EXTENSIONS:
        return f"{path.name} is not an audio file ({', '.join(AUDIO_EXTENSIONS[:5])} …)"
    if not os.access(path, os.R_OK):
        return f"{path.name} cannot be read (permissions)"
    return None


class AudioTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")
                and (p.is_dir() or p.suffix.lower() in AUDIO_EXTENSIONS)]


class AudioPicker(ModalScreen[Path | None]):
    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="picker-cancel")]

    def __init__(self, folder: Path, *, title: str = "Add a take") -> None:
        super().__init__()
        self.folder, self.title_text = folder, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog picker"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(placeholder="path of an audio file (mp3, wav, flac, ogg, m4a …)", id="picker-path")
            yield Static("", id="picker-error")
            yield AudioTree(self.folder, id="picker-tree")
            yield Static(Text("enter adds · tab to the folders · esc cancels", "dim"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#picker-path", Input).focus()

    def _resolve(self, text: str) -> Path:
        path = Path(text.strip()).expanduser()
        return path if path.is_absolute() else self.folder / path

    def _try(self, path: Path) -> None:
        problem = audio_problem(path)
        if problem:
            self.query_one("#picker-error", Static).update(Text(problem, "bold red"))
            return
        self.dismiss(path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self._try(self._resolve(event.value))

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#picker-path", Input).value = str(event.path)
        self._try(Path(event.path))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
