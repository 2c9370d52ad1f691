"""Clean the verse of a corpus poem, keeping a record of everything removed.

The chinese-poetry files mix editorial matter into ``paragraphs`` (variant notes, footnote
markers, commentary, lost characters). :func:`normalise_paragraphs` turns a list of paragraphs
into verse lines and :class:`Annotation` records:

* a paragraph with an unclosed bracket is merged with the following ones until it closes
  (notes split across paragraphs), then bracketed notes ``(X 一作：Y)``, ``（一作「叉」）``,
  ``(唯 通：惟)``, ``（鶴）`` and footnote markers ``〖1〗`` are removed as annotations;
  a bare 一作 outside brackets is verse and stays;
* ``[x]`` (an editorially supplied character) keeps the character and drops the brackets;
* ``{A/B}``-style compositions and ``⿰AB`` ideographic descriptions, which have no code point,
  become the placeholder :data:`UNCODED`; ``●`` (a lost character) becomes :data:`LOST`
  like ``□``; private-use characters become :data:`UNCODED`;
* a stray Latin letter is removed; ASCII verse punctuation becomes full-width; spaces go;
* paragraphs that are commentary (book titles, digits, prose-length clauses) or hold no Han
  character are removed as annotations;
* known simplified→traditional conversion errors (南鬥 → 南斗, 淚痕幹 → 淚痕乾, 鬆月 → 松月 …,
  ``prompts/poetry/corrections.yaml``) are corrected, each recorded as a ``corrected`` annotation.

Placeholders count as syllables for line length but have no reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from songsmith.language import is_cjk

LOST = "□"
UNCODED = "〓"
PLACEHOLDERS = frozenset(LOST + UNCODED)

_OPEN = "(（〖[{"
_CLOSE = ")）〗]}"
_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]")
_FOOTNOTE = re.compile(r"〖[^〖〗]*〗")
_SUPPLIED = re.compile(r"\[([^\[\]{}()（）]{1,3})\]")
_COMPOSED = re.compile(r"\{[^{}]{1,12}\}")
_IDS = re.compile(r"[\u2ff0-\u2ffb]+[^\s，。？！；：、]{2}")
_STRAY_LATIN = re.compile(r"(?<![A-Za-zＡ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ](?![A-Za-zＡ-Ｚａ-ｚ])")
_ASCII_PUNCT = str.maketrans({",": "，", "?": "？", "!": "！", ";": "；", ":": "："})
_PROSE = re.compile(r"[《》0-9A-Za-z０-９Ａ-Ｚａ-ｚ○]")
_CLAUSE_SPLIT = re.compile(r"[，。？！；：、,.?!;:\s]+")
#: A clause longer than this many characters is prose, not verse (词 lines reach 11).
MAX_VERSE_CLAUSE = 15
#: Never merge more paragraphs than this while looking for a closing bracket.
MAX_MERGE = 12


@dataclass(frozen=True)
class Annotation:
    """Something removed from (or marked in) the verse, with the paragraph it came from (0-based)."""

    kind: str  # note, footnote, supplied, composed, lost, private-use, stray, commentary, empty, bracket, corrected
    text: str
    paragraph: int

    def __str__(self) -> str:
        return f"paragraph {self.paragraph + 1}: {self.kind}: {self.text}"


def _depth(text: str) -> int:
    return sum(1 for c in text if c in _OPEN) - sum(1 for c in text if c in _CLOSE)


def merge_split_notes(paragraphs: list[str]) -> list[tuple[int, str]]:
    """Join a paragraph with an unclosed bracket to the next ones until the bracket closes.

    Returns ``(index of the first paragraph, merged text)`` pairs. A bracket that never closes
    within :data:`MAX_MERGE` paragraphs is left alone (and removed later as a stray bracket).
    """
    merged: list[tuple[int, str]] = []
    index = 0
    while index < len(paragraphs):
        text = paragraphs[index]
        depth = _depth(text)
        end = index
        if depth > 0:
            probe, joined = index, text
            while depth > 0 and probe + 1 < len(paragraphs) and probe - index < MAX_MERGE:
                probe += 1
                joined += paragraphs[probe]
                depth = _depth(joined)
            if depth <= 0:
                text, end = joined, probe
        merged.append((index, text))
        index = end + 1
    return merged


def normalise_paragraph(text: str, index: int, notes: list[Annotation]) -> str:
    """Clean one (merged) paragraph; what is removed is appended to ``notes``."""
    text = text.replace("\u3000", " ")
    for match in _FOOTNOTE.findall(text):
        notes.append(Annotation("footnote", match, index))
    text = _FOOTNOTE.sub("", text)
    while True:  # innermost brackets first, so nested notes go too
        found = _NOTE.findall(text)
        if not found:
            break
        notes.extend(Annotation("note", m.strip(), index) for m in found)
        text = _NOTE.sub("", text)
    for match in _SUPPLIED.finditer(text):
        notes.append(Annotation("supplied", match.group(0), index))
    text = _SUPPLIED.sub(r"\1", text)
    for match in _COMPOSED.findall(text):
        notes.append(Annotation("composed", match, index))
    text = _COMPOSED.sub(UNCODED, text)
    for match in _IDS.findall(text):
        notes.append(Annotation("composed", match, index))
    text = _IDS.sub(UNCODED, text)
    if "●" in text or LOST in text:
        notes.append(Annotation("lost", f"{text.count('●') + text.count(LOST)} lost character(s)", index))
        text = text.replace("●", LOST)
    private = [c for c in text if 0xE000 <= ord(c) <= 0xF8FF]
    if private:
        notes.append(Annotation("private-use", " ".join(f"U+{ord(c):04X}" for c in private), index))
        text = "".join(UNCODED if 0xE000 <= ord(c) <= 0xF8FF else c for c in text)
    for bracket in "()（）〖〗[]{}":
        if bracket in text:
            notes.append(Annotation("bracket", f"unbalanced {bracket}", index))
            text = text.replace(bracket, "")
    for match in _STRAY_LATIN.findall(text):
        notes.append(Annotation("stray", match, index))
    text = _STRAY_LATIN.sub("", text)
    text = text.translate(_ASCII_PUNCT)
    return "".join(text.split())


@lru_cache(maxsize=1)
def conversion_corrections() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str]]]:
    """A pattern matching every known conversion error, and each error's (correction, note)."""
    from songsmith.resources import load_prompt_yaml

    table: dict[str, tuple[str, str]] = {}
    for entry in (load_prompt_yaml("poetry/corrections.yaml") or {}).get("corrections") or []:
        wrong, right = str(entry["wrong"]), str(entry["right"])
        if len(wrong) != len(right):
            raise ValueError(f"correction {wrong} → {right}: not the same length")
        table[wrong] = (right, str(entry.get("note") or ""))
    if not table:
        return None, table
    pattern = re.compile("|".join(re.escape(w) for w in sorted(table, key=len, reverse=True)))
    return pattern, table


