"""ChordPro: the songbook format (``{title: …}``, ``{start_of_verse: label="Verse 1"}``, ``[Am]``).

Export writes songsmith's metadata as ``{meta: lyricist …}`` and ``{meta: songsmith_* …}``, every
section as an environment whose ``label`` is the section's tag text (verse, chorus and bridge use
the standard environments, other kinds a named one such as ``start_of_prechorus``, unknown tags
``start_of_part``), and cue lines such as ``[......?]`` as ``{comment: [......?]}``. ChordPro reads
``[…]`` as a chord, so brackets in lyrics are written ``\\[`` / ``\\]`` (a songsmith convention:
ChordPro itself has no escape), as are a leading ``{`` or ``#``. Import reads all of that back,
so ``import_chordpro(export_chordpro(song).text)`` gives the same sections, and reads ordinary
ChordPro files too: chords are dropped, ``{chorus}`` repeats the last chorus, comments become
notes, and lines outside any environment are kept in untagged sections.
"""

from __future__ import annotations

import re
from pathlib import Path

from songsmith.document.formats import Converted
from songsmith.document.lyrics.tags import CANONICAL_KINDS, LABELS, parse_tag
from songsmith.document.lyrics.text import (
    Section,
    format_lyrics,
    line_kind,
    normalise_newlines,
)
from songsmith.document.model import Song, Source, Style
from songsmith.language import guess_language

#: Environment of each kind that does not simply use its own name ("custom" → "part").
_ENVIRONMENTS = {"pre-chorus": "prechorus", "post-chorus": "postchorus", "fade-out": "fadeout"}
_KIND_OF_ENVIRONMENT = {env: kind for kind, env in _ENVIRONMENTS.items()}
_SHORT = {
    "t": "title", "st": "subtitle", "c": "comment", "ci": "comment_italic", "cb": "comment_box",
    "soc": "start_of_chorus", "eoc": "end_of_chorus", "sov": "start_of_verse", "eov": "end_of_verse",
    "sob": "start_of_bridge", "eob": "end_of_bridge", "sot": "start_of_tab", "eot": "end_of_tab",
    "sog": "start_of_grid", "eog": "end_of_grid",
}
_COMMENTS = frozenset({"comment", "comment_italic", "comment_box", "highlight"})
#: Metadata read into the song: name → (model, field). The first block is also written.
_FIELDS: dict[str, tuple[str, str]] = {
    "lyricist": ("source", "author"), "songsmith_language": ("song", "language"),
    "songsmith_style": ("style", "prompt"), "songsmith_exclude": ("style", "exclude"),
    **{f"songsmith_{f}": ("style", f) for f in ("genre", "mood", "instruments", "vocal", "language_tag")},
    **{f"songsmith_source_{f}": ("source", f) for f in ("title", "dynasty", "form", "collection", "id")},
}
_READ_ONLY_FIELDS = {"songsmith_source_author": ("source", "author"), "album": ("source", "collection")}
#: Standard metadata kept as a line of the song's notes.
_NOTE_META = frozenset({"sorttitle", "subtitle", "artist", "composer", "arranger", "copyright",
                        "year", "time", "duration", "capo"})
_DIRECTIVE = re.compile(r"\s*([A-Za-z][\w-]*)\s*:?(.*)$")
_META = re.compile(r"([\w.-]+)(?:\s+|$)(.*)$")
_LABEL = re.compile(r"""label\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')$""")
#: What export escapes: a backslash that would read as an escape, brackets, a leading { or #.
_ESCAPE = re.compile(r"\\(?=[\\\[\]{}#]|$)|[\[\]]|^[{#]")
_INLINE = re.compile(r"\\([\\\[\]{}#])|\[[^\]]*\]")


# Export -----------------------------------------------------------------------------------


def export_chordpro(song: Song) -> Converted:
    """Write a song as ChordPro; ``warnings`` name lyric lines with brackets in them."""
    warnings: list[str] = []
    lines = [f"{{title: {_one_line(song.title)}}}", *_meta_lines(song)]
    for section in song.sections:
        lines.append("")
        lines.extend(_section_lines(section, warnings))
    return Converted(text="\n".join(lines) + "\n", warnings=warnings)


