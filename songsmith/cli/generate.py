"""``songsmith generate``: from a song's package to audio takes, through a music service's API."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from songsmith.cli import options
from songsmith.errors import UsageError

SERVICE_NAMES = ("minimax", "mureka", "elevenlabs", "suno-api", "fal", "replicate", "ace-step")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("songs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--service", required=True, type=click.Choice(SERVICE_NAMES), help="The music service to generate with.")
@click.option("--model", default=None, help="The service's model (default: its current one; fal: the endpoint).")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 50),
              help="Takes per song (and per candidate).")
@click.option("--for-candidates", "candidates", default=None, metavar="all|IDS",
              help="Generate for these candidates' styles (all, or ids such as c1,c3) instead of the song's style.")
@click.option("--base-url", default=None, help="The service's address (or SONGSMITH_<SERVICE>_BASE_URL).")
@click.option("--max-cost", default=None, type=click.FloatRange(0), metavar="USD",
              help="Stop submitting before the estimated cost of this run would pass USD.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent and its estimated cost; send nothing.")
@options.json_output("Print the plan and the summary as JSON.")
def generate(songs: tuple[str, ...], service: str, model: str | None, count: int, candidates: str | None,
             base_url: str | None, max_cost: float | None, dry_run: bool, as_json: bool) -> None:
    """Generate COUNT takes of each SONG with a music service and attach them (takes/ beside the song).

    The body sent is the song's package for that service. A re-run of the same command sends
    nothing already sent: it collects what is still running and fetches what was not saved.
    Exit status: 0 done, 1 some takes failed, 2 usage error, 75 tasks still running (run again).
    """
    from songsmith.config import load_config
    from songsmith.generate.connection import GenerateOptions
    from songsmith.generate.engine import SongWork
    from songsmith.generate.run import generate_songs
    from songsmith.generate.store import Store, store_path

    for song in songs:
        if not os.path.isfile(song):
            raise UsageError("no such song file", path=song)
    config = load_config()
    opts = GenerateOptions(service=service, model=model, count=count, candidates=candidates, base_url=base_url,
                           max_cost=max_cost, dry_run=dry_run, **_timing())
    groups: dict[Path, list[SongWork]] = {}
    for song in songs:
        path = Path(song).resolve()
        groups.setdefault(path.parent, []).append(
            SongWork(path=song, scope=str(path), takes_dir=path.parent / "takes", stem=path.stem))
    report = _printer(as_json)
    results = []
    for folder, works in groups.items():
        location = store_path(folder)
        store = None if dry_run and not location.is_file() else Store(location)
        try:
            results.append(generate_songs(works, opts, store=store, config=config, report=report))
        finally:
            if store is not None:
                store.close()
    _finish(results, dry_run, as_json)


def _timing() -> dict[str, float]:
    """``SONGSMITH_GENERATE_POLL`` (seconds between polls) and ``SONGSMITH_GENERATE_MAX_WAIT`` (cap
    on a rate-limit wait): for test servers and benches, where tasks take a fraction of a second."""
    values: dict[str, float] = {}
    for variable, names in (("SONGSMITH_GENERATE_POLL", ("poll", "poll_max")), ("SONGSMITH_GENERATE_MAX_WAIT",
                                                                               ("max_wait",))):
        raw = os.environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            raise UsageError(f"{variable}={raw!r}: expected a number of seconds") from None
        values.update({name: value for name in names})
    return values


def _printer(as_json: bool) -> Any:
    def report(kind: str, data: dict[str, Any]) -> None:
        if as_json:
            return
        if kind == "take":
            click.echo(f"{data['song']}: {data['take']} {data['file']} ({data['duration_s']:.1f} s, task "
                       f"{data['task_id']})")
        elif kind == "submitted":
            click.echo(f"{data['song']}: submitted task {data['task_id']} ({data['takes']} take"
                       f"{'s' if data['takes'] > 1 else ''})", err=True)
        elif kind in ("failed", "retry", "warning"):
            text = data.get("error") or data.get("message")
            click.echo(f"{data['song']}: {'warning: ' if kind == 'warning' else ''}{text}"
                       f"{' (trying again)' if kind == 'retry' else ''}", err=True)
        elif kind == "budget":
            click.echo(f"{data['song']}: not sent: --max-cost reached (this one ≈ ${data['estimate']:.2f})", err=True)
    return report


def _finish(results: list[Any], dry_run: bool, as_json: bool) -> None:
    from songsmith.generate.engine import TO_SUBMIT

    plan = [{"song": p.work.path, "candidate": p.job.candidate or None, "service": p.job.service,
             "model": p.job.model, "takes": p.job.n, "state": p.job.state, "task_id": p.job.task_id,
             "estimated_cost_usd": p.estimate, "request": p.job.request}
            for r in results for p in r.planned]
    totals: dict[str, Any] = {}
    for r in results:
        for key, value in r.summary.to_json().items():
            totals[key] = totals.get(key, 0) + value if not isinstance(value, list) else [*totals.get(key, []), *value]
    sources = sorted({r.price_source for r in results if r.price_source})
    if as_json:
        click.echo(json.dumps({"dry_run": dry_run, "plan": plan, "summary": totals, "price_sources": sources},
                              ensure_ascii=False, indent=2))
    elif dry_run:
        to_send = [p for p in plan if p["state"] in TO_SUBMIT]
        for entry in to_send:
            candidate = f" [{entry['candidate']}]" if entry["candidate"] else ""
            click.echo(f"{entry['song']}{candidate}: {entry['service']} {entry['model']}, {entry['takes']} take"
                       f"{'s' if entry['takes'] > 1 else ''}, ≈ ${entry['estimated_cost_usd']:.2f}")
            click.echo(json.dumps(entry["request"], ensure_ascii=False, indent=2))
        waiting = len(plan) - len(to_send)
        click.echo(f"dry run: {len(to_send)} submission(s) would be sent, ≈ ${totals.get('estimated_cost_usd', 0):.2f}"
                   + (f"; {waiting} already sent or done" if waiting else "")
                   + (f" (prices: {'; '.join(sources)})" if sources else ""))
    else:
        click.echo(f"{totals['submitted']} submitted, {totals['takes']} new takes, {totals['failed']} failed, "
                   f"{totals['still_running']} still running; cost ≈ ${totals['spent_usd']:.2f} "
                   f"(estimated; prices as data: prompts/generate/prices.yaml)"
                   + (f"; {totals['skipped_by_budget']} not sent (--max-cost)" if totals["skipped_by_budget"] else ""),
                   err=True)
    if dry_run:
        return
    if totals.get("failed"):
        raise SystemExit(1)
    if totals.get("still_running"):
        click.echo("songsmith generate: tasks are still running; run the same command again to collect them",
                   err=True)
        raise SystemExit(75)
