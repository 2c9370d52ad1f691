"""The ``metre`` part of ``songsmith analyze``: the 格律 check of a 近体诗 (:mod:`.gelv`) or of a
词 against its tune's 正体 (:mod:`.cipu`), as JSON, and its text for the terminal.

``kind`` names what the check found: 律绝 (a quatrain that keeps the rules, with the recognised
拗救) or 古绝 (one that does not, e.g. 静夜思, or rhymes 仄), 律诗 and 排律 (their ``verdict`` says
whether they keep the rules: 合律, 拗而能救, 不合律), 词.
"""

from __future__ import annotations

from typing import Any

from songsmith.poetry import gelv
from songsmith.poetry.rhyming import RhymeResult


def metre_report(form: str, display: list[str], grid: list[str], rhyme: RhymeResult, *,
                 tune: str | None = None, simple: list[str] | None = None,
                 readings: list[list[str | None]] | None = None) -> dict[str, Any] | None:
    if form == "词":
        from songsmith.poetry.cipu import check_ci

        return check_ci(tune, display, simple or display, grid, readings)
    if not form.endswith(("绝句", "律诗", "排律")):
        return None
    first = any(f["line"] == 1 for f in rhyme.feet)
    report = gelv.check_poem(grid, first_rhymes=first, rhyme_level=rhyme.tone)
    if report is None:
        return None
    data = report.to_json()
    if form.endswith("绝句"):
        kind = "律绝" if report.conforms else "古绝"
    else:
        kind = "律诗" if form.endswith("律诗") else "排律"
    data.update(kind=kind, regulated=kind != "古绝")
    return data


def format_metre(metre: dict[str, Any], texts: list[str]) -> list[str]:
    """The report as a checker prints it: one row per line, the template under the line's 平仄,
    ＾ under each position that breaks it, then the faults and repairs."""
    if metre.get("kind") == "词":
        from songsmith.poetry.cipu import format_ci

        return format_ci(metre, texts)
    first = "首句入韵" if metre["first_line_rhymes"] else "首句不入韵"
    out = [f"格律: {metre['kind']}, {metre['start']}, {first} — {metre['verdict']}"]
    width = max((len(t) for t in texts), default=0)
    for line, text in zip(metre["lines"], texts):
        pad = "\u3000" * (width - len(text))
        notes = "; ".join(line["faults"] + line["repairs"])
        out.append(f"  {line['line']:>2} {text}{pad}  {line['tones']}  {'ok ' if line['ok'] else 'BAD'}"
                   + (f"  {notes}" if notes else ""))
        indent = "     " + "\u3000" * width
        out.append(f"{indent}  {line['pattern']}  template")
        if line["breaks"]:
            out.append(f"{indent}  " + "".join("＾" if i + 1 in line["breaks"] else "\u3000"
                                               for i in range(len(line["pattern"]))))
    out.extend(f"  {fault}" for fault in metre["faults"])
    return out
