"""``songsmith package``: write a package per song for music services and open models."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from songsmith.cli.output import echo_json
from songsmith.errors import SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.document.model import Song
    from songsmith.poetry.corpus import Poem
    from songsmith.targets import Options
    from songsmith.document.writer import StagedWriter


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory to write OUT/<slug>/ into.")
@click.option("-t", "--target", "targets", default="all", show_default=True,
              help="Comma-separated targets (suno, udio, ace-step, ace-step-1.5, yue, diffrhythm, "
                   "diffrhythm2, songgeneration, minimax, mureka, elevenlabs) or all.")
@click.option("--suno-model", default="v4.5", show_default=True,
              help="v3, v3.5, v4, v4.5, v4.5+, v5, v5.5: decides Suno's length limits.")
@click.option("--minimax-model", default="music-2.0", show_default=True,
              help="music-1.5, music-2.0, music-2.5, music-2.6, music-3.0.")
@click.option("--candidates", default=None,
              help="Package candidate styles: all, a number N (the first N) or comma-separated ids; "
                   "each gets numbered files (suno.1.json).")
@click.option("--homophones", is_flag=True,
              help="Replace polyphonic characters read classically by unambiguous homophones (lyric sheet "
                   "keeps the original).")
@click.option("--pinyin-hints", is_flag=True, help="Suno: write such characters as tone-marked pinyin.")
@click.option("--strict", is_flag=True, help="Fail (exit 1, nothing written) on any warning or problem.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def package(paths: tuple[str, ...], out_dir: str, targets: str, suno_model: str, minimax_model: str,
            candidates: str | None, homophones: bool, pinyin_hints: bool, strict: bool, as_json: bool) -> None:
    """Write OUT/<slug>/ per song: target files, lyrics.md, sheet.html, manifest.json.

    PATHS are song files, tagged lyrics, ChordPro, poems (YAML, text, chinese-poetry JSON) or
    folders of them; a poem without lyrics is arranged and styled offline first, as `render` does.
    Files use the song's style (or its chosen candidate's, see `songsmith choose`); with
    --candidates, each listed candidate's style also gets numbered files (suno.1.txt, …).

    Exit status: 0 written (warnings allowed), 1 a validator found an error or --strict failed,
    2 a song file could not be read.
    """
    from songsmith.targets import Options, parse_targets
    from songsmith.targets.minimax import model_limits
    from songsmith.document.writer import StagedWriter
    from songsmith.targets.suno import model_info

    try:
        names = parse_targets(targets)
        model_info(suno_model)
        model_limits(minimax_model)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    options = Options(suno_model=suno_model, minimax_model=minimax_model, homophones=homophones,
                      pinyin_hints=pinyin_hints)
    wanted: bool | int | list[str] | None = None
    if candidates:
        if candidates.strip().lower() == "all":
            wanted = True
        elif candidates.strip().isdigit():
            wanted = int(candidates)
        else:
            wanted = [c.strip() for c in candidates.split(",") if c.strip()]
    report: list[dict[str, object]] = []
    with StagedWriter() as writer:  # one durable commit for all the packages
        worst = _package_all(paths, out_dir, names, wanted, strict, options, as_json, writer, report)
    if as_json:
        echo_json(report)
    if worst:
        raise SystemExit(worst)


def _package_all(paths: tuple[str, ...], out_dir: str, names: list[str], wanted: bool | int | list[str] | None,
                 strict: bool, options: Options, as_json: bool, writer: StagedWriter,
                 report: list[dict[str, object]]) -> int:
    """Package each song or poem of ``paths``; append to ``report``; return the worst exit status."""
    from songsmith.pipeline.sources import InputProblem, read_poems
    from songsmith.package import PackageError, write_package
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
            song, notes = _song_of(item)
            slug = slugs.claim(slugify(song.title))
            manifest = write_package(song, out_dir, names, candidates=wanted, strict=strict, options=options,
                                     slug=slug, writer=writer)
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
            click.echo(f"wrote {manifest.directory} ({files} files, {len(names)} targets)"
                       + ("" if manifest.ok else ": validator errors, see above"))
    return worst


def _song_of(poem: Poem) -> tuple[Song, list[str]]:
    """The song to package: the file's own, or (a poem without lyrics) arranged and styled offline
    as `songsmith render` does, which keeps a song file you can edit."""
    from songsmith.style.backends import get_backend
    from songsmith.pipeline.compose import compose_song

    song = poem.song
    if song is not None and song.sections:
        notes = []
        pending = song.chosen_not_applied()
        if pending is not None:
            notes.append(f"packaged with the chosen candidate {pending.id}'s style (style: still holds another)")
        return song, notes
    source_text = song.source.text if song is not None and song.source and song.source.text else None
    made = compose_song(poem, song, backend=get_backend("offline"), n_candidates=5, source_text=source_text)
    return made.song, ["a poem without lyrics: arranged and styled offline as `songsmith render` does "
                       "(render writes a song file you can edit and keep)"]
