"""The learned part of the offline mood reader: a linear model trained on the labelled poems.

The cue rules of :mod:`songsmith.style.mood` say what a poem's words mean; this model says how
the readers of ``bench/mood_eval/`` weighed them. It is a multinomial logistic regression over

* the characters and character pairs of the title (``T1``, ``T2``) and of the verse (``B1``,
  ``B2``), and the characters of the last couplet (``L1``), each counted at most three times;
* the rule scores, normalised to sum to 1 (``rules``): the cue reading is one of its inputs.

``prompts/moods/model.json`` holds the weights; ``scripts/train_mood_model.py`` writes it from the
development label sets (never the held-out one) and records which files, with their digests.
Its output replaces the ranking of the rules; the rules' cues stay the evidence, and the features
that weighed most for the winning mood are added to it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from math import exp

from songsmith.document.moods import MOODS
from songsmith.language import is_cjk

MAX_COUNT = 3
KINDS = {"T1": "title", "T2": "title", "B1": "verse", "B2": "verse", "L1": "last couplet"}


def features(title: str | None, lines: list[str]) -> Counter[str]:
    """The model's text features of a poem (simplified title and verse lines), capped counts."""
    found: Counter[str] = Counter()
    text = [c for c in title or "" if is_cjk(c)]
    for i, char in enumerate(text):
        found["T1" + char] += 1
        if i + 1 < len(text):
            found["T2" + char + text[i + 1]] += 1
    n = len(lines)
    for index, line in enumerate(lines):
        chars = [c for c in line if is_cjk(c)]
        for i, char in enumerate(chars):
            found["B1" + char] += 1
            if index >= n - 2:
                found["L1" + char] += 1
            if i + 1 < len(chars):
                found["B2" + char + chars[i + 1]] += 1
    return Counter({key: min(count, MAX_COUNT) for key, count in found.items()})


def rule_inputs(raw: dict[str, float], scale: float) -> list[float]:
    """The rule scores as the model reads them: normalised to sum to 1, times ``scale``."""
    total = sum(max(0.0, raw.get(m, 0.0)) for m in MOODS)
    return [scale * max(0.0, raw.get(m, 0.0)) / total if total > 0 else 0.0 for m in MOODS]


@dataclass(frozen=True)
class MoodModel:
    weights: dict[str, tuple[float, ...]]  # feature -> one weight per mood
    rules: tuple[tuple[float, ...], ...]  # rule input i -> one weight per mood
    bias: tuple[float, ...]
    rule_scale: float

    def knows(self, found: Counter[str]) -> bool:
        """Whether any of these features carries a weight."""
        return any(key in self.weights for key in found)

    def logits(self, found: Counter[str], raw: dict[str, float]) -> list[float]:
        out = list(self.bias)
        for key, count in found.items():
            row = self.weights.get(key)
            if row is not None:
                for k, w in enumerate(row):
                    out[k] += w * count
        for value, row in zip(rule_inputs(raw, self.rule_scale), self.rules):
            if value:
                for k, w in enumerate(row):
                    out[k] += w * value
        return out

    def probabilities(self, found: Counter[str], raw: dict[str, float]) -> dict[str, float]:
        logits = self.logits(found, raw)
        top = max(logits)
        weights = [exp(v - top) for v in logits]
        total = sum(weights)
        return {m: w / total for m, w in zip(MOODS, weights)}

    def strongest(self, found: Counter[str], mood: str, limit: int = 3, least: float = 0.1) -> list[str]:
        """The text features that weighed most for ``mood`` (by at least ``least`` over the mean
        of the other moods)."""
        k = MOODS.index(mood)
        scored = []
        for key, count in found.items():
            row = self.weights.get(key)
            if row is None:
                continue
            margin = (row[k] - (sum(row) - row[k]) / (len(row) - 1)) * count
            if margin >= least:
                scored.append((margin, key))
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [f"{key[2:]} ({KINDS[key[:2]]})" for _, key in scored[:limit]]


def parse_model(data: dict[str, object]) -> MoodModel:
    """A :class:`MoodModel` from the JSON of ``prompts/moods/model.json``; ValueError when malformed."""
    if tuple(data.get("moods") or ()) != MOODS:  # type: ignore[arg-type]
        raise ValueError("prompts/moods/model.json: moods must be exactly " + ", ".join(MOODS))
    width = len(MOODS)

    def row(values: object, what: str) -> tuple[float, ...]:
        if not isinstance(values, list) or len(values) != width:
            raise ValueError(f"prompts/moods/model.json: {what}: expected {width} weights")
        return tuple(float(v) for v in values)

    weights = {str(k): row(v, str(k)) for k, v in dict(data.get("features") or {}).items()}  # type: ignore[call-overload]
    if any(key[:2] not in KINDS for key in weights):
        raise ValueError("prompts/moods/model.json: a feature of an unknown kind")
    rules = data.get("rules")
    if not isinstance(rules, list) or len(rules) != width:
        raise ValueError(f"prompts/moods/model.json: rules: expected {width} rows")
    return MoodModel(weights=weights, rules=tuple(row(r, "rules") for r in rules),
                     bias=row(data.get("bias"), "bias"), rule_scale=float(data.get("rule_scale", 1.0)))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def load_model() -> MoodModel | None:
    """The packaged model, or None when there is none (the rules alone then rank)."""
    import json

    from songsmith.resources import prompts_dir

    node = prompts_dir() / "moods" / "model.json"
    if not node.is_file():
        return None
    return parse_model(json.loads(node.read_text(encoding="utf-8")))
