"""Lyric text as every target writes it: language, clean lines, Title Case, performance notes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from songsmith.document.lyrics.text import line_kind
from songsmith.document.model import Song
from songsmith.language import guess_language, is_cjk

_CANTONESE = {"yue", "zh-yue", "zh-hk", "zh-mo", "yue-hk", "yue-hant", "cantonese"}


def song_language(song: Song) -> str | None:
    """A short code: ``zh`` (Mandarin), ``yue`` (Cantonese), ``en``, ``eo``, … or None."""
    lang = (song.language or "").strip().lower()
    tag = (song.style.language_tag or "").lower()
    if lang in _CANTONESE or "cantonese" in tag or "粤" in tag or "粵" in tag:
        return "yue"
    if lang:
        return lang.split("-")[0].split("_")[0]
    text = "\n".join(line for s in song.sections for line in s.lines if line_kind(line) in ("lyric", "backing"))
    guessed = guess_language(text)
    if guessed is None and text and all(c.isascii() for c in text):
        return "en"
    return guessed


_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])[ \t\u3000]+"
                                r"(?=[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])")


@lru_cache(maxsize=65536)
def clean_line(line: str) -> str:
    """G4/G5: one stripped line, single spaces, no spaces between Chinese characters, no brackets."""
    line = unicodedata.normalize("NFC", line.replace("\t", " "))
    line = "".join(c for c in line if unicodedata.category(c) not in ("Cc", "Cf") or c == "\u200d")
    line = _SPACE_BETWEEN_CJK.sub("", line)
    line = re.sub(r" {2,}", " ", line)
    line = line.replace("[", "").replace("]", "")
    return line.strip()


def title_case(text: str) -> str:
    """Capitalise the first letter of every word (split on spaces and hyphens): Suno's tag habit."""
    return re.sub(r"(^|[\s\-/,&(–—])([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def is_title_case(text: str) -> bool:
    return re.search(r"(^|[\s\-/,&(–—])[a-z]", text) is None


@lru_cache(maxsize=1)
def performance_notes() -> frozenset[str]:
    """Words that make a parenthesised line a performance note, not a backing vocal.

    The words of the lint data of ``songsmith check`` (prompts/lint/style-words.yaml), and these.
    """
    from songsmith.resources import load_prompt_yaml

    words = {"whisper", "whispered", "spoken", "softly", "humming", "repeat", "echo", "sigh", "fade",
             "instrumental", "falsetto", "harmony", "laughs", "shouted", "spoken word"}
    words |= {str(w).lower() for w in load_prompt_yaml("lint/style-words.yaml").get("performance_notes", [])}
    return frozenset(words)


_NOTE_FILLERS = {"and", "the", "a", "with", "x2", "x3", "x4", "twice"}
_TOKEN = re.compile(r"[A-Za-z0-9]+")


def is_performance_note(line: str) -> bool:
    """``(whispered)``, ``(softly, echo)``: a parenthesised line that is a direction, not words."""
    if not (line.startswith("(") and line.endswith(")")):
        return False
    words = {w.lower() for w in _TOKEN.findall(line)}
    return bool(words) and words <= performance_notes() | _NOTE_FILLERS and not any(is_cjk(c) for c in line)
