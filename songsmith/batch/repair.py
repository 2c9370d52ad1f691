"""A damaged job state, rebuilt from the packages on disk.

``OUT/.songsmith/batch.db`` can be damaged from outside (a disk error, a copy cut short, a file
written over it). :func:`open_state` then moves it aside (``batch.db.damaged-<time>``, with its
``-wal`` and ``-shm`` files: nothing is deleted) and makes a fresh one holding a ``done`` row for
every package in ``OUT/songs/`` whose manifest verifies (every file it lists is there with its
sha256). Those rows carry what the manifest says (title, author, form, files) but not the hashes
of the poem and options that made the package, so the next run composes each poem of the sources
again (from the LLM answer cache: no requests while it is on) and writes the same package in
place; a package whose poem is no longer among the sources keeps its rebuilt row, so the report
and songbook still list it. ``songsmith batch repair OUT`` does the same on demand.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith.batch.state import REBUILT, DamagedState, State, db_path

SONGS_DIR = "songs"


@dataclass
class Repair:
    """What a rebuild did: where the damaged file went, the packages kept and the ones not verified."""

    damaged: Path | None = None
    reason: str = ""
    kept: int = 0
    unverified: list[str] = field(default_factory=list)

    def message(self, out: Path) -> str:
        where = db_path(out)
        if self.damaged is None:
            return f"{where}: the job state is sound; nothing to repair"
        unverified = (f"; {len(self.unverified)} folders whose files do not match their manifest are redone "
                      "when their poems come by") if self.unverified else ""
        return (f"{where}: the job state was damaged ({self.reason}); moved it to {self.damaged.name} and rebuilt "
                f"it from the {self.kept} packages in {out / SONGS_DIR} whose manifest verifies{unverified}")


def open_state(out: Path, note: Callable[[str], None] | None = None) -> State:
    """The job state of ``out``, rebuilt from disk first if it is damaged (``note`` is told so).
    The caller holds the batch lock."""
    try:
        return State(out)
    except DamagedState as exc:
        state, done = _rebuild(out, exc.reason)
        if note is not None:
            note(done.message(out))
        return state


def repair(out: Path) -> Repair:
    """``songsmith batch repair OUT``: check the job state, rebuild it if it is damaged."""
    try:
        State(out).close()
    except DamagedState as exc:
        state, done = _rebuild(out, exc.reason)
        state.close()
        return done
    return Repair()


def _rebuild(out: Path, reason: str) -> tuple[State, Repair]:
    path = db_path(out)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    from songsmith.document.writer import move_aside

    move_aside(path, aside)
    for suffix in ("-wal", "-shm"):  # they belong to the damaged file, never to the new one
        side = path.with_name(path.name + suffix)
        if side.exists():
            move_aside(side, aside.with_name(aside.name + suffix))
    state = State(out)
    return state, _fill(state, out, Repair(damaged=aside, reason=reason))


def _package_names(out: Path) -> list[str]:
    songs = out / SONGS_DIR
    try:
        return sorted(entry.name for entry in os.scandir(songs) if entry.is_dir())
    except OSError:
        return []


def _fill(state: State, out: Path, done: Repair) -> Repair:
    """A ``done`` row for every package in OUT/songs whose manifest verifies."""
    for seq, name in enumerate(_package_names(out)):
        manifest = verified_manifest(out / SONGS_DIR / name)
        if manifest is None:
            done.unverified.append(name)
            continue
        _insert(state, name, manifest, seq)
        done.kept += 1
    state.set_meta("rebuilt", {"from": done.damaged.name if done.damaged else None, "reason": done.reason,
                               "packages": done.kept, "at": time.time()})
    state.commit()
    state.rebuilt = done.kept > 0
    return done


def verified_manifest(directory: Path) -> dict[str, Any] | None:
    """A package's manifest.json when every file it lists is there with its sha256, else None."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not files:
        return None
    from songsmith.document.writer import UnsafePath, safe_join

    for relative, expected in files.items():
        try:
            with open(safe_join(directory, str(relative)), "rb") as handle:
                actual = hashlib.file_digest(handle, "sha256").hexdigest()
        except (OSError, UnsafePath):
            return None
        if actual != expected:
            return None
    return manifest


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _insert(state: State, name: str, manifest: dict[str, Any], seq: int) -> None:
    source = manifest.get("source") if isinstance(manifest.get("source"), dict) else {}
    targets = manifest.get("targets") if isinstance(manifest.get("targets"), dict) else {}
    card = {"title": _text(manifest.get("title")), "author": _text(source.get("author")),
            "dynasty": _text(source.get("dynasty")), "form": _text(source.get("form")),
            "targets": {str(t): v.get("files", []) for t, v in targets.items() if isinstance(v, dict)}}
    outputs = sorted([*manifest["files"], "manifest.json"])
    # after every row a run records (their seq counts from 0), in folder order
    state.db.execute(
        "INSERT OR REPLACE INTO jobs (key, seq, name, title, author, source, status, outputs, warnings, form, card, "
        "updated) VALUES (?, ?, ?, ?, ?, NULL, 'done', ?, '[]', ?, ?, ?)",
        (REBUILT + name, 1_000_000_000 + seq, name, card["title"], card["author"], json.dumps(outputs),
         card["form"], json.dumps(card, ensure_ascii=False), time.time()))

