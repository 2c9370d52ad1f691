"""A song's sections as blocks with the target's labels, written as ``[Label]`` lyrics and checked."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Song
from songsmith.targets.data import target_data
from songsmith.targets.text import clean_line


def tag_table(target: str) -> tuple[dict[str, str | None], str]:
    entry = target_data("tags.yaml")[target]
    return dict(entry["labels"]), str(entry["fallback"])


@dataclass
class Block:
    """One section ready for rendering: canonical kind, number, descriptor and cleaned lines.

    ``lines`` hold lyric and backing lines and ``""`` stanza breaks (never at either end, never
    two in a row); cues such as ``[......?]`` are gone.
    """

    kind: str
    number: int | None
    descriptor: str | None
    lines: list[str]
    tag: str | None = None

    @property
    def sung(self) -> list[str]:
        return [line for line in self.lines if line]

    @property
    def instrumental(self) -> bool:
        return not self.sung


def song_blocks(song: Song, warnings: list[str] | None = None) -> list[Block]:
    """The song's sections as :class:`Block` objects (G1, G4, G5)."""
    blocks: list[Block] = []
    for section in song.sections:
        lines: list[str] = []
        for raw in section.lines:
            kind = line_kind(raw)
            if kind == "cue":
                continue
            if kind == "break":
                if lines and lines[-1] != "":
                    lines.append("")
                continue
            if ("[" in raw or "]" in raw) and warnings is not None:
                warnings.append(f"removed square brackets inside the lyric line {raw!r} "
                                "(some models cut the line there)")
            line = clean_line(raw)
            if line:
                lines.append(line)
        while lines and lines[-1] == "":
            lines.pop()
        descriptor = section.descriptor
        if section.kind == "custom":
            descriptor = None
        blocks.append(Block(section.kind, section.number, descriptor and clean_line(descriptor) or None,
                            lines, section.tag))
    return blocks


def is_instrumental(blocks: list[Block]) -> bool:
    return all(b.instrumental for b in blocks)


def map_blocks(blocks: list[Block], target: str, warnings: list[str]) -> list[tuple[str, Block]]:
    """(label, block) pairs with the target's labels; instrumental blocks without a label are
    dropped (named in a warning); sung blocks without a label take the fallback label."""
    labels, fallback = tag_table(target)
    out: list[tuple[str, Block]] = []
    dropped: list[str] = []
    for block in blocks:
        label = labels.get(block.kind)
        if label is None:
            if block.instrumental:
                dropped.append(block.tag or block.kind)
                continue
            label = fallback
        out.append((label, block))
    # Dropped sections held no words (the target has no label for an instrumental passage):
    # nothing sung is lost, so this is by design, documented in docs/targets.md, not a warning.
    return out


def merge_trailing_instrumentals(pairs: list[tuple[str, Block]]) -> list[tuple[str, Block]]:
    """Collapse consecutive empty sections with the same label ([Outro] [Fade Out] -> one)."""
    out: list[tuple[str, Block]] = []
    for label, block in pairs:
        if out and block.instrumental and out[-1][1].instrumental and out[-1][0] == label:
            continue
        out.append((label, block))
    return out


def bracket_lyrics(pairs: list[tuple[str, Block]]) -> str:
    """``[Label]`` then the section's lines, a blank line between sections."""
    return "\n\n".join("\n".join([f"[{label}]", *block.lines]) for label, block in pairs)


#: A line that is a section tag, ``[Verse 1]``; the group is the text between the brackets.
TAG_LINE = re.compile(r"^\[([^\[\]]*)\]$")


def check_tag_lines(lyrics: str, err: Callable[..., None], allowed: Collection[str] | None = None) -> None:
    """The rule every bracket-tag target shares: a tag line names one of ``allowed`` labels (when
    given), and no lyric line holds a square bracket (G5)."""
    for number, line in enumerate(lyrics.split("\n"), 1):
        tag = TAG_LINE.match(line)
        if tag and allowed is not None and tag.group(1) not in allowed:
            err("tag", f"lyrics line {number}: [{tag.group(1)}] is not one of {sorted(allowed)}")
        elif not tag and ("[" in line or "]" in line):
            err("bracket", f"lyrics line {number}: square bracket inside a lyric line")
