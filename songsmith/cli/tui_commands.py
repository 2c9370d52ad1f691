"""``songsmith edit FILE`` and ``songsmith tui [DIR]``: the Textual editor.

The headless core never imports Textual: the app package ``songsmith_tui`` is loaded only when
one of these commands runs, through :func:`importlib.import_module` (a dynamic import that the
import-linter contract "The headless core never imports Textual" does not see, on purpose: the
contract is about the core's static imports, and this is the CLI's one door into the TUI).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from songsmith.errors import UsageError


def _run(target: Path, config: str | None, library: bool, created: bool = False) -> None:
    try:
        tui: Any = importlib.import_module("songsmith_tui.app")
    except ImportError as exc:
        raise UsageError(f"the editor is not installed ({exc}); reinstall songsmith") from None
    app = tui.make_app(target, config=config, library=library, created=created)
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Read this config file instead of the shared one.")
def edit(path: str, config: str | None) -> None:
    """Edit one song or poem file in the terminal editor.

    A PATH that does not exist yet becomes a new song from the template, as `songsmith new` makes it.
    """
    from songsmith.document.songfile import load_song, save_song
    from songsmith.pipeline.sources import refuse_rewrite

    refuse_rewrite(path)  # saving would turn the user's text file into YAML
    target = Path(path)
    created = not target.exists() and not target.is_symlink()
    if created:
        from songsmith.document.template import new_song

        if not target.parent.is_dir():
            raise UsageError("no such folder to create the song in", path=str(target.parent))
        try:
            save_song(new_song(target), target)
        except OSError as exc:
            raise UsageError(f"cannot create the song file: {exc.strerror or exc}", path=path) from None
    load_song(path)  # a malformed file is one line and exit 2, before the screen takes over
    _run(target, config, library=False, created=created)


@click.command()
@click.argument("directory", type=click.Path(file_okay=False, exists=True), default=".")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="Read this config file instead of the shared one.")
def tui(directory: str, config: str | None) -> None:
    """Browse a folder of songs and poems (title, form, mood, status) and edit them."""
    _run(Path(directory), config, library=True)
