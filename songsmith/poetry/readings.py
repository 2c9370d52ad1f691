"""Pinyin for classical verse: pypinyin plus the curated rules in ``prompts/poetry/readings.yaml``.

:func:`plain_readings` gives pypinyin's reading of every character with citation tones (一 yī,
不 bù, no neutral tones). :func:`apply_rules` then applies the classical rules; rules that need
the metre (``slot``) or the rhyme (``rhymes_with``) get them through callbacks, so this module
does not depend on :mod:`songsmith.poetry.prosody`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.language import is_cjk

_TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_CITATION = {"一": "yī", "不": "bù"}
_KEYS = {"id", "char", "reading", "meaning", "after", "before", "not_before", "not_after", "with", "not_with",
         "line_start", "line_end", "segment_head", "from_end", "slot", "rhymes_with", "written", "parallel", "also", "ambiguous",
         "default", "examples"}


@dataclass(frozen=True)
class ReadingRule:
    id: str
    char: str
    reading: str | None
    meaning: str = ""
    after: frozenset[str] | None = None
    before: frozenset[str] | None = None
    not_before: frozenset[str] = frozenset()
    not_after: frozenset[str] = frozenset()
    with_any: frozenset[str] | None = None  # the line holds one of these characters
    not_with: frozenset[str] = frozenset()  # ... and none of these
    line_start: bool = False  # the character begins its verse line
    line_end: bool = False
    segment_head: bool = False  # the character opens the last three syllables of a 5- or 7-syllable line
    from_end: frozenset[int] | None = None  # its place counted from the line's end (1 = the last syllable)
    slot: str | None = None
    rhymes_with: frozenset[str] | None = None
    written: frozenset[str] | None = None  # the original (traditional) text writes it as one of these
    parallel: frozenset[str] | None = None  # the couplet's other line holds one of these at the same place
    also: tuple[str, ...] = ()
    ambiguous: str | None = None
    default: bool = False  # the metre may overrule it, as if no rule had decided
    examples: tuple[dict[str, Any], ...] = ()

    @property
    def needs_prosody(self) -> bool:
        return self.slot is not None or self.rhymes_with is not None


@dataclass
class Choice:
    """A reading decided (or left ambiguous) by a rule, at ``line`` / ``index`` (0-based)."""

    line: int
    index: int
    char: str
    reading: str
    rule: str
    also: list[str] = field(default_factory=list)
    ambiguous: str | None = None
    plain: str | None = None  # what pypinyin alone said
    default: bool = False  # decided by a default rule, which the metre may overrule


def _set(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset(str(v) for v in value)


def parse_rules(data: Any) -> dict[str, list[ReadingRule]]:
    """Rules by character, in file order. Raises ValueError on a malformed entry."""
    table: dict[str, list[ReadingRule]] = {}
    seen: set[str] = set()
    for number, entry in enumerate((data or {}).get("rules") or [], 1):
        if not isinstance(entry, dict):
            raise ValueError(f"rule {number}: expected a mapping")
        unknown = set(entry) - _KEYS
        if unknown:
            raise ValueError(f"rule {number}: unknown keys {sorted(unknown)}")
        rule_id, char = str(entry.get("id") or ""), str(entry.get("char") or "")
        if not rule_id or rule_id in seen:
            raise ValueError(f"rule {number}: missing or duplicate id {rule_id!r}")
        if len(char) != 1:
            raise ValueError(f"rule {rule_id}: char must be one character")
        if entry.get("reading") is None and not entry.get("ambiguous"):
            raise ValueError(f"rule {rule_id}: needs a reading or an ambiguous message")
        if entry.get("written") is not None and not all(len(str(w)) == 1 for w in entry["written"]):
            raise ValueError(f"rule {rule_id}: written must list single characters")
        if entry.get("slot") not in (None, "平", "仄"):
            raise ValueError(f"rule {rule_id}: slot must be 平 or 仄")
        seen.add(rule_id)
        table.setdefault(char, []).append(ReadingRule(
            id=rule_id, char=char, reading=entry.get("reading"), meaning=str(entry.get("meaning") or ""),
            after=_set(entry.get("after")), before=_set(entry.get("before")),
            not_before=_set(entry.get("not_before")) or frozenset(),
            not_after=_set(entry.get("not_after")) or frozenset(),
            with_any=_set(entry.get("with")), not_with=_set(entry.get("not_with")) or frozenset(),
            line_start=bool(entry.get("line_start")), line_end=bool(entry.get("line_end")),
            segment_head=bool(entry.get("segment_head")), from_end=_places(rule_id, entry.get("from_end")),
            slot=entry.get("slot"),
            rhymes_with=_set(entry.get("rhymes_with")), written=_set(entry.get("written")),
            parallel=_set(entry.get("parallel")), also=tuple(entry.get("also") or ()),
            ambiguous=entry.get("ambiguous"), default=bool(entry.get("default")),
            examples=tuple(entry.get("examples") or ()),
        ))
    return table


def _places(rule_id: str, value: Any) -> frozenset[int] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                                              for v in value):
        raise ValueError(f"rule {rule_id}: from_end must list places counted from 1 (the last syllable)")
    return frozenset(value)


@lru_cache(maxsize=1)
def load_rules() -> dict[str, list[ReadingRule]]:
    from songsmith.resources import load_prompt_yaml

    return parse_rules(load_prompt_yaml("poetry/readings.yaml"))


# pypinyin -----------------------------------------------------------------------------------


def has_tone_mark(syllable: str) -> bool:
    return any(c in _TONE_MARKS for c in syllable)


@lru_cache(maxsize=4096)
def citation_reading(char: str) -> str | None:
    """The first toned reading pypinyin knows for a single character."""
    from pypinyin import Style, pinyin

    options = pinyin(char, style=Style.TONE, heteronym=True, errors=lambda s: [None])[0]
    for option in options:
        if option and has_tone_mark(option):
            return str(option)
    return str(options[0]) if options and options[0] else None


@lru_cache(maxsize=1)
def memo_pinyin() -> Any:
    """A pypinyin ``Pinyin`` whose converter memoises words (verse repeats its words a lot)."""
    from pypinyin.converter import DefaultConverter
    from pypinyin.core import Pinyin

    class MemoConverter(DefaultConverter):  # type: ignore[misc]
        limit = 300_000

        def __init__(self) -> None:
            super().__init__()
            self.memo: dict[tuple[Any, ...], Any] = {}

        def convert(self, words: str, style: Any, heteronym: bool, errors: Any, strict: bool,
                    **kwargs: Any) -> Any:
            if errors != "default" or kwargs:
                return super().convert(words, style, heteronym, errors, strict, **kwargs)
            key = (words, style, heteronym, strict)
            found = self.memo.get(key)
            if found is None:
                found = super().convert(words, style, heteronym, errors, strict)
                if len(self.memo) < self.limit:
                    self.memo[key] = found
            return [list(item) for item in found]

    return Pinyin(converter=MemoConverter())


def plain_readings(text: str) -> list[str | None]:
    """pypinyin's tone-marked reading for every character of ``text`` (None where not Han).

    Citation tones: 一 is yī and 不 is bù (no sandhi), and a neutral-tone syllable is replaced by
    the character's first toned reading (游子 yóuzǐ, not yóuzi).
    """
    from pypinyin import Style

    # With errors="default" a run of non-Han characters comes back as one token holding the run,
    # and a Han character without a reading as the character itself: walk the text along them.
    tokens = memo_pinyin().lazy_pinyin(text, style=Style.TONE)
    result: list[str | None] = []
    position = 0
    for token in tokens:
        char = text[position] if position < len(text) else ""
        if char and is_cjk(char) and token != char:
            if char in _CITATION:
                result.append(_CITATION[char])
            elif not has_tone_mark(token):
                result.append(citation_reading(char) or token)
            else:
                result.append(token)
            position += 1
        else:
            width = max(1, len(token)) if text.startswith(token, position) else 1
            result.extend([None] * width)
            position += width
    if len(result) != len(text):  # unexpected tokenisation: one call per character
        return [plain_readings(c)[0] if len(text) > 1 else None for c in text]
    return result


# Rules --------------------------------------------------------------------------------------

SlotFn = Callable[[int, int], "str | None"]
RhymeFn = Callable[[int, int], "frozenset[str] | None"]
ResolveFn = Callable[[int, int, "str | None", bool], "tuple[str, str] | None"]


def _matches(rule: ReadingRule, line: str, prev: str, nxt: str, at_end: bool,
             slot: Callable[[], str | None], rhyme: Callable[[], frozenset[str] | None],
             written: str | None = None, facing: str | None = None, at_head: bool = False,
             from_end: int = 0) -> bool:
    if rule.written is not None and written not in rule.written:
        return False
    if rule.parallel is not None and facing not in rule.parallel:
        return False
    if rule.after is not None and prev not in rule.after:
        return False
    if rule.before is not None and nxt not in rule.before:
        return False
    if nxt in rule.not_before or prev in rule.not_after:
        return False
    if rule.with_any is not None and rule.with_any.isdisjoint(line):
        return False
    if not rule.not_with.isdisjoint(line):
        return False
    if rule.line_start and prev != "^":
        return False
    if rule.line_end and not at_end:
        return False
    if rule.segment_head and not at_head:
        return False
    if rule.from_end is not None and from_end not in rule.from_end:
        return False
    if rule.slot is not None and slot() != rule.slot:
        return False
    if rule.rhymes_with is not None and not (rhyme() or frozenset()) & rule.rhymes_with:
        return False
    return True


def _facing(lines: list[str], li: int, j: int) -> str | None:
    """The character at the same place in the other line of the couplet (lines 1–2, 3–4 …), when
    both lines have the same length: in a parallel couplet it is the word's counterpart (朝 / 暮)."""
    other = li + 1 if li % 2 == 0 else li - 1
    if other >= len(lines) or len(lines[other]) != len(lines[li]):
        return None
    return lines[other][j]


