"""Write a song's package: ``OUT/<slug>/`` with the song file, every target's files, a lyric
sheet and a manifest.

    from songsmith.package import write_package
    manifest = write_package(song, "out", ["suno", "yue"], candidates=True, strict=False)

Layout of ``OUT/<slug>/``:

* ``song.yaml``: the song file, as :func:`songsmith.document.songfile.dump_song` writes it;
* each target's files (``suno.json``, ``yue/lyrics.txt``, …; with candidates, one numbered set
  per candidate style: ``suno.1.json``, ``yue/genre.1.txt``, …);
* ``lyrics.md``: title, source, style and the tagged lyrics;
* ``sheet.html``: a printable lyric sheet (original text and lyrics with pinyin as ``<ruby>``,
  the style prompt), every value HTML-escaped;
* ``manifest.json``: songsmith version, song and source, per target its files, warnings and
  validator problems, per candidate its style, and the sha256 of every other file.

Every write is atomic and durable (:class:`StagedWriter`). Paths never leave ``out_dir``: the directory name is an ASCII (pinyin) slug
of ``[a-z0-9-]``, never a reserved device name, and every relative path a target returns is
checked before it is written. Nothing from the environment is written (no keys or tokens).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith import __version__
from songsmith.document.writer import StagedWriter, UnsafePath, safe_join
from songsmith.errors import SongsmithError
from songsmith.document.model import Song
from songsmith.targets import TARGETS, parse_targets
from songsmith.targets.base import Options, Problem, TargetOutput


class PackageError(SongsmithError):
    """A package that cannot be written as asked (``--strict`` with warnings, unsafe paths)."""


@dataclass
class Manifest:
    """What :func:`write_package` wrote; ``data`` is what manifest.json holds."""

    directory: Path
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def files(self) -> dict[str, str]:
        """Relative path -> sha256 of every file but manifest.json."""
        return dict(self.data["files"])

    @property
    def ok(self) -> bool:
        """True when no validator found an error."""
        return not any(p.severity == "error" for p in self.problems)


def candidate_choice(spec: str | None) -> bool | int | list[str] | None:
    """``--package-candidates``: ``all`` → True, ``N`` → N, ``a,b`` → ids, nothing → None."""
    if spec is None or not spec.strip():
        return None
    spec = spec.strip()
    if spec.lower() == "all":
        return True
    if spec.isdigit():
        return int(spec)
    return [part.strip() for part in spec.split(",") if part.strip()]


def _candidate_styles(song: Song, candidates: bool | int | Sequence[str] | None) -> list[tuple[str | None, str | None, str | None]]:
    """(variant number, candidate id, style prompt); a single unnumbered entry without candidates."""
    if candidates is None or candidates is False or candidates == 0:
        return [(None, None, None)]
    pool = list(song.candidates)
    if candidates is True:
        chosen = pool
    elif isinstance(candidates, int):
        chosen = pool[:candidates]
    else:
        wanted = list(candidates)
        by_id = {c.id: c for c in pool}
        unknown = [c for c in wanted if c not in by_id]
        if unknown:
            raise PackageError(f"no candidate with id {', '.join(unknown)}; the song has "
                               f"{', '.join(by_id) or 'none'}")
        chosen = [by_id[c] for c in wanted]
    if not chosen:
        return [(None, None, None)]
    return [(str(i), c.id, c.style) for i, c in enumerate(chosen, 1)]


def render_targets(song: Song, targets: Sequence[str] | str, *, options: Options | None = None,
                   candidates: bool | int | Sequence[str] | None = None) -> dict[str, tuple[TargetOutput, list[Problem]]]:
    """Render and validate every target (no I/O): name -> (output, validator problems)."""
    options = options or Options()
    names = parse_targets(targets if isinstance(targets, str) else list(targets))
    styles = _candidate_styles(song, candidates)
    # each variant is rendered with a whole style: the chosen candidate's (else the song's) for
    # the unnumbered files, each listed candidate's for the numbered ones
    variants = {cid: song.model_copy(update={"style": song.candidate(cid).as_style(song.style) if cid
                                             else song.effective_style()})
                for _, cid, _ in styles}
    results: dict[str, tuple[TargetOutput, list[Problem]]] = {}
    for name in names:
        target = TARGETS[name]
        merged = TargetOutput({}, [], [])
        outputs = []
        for variant, cid, style in styles:
            opts = Options(**{**options.__dict__, "variant": variant, "style_prompt": style or options.style_prompt})
            out = target.render(variants[cid], opts)
            merged.files.update(out.files)
            outputs.append((cid, out))
        for kind in ("warnings", "notes"):
            # a message every candidate shares is said once; others name their candidate
            every = set.intersection(*(set(getattr(out, kind)) for _, out in outputs))
            messages: list[str] = getattr(merged, kind)
            for cid, out in outputs:
                for message in getattr(out, kind):
                    text = message if message in every or not cid else f"candidate {cid}: {message}"
                    if text not in messages:
                        messages.append(text)
        results[name] = (merged, target.validate(merged.files))
    return results


@dataclass
class PreparedPackage:
    """Everything :func:`write_package` writes, made without writing: see :func:`prepare_package`."""

    directory: Path
    files: list[tuple[Path, str]]  # checked paths inside ``directory``, manifest.json last
    stale: list[Path]  # files an earlier package of this song wrote, now not wanted
    manifest: Manifest


@dataclass
class Contents:
    """A package's files and manifest, made in memory, with what the targets said about it."""

    files: dict[str, str]  # relative path -> text, manifest.json aside
    data: dict[str, Any]  # the manifest
    warnings: list[str]
    notes: list[str]
    problems: list[Problem]


