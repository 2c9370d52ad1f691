"""Singable Esperanto per target: no ĉĝĥĵŝŭ where the target cannot read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from songsmith.document.songfile import load_song
from songsmith.esperanto.respell import (
    ESPERANTO_LETTERS,
    TARGETS,
    mark_stress,
    needs_respelling,
    respell,
    singable_text,
    target_treatment,
    vocal_language_for,
)

ROOT = Path(__file__).resolve().parents[1]
LYRICS = load_song(ROOT / "corpora" / "songs" / "la-luno-kaj-la-rivero.yaml").song.lyrics
ALL = "Ĉu ĝi ĥoro ĵaŭdo ŝipo aŭ? ĈU ĜI ĤORO ĴAŬDO ŜIPO AŬ"


@pytest.mark.parametrize("target", sorted(TARGETS) + ["some-new-model", "chirp-v4", "ACE_Step_v1"])
def test_every_target_gets_readable_letters(target: str) -> None:
    for text in (LYRICS, ALL):
        out = singable_text(text, target)
        assert len(out.split("\n")) == len(text.split("\n"))
        if needs_respelling(target):
            assert not set(out) & ESPERANTO_LETTERS, (target, out)
        else:
            assert out == text  # Unicode targets keep the user's Unicode


def test_which_targets_respell() -> None:
    assert needs_respelling("ace-step") and needs_respelling("diffrhythm") and needs_respelling("diffrhythm2")
    assert not needs_respelling("suno") and not needs_respelling("udio") and not needs_respelling("ace-step-1.5")
    assert needs_respelling("unknown-target")  # the safe default
    assert target_treatment("chirp-v3-5").mode == "unicode"


def test_basic_respelling() -> None:
    assert respell("ĉu ĝis ĥoro ĵus ŝi aŭ") == "chu djis horo zhus shi aw"
    assert respell("Ĉu ĈU Ŝi") == "Chu CHU Shi"
    assert respell("ĉiuj ĝis", "h-system") == "chiuj ghis"
    assert respell("ĉiuj ĝis", "phonetic-en") == "chiuy jis"


def test_tags_are_untouched_and_input_may_be_h_or_x() -> None:
    assert singable_text("[Verse 1]\nChu vi?", "ace-step") == "[Verse 1]\nChu vi?"
    assert singable_text("[Verse 1]\nĈu vi?", "ace-step") == "[Verse 1]\nChu vi?"
    assert singable_text("Cxu vi?", "suno") == "Ĉu vi?"
    assert singable_text("Ghis kiam ankau", "suno") == "Ĝis kiam ankaŭ"


def test_stress_marks() -> None:
    assert mark_stress("la espero kaj kor'") == "la espéro kaj kór'"
    assert mark_stress("la espero", "caps") == "la espEro"
    assert singable_text("Ĝis la mateno", "ace-step", stress="acute") == "Djis la maténo"
    out = singable_text("Ĝis la mateno", "diffrhythm", stress="acute")  # ASCII-only: caps instead
    assert out == "Djis la matEno" and out.isascii()


def test_vocal_language() -> None:
    assert vocal_language_for("ace-step-1.5") == "unknown"
    assert vocal_language_for("ace-step-1.5", closest=True) == "pl"
    assert vocal_language_for("ace-step-1.5", "zh") == "zh"
    assert vocal_language_for("suno") is None and vocal_language_for("ace-step") is None