def apply_rules(
    lines: list[str],
    readings: list[list[str | None]],
    *,
    slot_of: SlotFn | None = None,
    rhyme_of: RhymeFn | None = None,
    resolve: ResolveFn | None = None,
    rules: dict[str, list[ReadingRule]] | None = None,
    originals: list[str] | None = None,
) -> list[Choice]:
    """Apply the classical rules in place; return what each rule decided.

    ``lines`` are simplified verse lines, ``readings[i][j]`` the reading of ``lines[i][j]``.
    ``slot_of(line, index)`` gives the tone the metre requires there (平/仄/None), and
    ``rhyme_of(line, index)`` the rhyme groups of the other feet when the character is a rhyme
    foot (else None). Without them, rules that need them do not match, and ambiguous rules
    that follow are reported. ``resolve(line, index, reading, decided)`` gives ``(reading, rule
    id)`` when the metre or the rhyme decides a character: it is asked before an ambiguous rule
    is reported, then for every character (``decided``: a sense rule chose its reading, which
    only the rhyme of a foot may overrule; a ``default`` rule's reading does not count as
    decided, so the metre may overrule it too).

    ``originals`` are the same lines as written in a traditional-script original, position by
    position (:func:`songsmith.poetry.script.to_simplified_aligned` keeps positions): a rule with
    ``written`` matches only where the original writes the character as one of those (乾, 幹 or
    干 for 干). Without them (a simplified text), ``written`` rules never match.
    """
    table = load_rules() if rules is None else rules
    line_originals = originals
    if originals is not None and (len(originals) != len(lines)
                                  or any(len(o) != len(s) for o, s in zip(originals, lines))):
        line_originals = None  # not aligned: the original cannot be trusted position by position
    choices: list[Choice] = []
    for li, line in enumerate(lines):
        if table.keys().isdisjoint(line):
            continue
        syllables = [j for j, c in enumerate(line) if is_cjk(c) or c in "□〓"]
        for k, j in enumerate(syllables):
            char = line[j]
            candidates = table.get(char)
            if not candidates or readings[li][j] is None:
                continue
            prev = line[syllables[k - 1]] if k > 0 else "^"
            nxt = line[syllables[k + 1]] if k + 1 < len(syllables) else "$"
            at_end = k == len(syllables) - 1
            # 五言 reads 2|3 and 七言 4|3: the head of the last three is where the verb stands
            at_head = len(syllables) in (5, 7) and k == len(syllables) - 3
            original = line_originals[li][j] if line_originals is not None else None
            facing = _facing(lines, li, j)
            slot = (lambda li=li, j=j: slot_of(li, j)) if slot_of else (lambda: None)
            rhyme = (lambda li=li, j=j: rhyme_of(li, j) if at_end else None) if rhyme_of else (lambda: None)
            for rule in candidates:
                if not _matches(rule, line, prev, nxt, at_end, slot, rhyme, original, facing, at_head,
                                len(syllables) - k):
                    continue
                plain = readings[li][j]
                if rule.ambiguous and resolve is not None:
                    decided = resolve(li, j, plain, False)
                    if decided is not None or plain is None:
                        break  # the metre or the rhyme decides it: below
                if rule.ambiguous:
                    from songsmith.poetry.phrases import phrase_reading

                    by_phrase = phrase_reading(line, j)
                    if by_phrase is not None:
                        readings[li][j] = by_phrase[0]
                        choices.append(Choice(li, j, char, by_phrase[0], f"zdic-phrase:{by_phrase[1]}", [],
                                              None, plain))
                        break
                reading = rule.reading or plain or ""
                readings[li][j] = reading
                also = [a for a in rule.also if a != reading]
                if rule.ambiguous and plain:
                    also = [r for r in all_readings(char) if r != plain]
                choices.append(Choice(li, j, char, reading, rule.id, also, rule.ambiguous, plain, rule.default))
                break
    if resolve is not None:
        decided_at = {(c.line, c.index): c for c in choices}
        for li, line in enumerate(lines):
            for j, char in enumerate(line):
                if readings[li][j] is None:
                    continue
                earlier = decided_at.get((li, j))
                found = resolve(li, j, readings[li][j], earlier is not None and not earlier.default)
                if found is None:
                    continue
                plain = earlier.plain if earlier is not None else readings[li][j]
                if earlier is not None:
                    choices.remove(earlier)
                readings[li][j] = found[0]
                choices.append(Choice(li, j, char, found[0], found[1], [], None, plain))
        choices.sort(key=lambda c: (c.line, c.index))
    return choices


@lru_cache(maxsize=1024)
def all_readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(r for r in pinyin(char, style=Style.TONE, heteronym=True)[0] if has_tone_mark(r))
