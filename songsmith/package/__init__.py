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
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith import __version__
from songsmith.document.model import Song
from songsmith.document.writer import StagedWriter, UnsafePath, safe_join
from songsmith.errors import SongsmithError
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
    resolved = directory.resolve()
    paths = [(safe_join(directory, relative, resolved_root=resolved), text) for relative, text in made.files.items()
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
    from songsmith.package.sheet import lyrics_markdown, sheet_html

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
