"""Esperanto moods, style hints and the lyric-sheet aid."""

from __future__ import annotations

from pathlib import Path

from songsmith.document.songfile import load_song
from songsmith.esperanto.analysis import SheetLine, syllable_sheet
from songsmith.esperanto.style import (
    MOODS,
    esperanto_mood,
    esperanto_style_hints,
    lexicon,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "songs" / "la-luno-kaj-la-rivero.yaml"


def test_moods_are_the_project_vocabulary() -> None:
    from songsmith.style import mood

    assert MOODS == mood.MOODS
    assert set(lexicon().styles) == set(MOODS)
    for root in ("am", "esper", "pac", "mond", "kor", "patruj"):
        assert root in lexicon().roots


def test_mood_ranking() -> None:
    result = esperanto_mood("Mi estas malgaja, ĉar vi foriris. Adiaŭ, adiaŭ!")
    assert result.primary == "farewell"
    assert "malgaj" in result.cues["melancholy"]  # mal+gaj is sad, not joyful
    assert "joyful" not in result.cues
    assert abs(sum(score for _, score in result.ranked) - 1) < 1e-9
    assert result.ranked[1][0] == "melancholy"


def test_mood_reads_any_spelling_and_is_deterministic() -> None:
    a = esperanto_mood("Ghoje ni kantas pri amo kaj paco")
    b = esperanto_mood("Ĝoje ni kantas pri amo kaj paco")
    assert a.ranked == b.ranked and a.primary in ("joyful", "romantic")


def test_no_cue_gives_an_even_ranking() -> None:
    result = esperanto_mood("kiel tiel")
    assert result.primary == "serene" and len({s for _, s in result.ranked}) == 1


def test_style_hints() -> None:
    hints = esperanto_style_hints("Malgaje la bardo kantas pri larmoj kaj doloro de l' kor'",
                                  metre="iambic")
    assert hints.mood == "melancholy"
    assert hints.tags[:8] == ["Medieval", "4/4", "Male Singer", "Ars Antiqua", "Storytelling", "Bard", "Lute",
                              "Italian style"]
    assert hints.tags[-2:] == [f"{hints.tempo_bpm} bpm", "Esperanto Song"]
    assert hints.time_signature == 4 and 72 <= hints.tempo_bpm <= 96
    style = hints.to_style()
    assert style.language_tag == "Esperanto Song" and style.prompt == hints.prompt
    assert hints.lead == "Lute"


def test_style_hints_take_the_metre_from_the_text() -> None:
    text = "Tra densa mallumo briletas la celo,\nAl kiu kuraĝe ni iras."
    hints = esperanto_style_hints(text)
    assert hints.metre == "amphibrach" and hints.time_signature == 3
    assert "March" not in hints.tags and "3/4" in hints.tags and "Waltz" in hints.tags


def test_the_metre_sets_waltz_or_march_and_the_tempo_is_in_the_prompt() -> None:
    from songsmith.document.lint import children_unsuitable, style_contradictions

    trochees = esperanto_style_hints("En la mondon venis nova sento,\nTra la mondo iras forta voko;", metre="trochaic",
                                     primary="majestic")
    assert "March" in trochees.tags and "Waltz" not in trochees.tags and "4/4" in trochees.tags
    iambs = esperanto_style_hints("Ho, mia kor', ne batu maltrankvile", metre="iambic", primary="romantic")
    assert "March" not in iambs.tags and "Waltz" not in iambs.tags
    anapaests = esperanto_style_hints("kiel tiel", metre="anapaestic", primary="joyful")
    assert "6/8" in anapaests.tags and "March" not in anapaests.tags
    for metre in lexicon().metres:
        for mood in MOODS:
            for audience in (None, "children"):
                hints = esperanto_style_hints("kiel tiel", metre=metre, primary=mood, audience=audience)
                assert f"{hints.tempo_bpm} bpm" in hints.tags
                assert style_contradictions(hints.prompt, hints.tempo_bpm) == [], hints.prompt
                if audience:
                    assert children_unsuitable(hints.prompt) == [] and "Children's Choir" in hints.tags


def test_syllable_sheet() -> None:
    sheet = syllable_sheet(load_song(SAMPLE).song)
    assert len(sheet) == 12
    line, syllables, stress = sheet[0]
    assert isinstance(sheet[0], SheetLine)
    assert (line, syllables, stress) == ("La luno kuŝas sur la akvo,", 9, [2, 4, 8])
    assert syllable_sheet("Ho, mia kor'!") == [("Ho, mia kor'!", 4, [2, 4])]


def test_offline_backend_gives_distinct_esperanto_candidates_without_voice_clashes(tmp_path) -> None:
    from click.testing import CliRunner

    from songsmith.cli import cli
    from songsmith.document.songfile import load_song

    sample = Path(__file__).resolve().parents[1] / "corpora" / "songs" / "la-luno-kaj-la-rivero.yaml"
    result = CliRunner().invoke(cli, ["render", str(sample), "-o", str(tmp_path), "--candidates", "3", "--restyle"])
    assert result.exit_code == 0, result.output
    song = load_song(tmp_path / "la-luno-kaj-la-rivero" / "song.yaml").song
    styles = [c.style or "" for c in song.candidates]
    assert len(styles) == 3 and len(set(styles)) == 3
    assert all(s.endswith("Esperanto Song") for s in styles)
    assert "guzheng" not in " ".join(styles).lower()
    for style in styles:  # one voice per prompt: never "Female Singer" and "Male Singer" together
        assert not ("Female Singer" in style and "Male Singer" in style.replace("Female Singer", ""))
    assert song.style.language_tag == "Esperanto Song"
    assert [s.kind for s in song.sections][:2] == ["intro", "verse"]  # the user's lyrics are kept
