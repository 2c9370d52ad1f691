"""The action registry: one entry per user action, with a stable binding id.

Bindings, the command palette and the help screen are all built from :data:`ACTIONS`, so they
cannot drift apart. Users remap keys by id in the ``keymap:`` section of the songsmith config
file (applied with ``App.set_keymap``); the ids never change once released.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class ActionSpec:
    id: str  # stable binding id, the key of the user's keymap
    keys: str  # default keys, comma-separated alternatives
    action: str  # the Textual action on its scope (screen or app)
    description: str
    scope: str = "editor"  # editor | library | app
    show: bool = True  # in the footer
    group: str = "Song"
    priority: bool = True  # screen bindings win over the focused widget's (the lyrics editor)
    short: str = ""  # the footer's label (default: the description up to a colon)


ACTIONS: tuple[ActionSpec, ...] = (
    # app-wide
    ActionSpec("help", "f1", "help", "Help: keys and actions", "app", group="App", short="Help"),
    ActionSpec("quit", "ctrl+q", "quit", "Quit (asks about unsaved changes)", "app", group="App",
               short="Quit"),
    # the editor
    ActionSpec("save", "ctrl+s", "save", "Save the song (atomic)", short="Save"),
    ActionSpec("undo", "ctrl+z", "undo", "Undo", show=False, group="Edit"),
    ActionSpec("redo", "ctrl+y", "redo", "Redo", show=False, group="Edit"),
    ActionSpec("generate", "ctrl+g", "generate", "Map style: generate N style candidates", group="Style",
               short="Generate"),
    ActionSpec("cancel-job", "escape", "cancel_job", "Cancel the running job", show=False, group="Style",
               priority=False),
    ActionSpec("arrange", "ctrl+r", "arrange", "Re-arrange the lyrics from the poem", group="Style",
               short="Arrange"),
    ActionSpec("analyse", "ctrl+t", "analyse", "Analyse: pinyin, 平仄, rhyme, lint", group="Style",
               short="Analyse"),
    ActionSpec("export", "ctrl+o", "export", "Render/export to a format or target", short="Export"),
    ActionSpec("copy", "f3", "copy", "Copy a target's text to the clipboard", short="Copy"),
    ActionSpec("open-editor", "f2", "open_editor", "Open the current section in $EDITOR", group="Edit",
               short="$EDITOR"),
    ActionSpec("next-section", "alt+down", "next_section", "Next section", show=False, group="Edit"),
    ActionSpec("prev-section", "alt+up", "prev_section", "Previous section", show=False, group="Edit"),
    ActionSpec("focus-lyrics", "f4", "focus_pane('lyrics')", "Go to the lyrics", show=False, group="Panes"),
    ActionSpec("show-source", "f5", "focus_pane('source')", "Show the source poem", show=False, group="Panes"),
    ActionSpec("show-style", "f8", "focus_pane('style')", "Show the style", show=False, group="Panes"),
    ActionSpec("show-candidates", "f9", "focus_pane('candidates')", "Show candidates and takes",
               show=False, group="Panes"),
    ActionSpec("focus-outline", "f10", "focus_pane('outline')", "Go to the section outline", show=False,
               group="Panes"),
    ActionSpec("close", "ctrl+b", "close", "Back to the library", show=False, group="App"),
    # the candidates table (widget scope: only while it has focus)
    ActionSpec("choose", "space,enter", "choose", "Choose / unchoose the row", "candidates", group="Candidates",
               short="Choose"),
    ActionSpec("rate-0", "0", "rate(0)", "Clear the rating", "candidates", show=False, group="Candidates"),
    ActionSpec("rate-1", "1", "rate(1)", "Rate 1", "candidates", show=False, group="Candidates"),
    ActionSpec("rate-2", "2", "rate(2)", "Rate 2", "candidates", show=False, group="Candidates"),
    ActionSpec("rate-3", "3", "rate(3)", "Rate 3", "candidates", show=False, group="Candidates"),
    ActionSpec("rate-4", "4", "rate(4)", "Rate 4", "candidates", show=False, group="Candidates"),
    ActionSpec("rate-5", "5", "rate(5)", "Rate 5", "candidates", show=False, group="Candidates"),
    ActionSpec("notes", "n", "notes", "Edit the row's notes", "candidates", group="Candidates",
               short="Notes"),
    ActionSpec("audio", "a", "audio", "Set a take's audio file", "candidates", group="Candidates",
               short="Audio"),
    ActionSpec("delete-row", "delete", "delete_row", "Delete the row", "candidates", show=False,
               group="Candidates"),
    # the library
    ActionSpec("open", "enter", "open", "Open the song", "library", group="Library", short="Open"),
    ActionSpec("refresh", "ctrl+r", "refresh", "Rescan the folder", "library", group="Library", short="Rescan"),
)

BY_ID = {spec.id: spec for spec in ACTIONS}


def bindings(scope: str, *, priority: bool = False) -> list[Binding]:
    return [
        Binding(spec.keys, spec.action, spec.short or spec.description.split(":")[0], show=spec.show, id=spec.id,
                priority=priority and spec.priority)
        for spec in ACTIONS
        if spec.scope == scope
    ]


def palette_actions(scopes: tuple[str, ...]) -> list[ActionSpec]:
    """What the command palette offers in these scopes (widget-only actions excluded)."""
    return [spec for spec in ACTIONS if spec.scope in scopes]


def keys_for(spec: ActionSpec, keymap: dict[str, str]) -> str:
    return keymap.get(spec.id, spec.keys)
