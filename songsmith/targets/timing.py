"""Approximate timing from syllable counts and tempo, for targets that want durations.

These are estimates, not measurements: a sung syllable takes one beat in Chinese (one character,
one note, the usual setting of classical verse) and half a beat in alphabetic languages; every
line ends with a two-beat breath; an instrumental section lasts four bars (an ``[End]`` one bar).
DiffRhythm's LRC, ACE-Step's and ElevenLabs' durations are built from them and say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from songsmith.language import is_cjk

_VOWELS = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāēīōūŭąęėįų]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE)

BREATH_BEATS = 2.0
INSTRUMENTAL_BEATS = {"intro": 16.0, "outro": 16.0, "fade-out": 16.0, "end": 4.0}
DEFAULT_INSTRUMENTAL_BEATS = 16.0


@lru_cache(maxsize=65536)
def syllables(line: str) -> int:
    """Sung syllables of a line: one per Chinese character (or kana), vowel groups per word."""
    count = sum(1 for c in line if is_cjk(c) or "\u3040" <= c <= "\u30ff" or "\uac00" <= c <= "\ud7af")
    rest = "".join(" " if (is_cjk(c) or "\u3040" <= c <= "\u30ff" or "\uac00" <= c <= "\ud7af") else c
                   for c in line)
    for word in _WORD.findall(rest):
        count += max(1, len(_VOWELS.findall(word)))
    return count


def beats_per_syllable(line: str) -> float:
    cjk = sum(1 for c in line if is_cjk(c))
    return 1.0 if cjk * 2 >= len(line.replace(" ", "")) else 0.5


@lru_cache(maxsize=65536)
def line_seconds(line: str, bpm: int) -> float:
    """Estimated seconds from the start of this line to the start of the next."""
    beat = 60.0 / bpm
    return (syllables(line) * beats_per_syllable(line) + BREATH_BEATS) * beat


def instrumental_seconds(kind: str, bpm: int) -> float:
    return INSTRUMENTAL_BEATS.get(kind, DEFAULT_INSTRUMENTAL_BEATS) * 60.0 / bpm


@dataclass
class Timed:
    """A section's start and length, and the start of each of its sung lines (seconds)."""

    start: float
    seconds: float
    line_starts: list[float]


def plan(sections: list[tuple[str, list[str]]], bpm: int) -> list[Timed]:
    """Time (kind, sung lines) sections one after the other from 0 s."""
    at = 0.0
    out: list[Timed] = []
    for kind, lines in sections:
        starts = []
        length = 0.0
        if lines:
            for line in lines:
                starts.append(round(at + length, 2))
                length += line_seconds(line, bpm)
        else:
            length = instrumental_seconds(kind, bpm)
        out.append(Timed(round(at, 2), round(length, 2), starts))
        at += length
    return out


def total_seconds(sections: list[tuple[str, list[str]]], bpm: int) -> float:
    timed = plan(sections, bpm)
    return timed[-1].start + timed[-1].seconds if timed else 0.0
