"""The DiffRhythm (v1 and 2) lyric front end as their code treats each line, re-stated.

Both repositories phonemise a lyric line by cutting it into runs of one script
(``g2p/g2p_generation.py`` ``get_segment``): a character in U+4E00–U+9FA5 is Chinese, an ASCII
letter A–Z/a–z is English, anything else (digits, punctuation, accented or other letters, kana,
Han characters outside that block) joins the run it stands in. A run that never met a Chinese
character or an ASCII letter keeps the language "other", and the cleaner raises "Unknown
language" for it; an empty line is one such run.
"""

from __future__ import annotations


def is_g2p_chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fa5"


def is_g2p_english(char: str) -> bool:
    return ("A" <= char <= "Z") or ("a" <= char <= "z")


def g2p_problem(text: str) -> str | None:
    """Why the g2p would raise on ``text`` (None when it reads it)."""
    if not text:
        return "an empty lyric makes the g2p raise 'Unknown language'"
    if not any(is_g2p_chinese(c) or is_g2p_english(c) for c in text):
        return f"{text!r} has no Chinese character or ASCII letter: the g2p raises 'Unknown language'"
    return None


def foreign_letters(text: str) -> list[str]:
    """Letters the g2p reads as neither Chinese nor English (they are glued to a neighbour)."""
    return sorted({c for c in text if c.isalpha() and not (is_g2p_chinese(c) or is_g2p_english(c))})
