"""Singable Esperanto text per target: keep Unicode where the target reads it, respell where
it does not (docs/targets.md).

The targets use it so::

    from songsmith.esperanto.respell import singable_text, vocal_language_for
    lyrics = singable_text(lyrics, target)          # per line; tag lines [..] are left alone
    language = vocal_language_for(target)           # ACE-Step 1.5 "vocal_language", else None

``singable_text`` accepts Unicode, x- or h-system text (it normalises first). For targets that
cannot read ĉ ĝ ĥ ĵ ŝ ŭ the result contains none of them (tested).

Per target (``TARGETS``; unknown targets are respelled, the safe choice):

============== ========= ==========================================================================
target         treatment why
============== ========= ==========================================================================
suno, udio     unicode   read any Unicode; they sing with a guessed accent
ace-step       respell   v1 vocab.json lacks ĉĝĥĵŝŭ → ``[UNK]``; Esperanto falls back to English
ace-step-1.5   unicode   Qwen3 tokenizer reads raw text; ``vocal_language`` ``unknown`` (no ``eo``)
yue            unicode   byte-level LLaMA tokenizer reads Unicode (quality UNVERIFIED)
diffrhythm     respell   G2P knows only CJK (zh) and ASCII a-z (en); other letters UNVERIFIED
diffrhythm2    respell   same G2P as v1
songgeneration respell   zh/en only (v1 checkpoints)
songbloom      respell   zh/en G2P
jam            respell   English only
minimax        unicode   hosted, multilingual text input
mureka         unicode   hosted, multilingual text input
elevenlabs     unicode   hosted, multilingual text input
heartmula      unicode   reads text (UNVERIFIED for Esperanto)
lyria          unicode   prompt text only
============== ========= ==========================================================================

Respelling schemes (``SCHEMES``):

* ``basic`` (default): ĉ→ch, ĝ→dj, ĥ→h, ĵ→zh, ŝ→sh, ŭ→w — the community's respelling into an
  orthography the engine knows (EsperantoGPT#2).
* ``h-system``: ĉ→ch, ĝ→gh, ĥ→hh, ĵ→jh, ŝ→sh, ŭ→u (Zamenhof's fallback; reversible only with
  the lexicon, and ``gh`` reads as /g/ to English G2P).
* ``phonetic-en``: ``basic`` plus the letters English G2P misreads: c→ts, j→y (aj→ai …), ĝ→j.

Stress marks (optional, ``stress=``): ``"acute"`` puts an acute accent on the stressed vowel
of every word of two or more syllables and every elided word (``espéro``, ``kór'``);
``"caps"`` writes that vowel in capitals (``espEro``). ASCII-only targets (diffrhythm*,
songgeneration, songbloom, jam) get ``caps`` when ``acute`` is asked for. Note: ACE-Step 1.5
reads UPPER CASE as intensity, so ``caps`` is not advised there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from songsmith.esperanto.orthography import LETTERS, nfc, normalise
from songsmith.esperanto.prosody import VOWELS, word_stress

SCHEMES: dict[str, dict[str, str]] = {
    "basic": {"ĉ": "ch", "ĝ": "dj", "ĥ": "h", "ĵ": "zh", "ŝ": "sh", "ŭ": "w"},
    "h-system": {"ĉ": "ch", "ĝ": "gh", "ĥ": "hh", "ĵ": "jh", "ŝ": "sh", "ŭ": "u"},
    "phonetic-en": {"ĉ": "ch", "ĝ": "j", "ĥ": "kh", "ĵ": "zh", "ŝ": "sh", "ŭ": "w", "c": "ts", "j": "y"},
}
#: Letters a respelling target must never receive.
ESPERANTO_LETTERS = frozenset("ĉĝĥĵŝŭĈĜĤĴŜŬ")


@dataclass(frozen=True)
class Treatment:
    mode: str  # "unicode" or "respell"
    scheme: str | None
    ascii_only: bool
    vocal_language: str | None
    why: str


TARGETS: dict[str, Treatment] = {
    "suno": Treatment("unicode", None, False, None, "reads Unicode; accent guessed"),
    "udio": Treatment("unicode", None, False, None, "reads Unicode; accent guessed"),
    "ace-step": Treatment("respell", "basic", False, None,
                          "v1 vocab.json has no ĉĝĥĵŝŭ ([UNK]); Esperanto falls back to English"),
    "ace-step-1.5": Treatment("unicode", None, False, "unknown",
                              "Qwen3 tokenizer reads raw text; no 'eo' vocal_language"),
    "yue": Treatment("unicode", None, False, None, "byte-level tokenizer (quality UNVERIFIED)"),
    "diffrhythm": Treatment("respell", "basic", True, None, "G2P reads only CJK and ASCII a-z"),
    "diffrhythm2": Treatment("respell", "basic", True, None, "G2P reads only CJK and ASCII a-z"),
    "songgeneration": Treatment("respell", "basic", True, None, "zh/en only"),
    "songbloom": Treatment("respell", "basic", True, None, "zh/en G2P"),
    "jam": Treatment("respell", "basic", True, None, "English only"),
    "minimax": Treatment("unicode", None, False, None, "hosted, multilingual text"),
    "mureka": Treatment("unicode", None, False, None, "hosted, multilingual text"),
    "elevenlabs": Treatment("unicode", None, False, None, "hosted, multilingual text"),
    "heartmula": Treatment("unicode", None, False, None, "reads text (UNVERIFIED for Esperanto)"),
    "lyria": Treatment("unicode", None, False, None, "prompt text only"),
}
_UNKNOWN = Treatment("respell", "basic", True, None, "unknown target: respelled to be safe")
_ALIASES = {
    "acestep": "ace-step", "ace-step-v1": "ace-step", "ace-step-1": "ace-step", "ace-step1": "ace-step",
    "acestep-1.5": "ace-step-1.5", "ace-step-15": "ace-step-1.5", "ace-step1.5": "ace-step-1.5",
    "ace-step-v1.5": "ace-step-1.5", "diffrhythm-1": "diffrhythm", "diffrhythm-v1": "diffrhythm",
    "diffrhythm-2": "diffrhythm2", "levo": "songgeneration", "song-generation": "songgeneration",
    "eleven": "elevenlabs", "eleven-music": "elevenlabs", "hailuo": "minimax",
}
#: ACE-Step 1.5 languages closest to Esperanto's sounds: Polish has the same fixed penultimate
#: stress and ĉ ĝ ĵ ŝ ŭ as cz dż ż sz ł; Italian has the same five pure vowels. UNVERIFIED.
CLOSEST_LANGUAGES = ("pl", "it")


def target_key(target: str) -> str:
    key = target.strip().lower().replace("_", "-").replace(" ", "-")
    if key.startswith("suno") or key.startswith("chirp"):
        return "suno"
    return _ALIASES.get(key, key)


def target_treatment(target: str) -> Treatment:
    return TARGETS.get(target_key(target), _UNKNOWN)


def needs_respelling(target: str) -> bool:
    return target_treatment(target).mode == "respell"


def vocal_language_for(target: str, language: str = "eo", *, closest: bool = False) -> str | None:
    """The ``vocal_language`` to send: for ACE-Step 1.5, ``unknown`` (no ``eo`` code) or with
    ``closest=True`` ``pl`` (see :data:`CLOSEST_LANGUAGES`); None for targets without the field.
    Languages other than Esperanto are returned unchanged for ACE-Step 1.5."""
    treatment = target_treatment(target)
    if treatment.vocal_language is None:
        return None
    if language.lower().split("-")[0] != "eo":
        return language
    return CLOSEST_LANGUAGES[0] if closest else treatment.vocal_language


def _apply_case(template: str, replacement: str) -> str:
    if not template.isupper():
        return replacement
    return replacement.upper()


def respell(text: str, scheme: str = "basic") -> str:
    """Replace the Esperanto letters (and, for ``phonetic-en``, c and j) by the scheme's letters.

    An upper-case letter becomes ``Ch``/``Dj`` before a lower-case letter, ``CH``/``DJ`` in
    capitals (``ĈU`` → ``CHU``)."""
    table = SCHEMES[scheme]
    text = nfc(text)
    out: list[str] = []
    for i, ch in enumerate(text):
        low = ch.lower()
        rep = table.get(low)
        if rep is None:
            out.append(ch)
            continue
        if ch.isupper():
            following, previous = text[i + 1:i + 2], text[i - 1:i] if i else ""
            capitals = following.isupper() or (not following.isalpha() and previous.isupper())
            rep = rep.upper() if capitals or len(rep) == 1 else rep[0].upper() + rep[1:]
        out.append(rep)
    return "".join(out)


_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú", "A": "Á", "E": "É", "I": "Í", "O": "Ó", "U": "Ú"}
_WORD = re.compile(rf"[{LETTERS}]+'?")


def mark_stress(text: str, style: str = "acute") -> str:
    """Mark the stressed vowel of each word of 2+ syllables and each elided word."""

    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        target = word_stress(word)
        if target is None:
            return word
        seen = 0
        chars = list(word)
        for i, ch in enumerate(chars):
            if ch in VOWELS:
                seen += 1
                if seen == target:
                    chars[i] = _ACUTE[ch] if style == "acute" else ch.upper()
                    break
        return "".join(chars)

    return _WORD.sub(mark, text)


_TAG_LINE = re.compile(r"^\s*\[[^\]]*\]\s*$")


def singable_text(text: str, target: str, *, scheme: str | None = None, stress: str | None = None,
                  system: str | None = None) -> str:
    """The lyrics as the target should receive them (see the module docstring for the table).

    ``text`` may be in Unicode, x- or h-system (normalised first: the h-system is decided with
    the lexicon). Line structure is kept; section tag lines (``[Verse 1]``) are not touched.
    ``scheme`` overrides the target's respelling (or forces one on a Unicode target);
    ``stress`` is None, ``"acute"`` or ``"caps"``.
    """
    treatment = target_treatment(target)
    lines = normalise(text, system).text.split("\n")
    use = scheme or treatment.scheme
    if stress == "acute" and treatment.ascii_only:
        stress = "caps"
    out = []
    for line in lines:
        if _TAG_LINE.match(line):
            out.append(line)
            continue
        if stress:
            line = mark_stress(line, stress)
        if use:
            line = respell(line, use)
        out.append(line)
    result = "\n".join(out)
    if treatment.ascii_only and use:
        result = _fold_accents(result)  # an accented vowel of a loanword: keep the base letter
    return result


def _fold_accents(text: str) -> str:
    out = []
    for ch in text:
        if not ch.isascii() and ch.isalpha():
            base = unicodedata.normalize("NFD", ch)[0]
            out.append(base if base.isascii() else ch)
        else:
            out.append(ch)
    return "".join(out)
