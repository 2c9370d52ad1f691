"""Commands that convert between song files and other lyric formats: import, export."""

from __future__ import annotations

from pathlib import Path

import click

from songsmith.cli import options
from songsmith.errors import UsageError

_IMPORT_FORMATS = ["tagged", "text", "chordpro", "chinese-poetry"]
_EXPORT_FORMATS = ["tagged", "chordpro", "lrc"]


@click.command("import")
@click.argument("path", type=click.Path())
@click.option("--from", "fmt", type=click.Choice(_IMPORT_FORMATS), default=None,
              help="Input format (default: from the file: .json or a folder = chinese-poetry; .cho/.chopro/"
                   ".chordpro/.crd/.pro = chordpro; text with [Verse]-style tags = tagged; other text = text, "
                   "a poem or lyrics without tags, with an optional '# Title | author: …' header line).")
@click.option("-o", "--output", type=click.Path(),
              help="Song file to write (default: PATH with .yaml); for chinese-poetry, the directory.")
@click.option("--select", default=None,
              help="chinese-poetry: import only poems with this id, title or part of a title.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def import_(path: str, fmt: str | None, output: str | None, select: str | None, force: bool) -> None:
    """Make a song file from tagged text, ChordPro or plain text; poem files from chinese-poetry.

    Tagged lyrics and ChordPro become a song with lyrics; plain text becomes a poem-shaped song
    (its text kept as the source, title and author from its header) that `songsmith render`
    arranges. The file is written atomically; an existing one only with --force.
    """
    from songsmith.document.songfile import save_song
    from songsmith.pipeline.sources import CORPUS_SUFFIXES, load_one

    if fmt is None and (Path(path).suffix.lower() in CORPUS_SUFFIXES or Path(path).is_dir()):
        fmt = "chinese-poetry"
    if fmt == "chinese-poetry":
        from songsmith.cli.analyze import import_poems

        import_poems(path, output, select, force)
        return
    if select is not None:
        raise click.BadParameter("applies only to --from chinese-poetry", param_hint="'--select'")
    if output and Path(output).is_dir():
        raise click.BadParameter(f"{output} is a directory; give a file name", param_hint="'-o' / '--output'")
    target = Path(output) if output else Path(path).with_suffix(".yaml")
    if target.resolve() == Path(path).resolve():
        raise UsageError("would write over the input; pass -o to choose another file", path=path)
    if target.exists() and not force:
        raise UsageError("output file exists; pass --force to overwrite it or -o to choose another",
                         path=str(target))
    if fmt is None:
        loaded = load_one(path)
        song, warnings = loaded.song, [str(issue) for issue in loaded.issues]
    else:
        from songsmith.document.formats import get_importer
        from songsmith.document.yamlio import read_text

        result = get_importer(fmt)(read_text(path), path)
        assert result.song is not None
        song, warnings = result.song, [f"warning: {w}" for w in result.warnings]
    for warning in warnings:
        click.echo(warning, err=True)
    save_song(song, target)
    what = f"{len(song.sections)} sections" if song.sections else "a poem: `songsmith render` arranges it"
    click.echo(f"wrote {target} ({what})")


@click.command()
@click.argument("path", type=click.Path())
@click.option("--to", "fmt", type=click.Choice(_EXPORT_FORMATS), required=True, help="Output format.")
@options.out_file("File to write (default: stdout).")
def export(path: str, fmt: str, output: str | None) -> None:
    """Write a song as tagged text, ChordPro or LRC."""
    from songsmith.document.formats import get_exporter
    from songsmith.document.songfile import load_song
    from songsmith.document.writer import write_text_atomic

    song = load_song(path).song
    if not song.sections:
        click.echo(f"warning: {path}: no lyrics to export yet (a poem file: arrange it first)", err=True)
    result = get_exporter(fmt)(song)
    assert result.text is not None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if output:
        write_text_atomic(output, result.text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(result.text, nl=False)
