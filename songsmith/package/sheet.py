"""The human side of a package: ``lyrics.md`` and the printable ``sheet.html`` (pinyin ruby)."""

from __future__ import annotations

import html
import re
from typing import Any

from songsmith import __version__
from songsmith.document.model import Song
from songsmith.targets.base import Options


def _fence(text: str) -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    return f"{ticks}text\n{text.rstrip()}\n{ticks}"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", " ".join(text.split()))


def lyrics_markdown(song: Song) -> str:
    parts = [f"# {_md(song.title)}", ""]
    source = song.source
    if source:
        byline = " · ".join(_md(x) for x in (source.dynasty, source.author, source.title, source.form,
                                               source.collection) if x)
        if byline:
            parts += [byline, ""]
    if song.style.prompt or song.style.genre:
        from songsmith.targets.base import style_prompt

        parts += [f"**Style:** {_md(style_prompt(song, Options()))}", ""]
    if source and source.text:
        parts += ["## Original", "", _fence(source.text), ""]
    parts += ["## Lyrics", "", _fence(song.lyrics or "(no lyrics yet)"), ""]
    for language in sorted(song.translations):
        parts += [f"## Lyrics ({_md(language)})", "", _fence(song.translation_lyrics(language)), ""]
    if song.candidates:
        parts += ["## Candidate styles", ""]
        parts += [f"{i}. {_md(c.style or '')} ({_md(c.id)})" for i, c in enumerate(song.candidates, 1)]
        parts.append("")
    return "\n".join(parts)


_CSS = """
body { font-family: "Noto Serif CJK SC", "Songti SC", serif; max-width: 40em; margin: 2em auto;
       padding: 0 1em; color: #111; line-height: 1.6; }
h1 { font-size: 2em; margin-bottom: 0.2em; }
.byline { color: #444; margin-top: 0; }
.lines p { font-size: 1.6em; margin: 0.2em 0; }
ruby { margin: 0 0.12em; }
ruby rt { font-size: 0.5em; color: #333; font-family: sans-serif; }
.lines p.translation { font-size: 1em; font-style: italic; color: #444; font-family: sans-serif; }
h2 { font-size: 1.1em; color: #444; border-bottom: 1px solid #ccc; }
h3 { font-size: 1em; color: #666; margin: 1.2em 0 0.2em; text-transform: none; }
.backing { color: #555; font-style: italic; }
.style { background: #f4f4f4; padding: 0.6em; border-radius: 4px; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } section { break-inside: avoid; } }
"""


_RUBY_CELLS: dict[tuple[str, str | None], str] = {}


def ruby_html(line: str, row: list[tuple[str | None, str | None]] | None) -> str:
    """The line's HTML, each Han character that has a reading as ``<ruby>``; ``row`` holds
    (classical reading, pypinyin's) per character, as :func:`songsmith.targets.chinese.poem_readings` gives."""
    from songsmith.language import is_cjk

    if not row or len(row) != len(line):
        return html.escape(line)
    cells = _RUBY_CELLS
    out = []
    for char, (chosen, _) in zip(line, row):
        cell = cells.get((char, chosen))
        if cell is None:
            if chosen and is_cjk(char):
                cell = f"<ruby>{html.escape(char)}<rt>{html.escape(chosen)}</rt></ruby>"
            else:
                cell = html.escape(char)
            if len(cells) < 200_000:  # a few thousand characters × their readings, in practice
                cells[(char, chosen)] = cell
        out.append(cell)
    return "".join(out)


def _mirrored_translations(song: Song) -> dict[str, list[Any]]:
    """Translations that mirror the lyrics section for section (others are left off the sheet)."""
    return {language: sections for language, sections in sorted(song.translations.items())
            if len(sections) == len(song.sections) and not song.translation_mismatches(language)}


def sheet_html(song: Song, *, checked: str = "") -> str:
    """A printable lyric sheet: title, source, original text and lyrics with pinyin, style;
    ``checked`` is a line saying which upstream code the open-model packages were checked against."""
    from songsmith.document.lyrics.text import line_kind
    from songsmith.language import has_cjk
    from songsmith.targets.base import style_prompt
    from songsmith.targets.chinese import poem_readings

    e = html.escape
    source = song.source
    original = [x.strip() for x in (source.text or "").splitlines() if x.strip()] if source else []
    sung = [line for s in song.sections for line in s.lines if line_kind(line) in ("lyric", "backing")]
    chinese = any(has_cjk(x) for x in original + sung)
    rows = poem_readings(original, sung) if chinese else {}
    made: dict[str, str] = {}  # verses and choruses repeat their lines: each is made once

    def ruby(line: str) -> str:
        found = made.get(line)
        if found is None:
            found = made[line] = ruby_html(line, rows.get(line))
        return found

    lang = song.language or ("zh" if chinese else "")
    body = [f"<h1>{e(song.title)}</h1>"]
    if source:
        byline = " · ".join(e(x) for x in (source.dynasty, source.author, source.title, source.form) if x)
        if byline:
            body.append(f'<p class="byline">{byline}</p>')
    if original:
        body.append("<h2>Original 原文</h2>")
        body.append('<div class="lines">' + "".join(f"<p>{ruby(x)}</p>" for x in original)
                    + "</div>")
    if song.sections:
        body.append("<h2>Lyrics 歌词</h2>")
        mirrored = _mirrored_translations(song)
        for index, section in enumerate(song.sections):
            lines = [x for x in section.lines if line_kind(x) in ("lyric", "backing")]
            if not lines:
                continue  # an instrumental passage: nothing to read or sing along to
            label = section.label if section.kind != "untagged" else ""
            chunk = [f"<h3>{e(label)}</h3>"] if label else []
            for x in lines:
                cls = ' class="backing"' if line_kind(x) == "backing" else ""
                chunk.append(f"<p{cls}>{ruby(x)}</p>")
            for language, sections in mirrored.items():  # bilingual songs: the translation beneath
                chunk.extend(f'<p class="translation" lang="{e(language)}">{e(x)}</p>'
                             for x in sections[index].lines if line_kind(x) in ("lyric", "backing"))
            body.append('<section class="lines">' + "".join(chunk) + "</section>")
    prompt = style_prompt(song, Options())
    if prompt:
        body.append("<h2>Style 风格</h2>")
        body.append(f'<p class="style">{e(prompt)}</p>')
    if song.candidates:
        body.append("<ol>" + "".join(f"<li>{e(c.style or '')}</li>" for c in song.candidates) + "</ol>")
    body.append(f'<p class="byline">songsmith {e(__version__)}</p>')
    if checked:
        body.append(f'<p class="byline">{e(checked)}</p>')
    return (f'<!DOCTYPE html>\n<html lang="{e(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(song.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


# A simple arrangement for poems -----------------------------------------------------------------
