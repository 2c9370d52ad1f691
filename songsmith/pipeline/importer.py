"""``songsmith import CORPUS --from chinese-poetry -o DIR``: one poem file per corpus poem.

Files are named by the pinyin slug of the title (``jing-ye-si.yaml``), made unique with the
author's slug and then a number (``gong-ci-wang-jian.yaml``, ``gong-ci-2.yaml``); a name is never taken from the raw title, so it cannot leave ``DIR``.
Each file is a poem file (see :mod:`songsmith.document.songfile`): title, author, dynasty, form,
collection, id, the normalised text, and notes listing what normalisation removed.
Writes are atomic; existing files are only replaced with ``force``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songsmith.errors import UsageError
from songsmith.poetry.corpus import Poem, PoemProblem, read_chinese_poetry
from songsmith.poetry.slug import SlugAllocator, slugify


def matches(poem: Poem, select: str) -> bool:
    """``select`` is a poem id, a title, or part of a title (traditional or simplified)."""
    from songsmith.poetry.script import to_simplified

    wanted = select.strip()
    if not wanted:
        return True
    if poem.id == wanted:
        return True
    titles = {poem.title, to_simplified(poem.title)}
    if poem.subtitle:
        titles |= {poem.subtitle, to_simplified(poem.subtitle)}
    wanted_simple = to_simplified(wanted)
    return any(wanted in t or wanted_simple in t for t in titles)


def select_poems(poems: Iterable[Poem | PoemProblem], select: str | None) -> Iterator[Poem | PoemProblem]:
    """The poems ``select`` matches, and every poem that cannot be read (it might have matched)."""
    for poem in poems:
        if isinstance(poem, PoemProblem) or select is None or matches(poem, select):
            yield poem


def poem_file_data(poem: Poem) -> dict[str, Any]:
    """The poem as the keys of a poem file, in their documented order."""
    from songsmith.poetry.script import to_simplified

    data: dict[str, Any] = {"title": poem.title}
    if poem.author:
        data["author"] = poem.author
    if poem.dynasty:
        data["dynasty"] = poem.dynasty
    if poem.form:
        form = to_simplified(poem.form)
        data["form"] = f"{form}·{poem.tune}" if poem.tune and form == "词" else form
    if poem.collection:
        data["collection"] = poem.collection
    data["id"] = poem.id
    data["text"] = poem.text + "\n"
    notes = []
    if poem.subtitle:
        notes.append(f"subtitle: {poem.subtitle}")
    if poem.annotations:
        notes.append("removed on import:")
        notes.extend(f"- {a}" for a in poem.annotations)
    if notes:
        data["notes"] = "\n".join(notes) + "\n"
    return data


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    problems: list[PoemProblem] = field(default_factory=list)  # poems that cannot be read


def import_corpus(
    source: str | os.PathLike[str], out_dir: str | os.PathLike[str], *, select: str | None = None,
    force: bool = False,
) -> ImportReport:
    from songsmith.document.songfile import parse_song_text
    from songsmith.document.writer import write_text_atomic
    from songsmith.document.yamlio import dump_yaml

    directory = Path(out_dir)
    if directory.exists() and not directory.is_dir():
        raise UsageError("-o must be a directory for --from chinese-poetry", path=str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    root = directory.resolve()
    allocator = SlugAllocator()
    report = ImportReport()
    for poem in select_poems(read_chinese_poetry(source), select):
        if isinstance(poem, PoemProblem):
            report.problems.append(poem)
            continue
        if not poem.lines:
            report.skipped.append(f"{poem.id} ({poem.title}): no verse lines")
            continue
        base = slugify(poem.title)
        if base in allocator.taken and poem.author:  # 念奴娇 by two poets: nian-nu-jiao-xin-qi-ji
            base = f"{base}-{slugify(poem.author, max_length=24)}"
        name = allocator.claim(base) + ".yaml"
        target = directory / name
        if target.resolve().parent != root:  # cannot happen with slugs; a guard all the same
            raise UsageError(f"refusing to write outside {directory}", path=str(target))
        if target.exists() and not force:
            raise UsageError(
                f"file exists ({len(report.written)} files written before it); pass --force to overwrite",
                path=str(target),
            )
        text = dump_yaml(poem_file_data(poem))
        parse_song_text(text, str(target))  # must read back as a valid poem file
        write_text_atomic(target, text)
        report.written.append(target)
    if select is not None and not report.written and not report.skipped and not report.problems:
        raise UsageError(f"no poem matches --select {select!r} (give a title, part of one, or an id)",
                         path=str(source))
    return report
