"""格律 of 近体诗 (regulated verse): templates, 粘对, 孤平, 三平尾/三仄尾 and 拗救.

The four line types (王力《诗词格律》), five- and seven-character:

====  ==========  ==============  ==================
type  五言         七言            ends
====  ==========  ==============  ==================
a     仄仄平平仄   平平仄仄平平仄   仄 (an unrhymed line)
b     平平仄仄平   仄仄平平仄仄平   平 (a rhyme foot)
c     平平平仄仄   仄仄平平平仄仄   仄
d     仄仄仄平平   平平仄仄仄平平   平
====  ==========  ==============  ==================

A poem's template follows from its first line: 平起/仄起 is the level of its 2nd character,
首句入韵 whether it ends on the rhyme. Then each couplet's second line opposes the first (对) and
each couplet's first line repeats the level of the line before it (粘), judged on the 2nd
character; odd lines end 仄, even lines end on the 平 rhyme.

Fixed positions are the 2nd, 4th, (6th) and the last; the others are free (一三五不论) except:
孤平 (a b-type line with only one 平 besides the rhyme: 仄平仄仄平), 三平尾 and 三仄尾 (the last
three alike). Recognised 拗救: 孤平拗救 (本句自救, 仄平平仄平), 对句相救 (an a-type line whose
3rd or 4th character of the five-character tail is 仄 — 小拗 / 大拗 — answered by 平 on the 3rd of the
next line's tail), and 特拗 (a c-type line as 平平仄平仄).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIVE = {"a": "仄仄平平仄", "b": "平平仄仄平", "c": "平平平仄仄", "d": "仄仄仄平平"}
SEVEN = {"a": "平平仄仄平平仄", "b": "仄仄平平仄仄平", "c": "仄仄平平平仄仄", "d": "平平仄仄仄平平"}
ANY = "*"  # a character read either way (平仄两读) fits any position
_OPPOSITE = {"平": "仄", "仄": "平"}


def _types(length: int) -> dict[str, str]:
    return FIVE if length == 5 else SEVEN


def _type_of(length: int, second: str, end: str) -> str:
    for name, pattern in _types(length).items():
        if pattern[1] == second and pattern[-1] == end:
            return name
    raise ValueError((length, second, end))


def template(length: int, lines: int, start: str, first_rhymes: bool) -> list[str]:
    """Line types of a regulated poem: ``start`` is the 2nd character of line 1 (平起/仄起)."""
    types = [_type_of(length, start, "平" if first_rhymes else "仄")]
    second = start
    for index in range(1, lines):
        if index % 2:  # second line of a couplet: 对
            second = _OPPOSITE[second]
            types.append(_type_of(length, second, "平"))
        else:  # first line of the next couplet: 粘
            types.append(_type_of(length, second, "仄"))
    return types


def _fits(level: str, wanted: str) -> bool:
    return level in ("?", ANY) or level == wanted


@dataclass
class LineCheck:
    number: int  # 1-based
    kind: str  # a b c d
    pattern: str  # the template's 平仄
    tones: str  # the line's own (平, 仄, ? unknown, * either)
    breaks: list[int] = field(default_factory=list)  # 1-based positions off the template, not repaired
    off_template: list[int] = field(default_factory=list)  # every fixed position off the template
    faults: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.faults

    def to_json(self) -> dict[str, Any]:
        return {"line": self.number, "type": self.kind, "pattern": self.pattern, "tones": self.tones,
                "breaks": self.breaks, "faults": self.faults, "repairs": self.repairs, "ok": self.ok}


@dataclass
class MetreReport:
    length: int
    start: str  # 平起 / 仄起
    first_rhymes: bool
    lines: list[LineCheck]
    faults: list[str]  # poem-level: 失粘, 失对, 仄韵
    verdict: str  # 合律 / 拗而能救 / 不合律

    @property
    def conforms(self) -> bool:
        return self.verdict != "不合律"

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "first_line_rhymes": self.first_rhymes, "verdict": self.verdict,
                "faults": self.faults, "lines": [line.to_json() for line in self.lines]}


def _tail(tones: str) -> str:
    return tones[-5:]


def check_line(number: int, kind: str, tones: str, following: str | None) -> LineCheck:
    """Check one line of type ``kind``; ``following`` is the next line's tones (for 对句相救)."""
    length = len(tones)
    pattern = _types(length)[kind]
    check = LineCheck(number, kind, pattern, tones)
    fixed = [1, 3, length - 1] if length == 5 else [1, 3, 5, length - 1]
    breaks = [i for i in fixed if not _fits(tones[i], pattern[i])]
    check.off_template = [i + 1 for i in breaks]
    tail = _tail(tones)
    # positions in the five-character tail: t[2] is the 3rd, t[3] the 4th
    if kind == "c" and tail[2] == "仄" and tail[3] == "平" and _fits(tail[0], "平"):
        breaks = [i for i in breaks if i != length - 2]
        check.repairs.append("特拗 (平平仄平仄)")
    elif kind == "a" and (tail[2] == "仄" or tail[3] == "仄"):
        big = tail[3] == "仄"
        name = "大拗" if big else "小拗"
        rescued = following is not None and len(following) == length and _tail(following)[2] == "平"
        if rescued:
            breaks = [i for i in breaks if i != length - 2]
            check.repairs.append(f"{name}, 对句相救 (next line's {length - 2}th 平)")
        elif big:
            check.faults.append(f"大拗 not rescued (position {length - 1} 仄, next line's {length - 2}th not 平)")
            breaks = [i for i in breaks if i != length - 2]
        else:
            check.repairs.append("小拗 (可不救)")
    if kind == "b":
        if tail[0] == "仄" and tail[2] == "仄" and tail[1] != "仄":
            check.faults.append("孤平")
        elif tail[0] == "仄" and tail[2] == "平":
            check.repairs.append("孤平拗救 (本句自救)")
    run = _longest_run(tones)
    if run[1] >= 5:
        check.faults.append(f"{run[1]} {run[0]} in a row")
    if tones[-3:] == "平平平":
        check.faults.append("三平尾")
    elif tones[-3:] == "仄仄仄":
        check.faults.append("三仄尾")
    check.breaks = [i + 1 for i in breaks]
    if breaks:
        where = ", ".join(str(i + 1) for i in breaks)
        check.faults.append(f"失律 at position {where}")
    return check


