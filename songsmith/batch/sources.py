"""Poems streamed from the SOURCE paths of ``songsmith batch``, their keys, names and hashes.

A SOURCE is a chinese-poetry JSON file, a directory (searched recursively: ``*.json`` corpora in
numeric file order, ``*.yaml``/``*.yml`` poem and song files, ``*.txt``/``*.md`` text), or a plain
text collection. Poems are yielded one at a time; a directory of 全唐诗 is read one file at a time.

A file that cannot be read is yielded as a :class:`SourceProblem` (recorded as a failed job), so
one bad file never stops a batch.

Every poem gets a *key* (its id, unique within the run: a repeated id gets ``~2``, ``~3``…) and a
*directory name*: the pinyin slug of its title, ``--`` and a short form of the key, always
``[a-z0-9-]``, at most 90 characters, never ``.``/``..``, unique within the run. Both depend only
on the order of the poems, so every run (resumed or not) gives every poem the same names.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songsmith.errors import SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.poetry.corpus import Poem

TEXT_SUFFIXES = (".txt", ".md", ".text")
YAML_SUFFIXES = (".yaml", ".yml")
_NON_ID = re.compile(r"[^a-z0-9]+")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
MAX_SLUG = 60
MAX_ID_PART = 24


@dataclass
class SourceProblem:
    """A source file that could not be read; it becomes one failed job keyed ``file:<path>``."""

    path: str
    message: str

    @property
    def key(self) -> str:
        return f"file:{self.path}"


def _files_of_directory(root: Path) -> list[Path]:
    from songsmith.poetry.corpus import corpus_files

    json_files = [p for p in corpus_files(root) if not any(part.startswith(".") for part in p.relative_to(root).parts)]
    others = sorted(
        (p for p in root.rglob("*")
         if p.is_file() and p.suffix.lower() in YAML_SUFFIXES + TEXT_SUFFIXES
         and not any(part.startswith(".") for part in p.relative_to(root).parts)),
        key=lambda p: str(p),
    )
    return json_files + others


def iter_sources(paths: Iterable[str | os.PathLike[str]],
                 exclude: Path | None = None) -> Iterator[Poem | SourceProblem]:
    """Poems (and unreadable files) of every SOURCE, in a stable order. ``exclude``: OUT itself."""
    for path in paths:
        p = Path(path)
        if not p.exists():
            yield SourceProblem(str(path), "no such file or directory")
            continue
        files = _files_of_directory(p) if p.is_dir() else [p]
        for file in files:
            if exclude is not None and _inside(file, exclude):
                continue
            yield from _poems_of_file(file)


def _inside(file: Path, directory: Path) -> bool:
    try:
        file.resolve().relative_to(directory.resolve())
        return True
    except ValueError:
        return False


def _poems_of_file(file: Path) -> Iterator[Poem | SourceProblem]:
    from songsmith.poetry.corpus import load_chinese_poetry, load_text_file, load_yaml_file

    suffix = file.suffix.lower()
    try:
        if suffix == ".json":
            yield from load_chinese_poetry(file)
        elif suffix in YAML_SUFFIXES:
            yield load_yaml_file(file)
        else:
            poems = load_text_file(file)
            if not poems:
                yield SourceProblem(str(file), "no poem found in the file")
            yield from poems
    except SongsmithError as exc:
        yield SourceProblem(str(file), exc.message)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        yield SourceProblem(str(file), f"{type(exc).__name__}: {exc}")


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
        self.keys: set[str] = set()
        self.names: set[str] = set()

    def key(self, poem_id: str) -> str:
        key, number = poem_id, 1
        while key in self.keys:
            number += 1
            key = f"{poem_id}~{number}"
        self.keys.add(key)
        return key

    def name(self, title: str | None, key: str) -> str:
        base = f"{slug_of(title)}--{id_part(key)}"
        name, number = base, 1
        while name in self.names:
            number += 1
            name = f"{base}-{number}"
        self.names.add(name)
        return name


def slug_of(title: str | None) -> str:
    from songsmith.poetry.slug import slugify

    try:
        slug = slugify(title, max_length=MAX_SLUG, fallback="untitled")
    except Exception:  # noqa: BLE001 - a title pypinyin cannot read still gets a name
        slug = "untitled"
    slug = _NON_ID.sub("-", slug.lower()).strip("-")[:MAX_SLUG].strip("-")
    return slug or "untitled"


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
    """What a poem's package depends on (its input hash is the hash of this)."""
    return {
        "id": poem.id, "title": poem.title, "author": poem.author, "collection": poem.collection,
        "dynasty": poem.dynasty, "form": poem.form, "tune": poem.tune, "subtitle": poem.subtitle,
        "original": list(poem.original), "lines": list(poem.lines),
    }


def digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
