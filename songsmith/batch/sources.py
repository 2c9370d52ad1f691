"""The poems of ``songsmith batch``: selection, keys, names and hashes.

The poems themselves come from :func:`songsmith.pipeline.sources.read_poems` (any file or folder songsmith
reads; a file that cannot be read is one failed job, so one bad file never stops a batch).

Every poem gets a *key* (its id, unique within the run: a repeated id gets ``~2``, ``~3``…) and a
*directory name*: the pinyin slug of its title, ``--`` and a short form of the key, always
``[a-z0-9-]``, at most 90 characters, never ``.``/``..``, unique within the run. Both depend only
on the order of the poems, so every run (resumed or not) gives every poem the same names.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import UsageError

if TYPE_CHECKING:
    from songsmith.poetry.corpus import Poem

_NON_ID = re.compile(r"[^a-z0-9]+")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
MAX_ID_PART = 24


# Selection ----------------------------------------------------------------------------------

_FIELDS = ("id", "title", "author", "form", "collection", "dynasty", "tune", "subtitle", "source", "lines", "chars")
_CONDITION = re.compile(r"^\s*(\w+)\s*(!=|<=|>=|=|~|<|>)\s*(.*?)\s*$")


def poem_field(poem: Poem, name: str) -> Any:
    if name == "lines":
        return len(poem.lines)
    if name == "chars":
        return sum(len(line) for line in poem.lines)
    return getattr(poem, name, None)


def parse_select(expressions: Iterable[str]) -> Callable[[Poem], bool]:
    """A predicate from ``--select`` expressions (all must hold).

    An expression is conditions joined by ``,`` (and); a condition is ``FIELD OP VALUE`` with OP one
    of ``=`` (equal; ``a|b`` for either), ``!=``, ``~`` (contains), ``<``, ``<=``, ``>``, ``>=``
    (numbers: ``lines``, ``chars``). Fields: id, title, author, form, collection, dynasty, tune,
    subtitle, source, lines, chars. Example: ``--select 'author=李白|杜甫,lines<=8'``.
    Text comparisons ignore the difference between traditional and simplified characters.
    """
    checks: list[Callable[[Poem], bool]] = []
    for expression in expressions:
        for part in expression.split(","):
            if not part.strip():
                continue
            match = _CONDITION.match(part)
            if not match or match.group(1) not in _FIELDS:
                raise UsageError(f"--select: cannot read {part.strip()!r}; write FIELD=VALUE, FIELD~TEXT, "
                                 f"FIELD!=VALUE or lines<=N with FIELD one of {', '.join(_FIELDS)}")
            checks.append(_condition(*match.groups()))
    return lambda poem: all(check(poem) for check in checks)


def _fold(text: Any) -> str:
    from songsmith.poetry.script import to_simplified

    return to_simplified(str(text)).casefold() if text is not None else ""


def _condition(name: str, op: str, value: str) -> Callable[[Poem], bool]:
    if op in ("<", "<=", ">", ">="):
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--select: {name}{op}{value}: {value!r} is not a number") from None
        compare = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__}[op]

        def numeric(poem: Poem) -> bool:
            got = poem_field(poem, name)
            try:
                return compare(float(got), number)
            except (TypeError, ValueError):
                return False

        return numeric
    if op == "~":
        wanted = _fold(value)
        return lambda poem: wanted in _fold(poem_field(poem, name))
    options = {_fold(v) for v in value.split("|")}
    if op == "=":
        return lambda poem: _fold(poem_field(poem, name)) in options
    return lambda poem: _fold(poem_field(poem, name)) not in options


# Keys, names and hashes ---------------------------------------------------------------------


class Namer:
    """Unique job keys and directory names, allocated in stream order (the same on every run)."""

    def __init__(self) -> None:
        from songsmith.poetry.slug import SlugAllocator

        self.keys: set[str] = set()
        self.names = SlugAllocator()

    def key(self, poem_id: str) -> str:
        key, number = poem_id, 1
        while key in self.keys:
            number += 1
            key = f"{poem_id}~{number}"
        self.keys.add(key)
        return key

    def name(self, title: str | None, key: str) -> str:
        from songsmith.poetry.slug import slugify

        return self.names.claim(f"{slugify(title)}--{id_part(key)}")


def id_part(key: str) -> str:
    """A short, readable, file-name-safe form of a job key (``#0.3`` → ``0-3``; UUID → its last 12 hex digits)."""
    raw = key.lower()
    base, tilde, number = raw.partition("~")
    if _UUID.match(base):
        part = base.replace("-", "")[-12:]  # the random end of a v4 UUID
    else:
        tail = base.rpartition("#")[2] if "#" in base else base
        part = _NON_ID.sub("-", tail).strip("-")
        if not part or len(part) > MAX_ID_PART:
            part = hashlib.sha1(base.encode("utf-8")).hexdigest()[:12]
    if tilde and number.isdigit():
        part = f"{part}-{number}"
    return part


def poem_input(poem: Poem) -> dict[str, Any]:
    """What a poem's package depends on (its input hash is the hash of this): for a poem read
    from a song or poem file, that file's whole song too (its lyrics, style and candidates)."""
    data: dict[str, Any] = {
        "id": poem.id, "title": poem.title, "author": poem.author, "collection": poem.collection,
        "dynasty": poem.dynasty, "form": poem.form, "tune": poem.tune, "subtitle": poem.subtitle,
        "original": list(poem.original), "lines": list(poem.lines),
    }
    if poem.song is not None:
        from songsmith.document.songfile import song_to_data

        data["song"] = song_to_data(poem.song)
    return data


def digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Counting ----------------------------------------------------------------------------------


def _collection_size(data: Any) -> int:
    """How many jobs a decoded chinese-poetry file makes: one per poem, and one per entry that
    cannot be read (each is one failed job)."""
    from songsmith.poetry.corpus import detect_shape

    if detect_shape(data) != "tangshi300":
        return len(data)
    total = 0
    for section in data["content"]:
        items = section.get("content") if isinstance(section, dict) else None
        total += len(items) if isinstance(items, list) else 1
    return total


def count_poems(sources: Sequence[str]) -> int:
    """How many poems the sources hold (JSON counted without building poems)."""
    from songsmith.errors import SongsmithError
    from songsmith.pipeline.sources import (
        CORPUS_SUFFIXES,
        SONG_SUFFIXES,
        input_files,
        poems_of_file,
    )
    from songsmith.poetry.jsonfile import read_json

    total = 0
    for source in sources:
        p = Path(source)
        if not p.exists():
            total += 1
            continue
        for file in (input_files(p) if p.is_dir() else [p]):
            suffix = file.suffix.lower()
            if suffix in CORPUS_SUFFIXES:
                try:
                    total += _collection_size(read_json(file))
                except (SongsmithError, ValueError):
                    total += 1
            elif suffix in SONG_SUFFIXES:
                total += 1
            else:
                try:
                    total += max(1, sum(1 for _ in poems_of_file(file)))
                except Exception:  # noqa: BLE001 - counted as the one failure it will be
                    total += 1
    return total
