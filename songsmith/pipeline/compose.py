"""The one composer: a poem (and the user's song, if any) → the song, with style candidates.

``render``, ``batch``, ``package`` (for a poem without lyrics) and the editor all make a song
here, so a song comes out the same whichever command made it:

* the poem is analysed into a :class:`~songsmith.style.base.Work` (Chinese verse by
  :mod:`songsmith.poetry`, Esperanto by :mod:`songsmith.esperanto`, other languages as lyric
  lines with the moods of :mod:`songsmith.style.lyricstyle`);
* the backend proposes styles; the song's own style is kept unless asked to restyle;
* lyrics are arranged only for a song that has none; a song's lyrics are never rewritten;
* candidates the user rated, chose or made takes with are kept; fresh ones are numbered
  ``<backend>-1``, ``<backend>-2``… skipping ids in use and styles already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from songsmith.document.model import Candidate, Song, Source
from songsmith.errors import UsageError
from songsmith.style.base import Hints, StyleBackend, Work

if TYPE_CHECKING:
    from songsmith.poetry.analysis import Analysis
    from songsmith.poetry.corpus import Poem
    from songsmith.style.base import StyleCandidate
    from songsmith.style.mood import MoodResult



@dataclass
class Composition:
    """What :func:`compose_song` made: the song, the work it was made from, what was done."""

    song: Song
    work: Work
    arrangement: str | None = None  # the template's name, None when the lyrics were kept
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # the backend's (e.g. an LLM fell back)

    @property
    def form(self) -> str | None:
        return self.work.form

    @property
    def mood(self) -> MoodResult | None:
        return self.work.mood


# Works ----------------------------------------------------------------------------------------


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


#: Punctuation that ends a sentence (a clause ends at ， and ： too, a sentence does not).
_SENTENCE_END = frozenset("。？！；?!;.…")


def _sentence_ends(poem: Poem, lines: list[str]) -> list[int]:
    """Verse-line indexes after which the source's punctuation ends a sentence; empty when the
    source has no sentence punctuation (then only couplets say where a sentence may end)."""
    from songsmith.poetry.prosody import is_syllable

    text = "\n".join(poem.lines)
    ends: list[int] = []
    position = 0
    for index, line in enumerate(lines):
        count = sum(1 for c in line if is_syllable(c))
        while position < len(text) and count:
            count -= is_syllable(text[position])
            position += 1
        start = position
        while position < len(text) and not is_syllable(text[position]):
            position += 1
        if _SENTENCE_END & set(text[start:position]):
            ends.append(index)
    if not ends:
        return []
    if lines and ends[-1] != len(lines) - 1:
        ends.append(len(lines) - 1)
    return ends


def _stanza_sizes(source_text: str | None, n_lines: int) -> list[int]:
    """Lines per stanza of lyrics in another language (blank lines separate stanzas)."""
    if not source_text:
        return []
    chunks = [c for c in source_text.replace("\r\n", "\n").split("\n\n") if c.strip()]
    sizes = [sum(1 for line in c.splitlines() if line.strip()) for c in chunks]
    return sizes if len(sizes) > 1 and sum(sizes) == n_lines else []


def work_from_poem(poem: Poem, *, source_text: str | None = None, language: str | None = None,
                   analysis: Analysis | None = None) -> Work:
    """The poem analysed, with its mood: Chinese verse, Esperanto, or lyrics in another language."""
    from songsmith.language import CHINESE_CODES, has_cjk

    if language == "eo":
        return _esperanto_work(poem, language, source_text)
    if language not in CHINESE_CODES and not any(has_cjk(line) for line in poem.lines):
        return _lyrics_work(poem, language, source_text)
    from songsmith.poetry.analysis import analyse_poem
    from songsmith.poetry.prosody import rhyme_group
    from songsmith.style.mood import mood_of_analysis

    from songsmith.targets.timing import total_seconds

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
        sentence_ends=_sentence_ends(poem, lines),
        seconds=total_seconds,
    )


def _esperanto_work(poem: Poem, language: str, source_text: str | None) -> Work:
    """Esperanto lyrics: mood from the Esperanto lexicon, the metre as the form (see docs/esperanto.md)."""
    from songsmith.esperanto.analysis import analyse_text
    from songsmith.esperanto.style import esperanto_mood

    lines = [line for line in poem.lines if line.strip()]
    text = "\n".join(lines)
    metre = analyse_text(text).metre
    from songsmith.targets.timing import total_seconds

    return Work(title=poem.title, lines=lines, simplified=lines, mood=esperanto_mood(text, poem.title),
                form=f"{metre} verse" if metre else None, author=poem.author, language=language,
                blocks=_stanza_sizes(source_text, len(lines)), breaks=[], seconds=total_seconds)


def _lyrics_work(poem: Poem, language: str | None, source_text: str | None) -> Work:
    """Lyrics in another language: the lines as written, moods from :mod:`songsmith.style.lyricstyle`."""
    from songsmith.style.lyricstyle import lyrics_mood

    from songsmith.targets.timing import total_seconds

    lines = [line for line in poem.lines if line.strip()]
    return Work(title=poem.title, lines=lines, simplified=lines, mood=lyrics_mood("\n".join(lines), poem.title),
                form=None, author=poem.author, language=language,
                blocks=_stanza_sizes(source_text, len(lines)), breaks=[], seconds=total_seconds)


def real_form(form: str | None) -> bool:
    """A form worth recording (not the analysis' "空" for no Chinese verse, nor "歌词")."""
    return bool(form) and form not in ("空", "歌词")


# The song -------------------------------------------------------------------------------------


def prepare_work(poem: Poem, base: Song | None = None, *, source_text: str | None = None,
                 language: str | None = None) -> tuple[Work, str]:
    """The work :func:`compose_song` styles and arranges, and the poem's text as given. The
    language is the song's, else ``language``, else guessed from the text."""
    from songsmith.language import guess_language

    text = source_text if source_text is not None else "\n".join(poem.original or poem.lines)
    language = (base.language if base else None) or language or guess_language(text)
    work = work_from_poem(poem, source_text=source_text, language=language)
    work.language = language
    return work, text


def compose_song(poem: Poem, base: Song | None, *, backend: StyleBackend, n_candidates: int,
                 hints: Hints | None = None, restyle: bool = False, source_text: str | None = None,
                 language: str | None = None) -> Composition:
    """The song of ``poem``, starting from ``base`` (the user's song, or what an earlier run wrote).

    ``source_text`` is the poem's text as given (blank lines mark stanzas); by default its
    original paragraphs. Raises :class:`~songsmith.errors.UsageError` when there is nothing to
    set to music.
    """
    hints = hints or Hints()
    work, text = prepare_work(poem, base, source_text=source_text, language=language)
    language = work.language
    has_lyrics = base is not None and bool(base.sections)
    if not work.lines and not has_lyrics:
        raise UsageError("no verse lines: nothing to set to music (an empty poem, or only commentary)",
                         path=poem.source)
    proposals = backend.map_style(work, n_candidates, hints)
    notes: list[str] = []
    keep_style = base is not None and not base.style.is_empty() and not restyle
    style = base.style if keep_style and base is not None else proposals[0].style
    if keep_style:
        notes.append("kept the song's style (use --restyle to replace it)")
    arrangement_name: str | None = None
    arranged: list[str] = []  # why the lyrics are laid out as they are, for the song's notes
    title = base.title if base is not None else poem.title
    if has_lyrics and base is not None:
        sections = base.sections
        notes.append("kept the song's lyrics")
        if hints.arrangement:
            notes.append(f"--arrangement {hints.arrangement} not applied: the song already has lyrics")
    else:
        arrangement = backend.arrange(work, hints, style)
        sections = arrangement.sections
        arrangement_name = arrangement.name
        notes.extend(arrangement.notes)
        arranged = list(arrangement.notes)
        if arrangement.title and (base is None or base.title == poem.title):
            title = arrangement.title
    candidates = merge_candidates(base, proposals, backend.name, hints.target, restyle=restyle)
    warnings = _backend_warnings(proposals)
    warnings += [n.removeprefix("warning: ") for n in notes
                 if n.startswith("warning: ") and n.removeprefix("warning: ") not in warnings]
    if base is not None:
        source = base.source
        if source is not None and source.form is None and real_form(work.form):
            source = source.model_copy(update={"form": work.form})
        song = Song(title=title, language=language, source=source, style=style, sections=sections,
                    candidates=candidates, takes=base.takes, notes=_join_notes(base.notes, arranged),
                    translations=base.translations)
    else:
        text, corrected = _corrected(poem, text)
        song = Song(
            title=title,
            language=language,
            source=Source(title=poem.title, author=poem.author, dynasty=poem.dynasty,
                          form=work.form if real_form(work.form) else poem.form, collection=poem.collection,
                          id=poem.id if poem.collection else None,
                          text=text.strip("\n") + "\n"),
            style=style,
            sections=sections,
            candidates=candidates,
            notes=_join_notes(corrected, arranged),
        )
    return Composition(song, work, arrangement_name, notes, warnings)


def _join_notes(notes: str | None, arranged: list[str]) -> str | None:
    """The song's notes with the arrangement's reasons after them (a song arranged now)."""
    if not arranged:
        return notes
    block = "arrangement:\n" + "".join(f"- {note}\n" for note in arranged)
    return f"{notes.rstrip()}\n{block}" if notes and notes.strip() else block


def _corrected(poem: Poem, text: str) -> tuple[str, str | None]:
    """A collection's text with the known conversion errors fixed, as its verse lines already are
    (so the sheet shows the right character), and a note of each fix (the source keeps its own)."""
    fixes = [a.text for a in poem.annotations if a.kind == "corrected"]
    if not fixes:
        return text, None
    from songsmith.poetry.normalise import correct_conversion

    text = "\n".join(correct_conversion(line, index, []) for index, line in enumerate(text.split("\n")))
    return text, "corrected on import (conversion errors of the source):\n" + "".join(f"- {f}\n" for f in fixes)


def merge_candidates(base: Song | None, proposals: list[StyleCandidate], backend: str, target: str | None, *,
                     restyle: bool = False) -> list[Candidate]:
    """The song's candidates with the backend's fresh proposals.

    Candidates the user touched (rated, chosen, used by a take) and those of other backends stay.
    Fresh ones come in only when the song has none of this backend's yet, or with ``restyle``
    (which replaces this backend's untouched ones); a style already there is not added twice.
    """
    kept = list(base.candidates) if base is not None else []
    if not restyle and any(c.backend == backend for c in kept):
        return kept
    referenced = {t.candidate for t in base.takes} if base is not None else set()
    kept = [c for c in kept if c.backend != backend or c.rating is not None or c.chosen or c.id in referenced]
    taken_ids = {c.id for c in kept}
    taken_styles = {c.style for c in kept}
    number = 0
    for proposal in proposals:
        prompt = proposal.style.prompt
        if prompt in taken_styles:
            continue
        number += 1
        while f"{backend}-{number}" in taken_ids:
            number += 1
        candidate_id = f"{backend}-{number}"
        kept.append(Candidate.from_style(
            candidate_id, proposal.style, target=target,
            # a backend that fell back to another says so on the candidate
            backend=getattr(proposal, "backend", None) or backend, notes=proposal.why))
        taken_ids.add(candidate_id)
        taken_styles.add(prompt)
    return kept


def _backend_warnings(proposals: list[StyleCandidate]) -> list[str]:
    warnings: list[str] = []
    for proposal in proposals:
        for warning in getattr(proposal, "warnings", None) or []:
            if warning not in warnings:
                warnings.append(warning)
    return warnings
