"""The ``songsmith`` command line.

Sub-commands are loaded lazily: ``songsmith --help`` lists them from the table below without
importing pydantic, YAML or any command module, so start-up stays fast.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from songsmith import __version__

#: name -> (module:attribute, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "render": ("songsmith.cli.render:render", "Arrange poems into songs with style candidates (offline, no API key)."),
    "package": ("songsmith.cli.package:package",
                "Write per-target packages (Suno, YuE, ACE-Step, …) with a lyric sheet and manifest."),
    "batch": ("songsmith.cli.batch:batch",
              "Whole collections into packages: resumable, with report.md, index.json and songbook.html."),
    "analyze": ("songsmith.cli.analyze:analyze", "Pinyin, 平仄, rhyme and form of a Chinese poem or song."),
    "check": ("songsmith.cli.files:check", "Validate and lint song or poem files."),
    "fmt": ("songsmith.cli.files:fmt", "Rewrite song files in canonical form (--check to only report)."),
    "show": ("songsmith.cli.files:show", "Summarise a song or poem file, with every style candidate."),
    "choose": ("songsmith.cli.choose:choose", "Make a style candidate the song's style (package and render use it)."),
    "new": ("songsmith.cli.files:new", "Create a song file from a template."),
    "samples": ("songsmith.cli.samples:samples", "Copy the sample poems and songs shipped with songsmith into a folder."),
    "import": ("songsmith.cli.convert:import_",
               "Make a song file from tagged text or ChordPro; poem files from chinese-poetry."),
    "export": ("songsmith.cli.convert:export", "Write a song as tagged text, ChordPro or LRC."),
    "translate": ("songsmith.cli.llm:translate",
                  "Singable English or Esperanto version of a song, sections mirrored (LLM backend)."),
    "config": ("songsmith.cli.llm:config", "Show the configuration (backend, model, keys set or not) and its sources."),
    "take": ("songsmith.cli.takes:take", "Attach audio takes to a song; list, rate and choose them."),
    "generate": ("songsmith.cli.generate:generate",
                 "Generate takes through a music service's API (MiniMax, Mureka, ElevenLabs, Suno API, fal, …)."),
    "audio": ("songsmith.cli.audio:audio",
              "Trim, normalise, fade, join or clip a take; write mp3/ogg/wav/flac with tags and lyrics."),
    "edit": ("songsmith.cli.tui_commands:edit", "Edit a song or poem file in the terminal editor."),
    "tui": ("songsmith.cli.tui_commands:tui", "Browse and edit a folder of songs in the terminal."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported only when they run (or their own help is asked)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        target, _ = COMMANDS[cmd_name]
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        return command  # type: ignore[no-any-return]

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, list(COMMANDS), n=2, cutoff=0.6)
            hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            raise click.UsageError(f"no command {name!r}{hint} (`songsmith --help` lists them)", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="songsmith")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """songsmith: shape lyrics and classical Chinese poems into songs for AI music models."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: user errors become one line on stderr and exit code 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        return cli.main(args=argv, prog_name="songsmith", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("songsmith: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("songsmith: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a line
        from songsmith.errors import SongsmithError

        if debug:
            raise
        if isinstance(exc, SongsmithError):
            more = f" (and {len(exc.notes)} more)" if exc.notes else ""
            click.echo(f"{exc}{more}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(f"songsmith: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)
        click.echo(f"songsmith: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                   err=True)
        sys.exit(3)
