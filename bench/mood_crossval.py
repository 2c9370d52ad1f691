"""Cross-validation of the learned mood model over the two-reader label sets.

    .venv/bin/python bench/mood_crossval.py [--lsa K] [--lsa-scale S] [--priors]

No poet-disjoint held-out set can be drawn any more (``sample_heldout.py`` finds 26 poets of
全唐诗 outside every label set, most of them with one 偈 or 丹歌), so changes to the model are
judged here first: each of ``heldout6`` … ``heldout13`` (685 poems, two readers each) is scored by
a model trained with ``scripts/train_mood_model.py``'s own design, targets and gradient descent
on every other set but ``heldout14``, the held-out set, which is never used.

* ``--lsa K`` adds K dense features: the poem (title and verse, characters and character pairs,
  tf-idf) projected on the K largest singular vectors of all of 全唐诗 (57,607 poems), a topic
  reading learnt without labels; ``--lsa-scale`` is their length (default 10).
* ``--priors`` shifts each mood's score by an offset tuned, for each fold, on the other folds'
  predictions (does the training material's mix of moods differ from the two-reader sets'?).

It prints each fold's accuracy (a poem is right when the primary mood is one either reader
accepts), the pooled accuracy and strict accuracy (in both readers' moods), and how often each
mood is named against how often it is the readers' first mood.
"""

from __future__ import annotations

import argparse
import glob
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
CORPUS = ROOT.parent / "shared" / "corpora" / "chinese-poetry" / "全唐诗"

from mood_accuracy import HELD_OUT, SETS  # noqa: E402
from train_mood_model import design, examples, fit, targets, vocabulary_of  # noqa: E402

from songsmith.document.moods import MOODS  # noqa: E402

FOLDS = [f"heldout{n}" for n in range(6, 14)]


def _terms(text: str) -> Counter[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    pairs = [a + b for run in re.split(r"[^\u4e00-\u9fff]+", text) for a, b in zip(run, run[1:])]
    return Counter(chars) + Counter(pairs)


def topic_space(k: int) -> Any:
    """The K largest right singular vectors of 全唐诗's tf-idf matrix, as a projection of a text."""
    import numpy as np
    import scipy.sparse as sp
    from scipy.sparse.linalg import svds

    from songsmith.poetry.script import to_simplified

    docs = []
    for file in sorted(glob.glob(str(CORPUS / "poet.tang.*.json"))):
        for poem in json.loads(Path(file).read_text(encoding="utf-8")):
            docs.append(_terms(to_simplified(poem.get("title", "") + "。" + "".join(poem["paragraphs"]))))
    df: Counter[str] = Counter()
    for terms in docs:
        df.update(terms.keys())
    column = {term: i for i, term in enumerate(t for t, n in df.items() if n >= 5)}
    idf = np.log(len(docs) / np.array([df[t] for t in column]))
    rows, cols, vals = [], [], []
    for i, terms in enumerate(docs):
        for term, n in terms.items():
            j = column.get(term)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append((1 + np.log(n)) * idf[j])
    x = sp.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(column)))
    x = sp.diags(1 / np.sqrt(x.multiply(x).sum(axis=1).A1 + 1e-12)) @ x
    _, _, vt = svds(x, k=k)

    def project(text: str) -> list[float]:
        v = np.zeros(len(column))
        for term, n in _terms(text).items():
            j = column.get(term)
            if j is not None:
                v[j] = (1 + np.log(n)) * idf[j]
        v /= np.linalg.norm(v) + 1e-12
        out = vt @ v
        return list(out / (np.linalg.norm(out) + 1e-12))

    return project


def matrix(rows: list[dict[str, Any]], vocabulary: list[str]) -> Any:
    """The training script's design matrix of these poems, with their topic features when read."""
    import numpy as np
    import scipy.sparse as sp

    x = design([row["example"] for row in rows], vocabulary)
    if rows and rows[0]["topics"] is not None:
        x = sp.hstack([x, sp.csr_matrix(np.array([row["topics"] for row in rows]))]).tocsr()
    return x


def load(lsa: int, scale: float) -> list[dict[str, Any]]:
    import yaml

    project = topic_space(lsa) if lsa else None
    rows = []
    for name, path in SETS.items():
        if name == HELD_OUT or not path.is_file():
            continue
        poems = yaml.safe_load(path.read_text(encoding="utf-8"))["poems"]
        for poem, example in zip(poems, examples(path)):
            moods = example[2]
            readers = list((poem.get("readers") or {}).values()) or [moods]
            topics = None
            if project is not None:
                topics = [scale * t for t in project(poem["title"] + "。" + poem["text"])]
            rows.append({"set": name, "example": example, "moods": moods, "readers": readers, "topics": topics})
    return rows


def offsets(scored: list[tuple[Any, dict[str, Any]]]) -> Any:
    """Per-mood score offsets that maximise accuracy on these predictions (coordinate ascent)."""
    import numpy as np

    def right(shift: Any) -> int:
        return sum(MOODS[int(np.argmax(p + shift))] in row["moods"] for p, row in scored)

    shift = np.zeros(len(MOODS))
    for _ in range(3):
        for k in range(len(MOODS)):
            best = (right(shift), shift[k])
            for d in np.arange(-1.5, 1.55, 0.1):
                trial = shift.copy()
                trial[k] = d
                if (score := right(trial)) > best[0]:
                    best = (score, d)
            shift[k] = best[1]
    return shift


def main() -> int:
    import numpy as np

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lsa", type=int, default=0, help="add K topic features learnt from 全唐诗")
    parser.add_argument("--lsa-scale", type=float, default=10.0)
    parser.add_argument("--priors", action="store_true", help="tune per-mood offsets on the other folds")
    args = parser.parse_args()
    if args.lsa and not CORPUS.is_dir():
        print(f"--lsa needs the corpus at {CORPUS}", file=sys.stderr)
        return 2
    rows = load(args.lsa, args.lsa_scale)
    scored: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
    for fold in FOLDS:
        train = [row for row in rows if row["set"] != fold]
        test = [row for row in rows if row["set"] == fold]
        vocabulary = vocabulary_of([row["example"] for row in train])
        w, b = fit(matrix(train, vocabulary), targets([row["example"] for row in train]))
        scored[fold] = list(zip(matrix(test, vocabulary) @ w + b, test))
    right = strict = total = 0
    named: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for fold in FOLDS:
        shift = np.zeros(len(MOODS))
        if args.priors:
            shift = offsets([item for other in FOLDS if other != fold for item in scored[other]])
        picks = [(MOODS[int(np.argmax(p + shift))], row) for p, row in scored[fold]]
        ok = sum(mood in row["moods"] for mood, row in picks)
        right += ok
        strict += sum(all(mood in moods for moods in row["readers"]) for mood, row in picks)
        total += len(picks)
        named.update(mood for mood, _ in picks)
        first.update(row["moods"][0] for _, row in picks)
        print(f"{fold}: {ok}/{len(picks)} = {100 * ok / len(picks):.1f} %")
    print(f"pooled: {right}/{total} = {100 * right / total:.1f} %, strict {strict}/{total} = {100 * strict / total:.1f} %")
    print("named by the model / the readers' first mood: "
          + ", ".join(f"{mood} {named[mood]}/{first[mood]}" for mood in MOODS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
