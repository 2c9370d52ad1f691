"""The held-out mood sets drawn by bench/mood_eval/sample_heldout.py: each follows the rule its
header states (its poets, the hash residue), shares no poem or poet with any other set, and keeps
each reader's labels inside the accepted moods."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from songsmith.style.mood import MOODS

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _sampler() -> Any:
    spec = importlib.util.spec_from_file_location("sample_heldout", BENCH / "mood_eval" / "sample_heldout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SETS = _sampler().SETS


def _poems(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((BENCH / "mood_eval" / f"{name}.yaml").read_text(encoding="utf-8"))["poems"]


@pytest.mark.parametrize("name", sorted(name for name in SETS if (BENCH / "mood_eval" / f"{name}.yaml").exists()))
def test_a_sampled_set_follows_its_rule_and_overlaps_no_other(name: str) -> None:
    config = SETS[name]
    poems = _poems(name)
    assert len(poems) >= 70  # 20 poets × up to six poems, less the poems a reader found no mood in
    for poem in poems:
        assert poem["author"] in config["poets"], poem["title"]
        digest = int(hashlib.sha256((poem["title"] + poem["author"]).encode()).hexdigest(), 16)
        assert digest % config["modulus"] == config["residue"], poem["title"]
        assert poem["moods"] and set(poem["moods"]) <= set(MOODS) and poem["reason"], poem["title"]
        for moods in (poem.get("readers") or {}).values():  # every reader's moods are accepted
            assert moods and set(moods) <= set(poem["moods"]), poem["title"]
    texts = {p["text"] for p in poems}
    assert len(texts) == len(poems)
    others = [p for path in sorted((BENCH / "mood_eval").glob("*.yaml")) if path.stem != name
              for p in yaml.safe_load(path.read_text(encoding="utf-8"))["poems"]]
    others += yaml.safe_load((BENCH / "mood_labels.yaml").read_text(encoding="utf-8"))["poems"]
    assert not texts & {p["text"] for p in others}
    sampled_elsewhere = {poet for other, c in SETS.items() if other != name for poet in c["poets"]}
    assert not set(config["poets"]) & sampled_elsewhere
