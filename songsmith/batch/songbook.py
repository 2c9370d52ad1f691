"""``OUT/songbook.html``: every song of a batch, browsable and printable, from the file system.

Per song: title, author, the poem with pinyin as ``<ruby>``, the style prompt(s) with copy buttons,
links to the package's files (lyric sheet, lyrics.md, manifest, each target's files) and the
status; failed poems are listed with their error. No server, no network: CSS and JS are inline,
links are relative, every value is HTML-escaped. Collections of more than :data:`PAGE_SIZE` songs
are split into ``OUT/songbook/part-NNN.html`` pages that ``songbook.html`` lists.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from songsmith.batch.state import State
from songsmith.document.writer import write_text_atomic

PAGE_SIZE = 500

_CSS = """
:root { --ink: #1a1a1a; --muted: #666; --line: #ddd; --accent: #8a2c1b; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; color: var(--ink);
       max-width: 56em; margin: 0 auto; padding: 1em 1.2em 4em; line-height: 1.5; }
header h1 { margin: 0.2em 0; font-size: 2em; }
.summary { color: var(--muted); }
.takes .take { display: flex; align-items: center; gap: 0.5em; margin: 0.2em 0; }
nav.toolbar { position: sticky; top: 0; background: #fff; padding: 0.5em 0; border-bottom: 1px solid var(--line);
              z-index: 2; }
nav.toolbar input { width: 100%; font-size: 1em; padding: 0.4em; }
.toc { font-family: sans-serif; margin: 0.5em 0; }
.toc summary { cursor: pointer; color: var(--muted); }
.toc nav { columns: 3 14em; font-size: 0.95em; font-family: serif; }
.toc a { color: var(--ink); }
article.song { border-bottom: 1px solid var(--line); padding: 1em 0 1.2em; }
article.song h2 { margin: 0; font-size: 1.5em; }
article.song h2 a.anchor { color: inherit; text-decoration: none; }
.byline { color: var(--muted); margin: 0.1em 0 0.6em; }
.status { font-family: sans-serif; font-size: 0.75em; padding: 0.1em 0.5em; border-radius: 1em;
          vertical-align: middle; margin-left: 0.5em; }
