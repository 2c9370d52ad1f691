"""``songsmith check``: validation plus lint of a loaded song.

Errors make ``check`` exit 1; warnings are shown and exit 0. File-format problems are raised
earlier, by :mod:`songsmith.document.songfile`, and exit 2.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from songsmith.document.lyrics.tags import INSTRUMENTAL_KINDS
from songsmith.document.lyrics.text import line_kind
from songsmith.document.songfile import FileIssue, LoadedSong
from songsmith.resources import load_prompt_yaml

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


# Style length, artist names, contradictions ---------------------------------------------------


@lru_cache(maxsize=1)
def _style_limits() -> tuple[str, dict[str, dict[str, int]]]:
    data = load_prompt_yaml("lint/style-limits.yaml")
    targets = {str(t): {str(v): int(n) for v, n in versions.items()} for t, versions in data["targets"].items()}
    return str(data.get("default_target", "suno")), targets


def style_length_issues(prompt: str, target: str | None = None) -> list[tuple[str, str]]:
    """(severity, message) when ``prompt`` is over ``target``'s style limits (see style-limits.yaml)."""
    default, targets = _style_limits()
    name = (target or default).lower()
    versions = targets.get(name)
    if not versions:
        return []
    length = len(prompt)
    smallest, largest = min(versions.values()), max(versions.values())
    if length > largest:
        return [("error", f"style prompt is {length} characters; {name} takes at most {largest}")]
    if length > smallest:
        short = ", ".join(v for v, n in versions.items() if n < length)
        return [("warning", f"style prompt is {length} characters; over the {smallest} of {name} {short}")]
    return []


#: Extra sources of artist names (a plugin hook); each returns names.
_ARTIST_SOURCES: list[Callable[[], Iterable[str]]] = []


def register_artist_names(source: Callable[[], Iterable[str]] | Iterable[str]) -> None:
    """Add names to the artist check: a callable returning names, or the names themselves."""
    if callable(source):
        _ARTIST_SOURCES.append(source)
    else:
        names = list(source)
        _ARTIST_SOURCES.append(lambda: names)
    _artist_patterns.cache_clear()


def _env_artists() -> list[str]:
    path = os.environ.get("SONGSMITH_ARTISTS_FILE")
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as handle:
            return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]
    except OSError:
        return []


@lru_cache(maxsize=4)
def _artist_patterns(env_file: str | None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    names = list(load_prompt_yaml("lint/artists.yaml")["artists"]) + _env_artists()
    for source in _ARTIST_SOURCES:
        names.extend(source())
    patterns = []
    seen: set[str] = set()
    for name in names:
        key = name.strip().lower()
        if not key or key in seen:
            continue
        seen.add(key)
        if key.isascii():
            pattern = re.compile(rf"(?<![\w]){re.escape(key)}(?![\w])", re.IGNORECASE)
        else:
            pattern = re.compile(re.escape(name.strip()))
        patterns.append((name.strip(), pattern))
    return tuple(patterns)


def artist_names(text: str) -> list[str]:
    """Real artist names found in ``text`` (Suno rejects styles and lyrics that name one)."""
    found = []
    for name, pattern in _artist_patterns(os.environ.get("SONGSMITH_ARTISTS_FILE")):
        if pattern.search(text) and name not in found:
            found.append(name)
    return found


@lru_cache(maxsize=1)
def _contradictions() -> dict[str, object]:
    return load_prompt_yaml("lint/contradictions.yaml")


@lru_cache(maxsize=4096)
def _word_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word.lower())}(?![\w-])")


def _has_word(text: str, word: str) -> bool:
    """``word`` in (lower-case) ``text`` as a whole word."""
    return word.lower() in text and _word_pattern(word).search(text) is not None


@lru_cache(maxsize=1)
def _pairs() -> tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str], ...]:
    """The contradiction pairs, their words in lower case: (a, b, unless, message)."""
    return tuple((tuple(str(w).lower() for w in pair["a"]), tuple(str(w).lower() for w in pair["b"]),
                  tuple(str(w).lower() for w in pair.get("unless") or []), str(pair["message"]))
                 for pair in _contradictions().get("pairs") or [])  # type: ignore[union-attr]


def contradicting_words(prompt: str, tempo_bpm: int | None = None) -> list[tuple[str, str, str]]:
    """(word, word or tempo, message) for each pair of words in one style prompt that pull
    against each other (``prompts/lint/contradictions.yaml``): the rule set the mappers keep."""
    data = _contradictions()
    text = prompt.lower()
    found: list[tuple[str, str, str]] = []
    for a_words, b_words, unless, message in _pairs():
        a = [w for w in a_words if w in text and _word_pattern(w).search(text)]
        if not a:
            continue
        b = [w for w in b_words if w in text and _word_pattern(w).search(text)]
        if b and not any(_has_word(text, w) for w in unless):
            found.append((a[0], b[0], message))
    tempo = data.get("tempo") or {}
    if tempo_bpm is not None and isinstance(tempo, dict):
        slow = [w for w in tempo.get("slow_words", []) if _has_word(text, w)]
        fast = [w for w in tempo.get("fast_words", []) if _has_word(text, w)]
        if slow and tempo_bpm > int(tempo.get("slow_max_bpm", 90)):
            found.append((slow[0], f"{tempo_bpm} bpm", f"'{slow[0]}' but tempo_bpm is {tempo_bpm}"))
        if fast and tempo_bpm < int(tempo.get("fast_min_bpm", 100)):
            found.append((fast[0], f"{tempo_bpm} bpm", f"'{fast[0]}' but tempo_bpm is {tempo_bpm}"))
    return found


