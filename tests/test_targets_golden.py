"""Golden files: every target's output for the sample songs in corpora/songs/.

Regenerate after an intended change with::

    SONGSMITH_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_targets_golden.py

then review the diff of tests/golden/targets/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from songsmith.document.songfile import load_song
from songsmith.targets import TARGETS, Options

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "targets"
UPDATE = os.environ.get("SONGSMITH_UPDATE_GOLDEN") == "1"

CASES = {
    "spring-dawn": ("corpora/songs/spring-dawn.yaml", Options()),
    "la-luno-kaj-la-rivero": ("corpora/songs/la-luno-kaj-la-rivero.yaml", Options()),
    "spring-dawn-v3.5": ("corpora/songs/spring-dawn.yaml", Options(suno_model="v3.5", minimax_model="music-1.5")),
}


PARAMS = [(case, target) for case in CASES for target in TARGETS
          if not case.endswith("v3.5") or target in ("suno", "minimax")]  # model options change only these


@pytest.mark.parametrize(("case", "target"), PARAMS)
def test_golden(case: str, target: str) -> None:
    path, options = CASES[case]
    song = load_song(ROOT / path).song
    out = TARGETS[target].render(song, options)
    assert [p for p in TARGETS[target].validate(out.files) if p.severity == "error"] == []
    expected_files = {**out.files, "warnings.txt": "".join(f"{w}\n" for w in out.warnings + out.notes)}
    folder = GOLDEN / case / target
    if UPDATE:
        for relative, text in expected_files.items():
            file = folder / relative
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
    stored = {str(p.relative_to(folder)).replace(os.sep, "/") for p in folder.rglob("*") if p.is_file()}
    assert stored == set(expected_files), f"golden files differ for {case}/{target}; see module docstring"
    for relative, text in expected_files.items():
        assert (folder / relative).read_text(encoding="utf-8") == text, f"{case}/{target}/{relative}"