.status.done { background: #e3f1e3; color: #1d5c1d; }
.status.failed { background: #fbe3e0; color: #8a1d12; }
.poem p { font-size: 1.45em; margin: 0.15em 0; letter-spacing: 0.05em; }
ruby { margin: 0 0.12em; }
ruby rt { font-size: 0.5em; color: #444; font-family: sans-serif; letter-spacing: 0; }
.prompts { margin: 0.6em 0; }
.prompt { display: flex; gap: 0.5em; align-items: flex-start; margin: 0.3em 0; }
.prompt code { flex: 1; background: #f5f3ef; padding: 0.35em 0.5em; border-radius: 4px; white-space: pre-wrap;
               font-family: ui-monospace, monospace; font-size: 0.85em; }
.prompt .label { font-family: sans-serif; font-size: 0.75em; color: var(--muted); min-width: 4.5em; padding-top: 0.4em; }
button.copy { font-size: 0.8em; padding: 0.25em 0.7em; cursor: pointer; }
.files { font-family: sans-serif; font-size: 0.85em; }
.files a { margin-right: 0.6em; }
.files .target { color: var(--muted); margin-right: 0.3em; }
.error { color: #8a1d12; font-family: sans-serif; }
.hidden { display: none; }
@media print {
  nav.toolbar, button.copy, .toc, .files { display: none; }
  body { max-width: none; padding: 0; }
  article.song { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

_JS = """
function copyText(text, button) {
  function done() { var old = button.textContent; button.textContent = 'Copied'; setTimeout(function () { button.textContent = old; }, 1200); }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { fallback(); });
  } else { fallback(); }
  function fallback() {
    var area = document.createElement('textarea'); area.value = text; document.body.appendChild(area);
    area.select(); try { document.execCommand('copy'); done(); } catch (e) {} document.body.removeChild(area);
  }
}
document.addEventListener('click', function (event) {
  var button = event.target.closest('button.copy');
  if (!button) return;
  var code = button.parentNode.querySelector('code');
  copyText(code.textContent, button);
});
var search = document.getElementById('search');
if (search) {
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase();
    document.querySelectorAll('article.song').forEach(function (a) {
      a.classList.toggle('hidden', q !== '' && a.getAttribute('data-search').indexOf(q) < 0);
    });
  });
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True) if text is not None else ""


def _href(prefix: str, name: str, relative: str) -> str:
    return _e(prefix + "songs/" + quote(name) + "/" + "/".join(quote(p) for p in relative.split("/")))


def _ruby(pairs: list[list[str]]) -> str:
    out = []
    for char, reading in pairs:
        if reading:
            out.append(f"<ruby>{_e(char)}<rt>{_e(reading)}</rt></ruby>")
        else:
            out.append(_e(char))
    return "".join(out)


def song_html(row: Any, prefix: str = "", takes: str = "") -> str:
    """One ``<article>`` (``prefix`` is ``../`` on part pages; ``takes`` the players of its takes)."""
    card = json.loads(row["card"]) if row["card"] else {}
    status = row["status"]
    name = row["name"] or ""
    title = card.get("title") or row["title"] or row["key"]
    author = card.get("author") or row["author"]
    anchor = f"s-{name or row['key']}"
    search = " ".join(str(x) for x in (title, author, card.get("form"), row["key"]) if x).lower()
    parts = [f'<article class="song" id="{_e(anchor)}" data-search="{_e(search)}">',
             f'<h2><a class="anchor" href="#{_e(anchor)}">{_e(title)}</a>'
             f'<span class="status {_e(status)}">{_e(status)}</span></h2>']
    byline = " · ".join(_e(x) for x in (card.get("dynasty"), author, card.get("form"), card.get("collection")) if x)
    if byline:
        parts.append(f'<p class="byline">{byline}</p>')
    if card.get("subtitle"):
        parts.append(f'<p class="byline">{_e(card["subtitle"])}</p>')
    if card.get("lines_html"):  # made (and escaped) by the worker, with the sheet's readings
        parts.append('<div class="poem" lang="zh">' + "".join(f"<p>{line}</p>" for line in card["lines_html"])
                     + "</div>")
    elif card.get("lines"):  # a state written by songsmith 0.1: (character, reading) pairs
        parts.append('<div class="poem" lang="zh">' + "".join(f"<p>{_ruby(line)}</p>" for line in card["lines"])
                     + "</div>")
    styles = card.get("styles") or []
    if styles:
        parts.append('<div class="prompts">')
        for number, style in enumerate(styles):
            label = "style" if number == 0 else f"option {number}"
            parts.append(f'<div class="prompt"><span class="label">{_e(label)}</span><code>{_e(style)}</code>'
                         f'<button class="copy" type="button" title="Copy the prompt">Copy</button></div>')
        parts.append("</div>")
    if status == "done" and name:
        links = [f'<a href="{_href(prefix, name, f)}">{_e(label)}</a>' for f, label in
                 (("sheet.html", "lyric sheet"), ("lyrics.md", "lyrics.md"), ("song.yaml", "song.yaml"),
                  ("manifest.json", "manifest"))]
        for target, files in (card.get("targets") or {}).items():
            links.append(f'<span class="target">{_e(target)}:</span>'
                         + " ".join(f'<a href="{_href(prefix, name, f)}">{_e(f)}</a>' for f in files))
        parts.append('<p class="files">' + " ".join(links) + "</p>")
    if takes:
        parts.append(takes)
    if row["error"]:
        parts.append(f'<p class="error">{_e(row["error"])}</p>')
    parts.append("</article>")
    return "\n".join(parts)


def _page(title: str, body: list[str]) -> str:
    return ('<!DOCTYPE html>\n<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + f"\n<script>{_JS}</script>\n</body>\n</html>\n")


def _header(index: dict[str, Any], title: str) -> list[str]:
    counts = index["counts"]
    status = ", ".join(f"{n:,} {s}" for s, n in counts["status"].items())
    targets = ", ".join(index["options"].get("targets", []))
    return [f"<header><h1>{_e(title)}</h1>",
            f'<p class="summary">{counts["poems"]:,} poems: {_e(status)}. Targets: {_e(targets)}. '
            f'<a href="report.md">report</a> · <a href="index.json">index.json</a></p></header>']


def _book_title(index: dict[str, Any]) -> str:
    sources = [Path(s).stem for s in index.get("sources", [])]
    return "Songbook" + (f": {', '.join(sources[:3])}" if sources else "")


def write_songbook(out: Path, state: State, index: dict[str, Any]) -> None:
    from songsmith.batch.generate import players_html, takes_by_song

    rows = list(state.rows())
    takes = takes_by_song(out)

    def players(row: Any, prefix: str = "") -> str:
        return players_html(takes.get(row["name"] or "", []), prefix)

    title = _book_title(index)
    parts_dir = out / "songbook"
    if len(rows) <= PAGE_SIZE:
        if parts_dir.is_dir():
            shutil.rmtree(parts_dir, ignore_errors=True)
        toc = [f'<details class="toc"><summary>Contents ({len(rows)})</summary><nav>'] + [
            f'<div><a href="#{_e("s-" + (r["name"] or r["key"]))}">{_e(r["title"] or r["key"])}</a></div>'
            for r in rows] + ["</nav></details>"]
        body = _header(index, title)
        body += ['<nav class="toolbar"><input id="search" type="search" placeholder="Filter by title or author"></nav>']
        body += toc + [song_html(r, takes=players(r)) for r in rows]
        write_text_atomic(out / "songbook.html", _page(title, body))
        return
    parts_dir.mkdir(exist_ok=True)
    pages = [rows[i:i + PAGE_SIZE] for i in range(0, len(rows), PAGE_SIZE)]
    wanted = set()
    listing = []
    for number, page in enumerate(pages, 1):
        name = f"part-{number:03d}.html"
        wanted.add(name)
        first, last = page[0]["title"] or page[0]["key"], page[-1]["title"] or page[-1]["key"]
        listing.append(f'<li><a href="songbook/{name}">Part {number}</a>: {_e(first)} … {_e(last)} '
                       f"({len(page)} poems)</li>")
        nav = ['<p><a href="../songbook.html">contents</a>'
               + (f' · <a href="part-{number - 1:03d}.html">previous</a>' if number > 1 else "")
               + (f' · <a href="part-{number + 1:03d}.html">next</a>' if number < len(pages) else "") + "</p>"]
        body = [f"<header><h1>{_e(title)} — part {number}</h1></header>", *nav,
                '<nav class="toolbar"><input id="search" type="search" placeholder="Filter by title or author"></nav>']
        body += [song_html(r, prefix="../", takes=players(r, "../")) for r in page] + nav
        write_text_atomic(parts_dir / name, _page(f"{title} — part {number}", body))
    for stale in parts_dir.glob("part-*.html"):
        if stale.name not in wanted:
            stale.unlink(missing_ok=True)
    body = _header(index, title) + [f"<h2>{len(pages)} parts</h2>", "<ol>", *listing, "</ol>"]
    write_text_atomic(out / "songbook.html", _page(title, body))
