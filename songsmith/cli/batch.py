"""``songsmith batch``: whole collections into packages, resumable, with a report and a songbook."""

from __future__ import annotations

import os

import click

from songsmith.cli import options
from songsmith.errors import UsageError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("sources", nargs=-1, required=True, type=click.Path())
@options.out_dir("Output directory: packages in OUT/songs/, report.md, index.json, songbook.html.", required=False)
@options.packaging()
@options.backend()
@options.candidates("Style candidates per song (all shown in the songbook).")
@options.audience()
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 256),
              help="Worker processes for offline work [default: number of CPUs].")
@click.option("--select", "select", multiple=True, metavar="EXPR",
              help="Only poems matching, e.g. 'author=李白|杜甫,lines<=8' or 'title~月' (repeatable: and).")
@click.option("--limit", default=None, type=click.IntRange(0), help="Only the first N (selected) poems.")
@click.option("--provider-batch", is_flag=True,
              help="LLM backends: send the requests through the provider's batch API (half price).")
@click.option("--no-wait", is_flag=True, help="With --provider-batch: submit and exit; run again to collect.")
@click.option("--poll", default=30.0, show_default=True, type=click.FloatRange(0.01),
              help="Seconds between provider batch status checks.")
@click.option("--generate", "generate_service", default=None, metavar="SERVICE",
              type=click.Choice(("minimax", "mureka", "elevenlabs", "suno-api", "fal", "replicate", "ace-step")),
              help="Then generate takes of every song with this music service (as songsmith generate does).")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 50),
              help="With --generate: takes per song.")
@options.json_output("Progress as JSON events, one object per line, on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
def batch(sources: tuple[str, ...], out: str | None, targets: str, suno_model: str, minimax_model: str,
          package_candidates: str | None, homophones: bool, pinyin_hints: bool, strict: bool, backend: str | None,
          model: str | None, base_url: str | None, n_candidates: int, audience: str, jobs: int | None,
          select: tuple[str, ...], limit: int | None, provider_batch: bool, no_wait: bool, poll: float,
          generate_service: str | None, count: int, as_json: bool, quiet: bool) -> None:
    """Turn whole collections into song packages; resumable, with a report and a songbook.

    SOURCE is a chinese-poetry JSON file or directory, a directory of poem/song files, or a
    plain text collection. Re-running the same command resumes: done poems are skipped unless
    the poem or the options changed; failed ones are retried. `songsmith batch status OUT`
    shows the state of OUT; `songsmith batch repair OUT` rebuilds a damaged job state from the
    packages in OUT (a run does that by itself too). Exit status: 0 all done, 1 some poems failed, 2 usage error (or
    another batch on OUT), 75 a provider batch is still running (--no-wait).
    """
    if sources and sources[0] == "status":
        return _status(sources[1:], as_json)
    if sources and sources[0] == "repair":
        return _repair(sources[1:], as_json)
    if not out:
        raise UsageError("missing -o OUT (the output directory)")
    for source in sources:  # a mistyped source fails before OUT is touched
        if not os.path.exists(source):
            raise UsageError("no such file or directory", path=source)
    from songsmith.batch.progress import make_progress
    from songsmith.batch.runner import BatchRunner
    from songsmith.batch.work import BatchOptions
    choice = options.packaging_choice(targets, suno_model, minimax_model, package_candidates, homophones,
                                      pinyin_hints, strict)
    from songsmith.config import MissingKey, load_config

    config = load_config(backend=backend, model=model, base_url=base_url)
    backend = config.backend
    backend_object = None
    model_name = None
    if backend != "offline":
        from songsmith.style.backends import get_backend

        try:
            backend_object = get_backend(backend, config)
        except MissingKey as exc:
            raise exc.offline_advice() from None
        model_name = getattr(backend_object, "model", None)
    elif provider_batch:
        raise UsageError("--provider-batch needs an LLM backend (--backend anthropic or openai)")
    batch_options = BatchOptions(targets=tuple(choice.targets), backend=backend, model=model_name,
                                 candidates=n_candidates, package_candidates=package_candidates,
                                 audience="children" if audience == "children" else None, suno_model=suno_model,
                                 minimax_model=minimax_model, homophones=homophones, pinyin_hints=pinyin_hints,
                                 strict=strict)
    progress = make_progress(as_json, quiet)
    runner = BatchRunner(sources, out, batch_options, jobs=jobs or os.cpu_count() or 1, select=select, limit=limit,
                         progress=progress, backend=backend_object, provider_batch=provider_batch,
                         poll_interval=poll, wait=not no_wait, write_reports=generate_service is None)
    summary = runner.run()
    if summary.waiting:
        click.echo("songsmith batch: the provider batch is still running; run the same command again to collect it "
                   f"(`songsmith batch status {out}` shows it)", err=True)
        raise SystemExit(75)
    failed = summary.failed
    if generate_service:
        from songsmith.cli.batch_generate import run_generation

        failed += run_generation(out, generate_service, count, as_json=as_json, quiet=quiet)
    if failed:
        raise SystemExit(1)


def _status(outs: tuple[str, ...], as_json: bool) -> None:
    from songsmith.batch.report import status_report

    from songsmith.batch.state import DamagedState

    if len(outs) != 1:
        raise UsageError("usage: songsmith batch status OUT")
    try:
        data, text = status_report(outs[0])
    except DamagedState as exc:
        exc.message += (f"; `songsmith batch repair {outs[0]}` rebuilds it from the packages in "
                        f"{os.path.join(outs[0], 'songs')} (the next batch run on it does too)")
        raise
    if as_json:
        from songsmith.cli.output import echo_json

        echo_json(data)
    else:
        click.echo(text)


def _repair(outs: tuple[str, ...], as_json: bool) -> None:
    from pathlib import Path

    from songsmith.batch.repair import repair
    from songsmith.batch.state import BatchLock, db_path

    if len(outs) != 1:
        raise UsageError("usage: songsmith batch repair OUT")
    out = Path(outs[0])
    if not db_path(out).exists():
        raise UsageError("no batch here (no .songsmith/batch.db)", path=str(out))
    with BatchLock(out):
        done = repair(out)
    if as_json:
        from songsmith.cli.output import echo_json

        echo_json({"out": str(out), "damaged": done.damaged is not None, "reason": done.reason or None,
                   "moved_to": str(done.damaged) if done.damaged else None, "kept": done.kept,
                   "unverified": done.unverified})
    else:
        click.echo(done.message(out))
