"""``songsmith check``: validation plus lint of a loaded song.

Errors make ``check`` exit 1; warnings are shown and exit 0. File-format problems are raised
earlier, by :mod:`songsmith.songfile`, and exit 2.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from songsmith.lyrics.tags import INSTRUMENTAL_KINDS
from songsmith.lyrics.text import line_kind
from songsmith.resources import load_prompt_yaml
from songsmith.songfile import FileIssue, LoadedSong

_WORDS = re.compile(r"[A-Za-z][A-Za-z' ]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=1)
def _style_words() -> tuple[dict[str, str], tuple[str, ...], frozenset[str]]:
    data = load_prompt_yaml("lint/style-words.yaml")
    misspellings = {k.lower(): v for k, v in data["misspellings"].items()}
    vocabulary = tuple(word.lower() for word in data["vocabulary"])
    notes = frozenset(word.lower() for word in data["performance_notes"])
    return misspellings, vocabulary, notes


def style_misspellings(prompt: str) -> list[tuple[str, str]]:
    """(written, meant) for likely misspellings in a style prompt."""
    misspellings, vocabulary, _ = _style_words()
    found: list[tuple[str, str]] = []
    lowered = prompt.lower()
    for wrong, right in misspellings.items():
        if " " in wrong and re.search(rf"\b{re.escape(wrong)}\b", lowered):
            found.append((wrong, right))
    for match in _TOKEN.finditer(prompt):
        word = match.group(0)
        low = word.lower()
        if low in misspellings:
            found.append((word, misspellings[low]))
        elif len(low) >= 6 and low not in vocabulary:
            close = difflib.get_close_matches(low, vocabulary, n=1, cutoff=0.86)
            if close and not low.startswith(close[0]) and not close[0].startswith(low):
                found.append((word, close[0]))
    unique: dict[str, str] = {}
    for wrong, right in found:
        unique.setdefault(wrong, right)
    return list(unique.items())


def _line(loaded: LoadedSong, line_in_lyrics: int | None) -> int | None:
    return loaded.lyrics_line(line_in_lyrics) if line_in_lyrics is not None else None


def lint(loaded: LoadedSong) -> list[FileIssue]:
    """All warnings and errors for a loaded song, in file order."""
    song, path = loaded.song, loaded.path
    issues = list(loaded.issues)

    def at(key: tuple[object, ...]) -> int | None:
        pos = loaded.positions.find(key)
        return pos[0] if pos else None

    if loaded.shape == "poem":
        issues.append(FileIssue(path, None, "info", "poem",
                                "poem file: no lyrics yet (`songsmith render` arranges it into a song)"))
    elif not song.sections:
        if song.source and song.source.text:
            issues.append(FileIssue(path, at(("lyrics",)), "warning", "no-lyrics",
                                    "no lyrics yet; only the source text"))
        else:
            issues.append(FileIssue(path, at(("lyrics",)), "error", "no-lyrics",
                                    "nothing to sing: no lyrics and no source text"))

    _, _, performance_notes = _style_words()
    for section in song.sections:
        if not any(line_kind(line) in ("lyric", "backing") for line in section.lines):
            if section.kind not in INSTRUMENTAL_KINDS and section.kind != "custom":
                issues.append(FileIssue(path, _line(loaded, section.tag_line), "warning", "empty-section",
                                        f"[{section.label}] has no lyrics"))
        for index, line in enumerate(section.lines):
            here = _line(loaded, section.source_line(index))
            if line_kind(line) == "backing":
                words = {w.lower() for w in _TOKEN.findall(line)}
                if words and words <= performance_notes | {"and", "the", "a", "with"}:
                    issues.append(FileIssue(path, here, "warning", "note-in-parens",
                                            f"{line}: parentheses are sung as backing vocals; "
                                            "put performance notes in [brackets]"))
            elif line_kind(line) == "lyric" and ("[" in line or "]" in line):
                issues.append(FileIssue(path, here, "warning", "bracket-in-lyric",
                                        "square bracket inside a lyric line; some models cut the line there"))

    if song.style.prompt:
        for wrong, right in style_misspellings(song.style.prompt):
            issues.append(FileIssue(path, at(("style", "prompt")), "warning", "style-spelling",
                                    f"style prompt: '{wrong}' looks like a misspelling of '{right}'"))
    chosen = [t.id for t in song.takes if t.chosen]
    if len(song.takes) > 0 and not chosen and any(t.rating for t in song.takes):
        issues.append(FileIssue(path, at(("takes",)), "info", "no-chosen-take",
                                "takes are rated but none is chosen"))
    order = {"error": 0, "warning": 1, "info": 2}
    issues.sort(key=lambda issue: (issue.line or 0, order.get(issue.severity, 3)))
    return issues
