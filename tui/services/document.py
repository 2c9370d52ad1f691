"""The open song: its model, the lyrics text as typed, undo history, saving and recovery.

Never lose work:

* ``save`` is atomic (:func:`songsmith.document.songfile.save_song`) and refuses, unless forced, when the
  file changed on disk since it was loaded or last saved (``DiskChanged``);
* ``write_recovery`` writes ``.NAME.recover`` beside the song (atomically) while there are
  unsaved changes; saving removes it; opening a song offers it back (``recovery_available``).
"""

from __future__ import annotations

import copy
import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songsmith.document.lyrics.text import parse_lyrics
from songsmith.document.model import Song
from songsmith.document.songfile import (
    LoadedSong,
    dump_song,
    load_song,
    parse_song_text,
)
from songsmith.document.writer import move_aside, write_text_atomic
from songsmith.document.yamlio import read_text
from songsmith.errors import SongsmithError

#: Consecutive lyrics edits closer together than this are one undo step.
COALESCE_SECONDS = 1.0
HISTORY_LIMIT = 200


class DiskChanged(Exception):
    """The file on disk is not the one we loaded."""


@dataclass(frozen=True)
class Fingerprint:
    exists: bool
    digest: str

    @classmethod
    def of(cls, path: Path) -> Fingerprint:
        try:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:  # a piece at a time: the file may have grown large
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return cls(True, digest.hexdigest())
        except FileNotFoundError:
            return cls(False, "")


def recovery_path(path: str | os.PathLike[str]) -> Path:
    target = Path(path)
    return target.with_name(f".{target.name}.recover")


@dataclass
class _State:
    song: Song
    lyrics: str
    kind: str
    at: float


