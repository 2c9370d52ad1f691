"""How candidates and takes read in the editor: table cells, full details, two candidates compared.

Rich text only (no Textual): the tables, the detail under them and the compare screen use these.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from rich.text import Text

from songsmith.document.model import STYLE_PARTS, Candidate, Take

#: The fields of a candidate's style, as shown: (attribute, label).
CANDIDATE_FIELDS = (("style", "prompt"),) + tuple((name, name.replace("_bpm", "").replace("_", " "))
                                                  for name in STYLE_PARTS)


def stars(rating: int | None) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating else "·"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def loudness(lufs: float | None) -> str:
    return f"{lufs:.1f}" if lufs is not None else "?"


def value_text(value: object) -> str:
    if value is None or value == []:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def candidate_detail(candidate: Candidate) -> Text:
    """Everything a candidate says: its whole style, where it came from, rating and notes."""
    out = Text()
    out.append(f"{candidate.id}", "bold")
    out.append(f"  {stars(candidate.rating)}")
    if candidate.chosen:
        out.append("  ✓ chosen", "green")
    origin = " · ".join(part for part in (candidate.target, candidate.backend) if part)
    if origin:
        out.append(f"  ({origin})", "dim")
    for name, label in CANDIDATE_FIELDS:
        text = value_text(getattr(candidate, name))
        if text:
            out.append(f"\n{label}: ", "dim")
            out.append(text)
    if not candidate.has_parts():
        out.append("\n(a prompt only: choosing it keeps no genre, instruments or tempo)", "dim italic")
    if candidate.notes:
        out.append("\nnotes: ", "dim")
        out.append(candidate.notes, "italic")
    return out


def take_file(song_path: str | Path, take: Take) -> Path | None:
    from songsmith.audio.takes import take_audio_path

    return take_audio_path(song_path, take.audio) if take.audio else None


def take_detail(take: Take, song_path: str | Path) -> Text:
    out = Text()
    out.append(take.id, "bold")
    out.append(f"  {stars(take.rating)}")
    if take.chosen:
        out.append("  ✓ chosen", "green")
    out.append(f"\nlength {duration(take.duration_s)}")
    if take.sample_rate:
        out.append(f" · {take.sample_rate / 1000:g} kHz")
    out.append(f" · {loudness(take.loudness_lufs)} LUFS")
    if take.audio:
        out.append("\nfile: ", "dim")
        out.append(take.audio)
        path = take_file(song_path, take)
        if path is not None and not path.is_file():
            out.append("  (file missing)", "bold red")
    if take.url:
        out.append("\nurl: ", "dim")
        out.append(take.url)
    if take.candidate:
        out.append(f"\nfrom candidate {take.candidate}", "dim")
    if take.style:
        out.append("\nstyle: ", "dim")
        out.append(take.style)
    if take.notes:
        out.append("\nnotes: ", "dim")
        out.append(take.notes, "italic")
    return out


_WORD = re.compile(r"\S+|\s+")


def _diff_words(mine: str, theirs: str, style: str) -> Text:
    """``mine`` with the words ``theirs`` does not have in ``style``."""
    a, b = _WORD.findall(mine), _WORD.findall(theirs)
    out = Text()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        out.append("".join(a[i1:i2]), "" if tag == "equal" else style)
    return out


def compare(left: Candidate, right: Candidate) -> tuple[Text, Text]:
    """The two candidates' full styles, field by field: a field that differs is marked, and in
    the prompt the words only one side has are coloured (red on the left, green on the right)."""
    sides = (Text(), Text())
    for out, me, other in ((sides[0], left, right), (sides[1], right, left)):
        out.append(me.id, "bold")
        out.append(f"  {stars(me.rating)}")
        if me.chosen:
            out.append("  ✓ chosen", "green")
        origin = " · ".join(part for part in (me.target, me.backend) if part)
        out.append(f"\n{origin}\n" if origin else "\n", "dim")
    colours = ("bold red", "bold green")
    for name, label in CANDIDATE_FIELDS:
        values = (value_text(getattr(left, name)), value_text(getattr(right, name)))
        if not any(values):
            continue  # neither says anything about it
        differs = values[0] != values[1]
        for index, out in enumerate(sides):
            out.append(f"\n{'≠ ' if differs else '  '}{label}\n", "bold yellow" if differs else "dim")
            if name == "style" and differs:
                out.append_text(_diff_words(values[index], values[1 - index], colours[index]))
            else:
                out.append(values[index] or "—", "" if values[index] else "dim")
            out.append("\n")
    for out, me in zip(sides, (left, right)):
        if not me.has_parts():
            out.append("\n(a prompt only: choosing it keeps no genre, instruments or tempo)\n", "dim italic")
        out.append("\nnotes\n", "dim")
        out.append(me.notes or "—", "italic" if me.notes else "dim")
    return sides
