"""The six public-domain songs of ../shared/corpora/esperanto against what SOURCES.md states.

The corpus lives outside the repository (never copied in); these tests skip when it is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from songsmith.esperanto.analysis import analyse_text, load_eo_text, parse_sources_table
from songsmith.esperanto.orthography import WORD_RE, h_to_unicode, unicode_to_h

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "esperanto"
SONGS = (
    "la_espero.txt", "la_vojo.txt", "ho_mia_kor.txt", "prego_sub_la_verda_standardo.txt",
    "la_tagigo.txt", "paca_kanto_de_la_esperantistoj.txt",
)

pytestmark = pytest.mark.skipif(
    not (CORPUS / "SOURCES.md").is_file(),
    reason=f"the shared Esperanto corpus is not at {CORPUS} (../shared/corpora/esperanto)",
)


@pytest.fixture(scope="module")
def stated() -> dict:
    return parse_sources_table((CORPUS / "SOURCES.md").read_text(encoding="utf-8"))


def test_sources_table_is_read(stated: dict) -> None:
    assert set(stated) == set(SONGS)
    assert stated["la_espero.txt"].lines == 24 and stated["la_espero.txt"].counts == (10,)
    assert stated["la_espero.txt"].metre == "trochaic"
    assert stated["la_vojo.txt"].metre == "amphibrach"
    assert stated["la_tagigo.txt"].metre == "amphibrach"  # stated in the "sung?" column
    assert stated["prego_sub_la_verda_standardo.txt"].counts == (12, 9, 6)
    assert stated["prego_sub_la_verda_standardo.txt"].metre is None


@pytest.mark.parametrize("name", SONGS)
def test_song_metre_as_sources_states(name: str, stated: dict) -> None:
    row = stated[name]
    song = load_eo_text(CORPUS / name)
    analysis = analyse_text(song.text, title=song.title, author=song.author)
    assert len(analysis.lines) == row.lines
    assert {line.prosody.syllables for line in analysis.lines} == set(row.counts)
    if row.metre:
        assert analysis.metre == row.metre
        assert analysis.metre_lines >= 0.9 * len(analysis.lines)
    # "every stanza has the regular metre": all stanzas share one syllable pattern
    assert len({tuple(s.counts) for s in analysis.stanzas}) == 1
    assert not analysis.warnings, analysis.warnings


def test_la_espero_is_24_lines_of_10() -> None:
    analysis = analyse_text(load_eo_text(CORPUS / "la_espero.txt").text)
    assert [line.prosody.syllables for line in analysis.lines] == [10] * 24
    assert analysis.metre == "trochaic"


def test_stated_stanza_shapes() -> None:
    shapes = {
        "ho_mia_kor.txt": [11, 10, 11, 4],
        "paca_kanto_de_la_esperantistoj.txt": [8, 7, 8, 7],
        "prego_sub_la_verda_standardo.txt": [12, 9, 12, 9, 12, 12, 12, 6],  # "8th line 6"
    }
    for name, shape in shapes.items():
        assert analyse_text(load_eo_text(CORPUS / name).text).pattern == shape, name


def test_h_system_round_trip_of_the_corpus() -> None:
    total = exact = 0
    for name in SONGS:
        text = load_eo_text(CORPUS / name).text
        back, _ = h_to_unicode(unicode_to_h(text))
        pairs = list(zip(WORD_RE.findall(text), WORD_RE.findall(back), strict=True))
        total += len(pairs)
        exact += sum(1 for a, b in pairs if a == b)
    assert total > 1000
    assert exact / total >= 0.99


def test_rhyme_schemes() -> None:
    analysis = analyse_text(load_eo_text(CORPUS / "la_vojo.txt").text)
    assert Counter(s.scheme for s in analysis.stanzas) == Counter({"ABABCCDD": 5})
