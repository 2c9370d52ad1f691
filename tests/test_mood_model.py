"""The learned part of the mood reader: its features, its file, its training, and how it ranks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from script_helpers import load_script

from songsmith.style import mood_model
from songsmith.style.mood import MOODS, analyse_mood
from songsmith.style.mood_model import features, parse_model

ROOT = Path(__file__).resolve().parents[1]
ZERO = [0.0] * len(MOODS)


def _model(weights: dict[str, dict[str, float]], bias: dict[str, float] | None = None) -> dict[str, Any]:
    return {"moods": list(MOODS), "rule_scale": 5.0,
            "features": {key: [by_mood.get(m, 0.0) for m in MOODS] for key, by_mood in weights.items()},
            "rules": [list(ZERO) for _ in MOODS], "bias": [(bias or {}).get(m, 0.0) for m in MOODS]}


def test_features_are_title_verse_and_last_couplet_characters_and_pairs_capped_at_three() -> None:
    found = features("宫词 一", ["月月月月明", "花开", "春风", "泪满衣"])
    assert found["T1宫"] == 1 and found["T2宫词"] == 1 and found["T1一"] == 1
    assert found["B1月"] == 3  # four times, capped
    assert found["B2月明"] == 1 and found["L1泪"] == 1 and "L1月" not in found
    assert found["B1春"] == 1 and found["L1春"] == 1  # the last couplet is the last two lines
    assert not any("a" in key for key in features("abc", ["abc"]))


@pytest.mark.parametrize(("change", "problem"), [
    (lambda d: d.update(moods=list(reversed(MOODS))), "moods"),
    (lambda d: d.update(bias=[0.0]), "bias"),
    (lambda d: d.update(rules=[]), "rules"),
    (lambda d: d["features"].update(X1月=list(ZERO)), "kind"),
    (lambda d: d["features"].update(B1月=[1.0]), "B1月"),
])
def test_a_malformed_model_file_is_refused_with_what_is_wrong(change: Any, problem: str) -> None:
    data = _model({"B1月": {"nostalgic": 1.0}})
    change(data)
    with pytest.raises(ValueError, match=problem):
        parse_model(data)


def test_the_model_ranks_the_moods_and_names_the_features_that_weighed(monkeypatch: pytest.MonkeyPatch) -> None:
    model = parse_model(_model({"T1甲": {"satirical": 6.0}, "B1花": {"joyful": 0.5}}))
    monkeypatch.setattr(mood_model, "load_model", lambda: model)
    result = analyse_mood(["花开满院", "春风入帘"], title="甲子")
    assert result.primary == "satirical"
    assert abs(sum(score for _, score in result.ranked) - 1) < 0.01
    assert any("甲 (title)" in cue for cue in result.cues["satirical"])
    rules = analyse_mood(["花开满院", "春风入帘"], title="甲子", learned=False)
    assert rules.raw == result.raw  # the rules' evidence is kept as it is
    assert rules.primary != "satirical"


def test_without_any_evidence_the_model_does_not_pick_a_mood(monkeypatch: pytest.MonkeyPatch) -> None:
    model = parse_model(_model({"B1月": {"nostalgic": 1.0}}, bias={"melancholy": 2.0}))
    monkeypatch.setattr(mood_model, "load_model", lambda: model)
    assert analyse_mood(["abc"]).primary == MOODS[0]  # the rules' even ranking, not the prior
    assert analyse_mood(["月"]).primary == "melancholy"  # a known feature: the model reads it


def test_without_a_packaged_model_the_rules_rank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mood_model, "load_model", lambda: None)
    lines = ["国破山河在", "城春草木深", "感时花溅泪", "恨别鸟惊心"]
    assert analyse_mood(lines, title="春望").ranked == analyse_mood(lines, title="春望", learned=False).ranked


def test_the_packaged_model_loads_and_matches_the_label_files_it_was_trained_on() -> None:
    model = mood_model.load_model()
    assert model is not None and len(model.weights) > 1000
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_mood_model.py"), "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    recorded = json.loads((ROOT / "prompts" / "moods" / "model.json").read_text(encoding="utf-8"))
    held_out = _trainer().HELD_OUT
    assert held_out.startswith("heldout")
    assert all(entry["set"] != held_out for entry in recorded["trained_on"])  # never the held-out set


def _trainer() -> Any:
    return load_script(ROOT / "scripts" / "train_mood_model.py")


def test_training_is_deterministic_and_learns_what_the_labels_say() -> None:
    trainer = _trainer()
    raw = dict.fromkeys(MOODS, 0.0)
    rows = [(Counter({"B1喜": 1, "B1月": 1}), raw, ["joyful"]) for _ in range(4)]
    rows += [(Counter({"B1泪": 1, "B1月": 1}), raw, ["melancholy", "nostalgic"]) for _ in range(4)]
    first, second = trainer.train(rows), trainer.train(rows)
    assert first == second
    model = parse_model({"moods": list(MOODS), "rule_scale": 5.0, **first})
    joy = model.probabilities(Counter({"B1喜": 1}), raw)
    tears = model.probabilities(Counter({"B1泪": 1}), raw)
    assert max(joy, key=joy.__getitem__) == "joyful"
    assert max(tears, key=tears.__getitem__) == "melancholy" and tears["nostalgic"] > joy["nostalgic"]