def build_contents(song: Song, targets: Sequence[str] | str, *, slug: str, options: Options | None = None,
                   candidates: bool | int | Sequence[str] | None = None, strict: bool = False,
                   song_text: str | None = None) -> Contents:
    """Render and validate every target and make the package's files (no I/O). ``strict``: any
    warning or validator problem raises :class:`PackageError` (exit status 1)."""
    results = render_targets(song, targets, options=options, candidates=candidates)
    warnings = [f"{name}: {w}" for name, (out, _) in results.items() for w in out.warnings]
    notes = [f"{name}: {n}" for name, (out, _) in results.items() for n in out.notes]
    problems = [p for _, (_, found) in results.items() for p in found]
    if strict and (warnings or problems):
        details = warnings + [str(p) for p in problems]
        raise PackageError(f"{len(details)} warning(s) or problem(s) with --strict: {details[0]}",
                           exit_code=1, notes=details[1:])
    files, data = package_contents(song, results, candidates=candidates, slug=slug, song_text=song_text)
    return Contents(files, data, warnings, notes, problems)


def prepare_package(song: Song, out_dir: str | os.PathLike[str], targets: Sequence[str] | str = "all", *,
                    candidates: bool | int | Sequence[str] | None = None, strict: bool = False,
                    options: Options | None = None, slug: str | None = None, song_text: str | None = None,
                    song_file: bool = True) -> PreparedPackage:
    """The package :func:`write_package` writes, rendered, validated and path-checked, with
    nothing written (it reads only an earlier package's manifest.json, to know what to remove).
    Safe to call in a worker process; raises what write_package raises.

    ``song_text``: the song file's text, when the caller has it; ``song_file=False`` leaves
    ``song.yaml`` to the caller (``render`` writes it beside the package itself): the manifest
    still lists it, and it is written once."""
    from songsmith.poetry.slug import slugify

    directory = safe_join(Path(out_dir), slugify(slug) if slug else slugify(song.title))
    made = build_contents(song, targets, slug=directory.name, options=options, candidates=candidates,
                          strict=strict, song_text=song_text)
    paths = [(safe_join(directory, relative), text) for relative, text in made.files.items()  # resolved once each
             if song_file or relative != "song.yaml"]
    paths.append((directory / "manifest.json", json.dumps(made.data, ensure_ascii=False, indent=2) + "\n"))
    stale = []
    for relative in sorted(_previous_files(directory) - set(made.files)):
        try:
            stale.append(safe_join(directory, relative))
        except UnsafePath:
            pass
    return PreparedPackage(directory, paths, stale,
                           Manifest(directory, made.data, made.warnings, made.problems, made.notes))


