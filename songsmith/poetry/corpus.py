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
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import FileFormatError
from songsmith.language import has_cjk
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


def _read_json(path: Path) -> Any:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise FileFormatError("no such file", path=str(path)) from None
    except UnicodeDecodeError:
        raise FileFormatError("not UTF-8 text; save the file as UTF-8", path=str(path)) from None
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"JSON syntax: {exc.msg}", path=str(path), line=exc.lineno, col=exc.colno) from None


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
    """Poems of one chinese-poetry JSON file, or of every poem file under a directory."""
    for file in corpus_files(path):
        yield from _load_json_file(file)


def _load_json_file(path: Path) -> Iterator[Poem]:
    data = _read_json(path)
    try:
        shape = detect_shape(data)
    except ValueError as exc:
        raise FileFormatError(str(exc), path=str(path)) from None
    stem = path.stem
    source = str(path)
    if shape == "tangshi300":
        collection = data.get("title") or stem
        for s, section in enumerate(data["content"]):
            if not isinstance(section, dict):
                continue
            for p, item in enumerate(section.get("content") or []):
                if not isinstance(item, dict):
                    continue
                yield make_poem(
                    f"{stem}#{s}.{p}", item.get("chapter"), item.get("paragraphs") or [],
                    author=item.get("author"), collection=collection, dynasty="唐",
                    form=section.get("type"), subtitle=item.get("subchapter"), source=source,
                )
        return
    for index, item in enumerate(data):
        if not isinstance(item, dict):
            continue
        if shape == "songci":
            tune = item.get("rhythmic")
            tune = tune.replace("・", "·") if isinstance(tune, str) else None
            yield make_poem(
                f"{stem}#{index}", item.get("title") or tune, item.get("paragraphs") or [],
                author=item.get("author"), collection=stem, dynasty="宋", form="词", tune=tune,
                source=source,
            )
        elif shape == "shijing":
            yield make_poem(
                f"{stem}#{index}", item.get("title"), item.get("content") or [],
                author=None, collection="诗经", dynasty="先秦", form="四言",
                subtitle="·".join(x for x in (item.get("chapter"), item.get("section")) if x) or None,
                source=source,
            )
        else:
            poem_id = str(item.get("id") or f"{stem}#{index}")
            yield make_poem(
                poem_id, item.get("title"), item.get("paragraphs") or [],
                author=item.get("author"), collection=_collection_name(stem),
                dynasty="唐" if "tang" in stem else None, source=source,
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