def correct_conversion(text: str, index: int, notes: list[Annotation]) -> str:
    """Fix the known conversion errors in ``text``, recording each fix."""
    pattern, table = conversion_corrections()
    if pattern is None or not pattern.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        right, note = table[match.group(0)]
        notes.append(Annotation("corrected", f"{match.group(0)} → {right} ({note})", index))
        return right

    return pattern.sub(fix, text)


def is_commentary(text: str) -> bool:
    """A paragraph that reads as prose: book titles, digits or Latin, or a prose-length clause."""
    if _PROSE.search(text):
        return True
    return any(len(clause) > MAX_VERSE_CLAUSE for clause in _CLAUSE_SPLIT.split(text))


def has_syllable(text: str) -> bool:
    return any(is_cjk(c) or c in PLACEHOLDERS for c in text)


def normalise_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[Annotation]]:
    """Verse lines and the annotations for what was removed or marked."""
    notes: list[Annotation] = []
    lines: list[str] = []
    for index, raw in merge_split_notes([p if isinstance(p, str) else str(p) for p in paragraphs]):
        text = normalise_paragraph(raw, index, notes)
        if not has_syllable(text):
            if text.strip():
                notes.append(Annotation("empty", text, index))
            continue
        if is_commentary(text):
            notes.append(Annotation("commentary", text, index))
            continue
        lines.append(correct_conversion(text, index, notes))
    return lines, notes