@lru_cache(maxsize=1)
def contradiction_vocabulary() -> frozenset[str]:
    """Every word the contradiction rules name: a prompt gains a contradiction only by one of these."""
    data = _contradictions()
    words = {str(w).lower() for pair in data.get("pairs") or [] for key in ("a", "b")  # type: ignore[union-attr]
             for w in pair[key]}
    tempo = data.get("tempo") or {}
    if isinstance(tempo, dict):
        words |= {str(w).lower() for key in ("slow_words", "fast_words") for w in tempo.get(key, [])}
    return frozenset(words)


def style_contradictions(prompt: str, tempo_bpm: int | None = None) -> list[str]:
    """Messages for words in one style prompt that pull against each other (slow + fast, …)."""
    out = []
    for a, b, message in contradicting_words(prompt, tempo_bpm):
        out.append(message if b.endswith(" bpm") else f"'{a}' and '{b}': {message}")
    return out


def children_unsuitable(prompt: str) -> list[str]:
    """Words of a style prompt a children's song should not ask for (war, darkness, aggression)."""
    text = prompt.lower()
    words = [str(w) for w in _contradictions().get("children_unsuitable") or []]  # type: ignore[union-attr]
    found = [w for w in words if _has_word(text, w)]
    return [w for w in found if not any(w != other and w in other for other in found)]


def children_vocal(prompt: str) -> str | None:
    """The child-friendly voice a style prompt asks for, if any."""
    text = prompt.lower()
    for word in _contradictions().get("children_vocals") or []:  # type: ignore[union-attr]
        if _has_word(text, str(word)):
            return str(word)
    return None


def style_issues(prompt: str, *, target: str | None = None, tempo_bpm: int | None = None,
                 what: str = "style prompt") -> list[tuple[str, str, str]]:
    """(severity, code, message) for one style prompt: length, artist names, contradictions."""
    issues = [(sev, "style-length", msg.replace("style prompt", what, 1)) for sev, msg in style_length_issues(prompt, target)]
    for name in artist_names(prompt):
        issues.append(("warning", "artist-name",
                       f"{what} names the artist '{name}'; Suno rejects artist names: describe the sound instead"))
    for message in style_contradictions(prompt, tempo_bpm):
        issues.append(("warning", "style-contradiction", f"{what}: {message}"))
    return issues


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

    for language in song.translations:
        for problem in song.translation_mismatches(language):
            issues.append(FileIssue(path, at(("translations", language)), "warning", "translation-mismatch", problem))
    if song.style.prompt:
        for wrong, right in style_misspellings(song.style.prompt):
            issues.append(FileIssue(path, at(("style", "prompt")), "warning", "style-spelling",
                                    f"style prompt: '{wrong}' looks like a misspelling of '{right}'"))
    if song.style.prompt:
        for severity, code, message in style_issues(song.style.prompt, tempo_bpm=song.style.tempo_bpm):
            issues.append(FileIssue(path, at(("style", "prompt")), severity, code, message))
    for index, candidate in enumerate(song.candidates):
        if candidate.style:
            for severity, code, message in style_issues(candidate.style, target=candidate.target or None,
                                                        what=f"candidate {candidate.id} style"):
                issues.append(FileIssue(path, at(("candidates", index, "style")), severity, code, message))
    for section in song.sections:
        for index, line in enumerate(section.lines):
            if line_kind(line) in ("lyric", "backing"):
                for name in artist_names(line):
                    issues.append(FileIssue(path, _line(loaded, section.source_line(index)), "warning",
                                            "artist-name", f"lyrics name the artist '{name}'; Suno may reject them"))
    issues.extend(_candidate_issues(loaded, at))
    chosen = [t.id for t in song.takes if t.chosen]
    if len(song.takes) > 0 and not chosen and any(t.rating for t in song.takes):
        issues.append(FileIssue(path, at(("takes",)), "info", "no-chosen-take",
                                "takes are rated but none is chosen"))
    order = {"error": 0, "warning": 1, "info": 2}
    issues.sort(key=lambda issue: (issue.line or 0, order.get(issue.severity, 3)))
    return issues


def _candidate_issues(loaded: LoadedSong, at: Callable[[tuple[object, ...]], int | None]) -> list[FileIssue]:
    """Which style packages use: one chosen candidate, agreeing with ``style:``."""
    song, path = loaded.song, loaded.path
    chosen = [(index, c) for index, c in enumerate(song.candidates) if c.chosen]
    issues: list[FileIssue] = []
    if len(chosen) > 1:
        ids = ", ".join(c.id for _, c in chosen)
        issues.append(FileIssue(path, at(("candidates", chosen[1][0], "chosen")), "warning", "several-chosen",
                                f"{len(chosen)} candidates are chosen ({ids}); packages use the first, "
                                f"{chosen[0][1].id}: `songsmith choose {path} ID` keeps one"))
    pending = song.chosen_not_applied()
    if pending is not None:
        index = song.candidates.index(pending)
        issues.append(FileIssue(path, at(("candidates", index, "chosen")), "warning", "chosen-not-style",
                                f"candidate {pending.id} is chosen but style: still says another; packages use "
                                f"{pending.id}'s style: `songsmith choose {path} {pending.id}` writes it into style:"))
    return issues
