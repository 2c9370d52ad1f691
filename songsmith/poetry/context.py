"""What a poem's metre and rhyme say about its readings.

:class:`VerseContext` is built from a first estimate of the readings (pypinyin, phrase data and
the sense rules). It knows the poem's 平水韵 rhyme group and, for a regulated poem, the 格律
template; from them it tells the reading rules the level a position requires (``slot_of``) and
the rhyme of a foot (``rhyme_of``), and :meth:`VerseContext.resolve` picks the reading of a
polyphone that the metre or the rhyme decides:

* at a rhyme foot, the reading whose 平水韵 group is the poem's (看 kān in 寒, 衰 cuī in 灰);
* at a fixed position (2nd, 4th, 6th, last) of a line of a regulated poem, the reading of the
  level the template requires (思 sì in a 仄 slot, 重 chóng in a 平 one);
* at a free position, the other reading only where the reading as it is breaks the line (三平尾,
  孤平) and the other keeps it.

Only the polyphones of ``prompts/poetry/pingshui-supplement.yaml`` (``readings``) listed under
``by_metre`` are decided this way: characters whose readings differ in level *and* whose
level-matching reading is the one a poet's metre implies. Those under ``by_rhyme`` are decided
by the rhyme of a foot only, and those under ``by_rhyme_in_shi`` by the rhyme of a foot of a 诗
(lines of one length) only: in a 词 a line end is often no foot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import product

from songsmith.poetry import gelv
from songsmith.poetry.rhyming import FootGroups, choose_group, foot_groups

_OPPOSITE = {"平": "仄", "仄": "平"}


def _curated(key: str) -> dict[str, tuple[str, ...]]:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("poetry/pingshui-supplement.yaml") or {}
    table = data.get("readings") or {}
    return {char: tuple(table[char]) for char in data.get(key) or [] if char in table}


@lru_cache(maxsize=1)
def metre_readings() -> dict[str, tuple[str, ...]]:
    """Character → its curated readings, for the characters the metre and rhyme may decide."""
    return _curated("by_metre")


@lru_cache(maxsize=1)
def fixed_only() -> frozenset[str]:
    """The characters of :func:`metre_readings` the metre never decides at a free position."""
    return frozenset(_curated("fixed_only"))


@lru_cache(maxsize=1)
def shi_rhyme_readings() -> dict[str, tuple[str, ...]]:
    """Character → its curated readings, for the characters the rhyme of a 诗's foot may decide."""
    return _curated("by_rhyme_in_shi")


@lru_cache(maxsize=1)
def rhyme_readings() -> dict[str, tuple[str, ...]]:
    """Character → its curated readings, for the characters the rhyme of a foot may decide."""
    return {**shi_rhyme_readings(), **_curated("by_rhyme"), **metre_readings()}


@lru_cache(maxsize=1)
def either_level() -> frozenset[str]:
    from songsmith.resources import load_prompt_yaml

    return frozenset((load_prompt_yaml("poetry/pingshui-supplement.yaml") or {}).get("either") or [])


def level_grid(display: list[str], simple: list[str], readings: list[list[str | None]],
               open_chars: frozenset[str] = frozenset()) -> list[str]:
    """One 平/仄/?/* string per line: ``*`` for a character read either way with one reading
    (望 wàng is 平 or 仄), or in ``open_chars``."""
    from songsmith.poetry.rhymebook import level_of

    either = either_level() - frozenset(metre_readings())
    rows = []
    for text, sim, row in zip(display, simple, readings):
        cells = []
        for char, s, reading in zip(text, sim, row):
            if s in either or s in open_chars:
                cells.append(gelv.ANY)
            else:
                cells.append(level_of(char, s, reading)[0])
        rows.append("".join(cells))
    return rows


