"""A 词 against its tune's 正体: length, rhyme positions and the 平仄 the 词谱 fixes.

The tunes are data (``prompts/poetry/cipu.yaml``): each line of the 正体 is a pattern of 平, 仄
and 中 (可平可仄), followed by ``|A`` when it ends on rhyme set A (the file says which sets rhyme
平 and which 仄; 菩萨蛮 changes rhyme, so it has four sets). A poem's clauses may be punctuated
otherwise than the 词谱's lines (念奴娇's 九字句 is often 3 + 6), so the check walks the
characters: the poem must have the 正体's number of characters, every rhyme position must end a
clause, the feet of a set must share a 词林正韵 部, and each fixed 平/仄 must match.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_LEVELS = {"平", "仄"}


@dataclass(frozen=True)
class TuneLine:
    pattern: str
    rhyme: str | None  # rhyme set, or None for a line that does not rhyme


@dataclass(frozen=True)
class Tune:
    name: str
    source: str
    lines: tuple[TuneLine, ...]
    stanza_break: int  # index of the first line of the second stanza (下片)
    rhyme_levels: dict[str, str]  # set → 平/仄

    @property
    def length(self) -> int:
        return sum(len(line.pattern) for line in self.lines)


def parse_tunes(data: Any) -> dict[str, Tune]:
    tunes: dict[str, Tune] = {}
    for name, entry in (data or {}).get("tunes", {}).items():
        lines: list[TuneLine] = []
        stanzas = entry["stanzas"]
        for stanza in stanzas:
            for raw in stanza:
                pattern, _, rhyme = str(raw).partition("|")
                if not pattern or set(pattern) - {"平", "仄", "中"}:
                    raise ValueError(f"{name}: bad line pattern {raw!r}")
                if rhyme and rhyme not in entry["rhymes"]:
                    raise ValueError(f"{name}: rhyme set {rhyme} not declared")
                lines.append(TuneLine(pattern, rhyme or None))
        tune = Tune(str(name), str(entry["source"]), tuple(lines), len(stanzas[0]),
                    {str(k): str(v) for k, v in entry["rhymes"].items()})
        if entry.get("length") not in (None, tune.length):
            raise ValueError(f"{name}: the lines have {tune.length} characters, not {entry['length']}")
        for alias in [name, *(entry.get("aliases") or [])]:
            tunes[str(alias)] = tune
    return tunes


@lru_cache(maxsize=1)
def load_tunes() -> dict[str, Tune]:
    from songsmith.resources import load_prompt_yaml

    return parse_tunes(load_prompt_yaml("poetry/cipu.yaml"))


def _base_name(tune: str | None) -> str | None:
    if not tune:
        return None
    from songsmith.poetry.script import to_simplified

    return to_simplified(tune.replace("・", "·").split("·")[0].strip())


def check_ci(tune: str | None, display: list[str], simple: list[str], grid: list[str],
             readings: list[list[str | None]] | None = None) -> dict[str, Any] | None:
    """The 正体 check of a 词 (None when it names no tune); ``grid`` holds each line's levels."""
    from songsmith.poetry.rhyming import foot_groups

    name = _base_name(tune)
    if name is None:
        return None
    found = load_tunes().get(name)
    report: dict[str, Any] = {"kind": "词", "tune": name, "regulated": False}
    if found is None:
        report.update(known=False, verdict="tune not in the 词谱 data", faults=[], lines=[])
        return report
    chars = "".join(display)
    simple_chars = "".join(simple)
    tones = "".join(grid)
    flat: list[str | None] = [r for row in (readings or [[None] * len(line) for line in display]) for r in row]
    ends = set()
    offset = 0
    for line in display:
        offset += len(line)
        ends.add(offset)
    report.update(known=True, source=found.source, length=found.length, characters=len(chars))
    faults: list[str] = []
    lines: list[dict[str, Any]] = []
    if len(chars) != found.length:
        faults.append(f"{len(chars)} characters; the 正体 has {found.length}")
        report.update(verdict="不合谱", faults=faults, lines=lines)
        return report
    feet: dict[str, list[tuple[int, set[str]]]] = {}
    start = 0
    for number, line in enumerate(found.lines, 1):
        end = start + len(line.pattern)
        own = tones[start:end]
        breaks = [i + 1 for i, (want, got) in enumerate(zip(line.pattern, own))
                  if want in _LEVELS and got in _LEVELS and want != got]
        entry: dict[str, Any] = {"line": number, "text": chars[start:end], "pattern": line.pattern, "tones": own,
                                 "breaks": breaks, "rhyme": line.rhyme, "faults": []}
        if breaks:
            entry["faults"].append("平仄 off the 词谱 at position " + ", ".join(map(str, breaks)))
        if line.rhyme:
            if end not in ends:
                entry["faults"].append("a rhyme position inside a clause")
            at = end - 1
            groups = foot_groups("cilin", chars[at], simple_chars[at], flat[at] if at < len(flat) else None)
            wanted = found.rhyme_levels[line.rhyme]
            options = {g for g in groups.options if (groups.level.get(g) == "平") == (wanted == "平")}
            feet.setdefault(line.rhyme, []).append((len(lines), options))
        lines.append(entry)
        start = end
    for rhyme_set, members in feet.items():
        counts = Counter(g for _, options in members for g in options)
        if not counts:
            continue
        bu = counts.most_common(1)[0][0]
        for index, options in members:
            if bu not in options:
                lines[index]["faults"].append(f"出韵: not in {bu}")
    bad = sum(1 for entry in lines if entry["faults"])
    faults.extend(f"line {entry['line']}: {'; '.join(entry['faults'])}" for entry in lines if entry["faults"])
    report.update(verdict="合谱" if not bad else "不合谱", faults=faults, lines=lines,
                  stanza_break=found.stanza_break + 1)
    return report


def format_ci(metre: dict[str, Any], texts: list[str]) -> list[str]:
    """The 词谱 check for the terminal."""
    if not metre.get("known"):
        return [f"词谱: {metre['tune']}: {metre['verdict']}"]
    out = [f"词谱: {metre['tune']} 正体 ({metre['source']}), {metre['length']} 字 — {metre['verdict']}"]
    for entry in metre["lines"]:
        if entry["line"] == metre.get("stanza_break"):
            out.append("  ——")
        mark = f"  韵{entry['rhyme']}" if entry["rhyme"] else ""
        notes = "; ".join(entry["faults"])
        out.append(f"  {entry['line']:>2} {entry['text']}  {entry['tones']}  (谱 {entry['pattern']}){mark}"
                   + (f"  {notes}" if notes else ""))
    if not metre["lines"]:
        out.extend(f"  {fault}" for fault in metre["faults"])
    return out
