"""``OUT/report.md`` and ``OUT/index.json``: what a batch did, what failed and why.

Both are rebuilt from the job state after every run (so they always describe the whole OUT, not
just the last run), then the songbook is written. Timing and token figures live under ``time`` /
``tokens`` in index.json and in the last section of report.md ("Time and cost"); everything else
depends only on the poems and the options.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from songsmith.batch.state import State
from songsmith.document.writer import write_text_atomic

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_QUOTED = re.compile(r"[\"'“‘「『(（\[].*?[\"'”’」』)）\]]")


def warning_kind(text: str) -> str:
    """A warning without its particulars, so that like warnings count together."""
    text = text.strip()
    if text.lower().startswith("warning: "):
        text = text[9:]
    head, sep, rest = text.partition(": ")
    if not sep or " " in head:  # no "target: " prefix: fold it all
        head, sep, rest = "", "", text
    rest = _NUMBER.sub("N", _QUOTED.sub("…", rest))
    return " ".join(f"{head}{sep}{rest}".split())[:90]


def _loads(text: str | None, default: Any) -> Any:
    if not text:
        return default
    try:
        return json.loads(text)
    except ValueError:
        return default


def collect(state: State) -> dict[str, Any]:
    """The index: counts, per-song rows, time and tokens."""
    from songsmith import __version__

    status: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    moods: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    songs = []
    seconds = 0.0
    tokens_in = tokens_out = 0
    for row in state.rows():
        status[row["status"]] += 1
        if row["status"] == "done":
            forms[row["form"] or "?"] += 1
            moods[row["mood"] or "?"] += 1
        found = _loads(row["warnings"], [])
        for warning in found:
            warnings[warning_kind(warning)] += 1
        seconds += row["seconds"] or 0.0
        tokens_in += row["tokens_in"] or 0
        tokens_out += row["tokens_out"] or 0
        entry: dict[str, Any] = {
            "key": row["key"], "title": row["title"], "author": row["author"], "status": row["status"],
            "dir": f"songs/{row['name']}" if row["status"] == "done" and row["name"] else None,
            "form": row["form"], "mood": row["mood"], "warnings": len(found),
        }
        if row["error"]:
            entry["error"] = row["error"]
        songs.append(entry)
    runs = state.runs()
    from songsmith.batch.provider import provider_tokens

    batch_in, batch_out = provider_tokens(state)
    tokens_in += batch_in
    tokens_out += batch_out
    options = state.get_meta("options", {})
    model = options.get("model") or options.get("backend")
    cost = None
    if tokens_in or tokens_out:
        try:
            from songsmith.style.llm.usage import estimate_cost

            cost = estimate_cost(str(model), tokens_in - batch_in, tokens_out - batch_out)
            if cost is not None and (batch_in or batch_out):  # provider batches cost half
                cost += (estimate_cost(str(model), batch_in, batch_out) or 0.0) / 2
        except Exception:  # noqa: BLE001 - no price table: no estimate
            cost = None
    return {
        "songsmith": __version__,
        "sources": state.get_meta("sources", []),
        "options": options,
        "select": state.get_meta("select", []),
        "limit": state.get_meta("limit"),
        "counts": {
            "poems": sum(status.values()),
            "status": dict(sorted(status.items())),
            "form": dict(forms.most_common()),
            "mood": dict(moods.most_common()),
            "warnings": dict(warnings.most_common()),
        },
        "songs": songs,
        "time": {
            "work_seconds": round(seconds, 3),
            "runs": [{"started": r["started"], "seconds": round(r["seconds"] or 0.0, 3), "done": r["done"],
                      "failed": r["failed"], "skipped": r["skipped"], "interrupted": bool(r["interrupted"])}
                     for r in runs],
        },
        "tokens": {"input": tokens_in, "output": tokens_out, "provider_batch_input": batch_in,
                   "provider_batch_output": batch_out, "model": model, "cost_usd": cost},
    }


def _md(text: Any) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", " ".join(str(text).split())) if text is not None else ""


def _table(title: str, counts: dict[str, int], limit: int = 30) -> list[str]:
    if not counts:
        return []
    lines = [f"## {title}", "", "| | count |", "|---|---:|"]
    items = list(counts.items())
    for name, count in items[:limit]:
        lines.append(f"| {_md(name)} | {count:,} |")
    if len(items) > limit:
        lines.append(f"| … {len(items) - limit} more | {sum(c for _, c in items[limit:]):,} |")
    return [*lines, ""]


def report_markdown(index: dict[str, Any]) -> str:
    counts = index["counts"]
    status = counts["status"]
    options = index["options"]
    lines = ["# Batch report", ""]
    lines.append(f"{counts['poems']:,} poems: " + ", ".join(f"{n:,} {s}" for s, n in status.items()) + ".")
    lines.append("")
    lines.append(f"- Sources: {', '.join(_md(s) for s in index['sources'])}")
    lines.append(f"- Targets: {', '.join(options.get('targets', []))}; backend: {_md(options.get('backend'))}; "
                 f"candidates: {options.get('candidates')}")
    if index.get("select"):
        lines.append(f"- Selection: {_md(' and '.join(index['select']))}")
    if index.get("limit") is not None:
        lines.append(f"- Limit: {index['limit']}")
    lines += ["- Songbook: [songbook.html](songbook.html); machine-readable: [index.json](index.json)", ""]
    failed = [s for s in index["songs"] if s["status"] == "failed"]
    if failed:
        lines += [f"## Failed ({len(failed):,})", "", "A re-run of the same command retries them: a poem that failed for a full disk or a service "
                  "out of reach may pass then; one that failed for what it holds (no verse, an unreadable "
                  "file) fails again until its source is fixed.", "",
                  "| poem | title | why |", "|---|---|---|"]
        for song in failed[:200]:
            lines.append(f"| {_md(song['key'])} | {_md(song['title'])} | {_md(song.get('error'))} |")
        if len(failed) > 200:
            lines.append(f"| … | {len(failed) - 200:,} more in index.json | |")
        lines.append("")
    lines += _table("Forms", counts["form"])
    lines += _table("Moods", counts["mood"])
    lines += _table("Warnings by kind", counts["warnings"], limit=40)
    time = index["time"]
    tokens = index["tokens"]
    lines += ["## Time and cost", ""]
    lines.append(f"- Work time (sum over poems): {time['work_seconds']:.1f} s")
    for number, run in enumerate(time["runs"], 1):
        state = " (interrupted)" if run["interrupted"] else ""
        lines.append(f"- Run {number}: {run['seconds']:.1f} s, {run['done']:,} done, {run['failed']:,} failed, "
                     f"{run['skipped']:,} skipped{state}")
    cost = f", about ${tokens['cost_usd']:.4f}" if tokens.get("cost_usd") is not None else ""
    lines.append(f"- Tokens: {tokens['input']:,} in, {tokens['output']:,} out{cost}")
    if tokens.get("provider_batch_input") or tokens.get("provider_batch_output"):
        lines.append(f"- Of which through provider batches (half price): {tokens['provider_batch_input']:,} in, "
                     f"{tokens['provider_batch_output']:,} out")
    lines.append("")
    return "\n".join(lines)


def write_reports(out: Path, state: State) -> dict[str, Any]:
    from songsmith.batch.songbook import write_songbook

    index = collect(state)
    write_text_atomic(out / "index.json", json.dumps(index, ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(out / "report.md", report_markdown(index))
    write_songbook(out, state, index)
    return index


def status_report(out: str | Path) -> tuple[dict[str, Any], str]:
    """``songsmith batch status OUT``: counts, provider batches, the last runs (read-only)."""
    state = State(Path(out), readonly=True)
    try:
        counts = state.counts()
        batches = [dict(row) for row in state.db.execute("SELECT * FROM batches ORDER BY created")]
        requests = {f"{row[0]}/{row[1]}": row[2] for row in state.db.execute(
            "SELECT phase, status, COUNT(*) FROM batch_requests GROUP BY phase, status")}
        runs = [dict(r) for r in state.runs()]
        failed = [dict(r) for r in state.db.execute(
            "SELECT key, title, error FROM jobs WHERE status = 'failed' ORDER BY seq LIMIT 20")]
        options = state.get_meta("options", {})
    finally:
        state.db.close()
    data = {"out": str(out), "counts": counts, "options": options, "provider_batches": batches,
            "provider_requests": requests, "runs": runs, "failed": failed}
    lines = [f"{out}: " + (", ".join(f"{n:,} {s}" for s, n in sorted(counts.items())) or "no poems yet")]
    if options:
        lines.append(f"  targets {', '.join(options.get('targets', []))}; backend {options.get('backend')}")
    if runs:
        last = runs[-1]
        how = "interrupted or running" if last["interrupted"] else "finished"
        lines.append(f"  {len(runs)} run(s); the last {how}: {last['done'] or 0} done, {last['failed'] or 0} failed, "
                     f"{last['skipped'] or 0} skipped")
    for batch in batches:
        lines.append(f"  {batch['provider']} batch {batch['id']} ({batch['phase']}): {batch['status']}, "
                     f"{batch['requests']} requests, {batch['succeeded']} succeeded, {batch['errored']} errored")
    for row in failed:
        lines.append(f"  failed {row['key']} ({row['title']}): {row['error']}")
    return data, "\n".join(lines)
