"""``songsmith render``: arrange poems into songs and propose styles (offline by default)."""

from __future__ import annotations

import click

from songsmith.cli.output import echo_json
from songsmith.errors import SongsmithError


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False),
              help="Output directory: each song goes to OUT/<slug>/song.yaml.")
@click.option("--backend", default=None,
              help="Style backend: offline (default), anthropic or openai; default from the config file or "
                   "SONGSMITH_BACKEND.")
@click.option("--model", default=None, help="Model name for an LLM backend.")
@click.option("--base-url", default=None,
              help="OpenAI-compatible server (Ollama, vLLM, llama.cpp), e.g. http://127.0.0.1:11434/v1; "
                   "implies --backend openai.")
@click.option("--candidates", "n_candidates", default=5, show_default=True, type=click.IntRange(1, 12),
              help="How many style candidates to propose (pairwise different in genre or lead instrument).")
@click.option("--arrangement", default=None, metavar="NAME",
              help="Arrangement template (jueju, lushi, pailu, ci, shijing, guti, short, couplet); "
                   "default: chosen by form and length.")
@click.option("--audience", type=click.Choice(["general", "children"]), default="general", show_default=True,
              help="children: shorter arrangement, repeated refrain, moderate tempo, clear diction.")
@click.option("--restyle", is_flag=True, help="Replace an existing song's style and untouched offline candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print what was rendered as JSON.")
def render(paths: tuple[str, ...], out: str, backend: str | None, model: str | None, base_url: str | None,
           n_candidates: int, arrangement: str | None, audience: str, restyle: bool, as_json: bool) -> None:
    """Arrange poems into songs and propose style prompts, offline by default.

    PATHS are poem or song files (.yaml), text files, or chinese-poetry JSON files. An existing
    song keeps its lyrics and style unless --restyle; a second run changes nothing.
    Exit status: 0 on success, 2 when an input cannot be read or rendered.
    """
    from songsmith.arrange.templates import get_template
    from songsmith.backends import get_backend
    from songsmith.backends.base import Hints
    from songsmith.config import apply_cli_overrides, load_config
    from songsmith.render import Renderer

    hints = Hints(audience="children" if audience == "children" else None, arrangement=arrangement)
    try:
        if arrangement:
            get_template(arrangement)  # unknown names fail before anything is written
        apply_cli_overrides(backend=backend, model=model, base_url=base_url)
        renderer = Renderer(out, backend=get_backend(load_config().backend), candidates=n_candidates, hints=hints,
                            restyle=restyle)
    except SongsmithError as exc:
        click.echo(f"songsmith render: {exc.message}" if exc.path is None else str(exc), err=True)
        raise SystemExit(2) from None
    failed = 0
    report = []
    for path in paths:
        try:
            for result in renderer.render_path(path):
                if isinstance(result, SongsmithError):
                    failed += 1
                    report.append({"input": result.path or path, "error": str(result)})
                    if not as_json:
                        click.echo(str(result), err=True)
                    continue
                report.append(result.to_json())
                if not as_json:
                    mood = result.mood.primary if result.mood else "?"
                    how = result.arrangement or "lyrics kept"
                    click.echo(f"{result.action} {result.output} ({result.form or '?'}, {how}, {mood}, "
                               f"{len(result.song.candidates)} candidates)")
                    for note in result.notes:
                        if "not applied" in note:
                            click.echo(f"  note: {note}", err=True)
        except SongsmithError as exc:
            failed += 1
            report.append({"input": path, "error": str(exc)})
            if not as_json:
                click.echo(str(exc), err=True)
    if as_json:
        echo_json(report)
    if failed:
        raise SystemExit(2)
