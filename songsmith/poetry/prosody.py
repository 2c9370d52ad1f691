"""Verse lines, modern 平仄 and rhyme (中华新韵), and form.

* A *verse line* (句) is a run of text between sentence or clause punctuation (，。？！；：)
  or line breaks. Its syllables are its Han characters plus the placeholders for lost (□) and
  uncoded (〓) characters.
* :func:`classical_tone` is 平仄 by the modern tone (1, 2 → 平; 3, 4 → 仄) corrected by the
  入声 characters of ``prompts/poetry/rusheng.yaml``: the 中华新韵 view. The analysis takes
  平仄 from 平水韵 (:mod:`songsmith.poetry.rhymebook`) and uses this only where that table
  does not know a character.
* Rhyme groups here are the 14 groups of 中华新韵, by pinyin final; 平水韵 and 词林正韵 are in
  :mod:`songsmith.poetry.rhymebook` and :mod:`songsmith.poetry.rhyming`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from songsmith.language import CJK_RANGES, is_cjk
from songsmith.poetry.normalise import PLACEHOLDERS

_BREAK = re.compile(r"[，。？！；：,.?!;:\n\r|｜]+")
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x",
             "r", "z", "c", "s")

#: 中华新韵 (十四韵): group name -> finals.
NEW_RHYME_GROUPS: dict[str, tuple[str, ...]] = {
    "麻": ("a", "ia", "ua"),
    "波": ("o", "e", "uo"),
    "皆": ("ie", "üe", "ê"),
    "开": ("ai", "uai"),
    "微": ("ei", "ui", "uei"),
    "豪": ("ao", "iao"),
    "尤": ("ou", "iu", "iou"),
    "寒": ("an", "ian", "uan", "üan"),
    "文": ("en", "in", "un", "uen", "ün"),
    "唐": ("ang", "iang", "uang"),
    "庚": ("eng", "ing", "ong", "iong", "ueng"),
    "齐": ("i", "ü", "er"),
    "支": ("-i",),
    "姑": ("u",),
}
_GROUP_OF_FINAL = {final: group for group, finals in NEW_RHYME_GROUPS.items() for final in finals}
_YW = {"yi": "i", "ya": "ia", "yo": "io", "ye": "ie", "yao": "iao", "you": "iu", "yan": "ian",
       "yin": "in", "yang": "iang", "ying": "ing", "yong": "iong", "yu": "ü", "yue": "üe",
       "yuan": "üan", "yun": "ün", "wu": "u", "wa": "ua", "wo": "uo", "wai": "uai", "wei": "ui",
       "wan": "uan", "wen": "un", "wang": "uang", "weng": "ueng"}


_NOT_SYLLABLE = re.compile(f"[^{CJK_RANGES}{''.join(sorted(PLACEHOLDERS))}]+")


def is_syllable(char: str) -> bool:
    return char in PLACEHOLDERS or is_cjk(char)


def split_verse_lines(text: str) -> list[str]:
    """Verse lines of a text, each reduced to its syllable characters; empty ones dropped."""
    lines = []
    for piece in _BREAK.split(text):
        syllables = _NOT_SYLLABLE.sub("", piece)
        if syllables:
            lines.append(syllables)
    return lines


# Syllables ----------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def tone_number(syllable: str | None) -> int:
    """1–4 from the tone mark, 5 for a neutral syllable, 0 for no reading."""
    if not syllable:
        return 0
    for char in unicodedata.normalize("NFD", syllable):
        if char == "\u0304":
            return 1
        if char == "\u0301":
            return 2
        if char == "\u030c":
            return 3
        if char == "\u0300":
            return 4
    return 5


def plain_syllable(syllable: str) -> str:
    """Without tone marks, ü kept (``lüè`` → ``lüe``)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if c not in "\u0304\u0301\u030c\u0300")
    return unicodedata.normalize("NFC", kept).lower()


@lru_cache(maxsize=65536)
def final_of(syllable: str) -> str:
    """The pinyin final: ``guāng`` → ``uang``, ``xué`` → ``üe``, ``shī`` → ``-i``."""
    plain = plain_syllable(syllable)
    if plain in ("zhi", "chi", "shi", "ri", "zi", "ci", "si"):
        return "-i"
    if plain in ("er", "r"):
        return "er"
    if plain[:1] in ("y", "w"):
        return _YW.get(plain, plain[1:])
    for initial in _INITIALS:
        if plain.startswith(initial) and len(plain) > len(initial):
            rest = plain[len(initial):]
            if initial in ("j", "q", "x") and rest.startswith("u"):
                rest = "ü" + rest[1:]
            return rest
    return plain


@lru_cache(maxsize=65536)
def rhyme_group(syllable: str | None) -> str | None:
    if not syllable:
        return None
    return _GROUP_OF_FINAL.get(final_of(syllable))


@lru_cache(maxsize=1)
def rusheng_chars() -> frozenset[str]:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("poetry/rusheng.yaml") or {}
    return frozenset("".join(str(data.get(key) or "") for key in ("tone1", "tone2")).replace(" ", ""))


@lru_cache(maxsize=65536)
def classical_tone(char: str, syllable: str | None) -> tuple[str, bool]:
    """(平, 仄 or ?) and whether the modern reading hides an 入声 (looks 平, is 仄)."""
    tone = tone_number(syllable)
    if tone == 0:
        return "?", False
    if tone in (1, 2):
        if char in rusheng_chars():
            return "仄", True
        return "平", False
    return "仄", False