def _longest_run(tones: str) -> tuple[str, int]:
    best = ("", 0)
    count = 0
    for i, level in enumerate(tones):
        count = count + 1 if i and level == tones[i - 1] and level in ("平", "仄") else 1
        if level in ("平", "仄") and count > best[1]:
            best = (level, count)
    return best


def _second(tones: str) -> str:
    return tones[1] if len(tones) > 1 else "?"


def check_poem(tones: list[str], *, first_rhymes: bool, rhyme_level: str | None,
               short: bool = False) -> MetreReport | None:
    """The 格律 report of a poem of uniform 5- or 7-character lines, 4, 8 or an even number ≥ 10
    of them (``tones``: one 平/仄/?/* per character); with ``short``, of two or six lines too (a
    couplet fragment is one 联: 对 and two 律句; six lines a 三韵小律). None for other shapes."""
    n = len(tones)
    length = len(tones[0]) if tones else 0
    shapes = n in (4, 8) or (n >= 10 and n % 2 == 0) or (short and n in (2, 6))
    if length not in (5, 7) or any(len(t) != length for t in tones) or not shapes:
        return None
    start = _second(tones[0])
    if start not in ("平", "仄"):
        second_line = _second(tones[1])
        start = _OPPOSITE.get(second_line, "平")
    kinds = template(length, n, start, first_rhymes)
    lines = [check_line(i + 1, kind, tones[i], tones[i + 1] if kind == "a" and i + 1 < n else None)
             for i, kind in enumerate(kinds)]
    faults: list[str] = []
    if rhyme_level == "仄":
        faults.append("仄韵 (近体 rhymes on 平)")
    for i in range(1, n):
        a, b = _second(tones[i - 1]), _second(tones[i])
        if a in ("?", ANY) or b in ("?", ANY):
            continue
        if i % 2 and a == b:
            faults.append(f"失对 lines {i}–{i + 1}")
        elif not i % 2 and a != b:
            faults.append(f"失粘 lines {i}–{i + 1}")
    bad = faults or any(not line.ok for line in lines)
    repaired = any(r for line in lines for r in line.repairs if "可不救" not in r)
    verdict = "不合律" if bad else ("拗而能救" if repaired else "合律")
    return MetreReport(length, f"{start}起", first_rhymes, lines, faults, verdict)


def required_level(report: MetreReport, line: int, index: int) -> str | None:
    """The level the template fixes at ``index`` of 0-based ``line`` (None at a free position)."""
    check = report.lines[line]
    length = len(check.pattern)
    fixed = (1, 3, length - 1) if length == 5 else (1, 3, 5, length - 1)
    return check.pattern[index] if index in fixed else None
