"""``songsmith samples DIR``: copy the sample poems and songs shipped with songsmith."""

from __future__ import annotations

from pathlib import Path

import click

from songsmith.errors import UsageError


@click.command()
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite sample files already in DIRECTORY.")
def samples(directory: str, force: bool) -> None:
    """Copy the shipped samples into DIRECTORY: poems/ (poem files, a text poem) and songs/
    (song files with lyrics, styles and candidates), for the README's examples, e.g.
    `songsmith samples my && songsmith render my/poems/jing-ye-si.yaml -o out`.

    Each file is written atomically; files already there are left alone unless --force.
    """
    from songsmith.document.writer import write_bytes_atomic
    from songsmith.resources import corpora_dir

    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise UsageError("is not a directory", path=directory)
    shipped = corpora_dir()
    written = kept = 0
    for group in ("poems", "songs"):
        for item in sorted(shipped.joinpath(group).iterdir(), key=lambda t: t.name):
            if not item.is_file() or item.name.startswith(("_", ".")):
                continue
            target = root / group / item.name
            if target.exists() and not force:
                kept += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(target, item.read_bytes())
            written += 1
            click.echo(f"wrote {target}")
    if kept:
        click.echo(f"{kept} sample file(s) already in {directory} were left alone (--force replaces them)", err=True)
    click.echo(f"{written} sample files in {directory}")
