"""Import and export of lyric formats: pure functions between text and a :class:`Song`.

One module per format, registered here by name. Modules load lazily, only when used.

* an importer is ``(text: str, name: str) -> Converted`` (``Converted.song`` is set);
* an exporter is ``(song: Song) -> Converted`` (``Converted.text`` is set).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.document.model import Song


@dataclass
class Converted:
    """What a conversion produced, and what it had to drop or guess."""

    song: Song | None = None
    text: str | None = None
    warnings: list[str] = field(default_factory=list)
    lyrics_line: int | None = None  # import: the file line (1-based) where the lyrics text begins


IMPORTERS: dict[str, str] = {
    "tagged": "songsmith.document.formats.tagged:import_tagged",
    "text": "songsmith.document.formats.plaintext:import_text",
    "chordpro": "songsmith.document.formats.chordpro:import_chordpro",
}

EXPORTERS: dict[str, str] = {
    "tagged": "songsmith.document.formats.tagged:export_tagged",
    "chordpro": "songsmith.document.formats.chordpro:export_chordpro",
    "lrc": "songsmith.document.formats.lrc:export_lrc",
}

#: The usual file extension of each format.
EXTENSIONS: dict[str, str] = {"tagged": ".txt", "chordpro": ".cho", "lrc": ".lrc"}


def _load(table: dict[str, str], name: str, what: str) -> Callable[..., Any]:
    if name not in table:
        raise UsageError(f"unknown {what} format '{name}'; known: {', '.join(table)}")
    module_name, attribute = table[name].split(":")
    return getattr(importlib.import_module(module_name), attribute)  # type: ignore[no-any-return]


def get_importer(name: str) -> Callable[[str, str], Converted]:
    return _load(IMPORTERS, name, "import")


def get_exporter(name: str) -> Callable[[Song], Converted]:
    return _load(EXPORTERS, name, "export")
