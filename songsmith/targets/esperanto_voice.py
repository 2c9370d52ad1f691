"""Esperanto lyrics respelled for the language a model reads best, per target.

No open model has Esperanto. Each gets the spelling of the supported language closest to it that
the model can be told about:

* ACE-Step 1.5 takes ``vocal_language``: Esperanto is written in Polish orthography and sent as
  ``pl``. Polish has Esperanto's fixed penultimate stress, its five vowels and its consonants, and
  spells them ĉ→cz, ĝ→dż, ĥ→ch, ĵ→ż, ŝ→sz, ŭ→ł, v→w (c, j, z, h are already Polish).
* DiffRhythm 1/2 and SongGeneration read Mandarin and English only: the English-phonetic
  respelling of :mod:`songsmith.esperanto.respell` (``phonetic-en``: ĉ→ch, ĝ→j, ĥ→kh, ĵ→zh,
  ŝ→sh, ŭ→w, c→ts, j→y), ASCII only.
* ACE-Step v1 has no language field: it guesses per line and reads what it cannot name as
  English; it keeps the ``basic`` respelling (its vocabulary lacks ĉĝĥĵŝŭ). Measured with its
  segmenter, about a third of such lines are read as Spanish, French or another of its languages
  whatever the respelling (bench/conformance_tangshi.py), so the package says so.
"""

from __future__ import annotations

from songsmith.targets.base import Block

ESPERANTO_LETTERS = frozenset("ĉĝĥĵŝŭĈĜĤĴŜŬ")
POLISH = {"ĉ": "cz", "ĝ": "dż", "ĥ": "ch", "ĵ": "ż", "ŝ": "sz", "ŭ": "ł", "v": "w"}
POLISH_CODE = "pl"


def polish_spelling(text: str) -> str:
    """Esperanto (any of its spellings) in Polish orthography, capitals kept (``Ĉu`` → ``Czu``)."""
    from songsmith.esperanto.orthography import normalise

    text = normalise(text).text
    out = []
    for index, char in enumerate(text):
        spelled = POLISH.get(char.lower())
        if spelled is None:
            out.append(char)
        elif char.isupper():
            following = text[index + 1:index + 2]
            out.append(spelled.upper() if following.isupper() else spelled[0].upper() + spelled[1:])
        else:
            out.append(spelled)
    return "".join(out)


def english_spelling(text: str, target: str) -> str:
    from songsmith.esperanto.respell import singable_text

    return singable_text(text, target, scheme="phonetic-en")


def respell_blocks(blocks: list[Block], spell) -> list[Block]:  # type: ignore[no-untyped-def]
    return [Block(b.kind, b.number, b.descriptor, [spell(x) if x else x for x in b.lines], b.tag) for b in blocks]


#: How the English-sounding respelling reads, for the messages that say it was done.
ENGLISH_RESPELLING = "(ĉ→ch ĝ→j ĥ→kh ĵ→zh ŝ→sh ŭ→w c→ts j→y)"


def english_voice(blocks: list[Block], target: str, reader: str, said: list[str]) -> list[Block]:
    """Esperanto respelled for a target that reads only Mandarin and English (``reader`` names it
    in the message appended to ``said``: a target's warnings or notes)."""
    said.append(f"{reader}: Esperanto respelled for English phonemes {ENGLISH_RESPELLING}")
    return respell_blocks(blocks, lambda x: english_spelling(x, target))
