"""``songsmith render``: poems and songs in, arranged and styled song files out.

Each poem goes to ``OUT/<slug>/song.yaml`` (the slug is the pinyin of the title: never a path,
never outside OUT). The user's work is never thrown away:

* an output file that already holds the same poem is the starting point (a second run changes
  nothing);
* an input song file keeps its lyrics and style; ``restyle`` replaces the style and the offline
  candidates nobody rated or chose;
* lyrics are arranged only for a song that has none.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.document.model import Song
from songsmith.errors import FileFormatError, SongsmithError, UsageError
from songsmith.style.base import Hints, StyleBackend

if TYPE_CHECKING:
    from songsmith.poetry.corpus import Poem
    from songsmith.style.mood import MoodResult

SONG_FILE = "song.yaml"


@dataclass
class RenderResult:
    input: str
    output: Path
    song: Song
    action: str  # "created", "updated" or "unchanged"
    form: str | None = None
    mood: MoodResult | None = None
    arrangement: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. an LLM step fell back to the offline backend
    text: str = ""  # the song file's text, as written

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "output": str(self.output),
            "action": self.action,
            "title": self.song.title,
            "form": self.form,
            "mood": self.mood.to_json() if self.mood else None,
            "arrangement": self.arrangement,
            "style": self.song.style.prompt,
            "candidates": [{"id": c.id, "style": c.style, "backend": c.backend, "chosen": c.chosen}
                           for c in self.song.candidates],
            "notes": self.notes,
            "warnings": self.warnings,
        }


def _identity(title: str | None, author: str | None, lines: list[str]) -> tuple[str, str, str]:
    from songsmith.language import is_cjk
    from songsmith.poetry.script import to_simplified

    chars = "".join(c for line in lines for c in line if is_cjk(c) or c.isalnum())
    return (to_simplified(title or ""), to_simplified(author or ""), to_simplified(chars))


def poem_identity(poem: Poem) -> tuple[str, str, str]:
    """What makes two poems the same poem: title, author and text, as read (cleaned, simplified)."""
    return _identity(poem.title, poem.author, poem.lines)


def song_identity(song: Song) -> tuple[str, str, str] | None:
    """The identity of the poem a song file was made from, read the way an input poem is read
    (so a title with a TAB or only spaces matches on the next run); None for a song of nothing."""
    from songsmith.pipeline.sources import poem_of_song

    try:
        return poem_identity(poem_of_song(song, ""))
    except SongsmithError:
        return None


# Rendering ----------------------------------------------------------------------------------


class Renderer:
    """Renders poems and songs into ``out``; one instance per run (it remembers the slugs it used)."""

    def __init__(self, out: str | os.PathLike[str], *, backend: StyleBackend, candidates: int = 5,
                 hints: Hints | None = None, restyle: bool = False) -> None:
        if candidates < 1:
            raise UsageError("--candidates must be at least 1")
        self.out = Path(out)
        self.backend = backend
        self.n_candidates = candidates
        self.hints = hints or Hints()
        self.restyle = restyle
        from songsmith.poetry.slug import SlugAllocator

        self.names = SlugAllocator()
        if self.out.exists() and not self.out.is_dir():
            raise UsageError("output is not a directory", path=str(self.out))

    # where a song goes ------------------------------------------------------------------
    def _target(self, title: str, identity: tuple[str, str, str]) -> tuple[Path, Song | None]:
        """``OUT/<slug>/song.yaml`` for the poem: the first slug of its title (``-2``, ``-3``…) not
        claimed in this run whose folder is free or holds this same poem (its song is returned)."""
        from songsmith.document.songfile import load_song
        from songsmith.poetry.slug import slugify

        found: list[Song] = []

        def usable(slug: str) -> bool:
            path = self.out / slug / SONG_FILE
            if not path.exists():
                return True
            try:
                existing = load_song(path)
            except SongsmithError as exc:
                raise FileFormatError(f"cannot update the existing song file: {exc.message}; fix or remove it",
                                      path=str(path), line=exc.line, col=exc.col) from None
            if existing.shape == "song" and song_identity(existing.song) == identity:
                found.append(existing.song)
                return True
            return False

        slug = self.names.claim(slugify(title), accept=usable)
        return self.out / slug / SONG_FILE, (found[-1] if found else None)

    def _write_text(self, text: str, path: Path, write: Callable[[Path, str], None] | None = None) -> str:
        from songsmith.document.writer import write_text_atomic

        if path.exists():
            try:
                if path.read_text(encoding="utf-8") == text:
                    return "unchanged"
            except (OSError, UnicodeDecodeError):
                pass
            action = "updated"
        else:
            action = "created"
        (write or write_text_atomic)(path, text)
        return action

    # the three steps of a poem: plan (here), compose (anywhere: no I/O), finish (here) ----------
    def plan_poem(self, poem: Poem, *, label: str | None = None, source_text: str | None = None,
                  base: Song | None = None, language: str | None = None, guarded: bool = False) -> RenderTask:
        """Where the poem goes and what it starts from: claims its slug, reads an existing song file.

        Serial: each call sees the slugs the earlier ones claimed.
        """
        identity = poem_identity(poem)
        path, existing = self._target(poem.title, identity)
        # the user's song file wins; else what an earlier run wrote (and the user may have edited)
        start = base if base is not None and (base.sections or existing is None) else existing
        return RenderTask(label or poem.source or poem.title, poem, path, start, source_text, language, guarded)

    def compose(self, task: RenderTask, *, dump: bool = True) -> Composed:
        """The song of a planned poem and its file's text: CPU only, no file of the user's read or written,
        so worker processes can do it (see :mod:`songsmith.pipeline.pool`). ``dump=False`` leaves
        ``text`` empty for the caller to fill in with :func:`songsmith.document.songfile.dump_song`'s."""
        from songsmith.document.songfile import dump_song
        from songsmith.pipeline.compose import compose_song

        made = compose_song(task.poem, task.start, backend=self.backend, n_candidates=self.n_candidates,
                            hints=self.hints, restyle=self.restyle, source_text=task.source_text,
                            language=task.language)
        return Composed(made.song, dump_song(made.song) if dump else "", made.form, made.mood, made.arrangement,
                        made.notes, made.warnings)

    def finish(self, task: RenderTask, composed: Composed, *,
               write: Callable[[Path, str], None] | None = None) -> RenderResult:
        """Write the song file of a composed poem (unless it already says the same), with ``write``
        (default: :func:`songsmith.document.writer.write_text_atomic`)."""
        action = self._write_text(composed.text, task.path, write)
        return RenderResult(task.label, task.path, composed.song, action, form=composed.form,
                            mood=composed.mood, arrangement=composed.arrangement, notes=composed.notes,
                            warnings=composed.warnings, text=composed.text)

    def render_poem(self, poem: Poem, *, label: str | None = None, source_text: str | None = None,
                    base: Song | None = None, language: str | None = None) -> RenderResult:
        """Render one poem (optionally starting from ``base``, the user's song or poem file)."""
        task = self.plan_poem(poem, label=label, source_text=source_text, base=base, language=language)
        return self.finish(task, self.compose(task))

    def render_path(self, path: str) -> Iterator[RenderResult | SongsmithError]:
        """Every poem or song of a path (any input :mod:`songsmith.pipeline.sources` reads); a file or poem
        that cannot be read or rendered is yielded as its error, and the others go on."""
        for item in self.plan_path(path):
            if isinstance(item, SongsmithError):
                yield item
                continue
            try:
                yield self.finish(item, self.compose(item))
            except SongsmithError as exc:
                if not item.guarded:
                    raise
                yield item.relabel(exc)

    def plan_path(self, path: str) -> Iterator[RenderTask | SongsmithError]:
        """:meth:`render_path` without the work: a :class:`RenderTask` per poem (its slug claimed),
        or the error of a file or poem that cannot be read or planned (the others go on)."""
        from songsmith.pipeline.sources import InputProblem, read_poems

        for item in read_poems([path], exclude=self.out):
            if isinstance(item, InputProblem):
                yield item.error()
                continue
            song = item.song  # the user's song or poem file: its source, style and notes carry over
            source_text = song.source.text if song and song.source and song.source.text else None
            yield self._planned(item, label=item.label or path, source_text=source_text, base=song)

    def _planned(self, poem: Poem, *, label: str, source_text: str | None = None,
                 base: Song | None = None) -> RenderTask | SongsmithError:
        """One poem: its error is returned (and reported), not raised, so the rest go on."""
        try:
            return self.plan_poem(poem, label=label, source_text=source_text, base=base, guarded=True)
        except SongsmithError as exc:
            return _relabel(exc, poem, label)


@dataclass
class RenderTask:
    """A poem planned by :meth:`Renderer.plan_poem`: where it goes and what it starts from."""

    label: str
    poem: Poem
    path: Path  # OUT/<slug>/song.yaml, claimed
    start: Song | None  # the user's song, or what an earlier run wrote
    source_text: str | None = None
    language: str | None = None
    guarded: bool = False  # a poem of a collection: its error is reported, the others go on

    def relabel(self, exc: SongsmithError) -> SongsmithError:
        """A guarded poem's error, named by the poem's label (as :meth:`Renderer.render_path` reports it)."""
        return _relabel(exc, self.poem, self.label)


def _relabel(exc: SongsmithError, poem: Poem, label: str) -> SongsmithError:
    """A collection's poem's error named by the poem's label, unless it already names another file."""
    if exc.path in (None, poem.source):
        exc.path = label
    return exc


@dataclass
class Composed:
    """What :meth:`Renderer.compose` made of a :class:`RenderTask`: the song and its file's text."""

    song: Song
    text: str
    form: str | None
    mood: MoodResult | None
    arrangement: str | None
    notes: list[str]
    warnings: list[str] = field(default_factory=list)
