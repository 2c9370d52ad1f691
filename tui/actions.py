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
    scope: str = "editor"  # editor | library | app, or the tables: "candidates", "takes" (space-separated)
    show: bool = True  # in the footer
    group: str = "Song"
    priority: bool = True  # screen bindings win over the focused widget's (the lyrics editor)
    short: str = ""  # the footer's label (default: the description up to a colon)
    rank: int = 50  # the footer's order: lower first, so a narrow footer keeps the keys that matter most


#: The keys shown on the tabs of the side pane (F-keys are otherwise easy to miss).
PANE_KEYS = {"source": "show-source", "style": "show-style", "candidates": "show-candidates",
             "takes": "show-takes"}

ACTIONS: tuple[ActionSpec, ...] = (
    # app-wide
    ActionSpec("help", "f1", "help", "Help: keys and actions", "app", group="App", short="Help", rank=0),
    ActionSpec("quit", "ctrl+q", "quit", "Quit (asks about unsaved changes)", "app", group="App",
               short="Quit", rank=30),
    # the editor
    ActionSpec("save", "ctrl+s", "save", "Save the song (atomic)", short="Save", rank=1),
    ActionSpec("undo", "ctrl+z", "undo", "Undo", group="Edit", short="Undo", rank=20),
    ActionSpec("redo", "ctrl+y", "redo", "Redo", group="Edit", short="Redo", rank=40),
    ActionSpec("generate", "ctrl+g", "generate", "Map style: generate N style candidates", group="Style",
               short="Generate", rank=21),
    ActionSpec("cancel-job", "escape", "cancel_job", "Cancel the running job", show=False, group="Style",
               priority=False),
    ActionSpec("arrange", "ctrl+r", "arrange", "Re-arrange the lyrics from the poem", group="Style",
               short="Arrange", rank=41),
    ActionSpec("analyse", "ctrl+t", "analyse", "Analyse: pinyin, 平仄, rhyme, lint", group="Style",
               short="Analyse", rank=44),
    ActionSpec("export", "ctrl+o", "export", "Render/export to a format or target", short="Export", rank=22),
    ActionSpec("copy", "f3", "copy", "Copy a target's text to the clipboard", short="Copy", rank=42),
    ActionSpec("open-editor", "f2", "open_editor", "Open the current section in $EDITOR", group="Edit",
               short="$EDITOR", rank=45),
    ActionSpec("next-section", "alt+down", "next_section", "Next section", show=False, group="Edit"),
    ActionSpec("prev-section", "alt+up", "prev_section", "Previous section", show=False, group="Edit"),
    ActionSpec("focus-lyrics", "f4", "focus_pane('lyrics')", "Go to the lyrics", show=False, group="Panes"),
    ActionSpec("show-source", "f5", "focus_pane('source')", "Show the source poem", show=False, group="Panes"),
    ActionSpec("show-takes", "f6", "focus_pane('takes')", "Show the takes: add, play, choose", show=False,
               group="Panes"),
    ActionSpec("show-style", "f8", "focus_pane('style')", "Show the style", show=False, group="Panes"),
    ActionSpec("show-candidates", "f9", "focus_pane('candidates')", "Show the style candidates",
               show=False, group="Panes"),
    ActionSpec("focus-outline", "f10", "focus_pane('outline')", "Go to the section outline (shows it when "
               "the screen is narrow)", show=False, group="Panes"),
    ActionSpec("close", "ctrl+b", "close", "Back to the library", group="App", short="Library", rank=23),
    # the candidates and takes tables (widget scope: only while one has focus)
    ActionSpec("choose", "space,enter", "choose", "Choose / unchoose the row", "candidates takes",
               group="Candidates and takes", short="Choose", rank=2),
    ActionSpec("rate-0", "0", "rate(0)", "Clear the rating", "candidates takes", show=False,
               group="Candidates and takes"),
    ActionSpec("rate-1", "1", "rate(1)", "Rate 1", "candidates takes", show=False, group="Candidates and takes"),
    ActionSpec("rate-2", "2", "rate(2)", "Rate 2", "candidates takes", show=False, group="Candidates and takes"),
    ActionSpec("rate-3", "3", "rate(3)", "Rate 3", "candidates takes", show=False, group="Candidates and takes"),
    ActionSpec("rate-4", "4", "rate(4)", "Rate 4", "candidates takes", show=False, group="Candidates and takes"),
    ActionSpec("rate-5", "5", "rate(5)", "Rate 5", "candidates takes", show=False, group="Candidates and takes"),
    ActionSpec("notes", "n", "notes", "Edit the row's notes", "candidates takes", group="Candidates and takes",
               short="Notes", rank=6),
    ActionSpec("delete-row", "delete", "delete_row", "Delete the row", "candidates takes", show=False,
               group="Candidates and takes"),
    ActionSpec("compare", "v", "compare", "Compare two candidates side by side (full text, notes)",
               "candidates", group="Candidates and takes", short="Compare", rank=3),
    ActionSpec("copy-candidate", "c", "copy_row", "Copy the highlighted candidate's style prompt",
               "candidates", group="Candidates and takes", short="Copy style", rank=4),
    ActionSpec("add-take", "a", "add_take", "Add a take: pick an audio file", "takes",
               group="Candidates and takes", short="Add", rank=3),
    ActionSpec("play", "p", "play", "Play / stop the take", "takes", group="Candidates and takes",
               short="Play/stop", rank=4),
    ActionSpec("audio", "e", "audio", "Set a take's audio file path", "takes", show=False,
               group="Candidates and takes"),
    ActionSpec("generate-takes", "g", "generate_takes", "Generate takes for the chosen candidate "
               "(songsmith generate)", "takes", group="Candidates and takes", short="Gen takes", rank=7),
    # the library
    ActionSpec("open", "enter", "open", "Open the song", "library", group="Library", short="Open", rank=2),
    ActionSpec("new-song", "ctrl+n", "new_song", "New song file (from the template)", "library",
               group="Library", short="New", rank=3),
    ActionSpec("render", "r", "render", "Render the highlighted poem into a song", "library",
               group="Library", short="Render", rank=4),
    ActionSpec("batch", "b", "batch", "Batch: every poem of the folder into packages", "library",
               group="Library", short="Batch", rank=5),
    ActionSpec("refresh", "ctrl+r", "refresh", "Rescan the folder", "library", group="Library", short="Rescan",
               rank=6),
    ActionSpec("cancel-run", "escape", "cancel_run", "Cancel the running render or batch", "library",
               show=False, group="Library"),
)

BY_ID = {spec.id: spec for spec in ACTIONS}


def bindings(scope: str, *, priority: bool = False) -> list[Binding]:
    return [
        Binding(spec.keys, spec.action, spec.short or spec.description.split(":")[0], show=spec.show, id=spec.id,
                priority=priority and spec.priority)
        for spec in ACTIONS
        if scope in spec.scope.split()
    ]


def palette_actions(scopes: tuple[str, ...]) -> list[ActionSpec]:
    """What the command palette offers in these scopes (widget-only actions excluded)."""
    return [spec for spec in ACTIONS if spec.scope in scopes]


def rank_of(binding_id: str | None) -> int:
    spec = BY_ID.get(binding_id or "")
    return spec.rank if spec is not None else 60


def keys_for(spec: ActionSpec, keymap: dict[str, str]) -> str:
    return keymap.get(spec.id, spec.keys)
