"""The lyrics editor (a TextArea that colours tags, cues and backing vocals) and its outline."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList, TextArea
from textual.widgets._text_area import TextAreaTheme
from textual.widgets.option_list import Option

from songsmith.document.lyrics.tags import parse_tag

_TAG = re.compile(r"^(\s*)\[([^\[\]\n]*)\]")
_PARENS = re.compile(r"\([^()]*\)")

TAG, UNKNOWN, BACKING, CUE = "songsmith.tag", "songsmith.unknown-tag", "songsmith.backing", "songsmith.cue"
SYNTAX = {
    TAG: Style(color="#c678dd", bold=True),
    UNKNOWN: Style(color="#e5c07b", bold=True, underline=True),
    BACKING: Style(color="#56b6c2", italic=True),
    CUE: Style(color="#7f848e", italic=True),
}


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))


@lru_cache(maxsize=4096)
def line_highlights(line: str) -> tuple[tuple[int, int, str], ...]:
    """(start byte, end byte, highlight name) for one line of tagged lyrics."""
    match = _TAG.match(line)
    if match:
        inner = match.group(2)
        start, end = _bytes(match.group(1)), _bytes(match.group(0))
        if not any(c.isalpha() for c in inner):
            return ((start, end, CUE),)
        name = UNKNOWN if parse_tag(inner).how == "unknown" else TAG
        return ((start, end, name),)
    return tuple((_bytes(line[:m.start()]), _bytes(line[:m.end()]), BACKING) for m in _PARENS.finditer(line))


def tag_rows(lines: list[str]) -> list[tuple[int, str]]:
    """(row, tag text) of every section tag line."""
    rows = []
    for row, line in enumerate(lines):
        match = _TAG.match(line)
        if match and any(c.isalpha() for c in match.group(2)):
            rows.append((row, match.group(2).strip()))
    return rows


def section_bounds(lines: list[str], row: int) -> tuple[int, int]:
    """(first row, last row + 1) of the section holding ``row``, the tag line included."""
    tags = [r for r, _ in tag_rows(lines)]
    start = max((r for r in tags if r <= row), default=0)
    end = min((r for r in tags if r > row), default=len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def songsmith_theme(base: TextAreaTheme | None) -> TextAreaTheme:
    base = base or TextAreaTheme(name="css")
    return replace(base, name="songsmith", syntax_styles={**base.syntax_styles, **SYNTAX})


class LyricsArea(TextArea):
    """Tagged lyrics, highlighted line by line (no tree-sitter grammar needed)."""

    BINDINGS = [
        Binding("ctrl+home", "document_edge(False)", "Start of the lyrics", show=False),
        Binding("ctrl+end", "document_edge(True)", "End of the lyrics", show=False),
        Binding("ctrl+shift+home", "document_edge(False, True)", "Select to the start", show=False),
        Binding("ctrl+shift+end", "document_edge(True, True)", "Select to the end", show=False),
    ]

    def action_document_edge(self, end: bool, select: bool = False) -> None:
        self.move_cursor(self.document.end if end else (0, 0), select=select)

    def on_mount(self) -> None:
        # Textual keys its line cache on the matching bracket: with "(ooh)" lines, every key press
        # would re-render every visible line. Lyrics do not need bracket matching.
        self.match_cursor_bracket = False
        theme = songsmith_theme(TextAreaTheme.get_builtin_theme("css"))
        self.register_theme(theme)
        self.theme = "songsmith"
        self._build_highlight_map()

    _previous: list[str] | None = None

    def find_matching_bracket(self, bracket: str, search_from: tuple[int, int]) -> None:  # type: ignore[override]
        return None  # see on_mount: no bracket matching, so the line cache survives typing

    def _build_highlight_map(self) -> None:
        """Highlights per line; after an edit that kept the line count, only the changed lines
        are re-rendered (Textual's TextArea would re-render every visible line on each key)."""
        lines = self.document.lines
        previous, self._previous = self._previous, list(lines)
        highlights = self._highlights
        if previous is None or len(previous) != len(lines) or self.soft_wrap:
            self._line_cache.clear()
            highlights.clear()
            changed: list[int] = list(range(len(lines)))
        else:
            changed = [row for row, (old, new) in enumerate(zip(previous, lines)) if old != new]
            if changed:
                rows = set(changed)
                for key in [k for k in self._line_cache.keys() if k[2] in rows]:
                    self._line_cache.discard(key)
        for row in changed:
            found = line_highlights(lines[row])
            if found:
                highlights[row] = list(found)
            else:
                highlights.pop(row, None)

    @property
    def current_row(self) -> int:
        return self.cursor_location[0]

    def go_to_row(self, row: int) -> None:
        self.move_cursor((row, 0))
        self.scroll_cursor_visible(center=False, animate=False)


def _short(tag: str, width: int = 14) -> str:
    return tag if len(tag) <= width else tag[: width - 1] + "…"


class Outline(OptionList):
    """The sections, in order; selecting one moves the lyrics cursor to its tag."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._rows: list[tuple[int, str]] = []

    def show(self, rows: list[tuple[int, str]]) -> None:
        if rows == self._rows:
            return
        self._rows = rows
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(Text(_short(tag)), id=f"row-{row}") for row, tag in rows])
        if highlighted is not None and rows:
            self.highlighted = min(highlighted, len(rows) - 1)

    def row_of(self, index: int) -> int:
        return self._rows[index][0]

    @property
    def rows(self) -> list[tuple[int, str]]:
        return list(self._rows)