@dataclass
class VerseContext:
    display: list[str]
    simple: list[str]
    ends: list[FootGroups | None]
    candidates: set[int]  # lines whose end may be a rhyme foot
    group: str | None  # the 平水韵 rhyme group (full name)
    report: gelv.MetreReport | None  # the 格律 template, for a regulated poem
    grid: list[str]  # 平/仄/?/* per character, from the first estimate
    one_rhyme: bool  # the rhyme positions all rhyme in ``group``
    uniform: bool  # every line has the same length (a 诗, not a 词)

    @cached_property
    def alternating(self) -> bool:
        """Whether the 2nd, 4th and 6th characters of its lines mostly alternate (律句), asked
        only of a poem without a template."""
        return _alternation(self.grid) >= 0.8

    def slot_of(self, li: int, j: int) -> str | None:
        """The level the template fixes here; without a template (a fragment, a quatrain, a poem
        whose lines mostly alternate), for a 5- or 7-character line, the opposite of a known
        even-position neighbour (the 2nd, 4th and 6th alternate) — used by the ``slot`` rules
        only, never by :meth:`resolve`."""
        if self.report is not None:
            return gelv.required_level(self.report, li, j)
        if len(self.simple) > 4 and not self.alternating:
            return None  # a 古体 poem: its lines need not alternate, so a neighbour tells nothing
        line = self.grid[li]
        n = len(line)
        if n not in (5, 7) or j % 2 != 1 or j >= n - 1:
            return None
        predictions = {_OPPOSITE[line[k]] for k in (j - 2, j + 2) if 1 <= k <= n - 2 and line[k] in _OPPOSITE}
        return predictions.pop() if len(predictions) == 1 else None

    def rhyme_of(self, li: int, j: int) -> frozenset[str] | None:
        """The groups this foot rhymes in (full and short names), or None when it is no foot."""
        groups = self.foot_rhyme(li, j)
        return frozenset(n for g in groups for n in (g, g[-1])) if groups else None

    def foot_rhyme(self, li: int, j: int) -> set[str]:
        """The 平水韵 group(s) the foot at the end of line ``li`` rhymes in: the poem's group when
        it keeps one rhyme, else the groups it shares with the most of the feet next to it, or,
        when those share none, of the two before and after it (a 古体 poem may change its rhyme:
        量, 阳 or 漾, two feet back does not make 沧洲傍 bàng when the foot before it, 榔, is 阳);
        a tie (a neighbour that is itself a polyphone shares two groups with it) goes to the
        groups the neighbours are read in, when that narrows it."""
        if li not in self.candidates or j != len(self.simple[li]) - 1 or self.ends[li] is None:
            return set()
        own = set(self.ends[li].options)
        if self.one_rhyme:
            return {self.group} & own if self.group else set()
        ordered = sorted(self.candidates)
        at = ordered.index(li)
        for reach in (1, 2):
            shared: Counter[str] = Counter()
            as_read: set[str] = set()
            for near in ordered[max(0, at - reach):at] + ordered[at + 1:at + 1 + reach]:
                end = self.ends[near]
                if end is not None:
                    shared.update(own & set(end.options))
                    if end.current is not None:
                        as_read.add(end.current)
            if shared:
                most = max(shared.values())
                best = {group for group, count in shared.items() if count == most}
                # a tie: the groups the neighbours are read in, when that narrows it
                return best & as_read or best
        return set()

    def resolve(self, li: int, j: int, current: str | None, decided: bool = False) -> tuple[str, str] | None:
        """(reading, rule id) when the rhyme or the metre decides this character, else None.
        For a character a sense rule already ``decided``, only the rhyme of a foot counts."""
        from songsmith.poetry.rhymebook import groups_for_reading, level_of

        char, simple = self.display[li][j], self.simple[li][j]
        options = rhyme_readings().get(simple)
        if not options or (not self.uniform and simple in shi_rhyme_readings()):
            return None
        rhyme = self.foot_rhyme(li, j)
        if rhyme:
            fitting = [r for r in options if rhyme & {g.name for g in groups_for_reading(char, simple, r)}]
            if fitting and current not in fitting:
                return fitting[0], "rhyme-group"
            if fitting:
                return None
        if self.report is None or decided or simple not in metre_readings():
            return None
        wanted = gelv.required_level(self.report, li, j)
        if wanted is None:
            if simple in fixed_only():
                return None
            return self._free_position(li, j, char, simple, current, options)
        if self.report.lines[li].off_template:
            return None  # a line that breaks its template elsewhere (拗)
        if current and level_of(char, simple, current)[0] == wanted:
            return None
        if current and self._conforms_with(li, j, level_of(char, simple, current)[0]):
            return None  # the line keeps the rules with this reading too (特拗, 拗救)
        fitting = [r for r in options if level_of(char, simple, r)[0] == wanted]
        return (fitting[0], "metre-slot") if fitting else None

    def _free_position(self, li: int, j: int, char: str, simple: str, current: str | None,
                       options: tuple[str, ...]) -> tuple[str, str] | None:
        """At a free position, the other level only where the current one makes 三平尾 or 孤平
        (the faults no 近体 line allows) and the other does not (教 jiào in 玉人何处教吹箫, not
        平平平 at the end). 三仄尾 is tolerated and decides nothing."""
        from songsmith.poetry.rhymebook import level_of

        level = level_of(char, simple, current)[0] if current else None
        if level not in _OPPOSITE or not self._strict_fault(li, j, level):
            return None
        other = _OPPOSITE[level]
        if self._strict_fault(li, j, other):
            return None
        fitting = [r for r in options if level_of(char, simple, r)[0] == other]
        return (fitting[0], "metre-line") if fitting else None

    def _strict_fault(self, li: int, j: int, level: str) -> bool:
        """Whether line ``li`` has 三平尾 or 孤平 with ``level`` at ``j``, whatever the other
        polyphones of the line are read."""
        assert self.report is not None
        line = self.grid[li][:j] + level + self.grid[li][j + 1:]
        kind = self.report.lines[li].kind
        open_at = [k for k, c in enumerate(line) if c == gelv.ANY][:3]
        for levels in product("平仄", repeat=len(open_at)):
            tones = list(line)
            for k, value in zip(open_at, levels):
                tones[k] = value
            faults = gelv.check_line(li + 1, kind, "".join(tones), None).faults
            if not any(f in ("三平尾", "孤平") for f in faults):
                return False
        return True

    def _conforms_with(self, li: int, j: int, level: str) -> bool:
        """Whether line ``li`` keeps the rules (a recognised 拗 included) with ``level`` at ``j``."""
        assert self.report is not None
        line = self.grid[li][:j] + level + self.grid[li][j + 1:]
        following = self.grid[li + 1] if li + 1 < len(self.grid) else None
        kind = self.report.lines[li].kind
        open_at = [k for k, c in enumerate(line) if c == gelv.ANY][:3]  # other polyphones: try both levels
        for levels in product("平仄", repeat=len(open_at)):
            tones = list(line)
            for k, value in zip(open_at, levels):
                tones[k] = value
            if gelv.check_line(li + 1, kind, "".join(tones), following).ok:
                return True
        return False


