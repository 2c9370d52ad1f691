"""The right-hand panes: source poem and style (fields, counters, lint); the tables are in ``tables``."""

from __future__ import annotations

from rich.text import Text
from songsmith_tui.services.limits import counter, limits_for
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from songsmith.document.model import Song

LEVEL_STYLE = {"ok": "green", "near": "yellow", "over": "bold red"}

#: Style fields shown as inputs: (field, label, placeholder).
STYLE_FIELDS = (
    ("prompt", "Prompt", "the style prompt pasted into the model"),
    ("exclude", "Exclude", "styles to avoid"),
    ("genre", "Genre", "comma-separated"),
    ("mood", "Mood", "comma-separated"),
    ("instruments", "Instruments", "comma-separated"),
    ("vocal", "Vocal", "e.g. female, clear, gentle"),
    ("tempo_bpm", "Tempo (bpm)", "20–400"),
    ("key", "Key", "e.g. D minor"),
    ("language_tag", "Language tag", "e.g. Mandarin"),
)


def field_text(song: Song, name: str) -> str:
    value = getattr(song.style, name)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def parse_field(name: str, text: str) -> object:
    """The value a style field takes from its input text (ValueError when it cannot)."""
    text = text.strip()
    if name == "tempo_bpm":
        return int(text) if text else None
    if name in ("genre", "mood", "instruments"):
        return [part.strip() for part in text.split(",") if part.strip()]
    return text or None


class SourcePane(VerticalScroll):
    def compose(self) -> ComposeResult:
        yield Static("Analysing…", id="source-text")

    def show(self, content: Text | str) -> None:
        self.query_one("#source-text", Static).update(content)


class StylePane(VerticalScroll):
    """Inputs for the style fields, live counters against the targets' limits, lint warnings."""

    def __init__(self, targets: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.targets = targets

    def compose(self) -> ComposeResult:
        yield Static(id="counters")
        yield Static(id="lint")
        for name, label, placeholder in STYLE_FIELDS:
            with Horizontal(classes="field"):
                yield Label(label, classes="field-label")
                yield Input(placeholder=placeholder, id=f"style-{name}", classes="style-input", compact=True)

    def on_mount(self) -> None:
        arrived = getattr(self.screen, "pane_mounted", None)
        if arrived is not None:
            arrived(self)

    def load(self, song: Song) -> None:
        for name, _, _ in STYLE_FIELDS:
            widget = self.query_one(f"#style-{name}", Input)
            text = field_text(song, name)
            if widget.value != text and not (widget.has_focus and _same(name, widget.value, text)):
                widget.value = text
            widget.remove_class("-invalid")

    def show_counters(self, song: Song, lyrics_chars: int) -> None:
        style_chars = len(song.style.prompt or "")
        out = Text()
        for target in self.targets:
            limits = limits_for(target)
            out.append(f"{target:<10}", "bold")
            if limits is None:
                out.append(f" style {style_chars} · lyrics {lyrics_chars} (no known limits)\n", "dim")
                continue
            text, level = counter(style_chars, limits.style)
            out.append(" style ")
            out.append(text, LEVEL_STYLE[level])
            text, level = counter(lyrics_chars, limits.lyrics)
            out.append(" · lyrics ")
            out.append(text, LEVEL_STYLE[level])
            out.append("\n")
        exclude = len(song.style.exclude or "")
        out.append(f"exclude {exclude} chars", "dim")
        widget = self.query_one("#counters", Static)
        lines = out.plain.count("\n")
        widget.update(out, layout=lines != getattr(widget, "_lines", None))
        widget._lines = lines  # type: ignore[attr-defined]

    def show_lint(self, issues: list[tuple[str, str]]) -> None:
        out = Text()
        if not issues:
            out.append("✓ no lint warnings", "green")
        for severity, message in issues:
            mark, style = {"error": ("✗", "bold red"), "warning": ("⚠", "yellow")}.get(severity, ("·", "dim"))
            out.append(f"{mark} {message}\n", style)
        self.query_one("#lint", Static).update(out)


def _same(name: str, typed: str, stored: str) -> bool:
    try:
        return parse_field(name, typed) == parse_field(name, stored)
    except ValueError:
        return False
