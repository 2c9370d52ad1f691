"""``songsmith batch … --generate SERVICE``: the generation step after the packages, and its output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click


def run_generation(out: str, service: str, count: int, *, as_json: bool, quiet: bool) -> int:
    """Generate takes for OUT's songs, then write the report and songbook (with players); returns
    how many songs had a failure."""
    from songsmith.batch.generate import generate_batch
    from songsmith.batch.report import write_reports
    from songsmith.batch.state import BatchLock, State
    from songsmith.cli.generate import _timing

    def report(kind: str, data: dict[str, Any]) -> None:
        if quiet:
            return
        if as_json:
            click.echo(json.dumps({"event": f"generate-{kind}", **data}, ensure_ascii=False, default=str))
        elif kind == "take":
            click.echo(f"{Path(data['song']).parent.name}: {data['take']} ({data['duration_s']:.1f} s)", err=True)
        elif kind in ("failed", "warning", "budget"):
            text = data.get("error") or data.get("message") or "not sent: --max-cost"
            click.echo(f"{Path(data['song']).parent.name}: {text}", err=True)

    root = Path(out)
    with BatchLock(root):
        summary = generate_batch(root, service, count, report=report, **_timing())
        state = State(root)
        try:
            write_reports(root, state)
        finally:
            state.close()
    totals = summary.to_json()
    if as_json:
        click.echo(json.dumps({"event": "generate-finish", **totals}, ensure_ascii=False))
    elif not quiet:
        click.echo(f"generate: {totals['submitted']} submitted, {totals['takes']} new takes, {totals['failed']} failed, "
                   f"{totals['still_running']} still running, ≈ ${totals['spent_usd']:.2f} in "
                   f"{totals['seconds']:.1f} s", err=True)
    return int(totals["failed"]) + int(totals["still_running"])
