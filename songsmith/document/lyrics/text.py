"""Parse and format tagged lyrics.

Grammar, line by line (after newline normalisation and stripping):

* ``[text]`` whose inner text has a letter starts a section (see :func:`parse_tag`).
  A tag followed by lyrics on the same line (``[Chorus] la la``) starts the section and
  keeps the rest as its first line.
* ``[......?]`` (brackets without a letter) is a *cue*: kept as a line, never sung.
* ``(…)`` wholly in parentheses is a backing-vocal line.
* A blank line before a tag ends a section; a blank line before text is a stanza break
  inside the section (stored as ``""``).
* Text before the first tag forms an untagged head section (``tag is None``).

``format_lyrics(parse_lyrics(text))`` keeps every line and every tag's text, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from songsmith.document.lyrics.tags import INSTRUMENTAL_KINDS, label_for, parse_tag

_TAG_LINE = re.compile(r"^\[([^\[\]\n]*)\](.*)$")


class Section(BaseModel):
    """One section of a song: ``[Verse 1 Climb]`` and its lines."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(description="canonical kind (verse, chorus, …), 'custom' or 'untagged'")
    number: int | None = None
    descriptor: str | None = None
    tag: str | None = Field(
        default=None, description="the tag's text as written, without brackets; None if untagged"
    )
    lines: list[str] = Field(default_factory=list, description='lines; "" marks a stanza break')
    # Where the tag and each line were in the parsed text (1-based), when parsed from text.
    _tag_line: int | None = PrivateAttr(default=None)
    _line_numbers: list[int] = PrivateAttr(default_factory=list)

    def source_line(self, index: int) -> int | None:
        """1-based line in the parsed text of ``lines[index]`` (None if not parsed from text)."""
        if index < len(self._line_numbers):
            return self._line_numbers[index]
        return None

    @property
    def tag_line(self) -> int | None:
        return self._tag_line

    @computed_field  # type: ignore[prop-decorator]
    @property
    def backing(self) -> list[str]:
        """Backing-vocal lines (wholly in parentheses)."""
        return [line for line in self.lines if line_kind(line) == "backing"]

    @property
    def label(self) -> str:
        """The tag text to write: the user's own, or the canonical label."""
        if self.tag is not None:
            return self.tag
        return label_for(self.kind, self.number, self.descriptor)

    @property
    def sung_lines(self) -> list[str]:
        """Lyric lines a singer sings (no cues, no stanza breaks, no backing vocals)."""
        return [line for line in self.lines if line_kind(line) == "lyric"]

    @property
    def is_instrumental_kind(self) -> bool:
        return self.kind in INSTRUMENTAL_KINDS

    def canonical(self) -> Section:
        """The same section with its tag rewritten in canonical form (``[verse 1]`` → ``Verse 1``)."""
        if self.kind in ("custom", "untagged") or self.descriptor == self.tag:
            return self.model_copy()  # unknown, or read from a keyword: the user's words stay
        return self.model_copy(update={"tag": label_for(self.kind, self.number, self.descriptor)})


@dataclass(frozen=True)
class LyricsIssue:
    """Something worth telling the user about the lyrics; ``line`` is 1-based within the text."""

    line: int
    severity: str  # "warning" or "error"
    code: str
    message: str


def line_kind(line: str) -> str:
    """Classify a stored line: ``break`` (""), ``cue`` ([…] without letters), ``backing``, ``lyric``."""
    if not line:
        return "break"
    if line.startswith("[") and line.endswith("]") and not any(c.isalpha() for c in line):
        return "cue"
    if line.startswith("(") and line.endswith(")") and len(line) >= 2:
        return "backing"
    return "lyric"


def _is_tag(stripped: str) -> re.Match[str] | None:
    match = _TAG_LINE.match(stripped)
    if match is None:
        return None
    if not any(c.isalpha() for c in match.group(1)):
        return None  # a cue such as [......?]
    return match


def normalise_newlines(text: str) -> str:
    # U+FEFF (a BOM, or a zero-width no-break space pasted mid-text) is invisible and never
    # meant: drop it everywhere, not only at the start, or a stray one at the start of a line
    # would become the file's first character after formatting and vanish on the next read.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")


def parse_lyrics(text: str) -> tuple[list[Section], list[LyricsIssue]]:
    """Parse tagged lyrics into sections, with the issues found on the way."""
    sections: list[Section] = []
    issues: list[LyricsIssue] = []
    current: Section | None = None
    numbers: list[int] = []  # the section's line numbers (a private attribute: slow to reach each time)
    pending_break = False

    for number, raw in enumerate(normalise_newlines(text).split("\n"), start=1):
        stripped = raw.strip()
        if not stripped:
            pending_break = current is not None and bool(current.lines)
            continue
        match = _is_tag(stripped)
        if match is not None:
            inner, rest = match.group(1), match.group(2).strip()
            info = parse_tag(inner)
            current = Section(
                kind=info.kind, number=info.number, descriptor=info.descriptor, tag=inner.strip()
            )
            current._tag_line = number
            numbers = current._line_numbers
            sections.append(current)
            pending_break = False
            if info.how == "unknown":
                issues.append(
                    LyricsIssue(number, "warning", "unknown-tag",
                                f"unknown tag [{inner.strip()}] kept as written")
                )
            elif info.how == "typo":
                issues.append(
                    LyricsIssue(number, "warning", "tag-typo",
                                f"tag [{inner.strip()}]: read '{info.matched}' as {info.kind}")
                )
            if rest:
                current.lines.append(rest)
                numbers.append(number)
            continue
        if current is None:
            current = Section(kind="untagged")
            current._tag_line = number
            numbers = current._line_numbers
            sections.append(current)
            issues.append(
                LyricsIssue(number, "warning", "text-before-tag", "lyrics before the first section tag")
            )
        if pending_break:
            current.lines.append("")
            numbers.append(number - 1)
            pending_break = False
        current.lines.append(stripped)
        numbers.append(number)
        if stripped.count("(") != stripped.count(")"):
            issues.append(
                LyricsIssue(number, "warning", "unbalanced-parens", "unbalanced parentheses")
            )
    return sections, issues


def format_lyrics(sections: list[Section], *, canonical_tags: bool = False) -> str:
    """Write sections as tagged text: one tag per line, a blank line between sections."""
    blocks: list[str] = []
    for section in sections:
        if canonical_tags:
            section = section.canonical()
        lines: list[str] = []
        body = list(section.lines)
        if section.kind != "untagged" or section.tag is not None:
            tag_line = f"[{section.label}]"
            if body and _is_tag(body[0]) is not None:
                # "[Chorus] [Female Vocal]": the inline text would read as a tag of its own on
                # its own line, so it stays on the tag's line, as it was written.
                tag_line += " " + body.pop(0)
            lines.append(tag_line)
        lines.extend(body)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n" if blocks else ""