def build_context(display: list[str], simple: list[str], readings: list[list[str | None]]) -> VerseContext:
    n = len(simple)
    lengths = {len(line) for line in simple}
    uniform = lengths.pop() if len(lengths) == 1 else None
    ends = [foot_groups("pingshui", text[-1], sim[-1], row[-1]) if row and text else None
            for text, sim, row in zip(display, simple, readings)]
    regular = uniform in (4, 5, 7) and n >= 2
    pool = list(range(1, n, 2)) if regular else list(range(n))
    group = choose_group(ends, pool) if n >= 2 else None  # a single line rhymes with nothing
    candidates = set([0] + pool) if regular else set(range(n))
    report = None
    grid = level_grid(display, simple, readings, frozenset(metre_readings()))
    in_group = sum(1 for li in pool if group is not None and ends[li] is not None and group in ends[li].options)
    unknown = sum(1 for li in pool if ends[li] is None)  # a variant form the rhyme book does not list
    # 近体 keeps one rhyme: a short poem may have one foot outside it (首句 or a 邻韵), a long 排律
    # one in eight, and a foot the book cannot place counts against neither.
    allowed = 1 if n <= 8 else len(pool) // 8
    one_rhyme = group is not None and in_group + unknown >= len(pool) - allowed and in_group >= len(pool) // 2
    if uniform in (5, 7) and group is not None:
        level = next((e.level[group] for e in ends if e is not None and group in e.level), None)
        # 首句借韵: the first line may rhyme in a neighbouring group, as it is read; that keeps
        # its reading (杳霭间 jiān in a 寒 rhyme) but never changes one to rhyme (经论 stays lùn)
        first = ends[0] is not None and (group in ends[0].options or ends[0].current in _borrowed(ends, group))
        found = gelv.check_poem(grid, first_rhymes=first, rhyme_level=level, short=True)
        if found is not None and level == "平" and one_rhyme:
            clean = sum(1 for line in found.lines if not line.breaks)
            if clean >= 0.75 * n:
                report = found
    return VerseContext(display, simple, ends, candidates, group, report, grid, one_rhyme, uniform is not None)


def _alternation(grid: list[str]) -> float:
    """The share of neighbouring even positions (2nd/4th, 4th/6th) of known level that differ,
    over the 5- and 7-character lines: near 1 in 近体 and in 律化 songs such as 桃源行, lower in
    古体 (始看玄鸟来 仄?平仄平 among lines like 日入行刈薪)."""
    differ = same = 0
    for line in grid:
        if len(line) not in (5, 7):
            continue
        even = [line[k] for k in range(1, len(line) - 1, 2)]
        for a, b in zip(even, even[1:]):
            if a in _OPPOSITE and b in _OPPOSITE:
                differ += a != b
                same += a == b
    return differ / (differ + same) if differ + same else 0.0


def _borrowed(ends: list[FootGroups | None], group: str | None) -> frozenset[str]:
    """The neighbouring groups (the same 词林正韵 部 and level as the poem's ``group``) the first
    line's foot may rhyme in when it is not in the poem's group."""
    first = ends[0] if ends else None
    if first is None or group is None or group in first.options:
        return frozenset()
    known = next((e for e in ends if e is not None and group in e.bu), None)
    if known is None:
        return frozenset()
    bu, level = known.bu[group], known.level.get(group)
    return frozenset(g for g in first.options if first.bu.get(g) == bu and first.level.get(g) == level)
