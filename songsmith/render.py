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

from songsmith.backends.base import Hints, StyleBackend, Work
from songsmith.errors import FileFormatError, SongsmithError, UsageError
from songsmith.model import Candidate, Song, Source

if TYPE_CHECKING:
    from songsmith.mood import MoodResult
    from songsmith.poetry.analysis import Analysis
    from songsmith.poetry.corpus import Poem

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
            "candidates": [{"id": c.id, "style": c.style, "backend": c.backend} for c in self.song.candidates],
            "notes": self.notes,
        }


# Poems and works ----------------------------------------------------------------------------


def _verse_count(text: str) -> int:
    from songsmith.poetry.prosody import split_verse_lines

    return len(split_verse_lines(text))


def _blocks_and_breaks(poem: Poem, source_text: str | None, n_lines: int) -> tuple[list[int], list[int]]:
    """Stanza sizes the source marks (blank lines; 诗经 章) and the paragraph ends, in verse lines."""
    counts = [_verse_count(p) for p in poem.lines]
    breaks: list[int] = []
    total = 0
    for count in counts:
        total += count
        if count:
            breaks.append(total - 1)
    blocks: list[int] = []
    if source_text:
        chunks = [c for c in source_text.replace("\r\n", "\n").split("\n\n") if c.strip()]
        sizes = [_verse_count(c) for c in chunks]
        if len(sizes) > 1 and sum(sizes) == n_lines:
            blocks = sizes
    if not blocks and counts and sum(counts) == n_lines and len(counts) > 1 and n_lines / len(counts) >= 3:
        blocks = [c for c in counts if c]
    return blocks, breaks


def work_from_poem(poem: Poem, *, source_text: str | None = None, language: str | None = None,
                   analysis: Analysis | None = None) -> Work:
    """Analyse a poem (issue 3's ``analyse_poem``) and its mood into a :class:`Work`."""
    from songsmith.mood import mood_of_analysis
    from songsmith.poetry.analysis import analyse_poem
    from songsmith.poetry.prosody import rhyme_group

    if language == "eo":
        return _esperanto_work(poem, language)
    analysis = analysis or analyse_poem(poem)
    lines = [line.text for line in analysis.lines]
    blocks, breaks = _blocks_and_breaks(poem, source_text, len(lines))
    return Work(
        title=poem.title,
        lines=lines,
        simplified=[line.simplified for line in analysis.lines],
        mood=mood_of_analysis(analysis),
        form=analysis.form,
        author=poem.author,
        dynasty=poem.dynasty,
        language=language,
        rhyme_groups=[rhyme_group(line.pinyin[-1]) if line.pinyin else None for line in analysis.lines],
        blocks=blocks,
        breaks=breaks,
        analysis=analysis,
    )


def _esperanto_work(poem: Poem, language: str) -> Work:
    """Esperanto lyrics: mood from the Esperanto lexicon, the metre as the form (see docs/esperanto.md)."""
    from songsmith.esperanto.analysis import analyse_text
    from songsmith.esperanto.style import esperanto_mood

    lines = [line for line in poem.lines if line.strip()]
    text = "\n".join(lines)
    metre = analyse_text(text).metre
    return Work(title=poem.title, lines=lines, simplified=lines, mood=esperanto_mood(text, poem.title),
                form=f"{metre} verse" if metre else None, author=poem.author, language=language,
                blocks=[], breaks=[])


def poem_of_song(song: Song, name: str) -> Poem:
    """The poem a song is made from: its source text, else its sung lines."""
    from songsmith.poetry.corpus import make_poem

    source = song.source
    if source is not None and source.text and source.text.strip():
        paragraphs = [line.strip() for line in source.text.splitlines() if line.strip()]
    else:
        paragraphs = [line.strip() for s in song.sections for line in s.sung_lines if line.strip()]
    if not paragraphs:
        raise UsageError("nothing to render: no lyrics and no source text", path=name)
    title = (source.title if source and source.title else None) or song.title
    return make_poem(
        (source.id if source and source.id else Path(name).stem), title, paragraphs,
        author=source.author if source else None, collection=source.collection if source else None,
        dynasty=source.dynasty if source else None, form=source.form if source else None, source=name,
    )


def _identity(title: str | None, author: str | None, text: str) -> tuple[str, str, str]:
    from songsmith.language import is_cjk
    from songsmith.poetry.script import to_simplified

    chars = "".join(c for c in text if is_cjk(c) or c.isalnum())
    return (to_simplified(title or ""), to_simplified(author or ""), to_simplified(chars))


