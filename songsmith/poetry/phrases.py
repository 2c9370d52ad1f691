"""Phrase readings from the 汉典 (zdic) dictionaries that ``pypinyin-dict`` ships.

pypinyin-dict (MIT) packages the 汉典 词典 and 成语 phrase lists (``zdic_cibs``, ``zdic_cybs``):
about 380,000 phrases with their readings, many classical (二更 gēng, 长算 cháng, 上之所好
hào) where pypinyin's own phrase table reads the modern way. Loading them takes 4 s and 225 MB,
too much for every analysis, so songsmith ships the part it needs as
``prompts/poetry/zdic-phrases.txt``: the phrases of 2–4 characters where 汉典 reads a polyphonic
character otherwise than pypinyin does, with only those characters' readings. This module reads
that file (lazily, once); :func:`phrase_reading` looks a character up in it.

The dictionaries list rare senses too (不更 gēng, the Qin rank; 江曲 qǔ, a tune), which verse
matches by accident across word boundaries: applied to every character they make readings worse
(bench/readings_eval.py: 99.3 % → 98.0 % on the development set). So the analysis asks them only
where its own rules leave a real choice (an ``ambiguous`` rule is reached). Run

    python scripts/build_phrase_table.py

with pypinyin-dict installed (a dev dependency) to regenerate the file from the package.
"""

from __future__ import annotations

from functools import lru_cache

FILE = "poetry/zdic-phrases.txt"
MAX_PHRASE = 4
_SKIP = set("一不")  # tone sandhi in the dictionaries, not a reading


@lru_cache(maxsize=1)
def phrase_table() -> dict[str, tuple[tuple[int, str], ...]]:
    """Phrase → ((index, reading), …) for the characters 汉典 reads otherwise than pypinyin."""
    from songsmith.resources import prompts_dir

    node = prompts_dir()
    for part in FILE.split("/"):
        node = node / part
    table: dict[str, tuple[tuple[int, str], ...]] = {}
    for line in node.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        phrase, _, rest = line.partition("\t")
        table[phrase] = tuple((int(i), r) for i, r in (item.split(":") for item in rest.split()))
    return table


def phrase_reading(line: str, index: int) -> tuple[str, str] | None:
    """(reading, phrase) of ``line[index]`` by the longest 汉典 phrase around it that reads that
    character otherwise than pypinyin, or None."""
    table = phrase_table()
    n = len(line)
    for size in range(min(MAX_PHRASE, n), 1, -1):
        for start in range(max(0, index - size + 1), min(index, n - size) + 1):
            phrase = line[start:start + size]
            for offset, reading in table.get(phrase, ()):
                if start + offset == index:
                    return reading, phrase
    return None
