"""Analysis of an Esperanto song or poem: per line syllables, stress, metre and rhyme; per
stanza the syllable pattern and rhyme scheme; warnings where a line breaks its stanza's pattern.

Entry points: :func:`analyse_text` (plain text, stanzas separated by blank lines),
:func:`analyse_song` (a :class:`songsmith.document.model.Song`, sung lines of each section) and
:func:`syllable_sheet` (what a lyric sheet shows). The JSON shape is documented in
docs/esperanto.md.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from songsmith.esperanto.orthography import Normalised, normalise
from songsmith.esperanto.prosody import (
    LineProsody,
    analyse_line,
    rhyme_scheme,
    song_metre,
)

if TYPE_CHECKING:
    from songsmith.document.model import Song


@dataclass
class EoLine:
    number: int  # 1-based among the analysed lines
    original: str  # as the user wrote it
    prosody: LineProsody
    stanza: int  # 1-based
    section: str | None = None  # the section's label in a song file
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.prosody.text

    def to_json(self) -> dict[str, Any]:
        p = self.prosody
        out: dict[str, Any] = {
            "text": p.text,
            "syllables": p.syllables,
            "stress": p.stress,
            "pattern": p.pattern,
            "metre": p.metre,
            "rhyme": p.rhyme,
            "ending": p.ending,
            "stanza": self.stanza,
            "section": self.section,
            "warnings": self.warnings,
        }
        if self.original != p.text:
            out["original"] = self.original
        return out


@dataclass
class EoStanza:
    number: int
    section: str | None
    lines: list[EoLine]

    @property
    def counts(self) -> list[int]:
        return [line.prosody.syllables for line in self.lines]

    @property
    def scheme(self) -> str:
        return rhyme_scheme([line.prosody.rhyme for line in self.lines])

    def to_json(self) -> dict[str, Any]:
        return {"stanza": self.number, "section": self.section, "syllables": self.counts,
                "rhyme_scheme": self.scheme}


@dataclass
class EoAnalysis:
    title: str | None
    author: str | None
    system: str
    stanzas: list[EoStanza]
    metre: str | None
    metre_lines: int
    orthography: Normalised | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def lines(self) -> list[EoLine]:
        return [line for stanza in self.stanzas for line in stanza.lines]

    @property
    def pattern(self) -> list[int]:
        """The syllable counts of the commonest stanza shape (for "12/9 alternating")."""
        shapes = Counter(tuple(s.counts) for s in self.stanzas if s.lines)
        return list(shapes.most_common(1)[0][0]) if shapes else []

    def to_json(self) -> dict[str, Any]:
        undecided = self.orthography.undecided if self.orthography else []
        return {
            "title": self.title,
            "author": self.author,
            "language": "eo",
            "spelling": self.system,
            "metre": self.metre,
            "metre_lines": self.metre_lines,
            "pattern": self.pattern,
            "lines": [line.to_json() for line in self.lines],
            "stanzas": [s.to_json() for s in self.stanzas],
            "undecided": [{"line": d.line, "word": d.word, "reading": d.result, "status": d.status,
                           "alternatives": list(d.alternatives)} for d in undecided],
            "warnings": self.warnings,
        }


def _stanza_warnings(stanzas: list[EoStanza]) -> None:
    """Compare stanzas of the same shape (section kind, line count) position by position; a
    lone stanza is compared with itself (a line off a count held by ≥ 75 % of its lines)."""
    groups: dict[tuple[str | None, int], list[EoStanza]] = {}
    for stanza in stanzas:
        kind = re.sub(r"[\s\d]+$", "", stanza.section or "").lower() or None
        groups.setdefault((kind, len(stanza.lines)), []).append(stanza)
    for (_, size), group in groups.items():
        if len(group) >= 2:
            for pos in range(size):
                counts = Counter(s.lines[pos].prosody.syllables for s in group)
                (top, freq), *rest = counts.most_common()
                if rest and rest[0][1] == freq:
                    continue  # no majority: nothing to measure against
                for s in group:
                    line = s.lines[pos]
                    if line.prosody.syllables != top:
                        line.warnings.append(
                            f"{line.prosody.syllables} syllables where the other stanzas have {top} "
                            f"(line {pos + 1} of the stanza)")
        else:
            stanza = group[0]
            if size < 4:
                continue
            counts = Counter(stanza.counts)
            top, freq = counts.most_common(1)[0]
            if freq / size >= 0.75 and freq < size:
                for line in stanza.lines:
                    if line.prosody.syllables != top:
                        line.warnings.append(
                            f"{line.prosody.syllables} syllables where the stanza has {top}")


def analyse_stanzas(stanzas: list[tuple[str | None, list[str]]], *, title: str | None = None,
                    author: str | None = None, system: str | None = None) -> EoAnalysis:
    """Analyse lines grouped in stanzas: ``[(section label or None, [line, …]), …]``.

    Lines are in any spelling (Unicode, x- or h-system); they are normalised together (one
    spelling system for the whole text) and each line keeps its original.
    """
    originals = [line for _, lines in stanzas for line in lines]
    view = normalise("\n".join(originals), system)
    normal = view.text.split("\n") if originals else []
    out: list[EoStanza] = []
    index = 0
    for number, (label, lines) in enumerate(stanzas, start=1):
        stanza = EoStanza(number, label, [])
        for original in lines:
            prosody = analyse_line(normal[index])
            index += 1
            stanza.lines.append(EoLine(index, original, prosody, number, label))
        out.append(stanza)
    _stanza_warnings(out)
    all_lines = [line.prosody for s in out for line in s.lines]
    metre, agreeing = song_metre(all_lines)
    warnings = view.warnings()
    for s in out:
        for line in s.lines:
            warnings.extend(f"line {line.number}: {w}" for w in line.warnings)
    return EoAnalysis(title, author, view.system, out, metre, agreeing, view, warnings)


def split_stanzas(text: str) -> list[list[str]]:
    """Blank-line separated stanzas of non-empty, stripped lines."""
    stanzas: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            if stanzas[-1]:
                stanzas.append([])
            continue
        stanzas[-1].append(line)
    return [s for s in stanzas if s]


def analyse_text(text: str, *, title: str | None = None, author: str | None = None) -> EoAnalysis:
    """Analyse plain verse: stanzas are separated by blank lines."""
    return analyse_stanzas([(None, s) for s in split_stanzas(text)], title=title, author=author)


def song_stanzas(song: Song) -> list[tuple[str | None, list[str]]]:
    """Sung lines of each section, split at stanza breaks (cues and backing vocals left out)."""
    from songsmith.document.lyrics.text import line_kind

    out: list[tuple[str | None, list[str]]] = []
    for section in song.sections:
        current: list[str] = []
        for line in section.lines:
            kind = line_kind(line)
            if kind == "break":
                if current:
                    out.append((section.label, current))
                current = []
            elif kind == "lyric":
                current.append(line)
        if current:
            out.append((section.label, current))
    if not out and song.source and song.source.text:
        out = [(None, s) for s in split_stanzas(song.source.text)]
    return out


def analyse_song(song: Song) -> EoAnalysis:
    author = song.source.author if song.source else None
    return analyse_stanzas(song_stanzas(song), title=song.title, author=author)


class SheetLine(NamedTuple):
    """One row of a lyric sheet: the line (Unicode), its syllable count, stressed syllables."""

    line: str
    syllables: int
    stress: list[int]


def syllable_sheet(song: Song | str) -> list[SheetLine]:
    """``[(line, syllables, stress), …]`` for every sung line of a song (or of plain text).

    ``stress`` holds 1-based syllable positions, as in ``analyze --json``. A sheet can print
    e.g. ``En la MON-don VE-nis NO-va SEN-to  (10)`` with
    :func:`songsmith.esperanto.prosody.syllabify`, or use :func:`marked_line`.
    """
    analysis = analyse_text(song) if isinstance(song, str) else analyse_song(song)
    return [SheetLine(line.text, line.prosody.syllables, list(line.prosody.stress)) for line in analysis.lines]


def marked_line(line: str) -> str:
    """The line with its stressed syllables in capitals and syllables hyphenated:
    ``En la MON-don VE-nis NO-va SEN-to``."""
    from songsmith.esperanto.prosody import syllabify, words_of

    out = []
    for word in words_of(line):
        pieces = syllabify(word.text)
        if word.stress is not None and len(pieces) >= word.stress:
            pieces[word.stress - 1] = pieces[word.stress - 1].upper()
        out.append("-".join(pieces))
    return " ".join(out)


# --- the corpus text format --------------------------------------------------------------
@dataclass
class EoText:
    title: str | None
    author: str | None
    text: str
    header: dict[str, str] = field(default_factory=dict)


def parse_eo_text(raw: str, name: str | None = None) -> EoText:
    """Read ``# title | author: … | year: … | source: …`` then the verse (the corpus format, read
    by :mod:`songsmith.document.formats.plaintext`); without a ``#`` header the whole file is verse and
    the title is ``name``."""
    from songsmith.document.formats.plaintext import split_header

    raw = raw.lstrip("\ufeff")
    header, body = split_header(raw)
    if header is None:
        return EoText(name, None, raw.replace("\r\n", "\n").strip("\n"))
    fields = dict(header.fields)
    if header.author:
        fields["author"] = header.author
    return EoText(header.title or name, header.author, body.strip("\n"), fields)


def load_eo_text(path: str | Path) -> EoText:
    path = Path(path)
    from songsmith.document.yamlio import read_text

    return parse_eo_text(read_text(path), path.stem)


@dataclass(frozen=True)
class StatedMetre:
    """A row of SOURCES.md: the line count, the syllable counts and metre it states."""

    file: str
    title: str
    lines: int
    counts: tuple[int, ...]
    metre: str | None
    text: str


def parse_sources_table(markdown: str) -> dict[str, StatedMetre]:
    """The table of ``SOURCES.md`` (file | title | author | year | sung? | lines | syllables)."""
    from songsmith.esperanto.prosody import METRE_ALIASES

    out: dict[str, StatedMetre] = {}
    for row in markdown.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 7 or not cells[0].endswith(".txt"):
            continue
        syllables = cells[6]
        numbers = tuple(int(n) for n in re.findall(r"\d+", re.sub(r"\d+(st|nd|rd|th)\b", "", syllables)))
        metre = None
        for cell in (syllables, cells[4]):
            for word in re.findall(r"[a-z]+", cell.lower()):
                if word in METRE_ALIASES:
                    metre = METRE_ALIASES[word]
                    break
            if metre:
                break
        out[cells[0]] = StatedMetre(cells[0], cells[1], int(cells[5]), numbers, metre, syllables)
    return out
