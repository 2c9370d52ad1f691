"""Esperanto bench: the six corpus songs through the h-system and back, and their metres.

    .venv/bin/python bench/esperanto_hsystem.py [CORPUS_DIR]

CORPUS_DIR defaults to ../shared/corpora/esperanto (relative to the repository root). For each
song: write it in the h-system (ĉ→ch ĝ→gh ĥ→hh ĵ→jh ŝ→sh ŭ→u), decode it with the lexicon
(songsmith.esperanto.orthography.h_to_unicode) and count the words that come back exactly;
then print the metre and syllable pattern detected against what SOURCES.md states.
Exit status 1 when the corpus is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from songsmith.esperanto.analysis import analyse_text, load_eo_text, parse_sources_table  # noqa: E402
from songsmith.esperanto.orthography import (  # noqa: E402
    WORD_RE,
    _readings,
    h_to_unicode,
    segment,
    unicode_to_h,
)


def main(argv: list[str]) -> int:
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpora" / "esperanto"
    sources = corpus / "SOURCES.md"
    if not sources.is_file():
        print(f"no corpus at {corpus} (expected SOURCES.md and the six songs)", file=sys.stderr)
        return 1
    stated = parse_sources_table(sources.read_text(encoding="utf-8"))
    total = exact = ambiguous_words = naive_exact = known = 0
    wrong_all: list[str] = []
    undecided_all: list[str] = []
    print("h-system round trip (words that come back exactly)")
    for name in sorted(stated):
        song = load_eo_text(corpus / name)
        original = WORD_RE.findall(song.text)
        decoded_text, decisions = h_to_unicode(unicode_to_h(song.text))
        decoded = WORD_RE.findall(decoded_text)
        assert len(decoded) == len(original), name
        hits = sum(1 for a, b in zip(original, decoded) if a == b)
        # baseline without the lexicon: every ambiguous spot read as the accented letter
        naive = [max(_readings(w), key=lambda r: r[1])[0] for w in WORD_RE.findall(unicode_to_h(song.text))]
        naive_exact += sum(1 for a, b in zip(original, naive) if a == b)
        known += sum(1 for w in original if segment(w) is not None)
        with_spots = len(decisions)
        wrong = [f"{name}: {a} → {b}" for a, b in zip(original, decoded) if a != b]
        total += len(original)
        exact += hits
        ambiguous_words += with_spots
        wrong_all.extend(wrong)
        undecided_all.extend(f"{name}: {d}" for d in decisions if not d.decided)
        print(f"  {name:<38} {hits:>4}/{len(original):<4} exact  ({with_spots} words had an ambiguous spot)")
    print(f"  {'all six songs':<38} {exact:>4}/{total:<4} exact = {100 * exact / total:.2f} %  "
          f"({ambiguous_words} words with an ambiguous spot)")
    print(f"  without the lexicon (always the accented letter): {naive_exact}/{total} exact; "
          f"words the lexicon splits: {known}/{total}")
    for line in wrong_all:
        print(f"    wrong: {line}")
    for line in undecided_all:
        print(f"    undecided: {line}")

    print()
    print("metre: detected vs SOURCES.md")
    agree = 0
    for name, row in sorted(stated.items()):
        song = load_eo_text(corpus / name)
        analysis = analyse_text(song.text)
        counts = sorted({line.prosody.syllables for line in analysis.lines}, reverse=True)
        stated_counts = sorted(set(row.counts), reverse=True)
        same_lines = len(analysis.lines) == row.lines
        same_counts = counts == stated_counts
        same_metre = row.metre is None or row.metre == analysis.metre
        ok = same_lines and same_counts and same_metre
        agree += ok
        pattern = "/".join(str(n) for n in analysis.pattern)
        print(f"  {name:<38} {'OK ' if ok else 'DIFF'} lines {len(analysis.lines)} (stated {row.lines}); "
              f"syllables {'/'.join(map(str, counts))} per line, stanza {pattern} (stated: {row.text}); "
              f"metre {analysis.metre} on {analysis.metre_lines}/{len(analysis.lines)} lines "
              f"(stated: {row.metre or 'not stated'})")
    print(f"  {agree}/{len(stated)} songs agree with SOURCES.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
