"""Commands of the LLM layer: ``songsmith config`` and ``songsmith translate``."""

from __future__ import annotations

from pathlib import Path

import click

from songsmith.cli import options
from songsmith.errors import UsageError


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the configuration as JSON.")
@click.option("--path", "only_path", is_flag=True, help="Print only the config file's path.")
def config(as_json: bool, only_path: bool) -> None:
    """Show the effective configuration and where each value comes from.

    Sources, lowest first: defaults, the config file (SONGSMITH_CONFIG or the platform config
    dir), environment variables (SONGSMITH_*, OPENAI_BASE_URL, …), command-line options.
    API keys are never shown, only whether they are set.
    """
    from songsmith.config import describe, load_config

    loaded = load_config()
    if only_path:
        click.echo(str(loaded.path))
        return
    rows = describe(loaded)
    if as_json:
        from songsmith.cli.output import echo_json

        echo_json(rows)
        return
    width = max(len(name) for name in rows)
    for name, row in rows.items():
        value = "-" if row["value"] is None else row["value"]
        click.echo(f"{name:<{width}}  {value}  ({row['source']})")


@click.command()
@click.argument("path", type=click.Path())
@click.option("--to", "to", type=click.Choice(["en", "eo"]), required=True,
              help="Language of the translation: en (English) or eo (Esperanto).")
@options.backend(llm_only=True)
@click.option("--literal", is_flag=True, help="A line-by-line translation instead of a singable one.")
@options.out_file("Song file to write (default: PATH with .TO.yaml, e.g. song.en.yaml).")
@click.option("--force", is_flag=True, help="Overwrite an existing output file (or translation, with --into).")
@click.option("--into", is_flag=True,
              help="Keep the translation in PATH itself (translations: TO), for a bilingual song: the lyric "
                   "sheet and lyrics.md then show it beneath each section.")
def translate(path: str, to: str, backend: str | None, model: str | None, base_url: str | None, literal: bool,
              output: str | None, force: bool, into: bool) -> None:
    """Write a singable English or Esperanto version of a song whose sections mirror the original.

    The same sections in the same order, the refrain repeated word for word. A poem file
    without lyrics is arranged first (by the same backend). The output is written only when
    the whole translation is in: Ctrl-C leaves nothing behind.
    """
    from songsmith.config import load_config
    from songsmith.document.songfile import load_song, save_song
    from songsmith.style.backends import get_backend

    if into and output:
        raise UsageError("--into keeps the translation in PATH; it does not take -o", path=path)
    target = Path(path) if into else Path(output) if output else Path(path).with_suffix(f".{to}.yaml")
    if target.exists() and not force and not into:
        raise UsageError("output file exists; pass --force to overwrite it or -o to choose another",
                         path=str(target))
    loaded = load_song(path)
    song = loaded.song
    if into and loaded.shape != "song":
        raise UsageError("--into needs a song file (a poem file has no lyrics to mirror): render it first", path=path)
    if into and to in song.translations and not force:
        raise UsageError(f"the song already has a {to} translation; pass --force to replace it", path=path)
    config = load_config(backend=backend, model=model, base_url=base_url)
    if config.backend == "offline":
        raise UsageError("translation needs an LLM backend: pass --backend anthropic or --backend openai "
                         "(or set SONGSMITH_BACKEND)", path="songsmith translate")
    chosen = get_backend(config.backend, config)
    if not hasattr(chosen, "translate"):
        raise UsageError(f"the {config.backend} backend cannot translate", path="songsmith translate")
    if song.is_poem_only():
        song = _arranged(song, path, chosen)
    translated = chosen.translate(song, to=to, singable=not literal)
    for warning in getattr(chosen, "warnings", []):
        click.echo(f"warning: {warning}", err=True)
    if into:
        bilingual = song.model_copy(update={"translations": {**song.translations, to: translated.sections}})
        save_song(bilingual, target)
        click.echo(f"added the {to} translation to {target} ({len(translated.sections)} sections)")
        return
    save_song(translated, target)
    click.echo(f"wrote {target} ({len(translated.sections)} sections, mirroring {path})")


def _arranged(song, path, backend):  # type: ignore[no-untyped-def]
    """A poem file's song with lyrics, arranged by ``backend``."""
    from songsmith.pipeline.compose import work_from_poem
    from songsmith.pipeline.sources import poem_of_song
    from songsmith.style.base import Hints

    poem = poem_of_song(song, path)
    work = work_from_poem(poem, source_text=song.source.text if song.source else None, language=song.language)
    style = None if song.style.is_empty() else song.style
    arrangement = backend.arrange(work, Hints(), style)
    return song.model_copy(update={"sections": arrangement.sections})
