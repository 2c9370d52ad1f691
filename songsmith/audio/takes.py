"""Adding audio takes to a song: measure each file, copy it under ``takes/``, make the ``Take``.

:func:`make_takes` does everything but saving the song: ``songsmith take add`` saves it at once,
the editor keeps the new takes as an unsaved (undoable) change. Every file is checked and
measured (:func:`songsmith.audio.probe.probe`) before anything is copied; a copy goes through
:func:`songsmith.document.writer.copy_file_atomic` and never over a different file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.audio.probe import AudioInfo
    from songsmith.document.model import Candidate, Song, Take

TAKES_DIR = "takes"


@dataclass
class NewTakes:
    """What :func:`make_takes` made: the takes (not in the song yet), the files it copied (remove
    them if the song is not saved after all) and the files skipped (already a take)."""

    takes: list[Take] = field(default_factory=list)
    infos: list[AudioInfo | None] = field(default_factory=list)  # the measurement of each take's file
    copies: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def discard(self) -> None:
        for copy in self.copies:
            copy.unlink(missing_ok=True)


def take_audio_path(song_path: str | os.PathLike[str], audio: str) -> Path:
    """Where a take's ``audio:`` points, relative paths being relative to the song file."""
    path = Path(audio)
    return path if path.is_absolute() else Path(song_path).resolve().parent / path


def next_take_number(song: Song) -> int:
    numbers = [int(m.group(1)) for t in song.takes if (m := re.fullmatch(r"t(\d+)", t.id))]
    return max(numbers, default=0) + 1


def find_candidate(song: Song, ref: str, song_path: str) -> Candidate:
    """The candidate ``ref`` names (``2`` is short for ``c2``); a UsageError listing the ids otherwise."""
    found = next((c for c in song.candidates if c.id == ref), None)
    if found is None and ref.isdigit():
        found = next((c for c in song.candidates if c.id == f"c{ref}"), None)
    if found is None:
        known = ", ".join(c.id for c in song.candidates) or "none"
        raise UsageError(f"no candidate {ref!r} (candidates: {known})", path=song_path)
    return found


def make_takes(song: Song, song_path: str | os.PathLike[str], audio: list[str] | tuple[str, ...], *,
               candidate: str | None = None, url: str | None = None, copy: bool = True,
               notes: str | None = None) -> NewTakes:
    """New takes ``t<N>`` for the audio files (or one URL-only take), linked to ``candidate``.

    Raises (changing nothing) when a file is not audio or a candidate is unknown; a file whose
    sha256 is already a take's is skipped with a warning (so ``takes`` may be empty). ``song`` is
    not changed; each file's own warnings (from the probe) are in ``infos``.
    """
    from songsmith.audio.probe import probe
    from songsmith.document.model import Take

    name = str(song_path)
    if not audio and not url:
        raise UsageError("give AUDIO files to add, or --url for a take that is only online", path=name)
    if url and len(audio) > 1:
        raise UsageError("--url belongs to one take; add the files one at a time", path=name)
    linked = find_candidate(song, candidate, name) if candidate is not None else None

    infos = [probe(path) for path in audio]  # every file checked and measured before any copy
    seen = {t.sha256: t.id for t in song.takes if t.sha256}
    song_dir = Path(song_path).resolve().parent
    number = next_take_number(song)
    made = NewTakes()
    try:
        for info in infos or [None]:
            if info is not None and info.sha256 in seen:
                made.warnings.append(f"{info.path} is already take {seen[info.sha256]} (same sha256); skipped")
                continue
            take_id = f"t{number}"
            number += 1
            recorded = None
            if info is not None:
                seen[info.sha256] = take_id
                if copy:
                    target, created = _copy_in(info.path, song_dir, Path(song_path).stem, take_id, info.sha256)
                    if created:
                        made.copies.append(target)
                    recorded = target.relative_to(song_dir).as_posix()
                else:
                    recorded = _relative(Path(info.path).resolve(), song_dir)
            made.takes.append(Take(
                id=take_id,
                candidate=linked.id if linked else None,
                target=linked.target if linked else None,
                style=linked.style if linked else None,
                audio=recorded,
                url=url,
                notes=notes,
                duration_s=info.duration_s if info else None,
                sample_rate=info.sample_rate if info else None,
                loudness_lufs=info.loudness_lufs if info else None,
                sha256=info.sha256 if info else None,
            ))
            made.infos.append(info)
    except BaseException:
        made.discard()
        raise
    return made


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return str(path)


def _copy_in(source: str, song_dir: Path, stem: str, take_id: str, sha256: str) -> tuple[Path, bool]:
    """Copy ``source`` to ``takes/<song>-<id>-<name>`` atomically; never over a different file.

    Returns the path and whether this call created it (an identical file already there is reused).
    """
    from songsmith.audio.probe import sha256_file
    from songsmith.document.writer import copy_file_atomic

    directory = song_dir / TAKES_DIR
    directory.mkdir(exist_ok=True)
    target = directory / f"{stem}-{take_id}-{Path(source).name}"
    if target.exists():
        if sha256_file(target) == sha256:
            return target, False
        raise UsageError("already exists with other audio; move it away first", path=str(target))
    copy_file_atomic(source, target)
    return target, True