def _one_line(value: str) -> str:
    return " ".join(_readable(value).split())


def _readable(value: str) -> str:
    # The reader drops U+FEFF everywhere (see normalise_newlines), so it is never written either:
    # what export writes, import reads back unchanged.
    return value.replace("\ufeff", "")


def _meta_lines(song: Song) -> list[str]:
    models = {"song": song, "style": song.style, "source": song.source}
    lines: list[str] = []
    for name, (model, field) in _FIELDS.items():
        value = getattr(models[model], field, None)  # None when the song has no source
        if isinstance(value, list):
            value = ", ".join(value)
        if isinstance(value, str):
            value = _readable(value)
        if value:
            lines.extend("{meta: " + f"{name} {part.strip()}".rstrip() + "}" for part in value.split("\n"))
    if song.style.key:
        lines.append(f"{{key: {_one_line(song.style.key)}}}")
    if song.style.tempo_bpm is not None:
        lines.append(f"{{tempo: {song.style.tempo_bpm}}}")
    return lines


def _environment(kind: str) -> str:
    return _ENVIRONMENTS.get(kind) or (kind if kind in CANONICAL_KINDS else "part")


def _section_lines(section: Section, warnings: list[str]) -> list[str]:
    body = [_body_line(line, section.label, warnings) for line in section.lines]
    if section.kind == "untagged" and section.tag is None:
        return body
    env = _environment(section.kind)
    label = section.label.replace("\\", "\\\\").replace('"', '\\"')
    return [f'{{start_of_{env}: label="{label}"}}', *body, f"{{end_of_{env}}}"]


def _body_line(line: str, label: str, warnings: list[str]) -> str:
    kind = line_kind(line)
    if kind == "break":
        return ""
    if kind == "cue":
        return f"{{comment: {line}}}"
    if "[" in line or "]" in line:
        warnings.append(f"[{label}] {line!r}: brackets written as \\[ \\]; "
                        "other ChordPro tools may read them as a chord")
    return _escape(line)


def _escape(line: str) -> str:
    return _ESCAPE.sub(lambda match: "\\" + match.group(0), line)


# Import -----------------------------------------------------------------------------------


def import_chordpro(text: str, name: str) -> Converted:
    """Read ChordPro into a song; ``warnings`` say what was dropped or guessed."""
    reader = _Reader(name)
    reader.read(text)
    return Converted(song=reader.song(), warnings=reader.warnings)


