"""``songsmith package``: write a package per song for music services and open models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from songsmith.cli import options
from songsmith.cli.output import echo_json
from songsmith.errors import SongsmithError

if TYPE_CHECKING:
    from songsmith.document.model import Song
    from songsmith.document.writer import StagedWriter
    from songsmith.poetry.corpus import Poem


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@options.out_dir("Directory to write OUT/<slug>/ into.")
@options.packaging()
@options.candidates("For a poem without lyrics, arranged first: how many style candidates to propose.")
@options.json_output("Print what was written as JSON.")
def package(paths: tuple[str, ...], out: str, targets: str, suno_model: str, minimax_model: str,
            package_candidates: str | None, homophones: bool, pinyin_hints: bool, strict: bool, n_candidates: int,
            as_json: bool) -> None:
    """Write OUT/<slug>/ per song: target files, lyrics.md, sheet.html, manifest.json.

    PATHS are song files, tagged lyrics, ChordPro, poems (YAML, text, chinese-poetry JSON) or
    folders of them; a poem without lyrics is arranged and styled offline first, as `render` does.
    Files use the song's style (or its chosen candidate's, see `songsmith choose`); with
    --package-candidates, each listed candidate's style also gets numbered files (suno.1.txt, …).

    Exit status: 0 written (warnings allowed), 1 a validator found an error or --strict failed,
    2 a song file could not be read.
    """
    from songsmith.document.writer import StagedWriter

    choice = options.packaging_choice(targets, suno_model, minimax_model, package_candidates, homophones,
                                      pinyin_hints, strict)
    report: list[dict[str, object]] = []
    with StagedWriter() as writer:  # one durable commit for all the packages
        worst = _package_all(paths, out, choice, n_candidates, as_json, writer, report)
    if as_json:
        echo_json(report)
    if worst:
        raise SystemExit(worst)


def _package_all(paths: tuple[str, ...], out_dir: str, choice: options.PackagingChoice, n_candidates: int,
                 as_json: bool, writer: StagedWriter, report: list[dict[str, object]]) -> int:
    """Package each song or poem of ``paths``; append to ``report``; return the worst exit status."""
    from songsmith.package import PackageError, write_package
    from songsmith.pipeline.sources import InputProblem, read_poems
    from songsmith.poetry.slug import SlugAllocator, slugify

    worst = 0
    slugs = SlugAllocator()
    for item in read_poems(paths, exclude=Path(out_dir)):
        if isinstance(item, InputProblem):
            worst = max(worst, 2)
            report.append({"path": item.path, "ok": False, "error": str(item.error())})
            if not as_json:
                click.echo(str(item.error()), err=True)
            continue
        path = item.label or item.source or item.title
        try:
            song, notes = _song_of(item, n_candidates)
            slug = slugs.claim(slugify(song.title))
            manifest = write_package(song, out_dir, choice.targets, candidates=choice.candidates,
                                     strict=choice.strict, options=choice.options, slug=slug, writer=writer)
        except PackageError as exc:
            worst = max(worst, exc.exit_code)
            report.append({"path": path, "ok": False, "error": str(exc), "details": exc.notes})
            if not as_json:
                click.echo(f"{path}: {exc.message}", err=True)
                for note in exc.notes:
                    click.echo(f"  {note}", err=True)
            continue
        except SongsmithError as exc:
            worst = max(worst, 2)
            if exc.path is None:
                exc.path = path
            report.append({"path": path, "ok": False, "error": str(exc)})
            if not as_json:
                click.echo(str(exc), err=True)
            continue
        if not manifest.ok:
            worst = max(worst, 1)
        report.append({"path": path, "ok": manifest.ok, "directory": str(manifest.directory), "notes": notes,
                       "targets": manifest.data["targets"]})
        if not as_json:
            for note in notes + manifest.notes:
                click.echo(f"{path}: note: {note}", err=True)
            for warning in manifest.warnings:
                click.echo(f"{path}: warning: {warning}", err=True)
            for problem in manifest.problems:
                click.echo(f"{path}: {problem}", err=True)
            files = len(manifest.data["files"]) + 1
            click.echo(f"wrote {manifest.directory} ({files} files, {len(choice.targets)} targets)"
                       + ("" if manifest.ok else ": validator errors, see above"))
    return worst


def _song_of(poem: Poem, n_candidates: int) -> tuple[Song, list[str]]:
    """The song to package: the file's own, or (a poem without lyrics) arranged and styled offline
    as `songsmith render` does, which keeps a song file you can edit."""
    from songsmith.pipeline.compose import compose_song
    from songsmith.style.backends import get_backend

    song = poem.song
    if song is not None and song.sections:
        notes = []
        pending = song.chosen_not_applied()
        if pending is not None:
            notes.append(f"packaged with the chosen candidate {pending.id}'s style (style: still holds another)")
        return song, notes
    source_text = song.source.text if song is not None and song.source and song.source.text else None
    made = compose_song(poem, song, backend=get_backend("offline"), n_candidates=n_candidates,
                        source_text=source_text)
    return made.song, ["a poem without lyrics: arranged and styled offline as `songsmith render` does "
                       "(render writes a song file you can edit and keep)"]
