"""Streaming loaders for poem collections.

Every loader yields :class:`Poem` objects one at a time; a directory of 全唐诗 files is read one
file at a time (files sorted by the number in their name: ``poet.tang.2000.json`` before
``poet.tang.10000.json``), so memory stays flat.

Shapes read (detected from the data, not the file name):

* 唐詩三百首 — ``{"title", "content": [{"type": form, "content": [{"chapter", "subchapter", "author", "paragraphs"}]}]}``;
* 全唐诗 — ``[{"author", "paragraphs", "title", "id", "tags"?, "notes"?}]``;
* 宋词 — ``[{"author", "paragraphs", "rhythmic", "tags"}]`` (no title: the 词牌 is the title);
* 诗经 — ``[{"title", "chapter", "section", "content"}]`` (``content`` holds whole stanzas);
* plain text (one poem per file with its title on the first line, or several poems separated by
  blank lines, each starting with a title line); every other input is read by
  :mod:`songsmith.pipeline.sources`.

Ids are stable: the corpus id where there is one, else ``<file stem>#<index>`` (``#s.p`` for the
sections of 唐詩三百首).

Every field is checked for its kind as it is read (:mod:`songsmith.poetry.jsonfile`): a poem whose
title is a number or whose paragraphs hold a list is one :class:`PoemProblem`
(``file: poem #N: title is a number (5), not text``) and the others of the file read on.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import FileFormatError
from songsmith.language import has_cjk
from songsmith.poetry.jsonfile import (
    BadField,
    describe,
    id_field,
    lines_field,
    read_json,
    text_field,
)
from songsmith.poetry.normalise import (
    Annotation,
    correct_conversion,
    normalise_paragraphs,
)

if TYPE_CHECKING:
    from songsmith.document.model import Song

#: Sentence punctuation: a line holding one of these is verse, not a title.
_VERSE_PUNCT = re.compile(r"[，。？！；,?!;]")
_NUMBER = re.compile(r"\d+")


@dataclass
class Poem:
    """One poem: cleaned verse lines plus everything needed to trace it back to its source."""

    id: str
    title: str
    lines: list[str]
    author: str | None = None
    collection: str | None = None
    dynasty: str | None = None
    form: str | None = None  # the collection's own form label (section type, 词, 四言), if any
    tune: str | None = None  # 词牌 of a 词
    subtitle: str | None = None  # 唐詩三百首 subchapter, 全唐诗 preface after a TAB
    original: list[str] = field(default_factory=list)  # paragraphs exactly as given
    annotations: list[Annotation] = field(default_factory=list)
    source: str | None = None  # path of the file it came from
    first_line: int | None = None  # 1-based line in that file, for text and YAML files
    song: Song | None = None  # the user's song or poem file it was read from (kept as the starting point)
    label: str | None = None  # how messages name it: the file, file#index in a collection, file:line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _clean_title(raw: str | None) -> tuple[str, str | None]:
    """A one-line title and the preface that followed a TAB in it (全唐诗 新樂府 titles)."""
    if not raw:
        return "", None
    title, _, preface = raw.partition("\t")
    return " ".join(title.split()), (" ".join(preface.split()) or None)


def make_poem(
    poem_id: str, title: str | None, paragraphs: list[str], **fields: Any
) -> Poem:
    if not isinstance(paragraphs, list):
        paragraphs = [str(paragraphs)] if paragraphs else []
    texts = [p for p in paragraphs if isinstance(p, str)]
    if any(has_cjk(p) for p in texts) or not any(c.isalpha() for p in texts for c in p):
        lines, notes = normalise_paragraphs(paragraphs)
    else:  # lyrics in another language: lines as written (the cleaning above is for Chinese verse)
        lines = [" ".join(str(p).split()) for p in paragraphs if str(p).strip()]
        notes = []
    clean, preface = _clean_title(title)
    clean = correct_conversion(clean, 0, notes)
    if preface and not fields.get("subtitle"):
        fields["subtitle"] = preface
    if not clean:
        clean = lines[0][:12] if lines else "无题"
        notes.append(Annotation("title", "no title in the source; named after the first line", 0))
    return Poem(id=poem_id, title=clean, lines=lines, original=list(paragraphs), annotations=notes, **fields)


# chinese-poetry JSON ------------------------------------------------------------------------


def _file_order(path: Path) -> tuple[int, str]:
    numbers = _NUMBER.findall(path.name)
    return (int(numbers[-1]) if numbers else -1, path.name)


def corpus_files(path: str | os.PathLike[str]) -> list[Path]:
    """The poem JSON files of a chinese-poetry directory in numeric order (authors files left out)."""
    root = Path(path)
    if root.is_file():
        return [root]
    files = [p for p in root.rglob("*.json") if not p.name.startswith("authors")]
    return sorted(files, key=lambda p: (str(p.parent), *_file_order(p)))


@dataclass
class PoemProblem:
    """One poem of a collection that cannot be read: the file, the poem's index as in its id
    (``3``, ``0.2`` for 唐詩三百首), and what is wrong. The other poems of the file still read."""

    source: str
    index: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: poem #{self.index}: {self.message}"

    def error(self) -> FileFormatError:
        return FileFormatError(f"poem #{self.index}: {self.message}", path=self.source)


def detect_shape(data: Any) -> str:
    """``tangshi300``, ``quantangshi``, ``songci``, ``shijing`` or ``poems`` (generic paragraphs)."""
    if isinstance(data, dict) and isinstance(data.get("content"), list):
        return "tangshi300"
    if isinstance(data, list):
        for item in data[:20]:
            if not isinstance(item, dict):
                continue
            if "rhythmic" in item:
                return "songci"
            if "content" in item and "paragraphs" not in item:
                return "shijing"
            if "paragraphs" in item:
                return "quantangshi" if "id" in item else "poems"
            if "desc" in item and "name" in item:
                raise ValueError("this is a list of authors (name, desc), not of poems")
        if not data:
            return "poems"
    raise ValueError("not a chinese-poetry poem file (expected an array of poems or 唐詩三百首's object)")


def load_chinese_poetry(path: str | os.PathLike[str]) -> Iterator[Poem]:
    """Poems of one chinese-poetry JSON file, or of every poem file under a directory; a poem that
    cannot be read raises its :class:`PoemProblem` as a :class:`FileFormatError`."""
    for item in read_chinese_poetry(path):
        if isinstance(item, PoemProblem):
            raise item.error()
        yield item


def read_chinese_poetry(path: str | os.PathLike[str]) -> Iterator[Poem | PoemProblem]:
    """Every poem of one chinese-poetry JSON file (or of every poem file under a directory), a
    poem that cannot be read yielded as a :class:`PoemProblem`; a file that cannot be read at
    all raises :class:`FileFormatError`."""
    for file in corpus_files(path):
        yield from _load_json_file(file)


def _load_json_file(path: Path) -> Iterator[Poem | PoemProblem]:
    data = read_json(path)
    try:
        shape = detect_shape(data)
    except ValueError as exc:
        raise FileFormatError(str(exc), path=str(path)) from None
    if shape == "tangshi300":
        yield from _tangshi300(path, data)
        return
    read = {"songci": _songci, "shijing": _shijing}.get(shape, _flat)
    for index, item in enumerate(data):
        try:
            if not isinstance(item, dict):
                raise BadField(f"is {describe(item)}, not a poem (an object with its paragraphs)")
            yield read(path, index, item)
        except BadField as exc:
            yield PoemProblem(str(path), str(index), str(exc))


def _tangshi300(path: Path, data: dict[str, Any]) -> Iterator[Poem | PoemProblem]:
    stem, source = path.stem, str(path)
    try:
        collection = text_field(data, "title") or stem
    except BadField as exc:
        raise FileFormatError(f"the collection's {exc}", path=source) from None
    for s, section in enumerate(data["content"]):
        try:
            if not isinstance(section, dict):
                raise BadField(f"is {describe(section)}, not a section (an object with type and content)")
            form = text_field(section, "type")
            items = section.get("content") or []
            if not isinstance(items, list):
                raise BadField(f"content is {describe(items)}, not a list of poems")
        except BadField as exc:
            yield PoemProblem(source, str(s), f"section {exc}")
            continue
        for p, item in enumerate(items):
            try:
                if not isinstance(item, dict):
                    raise BadField(f"is {describe(item)}, not a poem (an object with its paragraphs)")
                yield make_poem(
                    f"{stem}#{s}.{p}", text_field(item, "chapter"), lines_field(item, "paragraphs"),
                    author=text_field(item, "author"), collection=collection, dynasty="唐", form=form,
                    subtitle=text_field(item, "subchapter"), source=source,
                )
            except BadField as exc:
                yield PoemProblem(source, f"{s}.{p}", str(exc))


def _songci(path: Path, index: int, item: dict[str, Any]) -> Poem:
    tune = text_field(item, "rhythmic")
    tune = tune.replace("・", "·") if tune else None
    return make_poem(
        f"{path.stem}#{index}", text_field(item, "title") or tune, lines_field(item, "paragraphs"),
        author=text_field(item, "author"), collection=path.stem, dynasty="宋", form="词", tune=tune,
        source=str(path),
    )


def _shijing(path: Path, index: int, item: dict[str, Any]) -> Poem:
    parts = (text_field(item, "chapter"), text_field(item, "section"))
    return make_poem(
        f"{path.stem}#{index}", text_field(item, "title"), lines_field(item, "content"),
        author=None, collection="诗经", dynasty="先秦", form="四言",
        subtitle="·".join(x for x in parts if x) or None, source=str(path),
    )


def _flat(path: Path, index: int, item: dict[str, Any]) -> Poem:
    stem = path.stem
    return make_poem(
        id_field(item, f"{stem}#{index}"), text_field(item, "title"), lines_field(item, "paragraphs"),
        author=text_field(item, "author"), collection=_collection_name(stem),
        dynasty="唐" if "tang" in stem else None, source=str(path),
    )


def _collection_name(stem: str) -> str:
    return "全唐诗" if stem.startswith("poet.tang") else stem


# Plain text ---------------------------------------------------------------------------------


def _looks_like_title(line: str) -> bool:
    return bool(line) and len(line) <= 30 and not _VERSE_PUNCT.search(line)


def parse_text_poems(text: str, name: str = "<input>") -> list[Poem]:
    """Poems of a plain text file.

    Blocks are separated by blank lines. A block whose first line has no sentence punctuation
    starts a new poem with that line as its title; a short second line without punctuation is
    the author. Other blocks are further stanzas of the poem before them. A file without any
    title line is one poem named after the file.
    """
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, current))
            current = []
    if current:
        blocks.append((start, current))
    stem = Path(name).stem
    poems: list[Poem] = []
    pending: list[tuple[int, str | None, list[str]]] = []
    for start, lines in blocks:
        if _looks_like_title(lines[0]) and (len(lines) > 1 or not pending or pending[-1][2]):
            pending.append((start, lines[0], lines[1:]))
        elif pending:
            pending[-1][2].extend(lines)
        else:
            pending.append((start, None, list(lines)))
    for index, (start, title, lines) in enumerate(pending):
        author = None
        if title and len(lines) > 1 and _looks_like_title(lines[0]) and len(lines[0]) <= 8:
            author, lines = lines[0], lines[1:]  # 登鹳雀楼 / 王之涣 / verse…
        poem = make_poem(f"{stem}#{index}", title or (stem if len(pending) == 1 else None), lines,
                         author=author, source=name)
        poem.first_line = start
        poems.append(poem)
    return poems


def load_text_file(path: str | os.PathLike[str]) -> list[Poem]:
    from songsmith.document.yamlio import read_text

    return parse_text_poems(read_text(path), str(path))