class _Reader:
    """Reads ChordPro line by line into sections, metadata and notes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lineno = 0
        self.sections: list[Section] = []
        self.current: Section | None = None
        self.env: str | None = None
        self.pending_break = False
        self.seen_env = False
        self.title: str | None = None
        self.fields: dict[str, dict[str, object]] = {"song": {}, "style": {}, "source": {}}
        self.notes: list[str] = []
        self.warnings: list[str] = []
        self.chords = 0

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.name}:{self.lineno}: {message}")

    def read(self, text: str) -> None:
        for self.lineno, raw in enumerate(normalise_newlines(text).split("\n"), start=1):
            line = raw.strip()
            if not line:
                self.pending_break = self.current is not None and bool(self.current.lines)
            elif line.startswith("{") and line.endswith("}"):
                self.directive(line[1:-1])
            elif not line.startswith("#"):
                self.lyric(line)
        if self.env is not None:
            self.warn(f"{{start_of_{self.env}}} is never ended")
        if self.chords:
            self.warnings.append(f"{self.name}: removed {self.chords} inline chord(s)")

    def song(self) -> Song:
        style = Style.model_validate(self.fields["style"])
        source = Source.model_validate(self.fields["source"]) if self.fields["source"] else None
        language = self.fields["song"].get("language") or guess_language(format_lyrics(self.sections))
        return Song(title=self.title or Path(self.name).stem or "untitled", language=language,
                    source=source, style=style, sections=self.sections,
                    notes="\n".join(self.notes) or None)

    # Lines --------------------------------------------------------------------------------
    def add(self, line: str) -> None:
        if self.current is None:
            if self.seen_env and self.env is None:
                self.warn("lyrics outside any environment; kept as an untagged section")
            self.open(Section(kind="untagged"))
        assert self.current is not None
        if self.pending_break:
            self.current.lines.append("")
        self.pending_break = False
        self.current.lines.append(line)

    def open(self, section: Section | None) -> None:
        if section is not None:
            self.sections.append(section)
        self.current = section
        self.pending_break = False

    def lyric(self, line: str) -> None:
        if line_kind(line) == "cue":
            self.add(line)  # [......?] written raw, as in tagged text: not a chord
            return
        chords = sum(1 for match in _INLINE.finditer(line) if match.group(1) is None)
        text = _INLINE.sub(lambda match: match.group(1) or "", line)
        if chords:
            self.chords += chords
            text = " ".join(text.split())
        if text:
            self.add(text)

    # Directives ---------------------------------------------------------------------------
    def directive(self, inner: str) -> None:
        match = _DIRECTIVE.match(inner)
        if match is None:
            self.warn(f"not a directive: {{{inner}}}; ignored")
            return
        name, value = _SHORT.get(match.group(1).lower(), match.group(1).lower()), match.group(2).strip()
        if name.startswith("start_of_") and len(name) > 9:
            self.start(name[9:], value)
        elif name.startswith("end_of_") and len(name) > 7:
            self.end(name[7:])
        elif name == "chorus":
            self.recall(value)
        elif name in _COMMENTS and line_kind(value) == "cue":
            self.add(value)
        elif name in _COMMENTS:
            self.notes.append(value)
        elif name == "meta":
            meta = _META.match(value)
            if meta is None:
                self.warn(f"{{meta: {value}}} has no name; ignored")
            else:
                self.meta(meta.group(1).lower(), meta.group(2).strip())
        elif name in ("title", "lyricist", "album", "key", "tempo") or name in _NOTE_META:
            self.meta(name, value)
        else:
            self.warn(f"directive {{{name}}} not supported; ignored")

    def meta(self, name: str, value: str) -> None:
        target = _FIELDS.get(name) or _READ_ONLY_FIELDS.get(name)
        if name == "title" and value and self.title is None:
            self.title = value
        elif name == "key" and value:
            self.fields["style"]["key"] = value
        elif name == "tempo" and value.isdecimal() and 20 <= int(value) <= 400:
            self.fields["style"]["tempo_bpm"] = int(value)
        elif target is not None:
            model, field = target
            old = self.fields[model].get(field)
            joiner = "\n" if name.startswith("songsmith_") else ", "
            self.fields[model][field] = f"{old}{joiner}{value}" if old is not None else value
        else:
            if name == "tempo":
                self.warn(f"tempo {value!r} is not a whole number of BPM from 20 to 400; kept in notes")
            self.notes.append(f"{name}: {value}")

    def start(self, env: str, value: str) -> None:
        if self.env is not None:
            self.warn(f"{{start_of_{env}}} inside {{start_of_{self.env}}}, which is ended here")
        self.open(_tagged(_label(value) or _environment_label(env), []))
        self.env, self.seen_env = env, True

    def end(self, env: str) -> None:
        if self.env is None:
            self.warn(f"{{end_of_{env}}} without a start; ignored")
            return
        if env != self.env:
            self.warn(f"{{end_of_{env}}} ends {{start_of_{self.env}}}")
        self.env = None
        self.open(None)

    def recall(self, value: str) -> None:
        last = next((s for s in reversed(self.sections) if s.kind == "chorus"), None)
        if last is None:
            self.warn("{chorus} before any chorus; ignored")
            return
        self.open(_tagged(_label(value) or last.label, list(last.lines)))
        self.open(None)


def _tagged(tag: str, lines: list[str]) -> Section:
    info = parse_tag(tag)
    return Section(kind=info.kind, number=info.number, descriptor=info.descriptor, tag=tag, lines=lines)


def _label(value: str) -> str | None:
    """The label of ``start_of_*``: ``label="Verse 1"`` (backslash escapes) or plain text."""
    match = _LABEL.match(value)
    if match is None:
        return value or None
    quoted = match.group(1) if match.group(1) is not None else match.group(2)
    return re.sub(r"\\(.)", r"\1", quoted) or None


def _environment_label(env: str) -> str:
    kind = _KIND_OF_ENVIRONMENT.get(env, env)
    return LABELS.get(kind) or env.replace("_", " ").title()