# Metre and rhyme context -------------------------------------------------------------------


@dataclass
class Shape:
    """Line lengths and which lines are rhyme positions, before any reading is final."""

    lengths: list[int]
    uniform: int | None  # the common line length, if all lines have the same one

    @property
    def regulated_shape(self) -> bool:
        """Lines of 5 or 7 syllables, all alike: the shape where 平仄 slots can be inferred."""
        return self.uniform in (5, 7)

    def rhyme_candidates(self) -> list[int]:
        """Lines whose last syllable may be a rhyme foot (0-based)."""
        n = len(self.lengths)
        if self.uniform in (4, 5, 7) and n >= 2:
            return [0] + list(range(1, n, 2))
        return list(range(n))


def make_shape(lines: list[str]) -> Shape:
    lengths = [len(line) for line in lines]
    uniform = lengths[0] if lengths and all(x == lengths[0] for x in lengths) else None
    return Shape(lengths, uniform)


def main_rhyme(lines: list[str], readings: list[list[str | None]], shape: Shape,
               exclude: int | None = None) -> tuple[str | None, str | None]:
    """(group, 平/仄) of the poem's main rhyme from its even-line (or all-line) ends."""
    n = len(lines)
    pool = list(range(1, n, 2)) if shape.uniform in (4, 5, 7) and n >= 2 else list(range(n))
    groups: Counter[str] = Counter()
    tones: Counter[str] = Counter()
    for li in pool:
        if li == exclude or not readings[li]:
            continue
        syllable = readings[li][-1]
        group = rhyme_group(syllable)
        if group:
            groups[group] += 1
            tones[classical_tone(lines[li][-1], syllable)[0]] += 1
    if not groups:
        return None, None
    group, count = groups.most_common(1)[0]
    if count < 2 and len(pool) > 2:
        return None, tones.most_common(1)[0][0] if tones else None
    return group, tones.most_common(1)[0][0] if tones else None


# Form ---------------------------------------------------------------------------------------

_YUEFU_SUFFIX = ("行", "歌", "吟", "引", "曲", "谣", "辞", "怨", "叹", "篇", "乐", "难")
_NUMERAL = {4: "四言", 5: "五言", 6: "六言", 7: "七言"}


@lru_cache(maxsize=1)
def cipai_names() -> frozenset[str]:
    from songsmith.resources import load_prompt_yaml

    return frozenset((load_prompt_yaml("poetry/cipai.yaml") or {}).get("cipai") or [])


def tune_from_title(title: str | None) -> str | None:
    """The 词牌 of a title such as 念奴娇·赤壁怀古 (simplified), if it is a known one."""
    if not title:
        return None
    head = re.split(r"[·・.\s]", title.strip(), maxsplit=1)[0]
    return head if head in cipai_names() else None


def line_is_regular(tones: list[str]) -> bool:
    """Even positions alternate (2nd vs 4th, 4th vs 6th); unknown tones do not count against."""
    n = len(tones)
    pairs = [(1, 3)] if n == 5 else [(1, 3), (3, 5)] if n == 7 else []
    return all(tones[a] == "?" or tones[b] == "?" or tones[a] != tones[b] for a, b in pairs)


@dataclass
class FormResult:
    form: str
    tune: str | None = None
    regular_lines: int = 0
    notes: list[str] = field(default_factory=list)


def detect_form(lines: list[str], grid: list[list[str]], rhyme_tone: str | None, *,
                title: str | None = None, declared: str | None = None, tune: str | None = None) -> FormResult:
    shape = make_shape(lines)
    n = len(lines)
    declared = declared or ""
    tune = tune or tune_from_title(title)
    if not lines:
        return FormResult("空")
    if declared in ("song", "歌词"):
        return FormResult("歌词")
    if declared.startswith(("词", "詞")) and not tune:
        tune = re.split(r"[·・]", declared, maxsplit=1)[1] if re.search(r"[·・]", declared) else None
    if declared.startswith(("词", "詞")) or tune:
        return FormResult("词", tune=tune)
    regular = sum(1 for tones in grid if line_is_regular(tones))
    # forms the shape cannot tell, taken from the collection or the file when declared
    if "乐府" in declared or "樂府" in declared:
        return FormResult("乐府", regular_lines=regular)
    if declared.startswith("四言") or shape.uniform == 4:
        return FormResult("四言诗", regular_lines=regular)
    if shape.uniform in (5, 7):
        prefix = _NUMERAL[shape.uniform]
        is_regulated = regular >= 0.75 * n and rhyme_tone != "仄"
        if n == 4:
            return FormResult(prefix + "绝句", regular_lines=regular)
        if n == 8 and is_regulated:
            return FormResult(prefix + "律诗", regular_lines=regular)
        if n >= 10 and n % 2 == 0 and is_regulated:
            return FormResult(prefix + "排律", regular_lines=regular)
        if n == 2:
            return FormResult(prefix + "二句", regular_lines=regular)
        return FormResult(prefix + "古诗", regular_lines=regular)
    if shape.uniform == 6:
        return FormResult("六言诗", regular_lines=regular)
    if (title or "").rstrip().endswith(_YUEFU_SUFFIX):
        return FormResult("乐府", regular_lines=regular)
    return FormResult("杂言古诗", regular_lines=regular)
