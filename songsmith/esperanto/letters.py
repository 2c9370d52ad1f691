"""The letters of Esperanto and what makes a word of them."""

from __future__ import annotations

import re
import unicodedata

#: Base letter → accented letter (lower case).
ACCENT = {"c": "ĉ", "g": "ĝ", "h": "ĥ", "j": "ĵ", "s": "ŝ", "u": "ŭ"}
BASE = {v: k for k, v in ACCENT.items()}
ACCENTED_LETTERS = frozenset("ĉĝĥĵŝŭĈĜĤĴŜŬ")
#: Letters of an Esperanto word (Latin letters, the six accented ones) for tokenising.
LETTERS = "A-Za-zĉĝĥĵŝŭĈĜĤĴŜŬ"
#: A word; an apostrophe after it marks elision (``kor'``, ``l'``, ``Di'``, ``naci'``) unless the
#: word ends in a, o or u: there it is a closing quote (``'ĉesu'``), since elision drops the
#: noun's o (or the article's a) and stems in -u are too rare to guess.
WORD_RE = re.compile(rf"[{LETTERS}]*[B-NP-TV-Zb-np-tv-zĉĝĥĵŝŭĈĜĤĴŜŬ]'|[{LETTERS}]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
