"""Tags with mutagen: ID3 for mp3 and wav, Vorbis comments for ogg and flac.

What is written (when known):

==============  =====================  ==========================
field           ID3 (mp3, wav)         Vorbis comment (ogg, flac)
==============  =====================  ==========================
title           TIT2                   TITLE
artist          TPE1                   ARTIST
lyricist        TEXT                   LYRICIST
album           TALB                   ALBUM
year            TDRC                   DATE
genre           TCON                   GENRE
lyrics          USLT                   LYRICS
synced lyrics   SYLT (ms, lyrics)      SYNCEDLYRICS (LRC text)
==============  =====================  ==========================

From a song: title = ``title``, artist and lyricist = ``source.author``, album =
``source.collection``, genre = ``style.genre``, lyrics = the sung lines (lyric and backing
lines, a blank line between sections, no section tags). Synced lyrics need timing, which
song files do not hold: pass an LRC file with ``[mm:ss.xx]`` stamps.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from songsmith.audio import AudioError

#: BCP 47 primary language -> ISO 639-2 code for USLT/SYLT ("XXX" = unknown, as ID3 says).
_ISO639_2 = {
    "zh": "zho", "yue": "zho", "en": "eng", "eo": "epo", "ja": "jpn", "ko": "kor", "fr": "fra",
    "de": "deu", "es": "spa", "it": "ita", "pt": "por", "ru": "rus", "vi": "vie",
}

_STAMP = re.compile(r"\[(\d{1,3}):(\d{1,2}(?:[.:]\d{1,3})?)\]")


@dataclass
class TagInfo:
    title: str | None = None
    artist: str | None = None
    lyricist: str | None = None
    album: str | None = None
    year: str | None = None
    genre: str | None = None
    language: str | None = None
    lyrics: str | None = None
    synced: list[tuple[int, str]] = field(default_factory=list)  # (start ms, line)

    def fields(self) -> list[str]:
        names = [name for name in ("title", "artist", "lyricist", "album", "year", "genre", "lyrics")
                 if getattr(self, name)]
        return names + (["synced lyrics"] if self.synced else [])


def plain_lyrics(song: Any) -> str:
    """The sung lines of a song (lyric and backing), a blank line between sections."""
    from songsmith.document.lyrics.text import line_kind

    blocks = []
    for section in song.sections:
        lines = [line for line in section.lines if line_kind(line) in ("lyric", "backing")]
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def tag_info_from_song(song: Any, **overrides: Any) -> TagInfo:
    source = song.source
    author = source.author if source else None
    info = TagInfo(
        title=song.title,
        artist=author,
        lyricist=author,
        album=source.collection if source else None,
        genre=", ".join(song.style.genre) or None,
        language=song.language,
        lyrics=plain_lyrics(song) or None,
    )
    for key, value in overrides.items():
        if value is not None:
            setattr(info, key, value)
    return info


def read_lrc(path: str | os.PathLike[str]) -> list[tuple[int, str]]:
    """Timed lines of an LRC file as (ms, text), sorted; a line with several stamps repeats."""
    name = str(path)
    try:
        with open(name, encoding="utf-8-sig") as handle:
            text = handle.read(5_000_000)
    except (OSError, UnicodeDecodeError) as exc:
        raise AudioError(f"cannot read LRC: {exc}", path=name) from None
    offset = 0
    match = re.search(r"^\[offset:\s*([+-]?\d+)\]", text, re.MULTILINE | re.IGNORECASE)
    if match:
        offset = int(match.group(1))
    lines: list[tuple[int, str]] = []
    for raw in text.splitlines():
        stamps = []
        rest = raw.strip()
        while (found := _STAMP.match(rest)) is not None:
            minutes, seconds = found.group(1), found.group(2).replace(":", ".")
            stamps.append(int(round((int(minutes) * 60 + float(seconds)) * 1000)))
            rest = rest[found.end():]
        text_part = re.sub(r"<\d+:\d+(?:\.\d+)?>", "", rest).strip()  # enhanced LRC word stamps
        lines.extend((max(0, stamp - offset), text_part) for stamp in stamps)
    if not lines:
        raise AudioError("no [mm:ss.xx] timed lines in this LRC file", path=name)
    return sorted(lines, key=lambda item: item[0])


def lrc_text(synced: list[tuple[int, str]]) -> str:
    def stamp(ms: int) -> str:
        minutes, rest = divmod(ms // 10, 6000)
        return f"[{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}]"

    return "\n".join(f"{stamp(ms)}{text}" for ms, text in synced)


def write_tags(path: str | os.PathLike[str], fmt: str, info: TagInfo) -> None:
    """Write ``info`` into the file at ``path`` (an mp3, wav, ogg or flac just exported)."""
    name = str(path)
    try:
        if fmt == "mp3":
            from mutagen.id3 import ID3, ID3NoHeaderError

            try:
                tags = ID3(name)
            except ID3NoHeaderError:
                tags = ID3()
            _fill_id3(tags, info)
            tags.save(name, v2_version=4)
        elif fmt == "wav":
            from mutagen.wave import WAVE

            wave = WAVE(name)
            if wave.tags is None:
                wave.add_tags()
            _fill_id3(wave.tags, info)
            wave.save()
        elif fmt in ("ogg", "flac"):
            if fmt == "ogg":
                from mutagen.oggvorbis import OggVorbis as Kind
            else:
                from mutagen.flac import FLAC as Kind
            audio = Kind(name)
            if audio.tags is None:
                audio.add_tags()
            _fill_vorbis(audio.tags, info)
            audio.save()
        else:
            raise AudioError(f"cannot tag {fmt!r} files")
    except AudioError:
        raise
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds; the user needs one line
        raise AudioError(f"could not write tags: {type(exc).__name__}: {exc}", path=name) from None


def _lang(info: TagInfo) -> str:
    primary = (info.language or "").split("-")[0].lower()
    return _ISO639_2.get(primary, "XXX")


def _fill_id3(tags: Any, info: TagInfo) -> None:
    from mutagen.id3 import SYLT, TALB, TCON, TDRC, TEXT, TIT2, TPE1, USLT

    text_frames = [(TIT2, info.title), (TPE1, info.artist), (TEXT, info.lyricist), (TALB, info.album),
                   (TDRC, info.year), (TCON, info.genre)]
    for frame, value in text_frames:
        if value:
            tags.setall(frame.__name__, [frame(encoding=3, text=[value])])
    lang = _lang(info)
    if info.lyrics:
        tags.setall("USLT", [USLT(encoding=3, lang=lang, desc="", text=info.lyrics)])
    if info.synced:
        tags.setall("SYLT", [SYLT(encoding=3, lang=lang, format=2, type=1, desc="",
                                  text=[(text, ms) for ms, text in info.synced])])


def _fill_vorbis(tags: Any, info: TagInfo) -> None:
    pairs = [("TITLE", info.title), ("ARTIST", info.artist), ("LYRICIST", info.lyricist), ("ALBUM", info.album),
             ("DATE", info.year), ("GENRE", info.genre), ("LYRICS", info.lyrics)]
    for key, value in pairs:
        if value:
            tags[key] = [value]
    if info.synced:
        tags["SYNCEDLYRICS"] = [lrc_text(info.synced)]
