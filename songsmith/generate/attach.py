"""A saved output becomes a take of its song: one song file write per take, under a lock per song.

The take is found again by its sha256 (a re-run after a kill between the file write and the
song write adds it once). The song file is saved atomically, refusing to drop YAML comments
(:func:`songsmith.document.songfile.save_over`); a take's ``candidate`` is kept only while the
song still has that candidate.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path
from typing import Any

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def song_lock(path: str) -> threading.Lock:
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(os.path.abspath(path), threading.Lock())


def check_song(path: str) -> Any:
    """The song at ``path``, refused (one line) when it is a poem file or has YAML comments a save
    would drop: said before anything is sent."""
    from songsmith.document.songfile import load_song
    from songsmith.errors import FileFormatError, UsageError

    loaded = load_song(path)
    if loaded.shape != "song":
        raise UsageError("is a poem file; takes belong to a song file (make one with songsmith render)", path=path)
    if loaded.positions.comments:
        line = loaded.positions.comments[0][0]
        raise FileFormatError("has YAML comments that saving the takes would drop; move them into notes: (or run "
                              f"`songsmith fmt --drop-comments {path}` first)", path=path, line=line)
    return loaded


def attach(song_path: str, *, audio: Path, info: Any, candidate: str | None, target: str | None,
           style: str | None, generation: dict[str, Any]) -> tuple[str, bool]:
    """Add the take (or find it); returns its id and whether it is new."""
    from songsmith.document.model import Generation, Take
    from songsmith.document.songfile import save_over

    with song_lock(song_path):
        loaded = check_song(song_path)
        song = loaded.song
        for take in song.takes:
            if take.sha256 == info.sha256:
                return take.id, False
        numbers = [int(m.group(1)) for t in song.takes if (m := re.fullmatch(r"t(\d+)", t.id))]
        take_id = f"t{max(numbers, default=0) + 1}"
        known = {c.id for c in song.candidates}
        song_dir = Path(song_path).resolve().parent
        try:
            recorded = Path(os.path.relpath(audio.resolve(), song_dir)).as_posix()
        except ValueError:
            recorded = str(audio)
        take = Take(id=take_id, candidate=candidate if candidate in known else None, target=target, style=style,
                    audio=recorded, duration_s=info.duration_s, sample_rate=info.sample_rate,
                    loudness_lufs=info.loudness_lufs, sha256=info.sha256, generation=Generation(**generation))
        song.takes = [*song.takes, take]
        save_over(loaded, song)
        return take_id, True
