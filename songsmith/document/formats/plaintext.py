"""Plain-text lyrics or a poem without section tags, with an optional header line::

    # La Espero | author: L. L. Zamenhof (1859-1917) | year: 1890 | source: https://…

    En la mondon venis nova sento,
    …

The header (one line starting with ``#``) gives the title, then ``key: value`` fields; an
unkeyed second field is the author; the author's life dates in parentheses are dropped. Without
a header, a short unpunctuated first line standing alone is the title, else the file's name.
Stanzas are separated by blank lines. The text becomes a poem-shaped song (its source text,
no lyrics yet: ``songsmith render`` arranges it); the other header fields go into its notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from songsmith.document.formats import Converted
from songsmith.document.lyrics.text import normalise_newlines
from songsmith.document.model import Song, Source
from songsmith.language import guess_language

_LIFE_DATES = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass
class Header:
    """What a ``# title | author: … | …`` line says."""

    title: str | None = None
    author: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # the other ``key: value`` parts, keys lower case
    others: list[str] = field(default_factory=list)  # unkeyed parts after the author

    def notes(self) -> str | None:
        lines = [f"{key}: {value}" for key, value in self.fields.items() if key not in ("language",)]
        lines += self.others
        return "\n".join(lines) + "\n" if lines else None


def split_header(text: str) -> tuple[Header | None, str]:
    """The header (None when the text has none) and the text after it."""
    lines = normalise_newlines(text).split("\n")
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if start == len(lines) or not lines[start].lstrip().startswith("#"):
        return None, text
    parts = [p.strip() for p in lines[start].strip().lstrip("#").split("|")]
    header = Header(title=parts[0] or None)
    for index, part in enumerate(parts[1:], 1):
        key, sep, value = part.partition(":")
        if sep and key.strip().replace(" ", "").isalpha():
            name = key.strip().lower()
            if name in ("author", "by"):
                header.author = _LIFE_DATES.sub("", value.strip()) or None
            elif name == "title":
                header.title = value.strip() or header.title
            else:
                header.fields[name] = value.strip()
        elif index == 1 and header.author is None:
            header.author = _LIFE_DATES.sub("", part) or None
        elif part:
            header.others.append(part)
    return header, "\n".join(lines[start + 1:])


def _title_line(body: str) -> str | None:
    """A first line standing alone before a blank line, short and unpunctuated: the title."""
    first, _, rest = body.partition("\n")
    if rest.startswith("\n") and rest.strip() and len(first.strip()) <= 60 and not re.search(r"[,.;:!?]$", first.strip()):
        return first.strip()
    return None


def stanzas_text(body: str) -> str:
    """The text with its lines' trailing spaces gone and runs of blank lines made one."""
    blocks = [block.strip("\n") for block in re.split(r"\n[ \t]*\n", "\n".join(line.rstrip() for line in body.split("\n")))
              if block.strip()]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def import_text(text: str, name: str) -> Converted:
    header, body = split_header(text)
    body = normalise_newlines(body).strip("\n")
    title = header.title if header and header.title else None
    if title is None:
        title = _title_line(body)
        if title is not None:
            body = body.split("\n", 1)[1]
    title = title or Path(name).stem.replace("_", " ") or "untitled"
    verse = stanzas_text(body)
    language = (header.fields.get("language") if header else None) or guess_language(verse)
    song = Song(title=title, language=language,
                source=Source(title=title, author=header.author if header else None, text=verse or None),
                notes=header.notes() if header else None)
    warnings = [] if verse else [f"{name}: no text after the header"]
    return Converted(song=song, warnings=warnings)
