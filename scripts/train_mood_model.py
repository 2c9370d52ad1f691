#!/usr/bin/env python3
"""Train the learned part of the mood reader and write ``prompts/moods/model.json``.

    .venv/bin/python scripts/train_mood_model.py [--check]

It trains on every label set of ``bench/mood_accuracy.py`` except the held-out one
(``HELD_OUT``): a multinomial logistic regression (see :mod:`songsmith.style.mood_model`) fitted
by full-batch gradient descent from zero weights, a fixed number of steps, so the same label
files give the same weights. A poem's target is its readers' moods: the first 0.7, the others
share 0.3 (1.0 when it has one). Features seen in fewer than three poems are left out, and
weights under 0.001 in every mood are dropped. The file records the sets trained on with their
sha256; ``--check`` exits 1 when those digests no longer match the label files (retrain then).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from mood_accuracy import HELD_OUT, SETS  # noqa: E402

from songsmith.document.moods import MOODS  # noqa: E402
from songsmith.document.writer import write_text_atomic  # noqa: E402

OUT = ROOT / "prompts" / "moods" / "model.json"
SETTINGS = {"min_poems": 3, "l2": 3.0, "rule_scale": 5.0, "steps": 1000, "rate": 0.5, "first_share": 0.7}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def training_sets() -> dict[str, Path]:
    return {name: path for name, path in SETS.items() if name != HELD_OUT and path.is_file()}


Example = tuple[Counter[str], dict[str, float], list[str]]  # features, rule scores, accepted moods


def examples(path: Path) -> list[Example]:
    """One set's poems as the model reads them."""
    import yaml

    from songsmith.poetry.analysis import analyse_text
    from songsmith.poetry.script import to_simplified
    from songsmith.style.mood import analyse_mood, lexicon, own_title
    from songsmith.style.mood_model import features

    rows = []
    for poem in yaml.safe_load(path.read_text(encoding="utf-8"))["poems"]:
        analysis = analyse_text(poem["text"], title=poem["title"], author=poem.get("author"))
        title = to_simplified(analysis.title) if analysis.title else None
        lines = [line.simplified for line in analysis.lines]
        rules = analyse_mood(lines, title=title, author=analysis.author, form=analysis.form, learned=False)
        rows.append((features(own_title(title, lexicon().categories), lines), rules.raw, list(poem["moods"])))
    return rows


def vocabulary_of(rows: list[Example]) -> list[str]:
    """The text features seen in at least ``min_poems`` of these poems, sorted."""
    seen = Counter(key for found, _, _ in rows for key in found)
    return sorted(key for key, count in seen.items() if count >= SETTINGS["min_poems"])


def design(rows: list[Example], vocabulary: list[str]) -> Any:
    """The poems as a sparse matrix: one column per feature of ``vocabulary``, then the rule inputs."""
    import numpy as np
    import scipy.sparse as sp

    from songsmith.style.mood_model import rule_inputs

    column = {key: i for i, key in enumerate(vocabulary)}
    r, c, v = [], [], []
    for i, (found, _, _) in enumerate(rows):
        for key, count in found.items():
            if key in column:
                r.append(i)
                c.append(column[key])
                v.append(float(count))
    features = sp.csr_matrix((v, (r, c)), shape=(len(rows), len(vocabulary)))
    rules = np.array([rule_inputs(raw, SETTINGS["rule_scale"]) for _, raw, _ in rows]).reshape(len(rows), len(MOODS))
    return sp.hstack([features, sp.csr_matrix(rules)]).tocsr()


def targets(rows: list[Example]) -> Any:
    """A poem's target: its readers' moods, the first ``first_share``, the others the rest."""
    import numpy as np

    y = np.zeros((len(rows), len(MOODS)))
    for i, (_, _, moods) in enumerate(rows):
        first = SETTINGS["first_share"] if len(moods) > 1 else 1.0
        y[i, MOODS.index(moods[0])] = first
        for mood in moods[1:]:
            y[i, MOODS.index(mood)] += (1 - first) / (len(moods) - 1)
    return y


def fit(x: Any, y: Any) -> tuple[Any, Any]:
    """Full-batch gradient descent from zero weights for ``steps`` steps: (weights, bias)."""
    import numpy as np

    w = np.zeros((x.shape[1], y.shape[1]))
    b = np.zeros(y.shape[1])
    xt = x.T.tocsr()
    n = x.shape[0]
    for _ in range(int(SETTINGS["steps"])):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= SETTINGS["rate"] * (xt @ (p - y) / n + SETTINGS["l2"] * w / n)
        b -= SETTINGS["rate"] * (p - y).mean(axis=0)
    return w, b


def train(rows: list[Example]) -> dict[str, object]:
    import numpy as np

    vocabulary = vocabulary_of(rows)
    w, b = fit(design(rows, vocabulary), targets(rows))
    column = {key: i for i, key in enumerate(vocabulary)}
    kept = {key: [round(float(v), 4) for v in w[column[key]]] for key in vocabulary
            if float(np.abs(w[column[key]]).max()) >= 0.001}
    return {"features": kept, "rules": [[round(float(v), 4) for v in row] for row in w[len(vocabulary):]],
            "bias": [round(float(v), 4) for v in b]}


def trained_on() -> list[dict[str, object]]:
    return [{"set": name, "file": str(path.relative_to(ROOT)), "sha256": _digest(path)}
            for name, path in training_sets().items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the model matches the label files")
    args = parser.parse_args()
    if args.check:
        recorded = json.loads(OUT.read_text(encoding="utf-8")).get("trained_on")
        if recorded != trained_on():
            print(f"{OUT.relative_to(ROOT)}: trained on other label files; run scripts/train_mood_model.py")
            return 1
        print("the mood model matches the label files")
        return 0
    rows = [row for path in training_sets().values() for row in examples(path)]
    model = {"moods": list(MOODS), "rule_scale": SETTINGS["rule_scale"], "settings": SETTINGS,
             "trained_on": trained_on(), "poems": len(rows), **train(rows)}
    write_text_atomic(OUT, json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} poems, {len(model['features'])} features")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
