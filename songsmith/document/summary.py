"""Human-readable summary of a song (``songsmith show``)."""

from __future__ import annotations

from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Candidate, Song


def song_summary(song: Song, *, shape: str = "song") -> str:
    out: list[str] = [song.title]
    meta = [f"language {song.language}" if song.language else None, shape if shape != "song" else None]
    if any(meta):
        out[0] += "  (" + ", ".join(m for m in meta if m) + ")"
    source = song.source
    if source:
        by = " · ".join(x for x in (source.dynasty, source.author, source.form, source.collection) if x)
        title = f"《{source.title}》" if source.title else ""
        if by or title:
            out.append(f"source: {title}{' ' if title and by else ''}{by}")
        if source.text and shape == "poem":
            out.extend("  " + line for line in source.text.strip().splitlines())
    style = song.style
    if style.prompt:
        out.append(f"style: {style.prompt}  [{len(style.prompt)} chars]")
    parts = [
        ("genre", ", ".join(style.genre)), ("mood", ", ".join(style.mood)),
        ("instruments", ", ".join(style.instruments)), ("vocal", style.vocal),
        ("tempo", f"{style.tempo_bpm} bpm" if style.tempo_bpm else None), ("key", style.key),
        ("exclude", style.exclude), ("language tag", style.language_tag),
    ]
    for name, value in parts:
        if value:
            out.append(f"  {name}: {value}")
    if song.sections:
        lyrics = song.lyrics
        out.append(f"lyrics: {len(song.sections)} sections, "
                   f"{sum(len(s.sung_lines) for s in song.sections)} sung lines, {len(lyrics)} chars")
        for section in song.sections:
            label = f"[{section.label}]" if section.kind != "untagged" else "(before the first tag)"
            kinds = [line_kind(line) for line in section.lines]
            detail = f"{kinds.count('lyric')} lines"
            if kinds.count("backing"):
                detail += f", {kinds.count('backing')} backing"
            first = next((line for line in section.lines if line_kind(line) == "lyric"), "")
            out.append(f"  {label:<28} {section.kind:<12} {detail:<16} {first[:30]}")
    if song.candidates:
        chosen = [c.id for c in song.candidates if c.chosen]
        out.append(f"candidates: {len(song.candidates)}" + (f", chosen {', '.join(chosen)}" if chosen else "")
                   + " (`songsmith choose FILE ID` makes one the song's style)")
        for candidate in song.candidates:
            out.extend(_candidate_lines(candidate))
    if song.takes:
        chosen = [t.id for t in song.takes if t.chosen]
        out.append(f"takes: {len(song.takes)}" + (f", chosen {', '.join(chosen)}" if chosen else ""))
    if song.notes:
        out.append("notes: " + song.notes.strip().splitlines()[0][:60])
    return "\n".join(out)


def _candidate_lines(candidate: Candidate) -> list[str]:
    marks = [candidate.backend or "?"]
    if candidate.target:
        marks.append(f"for {candidate.target}")
    if candidate.rating is not None:
        marks.append(f"rated {candidate.rating}/5")
    star = "*" if candidate.chosen else " "
    lines = [f" {star} {candidate.id}  ({', '.join(marks)}{', chosen' if candidate.chosen else ''})",
             f"      {candidate.style or '(no prompt)'}"]
    parts = [f"{candidate.tempo_bpm} bpm" if candidate.tempo_bpm else None, candidate.key,
             f"vocal {candidate.vocal}" if candidate.vocal else None,
             f"exclude {candidate.exclude}" if candidate.exclude else None]
    if any(parts):
        lines.append("      " + "; ".join(p for p in parts if p))
    if candidate.notes:
        lines.extend(f"      why: {line}" for line in candidate.notes.strip().splitlines())
    return lines
