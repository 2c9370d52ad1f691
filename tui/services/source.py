"""The source pane's content: the original poem with pinyin, 平仄 and rhyme marks (Rich text).

Chinese verse goes through :func:`songsmith.poetry.analysis.analyse_text`; Esperanto through
:mod:`songsmith.esperanto.analysis`. Nothing here imports Textual.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from songsmith.document.model import Song
from songsmith.errors import SongsmithError
from songsmith.language import is_cjk

TONE_STYLE = {"平": "bold green", "仄": "bold red", "?": "dim"}


def source_text(song: Song) -> tuple[str, str]:
    """(text, where it came from): the source poem, else the sung lines of the lyrics."""
    if song.source and song.source.text and song.source.text.strip():
        return song.source.text, "source"
    lines = [line for s in song.sections for line in s.sung_lines]
    return "\n".join(lines), "lyrics"


def _header(song: Song, form: str | None) -> Text:
    src = song.source
    out = Text()
    out.append((src.title if src and src.title else song.title) or "", "bold")
    if src and src.author:
        out.append(f" — {src.author}")
        if src.dynasty:
            out.append(f" ({src.dynasty})", "dim")
    if form:
        out.append(f" · {form}", "italic")
    out.append("\n")
    return out


def chinese_view(song: Song, text: str, analysis: Any) -> Text:
    rhyme = analysis.rhyme or {}
    feet = {foot["line"]: foot for foot in rhyme.get("feet", [])}
    scheme = rhyme.get("scheme") or ""
    out = _header(song, analysis.form)
    group = rhyme.get("group")
    out.append(f"rhyme: {group or '—'} ({rhyme.get('system', '')}) scheme {scheme or '—'}\n\n", "dim")
    for number, line in enumerate(analysis.lines, 1):
        letter = scheme[number - 1] if number - 1 < len(scheme) else "x"
        out.append(line.text, "bold")
        if number in feet:
            out.append(f"  ◎{letter}", "bold magenta")
        out.append("\n  ")
        out.append(" ".join(line.pinyin), "cyan")
        out.append("\n  ")
        for tone in line.tones:
            out.append(tone, TONE_STYLE.get(tone, ""))
        out.append("\n")
    if analysis.warnings:
        out.append("\n")
        for warning in analysis.warnings[:8]:
            out.append(f"⚠ {warning}\n", "yellow")
    return out


def esperanto_view(song: Song, text: str) -> Text:
    """Each sung line with its syllables hyphenated and the stressed ones in capitals."""
    from songsmith.esperanto.analysis import (
        analyse_song,
        analyse_text,
        marked_line,
        syllable_sheet,
    )

    out = _header(song, None)
    try:
        analysis = analyse_song(song) if song.sections else analyse_text(text)
        rows = syllable_sheet(song if song.sections else text)
    except SongsmithError as exc:
        out.append(f"Esperanto analysis failed: {exc.message}\n\n", "yellow")
        out.append(text)
        return out
    out.append(f"metre: {analysis.metre or '?'}\n\n", "dim")
    for row in rows:
        out.append(f"{row.line}", "bold")
        out.append(f"  ({row.syllables})\n", "dim")
        out.append("  " + marked_line(row.line) + "\n", "cyan")
    return out


def render_source(song: Song) -> Text:
    """The whole source pane (blocking: may load pypinyin and OpenCC)."""
    text, origin = source_text(song)
    if not text.strip():
        return Text("No source text and no lyrics yet.", style="dim")
    if (song.language or "").startswith("eo"):
        return esperanto_view(song, text)
    if sum(1 for c in text if is_cjk(c)) >= max(4, len(text.strip()) // 4):
        from songsmith.poetry.analysis import analyse_text

        author = song.source.author if song.source else None
        form = song.source.form if song.source else None
        view = chinese_view(song, text, analyse_text(text, title=song.title, author=author, form=form))
        if origin == "lyrics":
            view.append("\n(from the lyrics: this song has no source poem)\n", "dim")
        return view
    view = _header(song, None)
    view.append(text)
    return view