def song_identity(song: Song) -> tuple[str, str, str]:
    source = song.source
    if source is not None and source.text:
        text = source.text
    else:
        text = "".join(line for s in song.sections for line in s.sung_lines)
    return _identity((source.title if source and source.title else None) or song.title,
                     source.author if source else None, text)


def real_form(form: str | None) -> bool:
    """A form worth recording (not the analysis' "空" for no Chinese verse, nor "歌词")."""
    return bool(form) and form not in ("空", "歌词")


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
        self.claimed: set[str] = set()
        if self.out.exists() and not self.out.is_dir():
            raise UsageError("output is not a directory", path=str(self.out))

    # where a song goes ------------------------------------------------------------------
    def _target(self, title: str, identity: tuple[str, str, str]) -> tuple[Path, Song | None]:
        from songsmith.poetry.slug import slugify
        from songsmith.songfile import load_song

        base = slugify(title)
        root = self.out.resolve()
        number = 1
        while True:
            slug = base if number == 1 else f"{base}-{number}"
            number += 1
            if slug.lower() in self.claimed:
                continue
            folder = (self.out / slug)
            if folder.resolve().parent != root:  # cannot happen with a slug; never write outside OUT
                raise UsageError(f"refusing to write outside the output directory: {slug!r}")
            path = folder / SONG_FILE
            if not path.exists():
                self.claimed.add(slug.lower())
                return path, None
            try:
                existing = load_song(path)
            except SongsmithError as exc:
                raise FileFormatError(f"cannot update the existing song file: {exc.message}; fix or remove it",
                                      path=str(path), line=exc.line, col=exc.col) from None
            if existing.shape == "song" and song_identity(existing.song) == identity:
                self.claimed.add(slug.lower())
                return path, existing.song

    # building ----------------------------------------------------------------------------
    def _compose(self, poem: Poem, base: Song | None, *, source_text: str | None,
                 language: str | None) -> tuple[Song, Work, str | None, list[str]]:
        from songsmith.language import guess_language

        text = source_text if source_text is not None else "\n".join(poem.original or poem.lines)
        language = (base.language if base else None) or language or guess_language(text)
        work = work_from_poem(poem, source_text=source_text, language=language)
        proposals = self.backend.map_style(work, self.n_candidates, self.hints)
        notes: list[str] = []
        keep_style = base is not None and not base.style.is_empty() and not self.restyle
        style = base.style if keep_style and base is not None else proposals[0].style
        if keep_style:
            notes.append("kept the song's style (use --restyle to replace it)")
        arrangement_name: str | None = None
        if base is not None and base.sections:
            sections = base.sections
            notes.append("kept the song's lyrics")
            if self.hints.arrangement:
                notes.append(f"--arrangement {self.hints.arrangement} not applied: the song already has lyrics")
        else:
            if not work.lines:
                raise UsageError("nothing to arrange: no Chinese verse lines (render arranges Chinese poems; "
                                 "for other languages write the lyrics: block yourself)", path=poem.source)
            arrangement = self.backend.arrange(work, self.hints, style)
            sections = arrangement.sections
            arrangement_name = arrangement.name
            notes.extend(arrangement.notes)

        fresh = [
            Candidate(id=f"{self.backend.name}-{i}", target=self.hints.target, style=p.style.prompt,
                      # a backend that fell back to another says so on the candidate (issue 6)
                      backend=getattr(p, "backend", None) or self.backend.name, notes=p.why)
            for i, p in enumerate(proposals, 1)
        ]
        kept = list(base.candidates) if base is not None else []
        has_ours = any(c.backend == self.backend.name for c in kept)
        if self.restyle or not has_ours:
            # keep every candidate the user touched; replace our untouched ones
            referenced = {t.candidate for t in base.takes} if base is not None else set()
            kept = [c for c in kept if c.backend != self.backend.name or c.rating is not None or c.chosen
                    or c.id in referenced]
            taken_ids = {c.id for c in kept}
            taken_styles = {c.style for c in kept}
            number = 0
            for candidate in fresh:
                if candidate.style in taken_styles:
                    continue
                number += 1
                while f"{self.backend.name}-{number}" in taken_ids:
                    number += 1
                kept.append(candidate.model_copy(update={"id": f"{self.backend.name}-{number}"}))
                taken_ids.add(f"{self.backend.name}-{number}")
        if base is not None:
            source = base.source
            if source is not None and source.form is None and real_form(work.form):
                source = source.model_copy(update={"form": work.form})
            song = Song(title=base.title, language=language, source=source, style=style, sections=sections,
                        candidates=kept, takes=base.takes, notes=base.notes)
        else:
            song = Song(
                title=poem.title,
                language=language,
                source=Source(title=poem.title, author=poem.author, dynasty=poem.dynasty,
                              form=work.form if real_form(work.form) else poem.form, collection=poem.collection,
                              id=poem.id if poem.collection else None,
                              text=text.strip("\n") + "\n"),
                style=style,
                sections=sections,
                candidates=kept,
            )
        return song, work, arrangement_name, notes

    def _write_text(self, text: str, path: Path, write: Callable[[Path, str], None] | None = None) -> str:
        from songsmith.atomic import write_text_atomic

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
        text = source_text if source_text is not None else "\n".join(poem.original or poem.lines)
        if base is not None and base.sections:
            identity = song_identity(base)
        else:
            identity = _identity(poem.title, poem.author, text)
        path, existing = self._target(poem.title, identity)
        # the user's song file wins; else what an earlier run wrote (and the user may have edited)
        start = base if base is not None and (base.sections or existing is None) else existing
        return RenderTask(label or poem.source or poem.title, poem, path, start, source_text, language, guarded)

    def compose(self, task: RenderTask, *, dump: bool = True) -> Composed:
        """The song of a planned poem and its file's text: CPU only, no file of the user's read or written,
        so worker processes can do it (see :mod:`songsmith.render_pool`). ``dump=False`` leaves
        ``text`` empty for the caller to fill in with :func:`songsmith.songfile.dump_song`'s."""
        from songsmith.songfile import dump_song

        song, work, arrangement, notes = self._compose(task.poem, task.start, source_text=task.source_text,
                                                       language=task.language)
        return Composed(song, dump_song(song) if dump else "", work.form, work.mood, arrangement, notes)

    def finish(self, task: RenderTask, composed: Composed, *,
               write: Callable[[Path, str], None] | None = None) -> RenderResult:
        """Write the song file of a composed poem (unless it already says the same), with ``write``
        (default: :func:`songsmith.atomic.write_text_atomic`)."""
        action = self._write_text(composed.text, task.path, write)
        return RenderResult(task.label, task.path, composed.song, action, form=composed.form,
                            mood=composed.mood, arrangement=composed.arrangement, notes=composed.notes)

    def render_poem(self, poem: Poem, *, label: str | None = None, source_text: str | None = None,
                    base: Song | None = None, language: str | None = None) -> RenderResult:
        """Render one poem (optionally starting from ``base``, the user's song or poem file)."""
        task = self.plan_poem(poem, label=label, source_text=source_text, base=base, language=language)
        return self.finish(task, self.compose(task))

    def render_path(self, path: str) -> Iterator[RenderResult | SongsmithError]:
        """Every poem or song in a file (YAML, text, chinese-poetry JSON or a directory of them).

        A file that cannot be read raises; a single bad poem of a collection is yielded as its error.
        """
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
        or the error of a poem of a collection that cannot even be planned. A file that cannot be
        read raises."""
        from songsmith.poetry.corpus import load_chinese_poetry, load_text_file
        from songsmith.songfile import load_song

        p = Path(path)
        if not p.exists():
            raise FileFormatError("no such file or directory", path=path)
        suffix = p.suffix.lower()
        if p.is_dir() or suffix == ".json":
            for poem in load_chinese_poetry(p):
                yield self._planned(poem, label=f"{path}#{poem.id.rpartition('#')[2]}")
            return
        if suffix in (".yaml", ".yml"):
            loaded = load_song(path)
            song = loaded.song
            poem = poem_of_song(song, path)
            source_text = song.source.text if song.source and song.source.text else None
            base = song  # a poem file: its source, style and notes carry over; it has no lyrics
            yield self.plan_poem(poem, label=path, source_text=source_text, base=base)
            return
        poems = load_text_file(path)
        if not poems or not any(poem.lines for poem in poems):
            raise FileFormatError("no poem found in the file", path=path)
        for poem in poems:
            yield self._planned(poem, label=path if len(poems) == 1 else f"{path}:{poem.first_line}",
                                source_text="\n".join(poem.original))

    def _planned(self, poem: Poem, *, label: str, source_text: str | None = None) -> RenderTask | SongsmithError:
        """One poem of a collection: its error is returned (and reported), not raised, so the rest go on."""
        try:
            return self.plan_poem(poem, label=label, source_text=source_text, guarded=True)
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
