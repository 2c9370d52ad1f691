"""What a target makes and what its validator finds: options, files, problems, variants."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """A rule a target's files break. ``severity`` is ``error`` (the target would misread the
    files) or ``warning`` (a soft limit or an unverified rule)."""

    target: str
    file: str
    code: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.target}: {self.file}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict[str, str]:
        return {"file": self.file, "severity": self.severity, "code": self.code, "message": self.message}


@dataclass
class TargetOutput:
    """Files (relative path -> text), warnings (something the user should act on; ``--strict``
    fails on them) and notes (what was done on purpose, e.g. synthesised timestamps)."""

    files: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Options:
    """Options for rendering. Every field has a safe default.

    * ``suno_model``: ``v3``, ``v3.5``, ``v4``, ``v4.5``, ``v4.5+``, ``v5``, ``v5.5`` (or the
      ``chirp-*`` name); decides the length limits and whether tag descriptors are kept.
    * ``minimax_model``: ``music-1.5``, ``music-2.0``, ``music-2.5``, ``music-2.6``, ``music-3.0``.
    * ``mureka_model``: ``auto``, ``mureka-6``, ``mureka-7.5``, ``mureka-o1``.
    * ``homophones``: replace polyphonic characters read classically by an unambiguous homophone
      in targets that read characters the modern way (the lyric sheet keeps the original).
    * ``pinyin_hints``: Suno only: write such characters as tone-marked pinyin instead.
    * ``style_prompt``: a candidate's style prompt, used instead of the song's.
    * ``variant``: a candidate number; file names get it before their extension (suno.1.json).
    """

    suno_model: str = "v4.5"
    minimax_model: str = "music-2.6"
    mureka_model: str = "auto"
    homophones: bool = False
    pinyin_hints: bool = False
    style_prompt: str | None = None
    variant: str | None = None


def variant_name(path: str, variant: str | None) -> str:
    """``suno.json`` -> ``suno.1.json``; ``yue/genre.txt`` -> ``yue/genre.1.txt``."""
    if not variant:
        return path
    head, _, name = path.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    new = f"{stem}.{variant}.{ext}" if dot else f"{name}.{variant}"
    return f"{head}/{new}" if head else new


def split_variants(files: dict[str, str], canonical: Iterable[str]) -> dict[str | None, dict[str, tuple[str, str]]]:
    """Group files by variant: ``{variant: {canonical name: (actual name, text)}}``.

    Files that are not one of ``canonical`` (with or without a variant number) are ignored.
    """
    patterns = []
    for name in canonical:
        head, _, base = name.rpartition("/")
        stem, dot, ext = base.rpartition(".")
        prefix = re.escape(f"{head}/") if head else ""
        if dot:
            pattern = rf"{prefix}{re.escape(stem)}(?:\.(\d+))?\.{re.escape(ext)}"
        else:
            pattern = rf"{prefix}{re.escape(base)}(?:\.(\d+))?"
        patterns.append((name, re.compile(pattern)))
    groups: dict[str | None, dict[str, tuple[str, str]]] = {}
    for actual, text in files.items():
        for name, pattern in patterns:
            match = pattern.fullmatch(actual)
            if match:
                groups.setdefault(match.group(1), {})[name] = (actual, text)
                break
    return groups


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_documents(target: str, files: dict[str, str], canonical: Sequence[str],
                   problems: list[Problem]) -> Iterator[tuple[str, dict[str, Any], Callable[..., None]]]:
    """Each variant's main JSON file as ``(name, data, err)``, for validators.

    A missing file or a file that is not a JSON object is recorded in ``problems`` and skipped;
    ``err(code, message, severity="error")`` records a problem against that file.
    """
    groups = split_variants(files, canonical)
    if not groups:
        problems.append(Problem(target, canonical[0], "missing", f"no {canonical[0]}"))
        return
    for group in groups.values():
        name, text = group[canonical[0]]
        data = load_json(target, name, text, problems)
        if not isinstance(data, dict):
            continue

        def err(code: str, message: str, severity: str = "error", name: str = name) -> None:
            problems.append(Problem(target, name, code, message, severity))

        yield name, data, err


def load_json(target: str, name: str, text: str, problems: list[Problem]) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        problems.append(Problem(target, name, "json", f"not valid JSON: {exc}"))
        return None