def write_package(song: Song, out_dir: str | os.PathLike[str], targets: Sequence[str] | str = "all", *,
                  candidates: bool | int | Sequence[str] | None = None, strict: bool = False,
                  options: Options | None = None, slug: str | None = None,
                  writer: StagedWriter | None = None) -> Manifest:
    """Write ``out_dir/<slug>/`` for ``song`` and return its :class:`Manifest`.

    * ``targets``: names (``["suno", "yue"]``), a comma list (``"suno,yue"``) or ``"all"``.
    * ``candidates``: None/False: the song's own style, unnumbered files; True: every candidate in
      ``song.candidates``; an int N: the first N; a list of candidate ids. Each candidate's style
      gets its own numbered files (``suno.1.json``).
    * ``strict``: any warning or validator problem raises :class:`PackageError` (exit status 1)
      and nothing is written.
    * ``options``: :class:`songsmith.targets.Options` (Suno/MiniMax model, singing aids).
    * ``slug``: the directory name to use (sanitised again); default from the title.
    * ``writer``: a :class:`StagedWriter` to stage the files in (they appear when it commits);
      by default the package is committed before this returns.
    """
    prepared = prepare_package(song, out_dir, targets, candidates=candidates, strict=strict, options=options,
                               slug=slug)
    return stage_package(prepared, writer)


def stage_package(prepared: PreparedPackage, writer: StagedWriter | None = None) -> Manifest:
    """Write a :class:`PreparedPackage` (into ``writer``, committed by its owner; else now)."""
    own = writer is None
    batch = writer if writer is not None else StagedWriter()
    try:
        for path, text in prepared.files:
            batch.write(path, text)
        for path in prepared.stale:
            batch.remove_later(path, prepared.directory)
    except BaseException:
        if own:
            batch.discard()
        raise
    if own:
        batch.commit()
    return prepared.manifest


def package_contents(song: Song, results: dict[str, tuple[TargetOutput, list[Problem]]], *,
                     candidates: bool | int | Sequence[str] | None, slug: str,
                     song_text: str | None = None) -> tuple[dict[str, str], dict[str, Any]]:
    """(relative path → text, manifest data) of a package: song.yaml, every target's files,
    lyrics.md and sheet.html, and the manifest with the sha256 of each. ``results`` comes from
    :func:`render_targets`; :func:`write_package` and the batch runner both write exactly this.
    ``song_text`` is the song file's text when the caller has it already (it is not made twice)."""
    from songsmith.document.songfile import dump_song

    files: dict[str, str] = {"song.yaml": song_text if song_text is not None else dump_song(song)}
    for name, (out, _) in results.items():
        for relative, text in out.files.items():
            if relative in files:
                raise PackageError(f"{name} would overwrite {relative}")
            files[relative] = text
    from songsmith.targets.conformance import manifest_entry, sheet_note

    checked = {name: entry for name, (out, _) in results.items()
               if (entry := manifest_entry(name, out.files)) is not None}
    shown = song.model_copy(update={"style": song.effective_style()})  # the style the target files use
    files["lyrics.md"] = lyrics_markdown(shown)
    files["sheet.html"] = sheet_html(shown, checked=sheet_note(checked))
    source = song.source.model_dump(exclude_none=True) if song.source else {}
    source.pop("text", None)
    data: dict[str, Any] = {
        "songsmith": __version__,
        "title": song.title,
        "slug": slug,
        "language": song.language,
        "source": source,
        "candidates": [{"variant": v, "id": c, "style": s} for v, c, s in _candidate_styles(song, candidates) if c],
        "chosen": (song.chosen_candidate().id if song.chosen_candidate() else None),
        "targets": {
            name: {"files": sorted(out.files), "warnings": out.warnings, "notes": out.notes,
                   "problems": [p.to_json() for p in found],
                   **({"conformance": checked[name]} if name in checked else {})}
            for name, (out, found) in results.items()
        },
        "ok": not any(p.severity == "error" for _, found in results.values() for p in found),
        "files": {rel: hashlib.sha256(text.encode("utf-8")).hexdigest() for rel, text in sorted(files.items())},
    }
    return files, data


def _previous_files(directory: Path) -> set[str]:
    """Files listed by an earlier manifest.json in ``directory`` (none if absent or unreadable)."""
    try:
        data = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        return {str(name) for name in data.get("files", {})}
    except (OSError, ValueError, AttributeError):
        return set()


# lyrics.md and sheet.html ---------------------------------------------------------------------


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
    from songsmith.targets.base import style_prompt
    from songsmith.language import has_cjk
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
