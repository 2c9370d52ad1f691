"""The held-out mood sets drawn by bench/mood_eval/sample_heldout.py: each follows the rule its
header states (its poets, the hash residue), shares no poem or poet with any other set, and keeps
each reader's labels inside the accepted moods."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from script_helpers import load_script

from songsmith.style.mood import MOODS

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _sampler() -> Any:
    return load_script(BENCH / "mood_eval" / "sample_heldout.py")


SETS = _sampler().SETS


def _poems(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((BENCH / "mood_eval" / f"{name}.yaml").read_text(encoding="utf-8"))["poems"]


def _labelled(spread: bool) -> list[str]:
    return sorted(name for name in SETS if bool(SETS[name].get("spread")) == spread
                  and (BENCH / "mood_eval" / f"{name}.yaml").exists())


def _other_sets_poems(name: str) -> list[dict[str, Any]]:
    others = [p for path in sorted((BENCH / "mood_eval").glob("*.yaml")) if path.stem != name
              for p in yaml.safe_load(path.read_text(encoding="utf-8"))["poems"]]
    return others + yaml.safe_load((BENCH / "mood_labels.yaml").read_text(encoding="utf-8"))["poems"]


def _check_labels(poem: dict[str, Any]) -> None:
    assert poem["moods"] and set(poem["moods"]) <= set(MOODS) and poem["reason"], poem["title"]
    for moods in (poem.get("readers") or {}).values():  # every reader's moods are accepted
        assert moods and set(moods) <= set(poem["moods"]), poem["title"]


@pytest.mark.parametrize("name", _labelled(spread=True))
def test_a_spread_set_holds_one_poem_of_each_poet_and_is_what_the_sampler_draws(name: str) -> None:
    config = SETS[name]
    poems = _poems(name)
    data = yaml.safe_load((BENCH / "mood_eval" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert len(poems) >= 70  # 90 poets, less the poems a reader found no mood in
    authors = [p["author"] for p in poems]
    for poem in poems:
        _check_labels(poem)
    others = _other_sets_poems(name)
    assert len({p["text"] for p in poems}) == len(poems)
    assert not {p["text"] for p in poems} & {p["text"] for p in others}
    for held_out in config.get("not_with") or ():  # a training set never reads a held-out set's poets
        assert not set(authors) & {p["author"] for p in _poems(held_out)}
    if config.get("reuse_poets"):  # more poems of poets already read, up to per_poet each
        assert max(authors.count(a) for a in authors) <= config["per_poet"]
    else:
        assert len(set(authors)) == len(authors)
        reread = [p for other, c in SETS.items() if c.get("reuse_poets") and other != name
                  and (BENCH / "mood_eval" / f"{other}.yaml").exists() for p in _poems(other)]
        assert not set(authors) & ({p.get("author") for p in others} - {p["author"] for p in reread})
        assert not set(authors) & {poet for c in SETS.values() if not c.get("spread") for poet in c["poets"]}
    sampler = _sampler()
    if not sampler.SHARED.is_dir():
        pytest.skip(f"the corpus is not at {sampler.SHARED}: cannot redraw the sample")
    drawn = [(p["title"], p["author"]) for p in sampler.sample(name)]
    kept = [(p["title"], p["author"]) for p in poems + data["left_out"] + data.get("dropped", [])]
    assert sorted(kept) == sorted(drawn)


@pytest.mark.parametrize("name", _labelled(spread=False))
def test_a_sampled_set_follows_its_rule_and_overlaps_no_other(name: str) -> None:
    config = SETS[name]
    poems = _poems(name)
    assert len(poems) >= 70  # 20 poets × up to six poems, less the poems a reader found no mood in
    for poem in poems:
        assert poem["author"] in config["poets"], poem["title"]
        digest = int(hashlib.sha256((poem["title"] + poem["author"]).encode()).hexdigest(), 16)
        assert digest % config["modulus"] == config["residue"], poem["title"]
        _check_labels(poem)
    texts = {p["text"] for p in poems}
    assert len(texts) == len(poems)
    assert not texts & {p["text"] for p in _other_sets_poems(name)}
    sampled_elsewhere = {poet for other, c in SETS.items() if other != name and not c.get("spread")
                         for poet in c["poets"]}
    assert not set(config["poets"]) & sampled_elsewhere
