"""A damaged job state (random bytes, text, cut short, emptied): one line naming the file from
`batch status`, exit 2, with what to do; `batch` and `batch repair` move it aside and rebuild it
from the packages whose manifest verifies. Never an internal error, never a package lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from batch_helpers import corpus_of, tree_digest
from cli_helpers import entry

DAMAGE = {
    "random-bytes": lambda db: db.write_bytes(os.urandom(20_000)),
    "text": lambda db: db.write_text("these are not the pages you are looking for\n" * 40, encoding="utf-8"),
    "cut-short": lambda db: os.truncate(db, db.stat().st_size // 2),
    "emptied": lambda db: os.truncate(db, 0),
}


def _batch(corpus: Path, out: Path, *more: object) -> object:
    return entry("batch", corpus, *more, "-o", out, "--target", "suno", "--candidates", "2", "-j", "1", "-q")


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """A finished batch of four poems, and the digest of everything it wrote."""
    root = tmp_path_factory.mktemp("batch")
    corpus = corpus_of(root / "poems.json", 4)
    out = root / "out"
    ran = _batch(corpus, out)
    assert ran.exit_code == 0, ran.output
    return corpus, out, tree_digest(out)


def _copy(out: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)
    state = copy / ".songsmith"
    for side in ("batch.db-wal", "batch.db-shm"):  # a sound state is all in batch.db after a clean exit
        (state / side).unlink(missing_ok=True)
    return copy


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_state_is_one_line_then_rebuilt_from_the_packages(
        finished: tuple[Path, Path, dict[str, str]], tmp_path: Path, kind: str) -> None:
    corpus, original, digest = finished
    out = _copy(original, tmp_path)
    db = out / ".songsmith" / "batch.db"
    DAMAGE[kind](db)
    damaged_bytes = db.read_bytes()

    status = entry("batch", "status", out)
    status.assert_no_crash()
    assert status.exit_code == 2
    assert status.stderr.count("\n") == 1 and status.stderr.startswith(f"{db}: the job state is damaged (")
    assert f"songsmith batch repair {out}" in status.stderr

    ran = _batch(corpus, out)
    ran.assert_no_crash()
    assert ran.exit_code == 0, ran.output
    (line,) = [line for line in ran.stderr.splitlines() if str(db) in line]
    assert "rebuilt" in line and "from the 4 packages" in line
    assert tree_digest(out) == digest  # every package as it was
    if kind != "emptied":
        (aside,) = (out / ".songsmith").glob("batch.db.damaged-*")
        assert aside.read_bytes() == damaged_bytes  # kept, never deleted
    after = entry("batch", "status", out, "--json")
    assert after.exit_code == 0
    assert json.loads(after.stdout)["counts"] == {"done": 4}  # no poem counted twice

    again = _batch(corpus, out, "--json")
    finish = json.loads(again.stdout.splitlines()[-1])
    assert (finish["done"], finish["skipped"]) == (0, 4)  # the rebuilt state resumes as any other


def test_repair_keeps_verified_packages_and_names_the_others(
        finished: tuple[Path, Path, dict[str, str]], tmp_path: Path) -> None:
    corpus, original, digest = finished
    out = _copy(original, tmp_path)
    sound = entry("batch", "repair", out)
    assert sound.exit_code == 0 and "sound; nothing to repair" in sound.stdout
    packages = sorted((out / "songs").iterdir())
    (packages[0] / "suno.txt").write_text("edited by hand\n", encoding="utf-8")
    (out / ".songsmith" / "batch.db").write_bytes(b"\0" * 4096)
    repaired = entry("batch", "repair", out, "--json")
    repaired.assert_no_crash()
    report = json.loads(repaired.stdout)
    assert report["damaged"] and report["kept"] == 3 and report["unverified"] == [packages[0].name]
    assert (packages[0] / "suno.txt").read_text(encoding="utf-8") == "edited by hand\n"  # nothing removed
    assert json.loads(entry("batch", "status", out, "--json").stdout)["counts"] == {"done": 3}
    ran = _batch(corpus, out)
    assert ran.exit_code == 0 and tree_digest(out) == digest  # the unverified one is redone


def test_a_package_whose_poem_left_the_sources_keeps_its_rebuilt_row(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 3)
    out = tmp_path / "out"
    assert _batch(corpus, out).exit_code == 0
    fewer = tmp_path / "fewer.json"
    fewer.write_text(json.dumps(json.loads(corpus.read_text(encoding="utf-8"))[:2], ensure_ascii=False),
                     encoding="utf-8")
    (out / ".songsmith" / "batch.db").write_text("damaged", encoding="utf-8")
    assert _batch(fewer, out).exit_code == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["counts"]["status"] == {"done": 3}
    rebuilt = [song for song in index["songs"] if song["key"].startswith("rebuilt:")]
    assert len(rebuilt) == 1 and (out / rebuilt[0]["dir"] / "manifest.json").is_file()
    assert rebuilt[0]["title"]
