"""Esperanto syllables, stress (elision included), metre, rhyme and stanza warnings."""

from __future__ import annotations

import pytest

from songsmith.esperanto.analysis import analyse_text, marked_line
from songsmith.esperanto.prosody import (
    analyse_line,
    rhyme_scheme,
    syllabify,
    syllable_count,
    word_stress,
)


@pytest.mark.parametrize(("word", "count", "stress"), [
    ("familio", 4, 3),  # fa-mi-LI-o
    ("historio", 4, 3),
    ("hieraŭ", 3, 2),  # hi-E-raŭ: ŭ is a glide
    ("hodiaŭ", 3, 2),
    ("aŭ", 1, None),
    ("ĉiuj", 2, 1),  # j is a glide
    ("fanfaroj", 3, 2),
    ("kor'", 1, 1),  # elided: stress on the last remaining syllable
    ("mond'", 1, 1),
    ("kunplektant'", 3, 3),
    ("Di'", 1, 1),
    ("l'", 0, None),  # the article: no vowel, no syllable
    ("la", 1, None),
    ("espero", 3, 2),
])
def test_word_syllables_and_stress(word: str, count: int, stress: int | None) -> None:
    assert syllable_count(word) == count
    assert word_stress(word) == stress


def test_syllabify() -> None:
    assert syllabify("mallumo") == ["mal", "lu", "mo"]
    assert syllabify("hodiaŭ") == ["ho", "di", "aŭ"]
    assert syllabify("familio") == ["fa", "mi", "li", "o"]
    assert syllabify("agrabla") == ["a", "gra", "bla"]
    assert marked_line("En la mondon venis nova sento") == "En la MON-don VE-nis NO-va SEN-to"


def test_line_with_elisions() -> None:
    line = analyse_line("Al la mond' eterne militanta")
    assert line.syllables == 10
    assert line.stress == [3, 5, 9]  # MOND', e-TER-ne, mi-li-TAN-ta
    assert line.metre == "trochaic"
    line = analyse_line("Sub la sankta signo de l' espero")
    assert line.syllables == 10 and line.stress == [3, 5, 9]
    line = analyse_line("Ho, mia kor'!")
    assert (line.syllables, line.stress, line.rhyme, line.ending) == (4, [2, 4], "or", "masculine")


@pytest.mark.parametrize(("text", "metre"), [
    ("En la mondon venis nova sento,", "trochaic"),
    ("Ho, mia kor', ne batu maltrankvile,", "iambic"),
    ("Tra densa mallumo briletas la celo,", "amphibrach"),
    ("Agordu la brustojn, ho nia fratar',", "amphibrach"),
    ("Nun kantu vi je forta son',", "iambic"),
])
def test_metre_of_a_line(text: str, metre: str) -> None:
    assert analyse_line(text).metre == metre


def test_pattern_marks() -> None:
    assert analyse_line("En la mondon venis nova sento").pattern == "··—◡—◡—◡—◡"


def test_rhyme_from_last_stressed_vowel() -> None:
    assert analyse_line("Nun de loko flugu ĝi al loko.").rhyme == "oko"
    assert analyse_line("la rivero kantas al mi,").rhyme == "i"
    assert analyse_line("Hodiaŭ ni preĝas.").rhyme == "eĝas"
    assert rhyme_scheme(["ento", "oko", "ento", "oko"]) == "ABAB"
    assert rhyme_scheme(["ento", "oko", "ento", "i"]) == "AxAx"


def test_h_system_lines_are_normalised_before_counting() -> None:
    analysis = analyse_text("Ankau hodiau ni kantas\nkaj chiam ni kantos")
    assert analysis.system == "h"
    first = analysis.lines[0]
    assert first.text == "Ankaŭ hodiaŭ ni kantas"
    assert first.original == "Ankau hodiau ni kantas"
    assert first.prosody.syllables == 8  # an-kaŭ ho-di-aŭ ni kan-tas (read as "au": 10)


def test_stanza_warning_on_a_broken_line() -> None:
    text = ("En la mondon venis nova sento,\nTra la mondo iras forta voko;\n\n"
            "Per flugiloj de facila vento\nNun de loko flugu al loko.\n\n"
            "Sub la sankta signo de l' espero\nKolektiĝas pacaj batalantoj,\n")
    analysis = analyse_text(text)
    broken = analysis.lines[3]
    assert broken.prosody.syllables == 9
    assert broken.warnings and "9 syllables where the other stanzas have 10" in broken.warnings[0]
    assert [line.number for line in analysis.lines if line.warnings] == [4]
    assert any(w.startswith("line 4:") for w in analysis.warnings)


def test_lone_stanza_warning() -> None:
    text = "\n".join(["En la mondon venis nova sento,"] * 4 + ["Nun de loko flugu al loko."])
    analysis = analyse_text(text)
    assert [bool(line.warnings) for line in analysis.lines] == [False] * 4 + [True]


# --- properties ----------------------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from songsmith.esperanto.analysis import analyse_stanzas  # noqa: E402
from songsmith.esperanto.orthography import WORD_RE  # noqa: E402

_letters = "abcĉdefgĝhĥijĵklmnoprsŝtuŭvzĈĜŜ"
_word = st.text(alphabet=_letters, min_size=1, max_size=10).map(lambda w: w + "'" if len(w) % 3 == 0 else w)
_line = st.lists(_word, min_size=0, max_size=8).map(" ".join)


@settings(max_examples=200)
@given(_line)
def test_line_invariants(text: str) -> None:
    line = analyse_line(text)
    assert line.syllables == sum(1 for ch in text if ch in "aeiouAEIOU")
    assert all(1 <= s <= line.syllables for s in line.stress)
    assert line.stress == sorted(set(line.stress))
    assert len(line.pattern) == line.syllables
    assert line.metre is None or line.metre in line.metre_scores


@settings(max_examples=100)
@given(st.lists(st.lists(_line, min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_text_analyses_with_lines_kept(stanzas: list[list[str]]) -> None:
    analysis = analyse_stanzas([(None, s) for s in stanzas])
    assert [line.original for line in analysis.lines] == [x for s in stanzas for x in s]
    for line in analysis.lines:
        assert len(WORD_RE.findall(line.text)) == len(WORD_RE.findall(line.original))
    analysis.to_json()


def test_single_quotes_are_not_elisions() -> None:
    # 'Ho' in single quotes: the closing quote after -o is not an elided word
    assert analyse_line("'Ho, ĉesu' mokante la homoj admonas").stress == analyse_line(
        "Ho, ĉesu mokante la homoj admonas").stress
    assert analyse_line("de l'espero").stress == [3]  # l' glued to the next word
    assert analyse_line("ĉe Di' kaj naci'").stress == [2, 5]
