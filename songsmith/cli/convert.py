"""Commands that convert between song files and other lyric formats: import, export."""

from __future__ import annotations

from pathlib import Path

import click

from songsmith.errors import UsageError

_IMPORT_FORMATS = ["tagged", "chordpro", "chinese-poetry"]
_EXPORT_FORMATS = ["tagged", "chordpro", "lrc"]


@click.command("import")
@click.argument("path", type=click.Path())
@click.option("--from", "fmt", type=click.Choice(_IMPORT_FORMATS), default=None,
              help="Input format (default: from the extension; .cho/.chopro/.chordpro/.crd/.pro = chordpro, "
                   ".json or a directory = chinese-poetry, else tagged).")
@click.option("-o", "--output", type=click.Path(),
              help="Song file to write (default: PATH with .yaml); for chinese-poetry, the directory.")
@click.option("--select", default=None,
              help="chinese-poetry: import only poems with this id, title or part of a title.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def import_(path: str, fmt: str | None, output: str | None, select: str | None, force: bool) -> None:
    """Make a song file from tagged text or ChordPro."""
    from songsmith.formats import get_importer
    from songsmith.songfile import save_song
    from songsmith.yamlio import read_text

    if fmt is None and (Path(path).suffix.lower() == ".json" or Path(path).is_dir()):
        fmt = "chinese-poetry"
    if fmt is None:
        fmt = "chordpro" if Path(path).suffix.lower() in (".cho", ".chopro", ".chordpro", ".crd", ".pro") else "tagged"
    if fmt == "chinese-poetry":
        from songsmith.cli.analyze import import_poems

        import_poems(path, output, select, force)
        return
    if select is not None:
        raise click.BadParameter("applies only to --from chinese-poetry", param_hint="'--select'")
    if output and Path(output).is_dir():
        raise click.BadParameter(f"{output} is a directory; give a file name", param_hint="'-o' / '--output'")
    target = Path(output) if output else Path(path).with_suffix(".yaml")
    if target.exists() and not force:
        raise UsageError("output file exists; pass --force to overwrite it or -o to choose another",
                         path=str(target))
    text = read_text(path)
    result = get_importer(fmt)(text, path)
    assert result.song is not None
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    save_song(result.song, target)
    click.echo(f"wrote {target} ({len(result.song.sections)} sections)")


@click.command()
@click.argument("path", type=click.Path())
@click.option("--to", "fmt", type=click.Choice(_EXPORT_FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export(path: str, fmt: str, output: str | None) -> None:
    """Write a song as tagged text, ChordPro or LRC."""
    from songsmith.atomic import write_text_atomic
    from songsmith.formats import get_exporter
    from songsmith.songfile import load_song

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