class SongDocument:
    """One song being edited. Plain Python: the TUI widgets read and write through it."""

    def __init__(self, loaded: LoadedSong, *, lyrics_text: str | None = None) -> None:
        self.path = Path(loaded.path)
        self.loaded = loaded
        self.shape = loaded.shape
        self._song: Song = loaded.song
        self._stale = False  # the song's sections lag behind lyrics_text (parsed when read)
        self.lyrics_text = lyrics_text if lyrics_text is not None else self.song.lyrics
        self.fingerprint = Fingerprint.of(self.path)
        self.revision = 0
        self.recovered_revision = 0
        self._undo: list[_State] = []
        self._redo: list[_State] = []
        self._last_kind = ""
        self._last_at = 0.0
        self._mark_saved()

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> SongDocument:
        return cls(load_song(path))

    # State --------------------------------------------------------------------------------
    @property
    def song(self) -> Song:
        if self._stale:
            self._stale = False
            self._song.sections = parse_lyrics(self.lyrics_text)[0]
        return self._song

    @property
    def meta(self) -> Song:
        """The song without re-parsing the lyrics (its sections may lag behind while typing)."""
        return self._song

    @song.setter
    def song(self, song: Song) -> None:
        self._song, self._stale = song, False

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the song differs from what was last loaded or saved (typing a
        character and deleting it again leaves the song clean)."""
        if self.revision == self.saved_revision:
            return False
        if self._dirty_at != self.revision:
            self._dirty_at, self._dirty = self.revision, not self._matches_saved()
        return self._dirty

    def _mark_saved(self) -> None:
        self.saved_revision = self.revision
        self._saved_lyrics = self.lyrics_text
        self._saved_fields = {name: copy.deepcopy(getattr(self._song, name))
                              for name in Song.model_fields if name != "sections"}
        self._dirty_at, self._dirty = self.revision, False

    def _matches_saved(self) -> bool:
        # the lyrics are compared as text: the sections may lag behind it while typing
        return self.lyrics_text == self._saved_lyrics and all(
            getattr(self._song, name) == value for name, value in self._saved_fields.items())

    def _snapshot(self, kind: str) -> _State:
        return _State(self.song.model_copy(deep=True), self.lyrics_text, kind, time.monotonic())

    def _restore(self, state: _State) -> None:
        self.song = state.song
        self.lyrics_text = state.lyrics

    def change(self, kind: str) -> None:
        """Call *before* changing the song: records an undo step (lyrics typing coalesces)."""
        now = time.monotonic()
        typing = kind == "lyrics" or kind.startswith("style:")
        coalesce = typing and kind == self._last_kind and now - self._last_at < COALESCE_SECONDS
        if not coalesce:
            self._undo.append(self._snapshot(kind))
            del self._undo[:-HISTORY_LIMIT]
        self._redo.clear()
        self._last_kind, self._last_at = kind, now
        self.revision += 1

    def break_coalescing(self) -> None:
        self._last_kind = ""

    def set_lyrics_text(self, text: str) -> None:
        if text == self.lyrics_text:
            return
        self.change("lyrics")
        self.lyrics_text = text
        self._stale = True  # parsing waits until someone reads the song: typing stays cheap

    def update_song(self, kind: str, **fields: Any) -> None:
        """Replace top-level fields of the song (validated), as one undo step."""
        data = {name: getattr(self.song, name) for name in Song.model_fields}
        data.update(fields)
        song = Song.model_validate(data)  # a bad value raises before anything changes
        self.change(kind)
        self.song = song
        if "sections" in fields:
            self.lyrics_text = self.song.lyrics

    def update_style(self, kind: str = "style", **fields: Any) -> None:
        """Change style fields (validated first: a bad value raises and changes nothing)."""
        data = self.song.style.model_dump()
        data.update(fields)
        style = type(self.song.style).model_validate(data)
        if style == self.song.style:
            return
        self.change(kind)
        self.song.style = style

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self._snapshot(self._undo[-1].kind))
        self._restore(self._undo.pop())
        self._last_kind = ""
        self.revision += 1
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self._snapshot(self._redo[-1].kind))
        self._restore(self._redo.pop())
        self._last_kind = ""
        self.revision += 1
        return True

    # Disk ---------------------------------------------------------------------------------
    def text_to_write(self) -> str:
        return dump_song(self.song)

    def changed_on_disk(self) -> bool:
        return Fingerprint.of(self.path) != self.fingerprint

    def save(self, *, force: bool = False) -> None:
        """Write the song atomically; ``DiskChanged`` if someone else wrote the file meanwhile."""
        if not force and self.changed_on_disk():
            raise DiskChanged(str(self.path))
        write_text_atomic(self.path, self.text_to_write())
        self.fingerprint = Fingerprint.of(self.path)
        self._mark_saved()
        self.shape = "song"
        self.remove_recovery()

    def reload(self) -> None:
        """Read the file again, dropping unsaved changes (they stay undoable)."""
        fresh = load_song(self.path)
        self.change("reload")
        self.loaded, self.song, self.shape = fresh, fresh.song, fresh.shape
        self.lyrics_text = self.song.lyrics
        self.fingerprint = Fingerprint.of(self.path)
        self._mark_saved()

    def take_in_new_takes(self) -> list[str]:
        """Take in the takes another program (``songsmith generate``) added to the file; their ids.

        With no unsaved changes the file is read again. Otherwise the new takes join the song
        being edited as one undoable edit, the user's changes stay, and the file counts as seen:
        the next save keeps the takes and does not ask about a change on disk."""
        if not self.changed_on_disk():
            return []
        fresh = load_song(self.path)
        known = {take.id for take in [*self.song.takes, *self._saved_fields["takes"]]}  # a take deleted stays so
        new = [take for take in fresh.song.takes if take.id not in known]
        if not self.dirty:
            self.change("takes from disk")
            self.loaded, self.song, self.shape = fresh, fresh.song, fresh.shape
            self.lyrics_text = self.song.lyrics
            self.fingerprint = Fingerprint.of(self.path)
            self._mark_saved()
            return [take.id for take in new]
        if new:
            self.update_song("takes from disk", takes=[*self.song.takes, *new])
        self.fingerprint = Fingerprint.of(self.path)
        self._saved_fields["takes"] = copy.deepcopy(fresh.song.takes)
        self._dirty_at = -1  # "modified" is worked out again against the new saved state
        return [take.id for take in new]

    # Recovery -----------------------------------------------------------------------------
    @property
    def recovery_file(self) -> Path:
        return recovery_path(self.path)

    def write_recovery(self) -> bool:
        """Write the recovery file if there are changes it does not hold yet."""
        if not self.dirty or self.recovered_revision == self.revision:
            return False
        write_text_atomic(self.recovery_file, self.text_to_write())
        self.recovered_revision = self.revision
        return True

    def remove_recovery(self) -> None:
        try:
            self.recovery_file.unlink()
        except FileNotFoundError:
            pass
        self.recovered_revision = self.revision

    def set_recovery_aside(self) -> Path:
        """Rename the recovery file to ``.NAME.recover-YYYYmmdd-HHMMSS`` so autosave cannot overwrite it."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.recovery_file.stat().st_mtime))
        aside = self.recovery_file.with_name(f"{self.recovery_file.name}-{stamp}")
        move_aside(self.recovery_file, aside)
        return aside

    def recovery_available(self) -> bool:
        """A recovery file exists and says something the file on disk does not."""
        rec = self.recovery_file
        if not rec.is_file():
            return False
        try:
            return read_text(rec) != self.text_to_write()
        except (OSError, SongsmithError):
            return False

    def recover(self) -> None:
        """Take the recovery file's content as unsaved changes (undoable)."""
        text = read_text(self.recovery_file)
        loaded = parse_song_text(text, str(self.recovery_file))
        self.change("recover")
        self.song = loaded.song
        self.lyrics_text = self.song.lyrics
