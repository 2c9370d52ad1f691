"""A poem's rhyme under one of three systems: 平水韵 (``pingshui``), 词林正韵 (``cilin``) and
中华新韵 (``xin``).

For each line end the system gives the groups it can rhyme in: under 平水韵 every group of the
character (a polyphone's readings may sit in different groups: 看 寒/翰), under 词林正韵 their
部, under 中华新韵 the group of the modern final. The poem's rhyme is the group shared by most
rhyme positions (the even lines of a poem of uniform lines, else every line end). A foot outside
it is 通韵 when it is in a neighbouring group (the same 词林正韵 部: 东/冬, 支/微/齐, 寒/删/先 …;
allowed in 古体, reported for 近体) and 出韵 otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

SYSTEMS = {"pingshui": "平水韵", "cilin": "词林正韵", "xin": "中华新韵"}


@dataclass(frozen=True)
class FootGroups:
    """The groups a line end can rhyme in, and the group of its current reading."""

    options: tuple[str, ...]
    current: str | None
    level: dict[str, str]  # group → 平/仄
    bu: dict[str, str]  # group → 词林正韵 部 (for 通韵)


@lru_cache(maxsize=65536)
def foot_groups(system: str, char: str, simplified: str, reading: str | None) -> FootGroups:
    """(Cached: callers must not change the result.)"""
    from songsmith.poetry.prosody import classical_tone, rhyme_group
    from songsmith.poetry.rhymebook import cilin_bu, groups_for_reading, groups_of

    if system == "xin":
        group = rhyme_group(reading)
        if not group:
            return FootGroups((), None, {}, {})
        return FootGroups((group,), group, {group: classical_tone(simplified, reading)[0]}, {group: group})
    every = groups_of(char, simplified)
    mine = groups_for_reading(char, simplified, reading)
    if system == "pingshui":
        options = tuple(g.name for g in every)
        current = mine[0].name if mine else None
        level = {g.name: g.level for g in every}
        bu = {g.name: cilin_bu(g, reading).name for g in every}
        return FootGroups(options, current, level, bu)
    names: list[str] = []
    level = {}
    for g in every:
        for name in [cilin_name(g, reading), *cilin_names_of_split(g)]:
            if name not in names:
                names.append(name)
            level[name] = g.level
    current = cilin_name(mine[0], reading) if mine else None
    return FootGroups(tuple(names), current, level, {n: n for n in names})


def cilin_names_of_split(group: Any) -> list[str]:
    """Every 部 of a 平水韵 group that 词林正韵 splits (灰: 三 and 五): 宋词 rhyme its characters
    together, so a foot of such a group may rhyme in either."""
    from songsmith.poetry.rhymebook import split_bu

    return [cilin_name(group, None, bu) for bu in split_bu(group)]


def cilin_name(group: Any, reading: str | None, bu: int | None = None) -> str:
    """``第三部平声``, ``第三部上去`` or ``第十七部入声``: a 词林正韵 部 with the tones a 词 rhymes together."""
    from songsmith.poetry.rhymebook import chinese_number, cilin_bu

    tones = "平声" if group.tone == "平" else "入声" if group.tone == "入" else "上去"
    name = f"第{chinese_number(bu)}部" if bu is not None else cilin_bu(group, reading).name
    return name + tones


@dataclass
class RhymeResult:
    system: str
    group: str | None
    tone: str | None
    scheme: str
    feet: list[dict[str, Any]] = field(default_factory=list)
    off_group: list[dict[str, Any]] = field(default_factory=list)  # 出韵
    neighbour: list[dict[str, Any]] = field(default_factory=list)  # 通韵

    def to_json(self) -> dict[str, Any]:
        return {"system": SYSTEMS[self.system], "group": self.group, "tone": self.tone, "scheme": self.scheme,
                "feet": self.feet, "off_group": self.off_group, "neighbour": self.neighbour}


def choose_group(ends: list[FootGroups | None], pool: list[int]) -> str | None:
    """The group most rhyme positions can share (ties: the one most current readings are in, then 平)."""
    counts: Counter[str] = Counter()
    current: Counter[str] = Counter()
    levels: dict[str, str] = {}
    for li in pool:
        end = ends[li] if li < len(ends) else None
        if end is None:
            continue
        counts.update(set(end.options))
        if end.current:
            current[end.current] += 1
        levels.update(end.level)
    if not counts:
        return None
    best = max(counts, key=lambda g: (counts[g], current[g], levels.get(g) == "平"))
    if counts[best] < 2 and len(pool) > 2:
        return None
    return best


def analyse_rhyme(system: str, display: list[str], simple: list[str], readings: list[list[str | None]],
                  uniform: int | None) -> RhymeResult:
    """The rhyme report of verse lines (display and simplified) with their readings."""
    n = len(simple)
    ends: list[FootGroups | None] = []
    for text, sim, row in zip(display, simple, readings):
        ends.append(foot_groups(system, text[-1], sim[-1], row[-1]) if row and text else None)
    regular = uniform in (4, 5, 7) and n >= 2
    pool = list(range(1, n, 2)) if regular else list(range(n))
    group = choose_group(ends, pool)
    letters: dict[str, str] = {}
    scheme: list[str] = []
    assigned: list[str | None] = []
    counts: Counter[str] = Counter()
    for end in ends:
        if end is not None:
            counts.update(set(end.options))
    for end in ends:
        name = None
        if end is not None and end.options:
            if group in end.options:
                name = group
            else:
                shared = [g for g in end.options if counts[g] >= 2]
                name = max(shared, key=lambda g: counts[g]) if shared else None
        assigned.append(name)
        if name:
            letters.setdefault(name, chr(ord("A") + min(len(letters), 25)))
            scheme.append(letters[name])
        else:
            scheme.append("x")
    result = RhymeResult(system, group, None, "".join(scheme))
    if group is None:
        return result
    marks = list(result.scheme)  # one letter per line, changed in place below
    bu_of_group = next((e.bu[group] for e in ends if e is not None and group in e.bu), None)
    result.tone = next((e.level[group] for e in ends if e is not None and group in e.level), None)
    candidates = set([0] + pool) if regular else set(range(n))
    in_pool = set(pool)
    for li in sorted(candidates):
        end = ends[li]
        if end is None or not readings[li]:
            continue
        foot = {"line": li + 1, "char": display[li][-1], "pinyin": readings[li][-1]}
        if group in end.options:
            result.feet.append(dict(foot, group=group, tone=end.level[group], relation="本韵"))
            continue
        must_rhyme = li in in_pool if regular else assigned[li] == group
        neighbours = [g for g in end.options if end.bu.get(g) == bu_of_group and end.level.get(g) == result.tone]
        if neighbours:
            entry = dict(foot, group=neighbours[0], tone=end.level[neighbours[0]], relation="通韵")
            result.feet.append(entry)
            result.neighbour.append(entry)
            if group in letters:
                marks[li] = letters[group]
        elif must_rhyme:
            result.off_group.append(dict(foot, groups=list(end.options), relation="出韵"))
    result.scheme = "".join(marks)
    return result
