"""Write mp3/ogg/wav/flac atomically: encode into a temp file beside the target, tag it, fsync, rename.

A failure at any step removes the temp file, so the target is either the old file or the complete
new one, never a partial write. Inputs are never opened for writing.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from songsmith.audio import AudioError
from songsmith.audio.ffmpeg import last_line, pydub_segment
from songsmith.audio.tags import TagInfo, write_tags
from songsmith.document.writer import atomic_output

#: format -> (ffmpeg codec, default bitrate or None, extra ffmpeg parameters)
FORMATS: dict[str, tuple[str | None, str | None, list[str]]] = {
    "mp3": ("libmp3lame", "320k", []),
    "ogg": ("libvorbis", None, ["-q:a", "6"]),
    "flac": ("flac", None, []),
    "wav": (None, None, []),
}
_SUFFIXES = {".mp3": "mp3", ".ogg": "ogg", ".oga": "ogg", ".flac": "flac", ".wav": "wav"}


def format_for(output: str | os.PathLike[str], explicit: str | None) -> str:
    """The format to write: ``explicit`` if given, else from the output's extension."""
    if explicit:
        if explicit not in FORMATS:
            raise AudioError(f"unknown format {explicit!r}; use one of {', '.join(FORMATS)}")
        return explicit
    suffix = Path(output).suffix.lower()
    if suffix not in _SUFFIXES:
        raise AudioError(f"cannot tell the format from {suffix or 'no extension'!r}; pass --format "
                         f"{'|'.join(FORMATS)}", path=str(output))
    return _SUFFIXES[suffix]


def refuse_overwriting_inputs(output: str | os.PathLike[str], inputs: list[str]) -> None:
    target = Path(output)
    for source in inputs:
        same = target.resolve() == Path(source).resolve()
        if not same and target.exists():
            try:
                same = os.path.samefile(target, source)
            except OSError:
                same = False
        if same:
            raise AudioError("the output is an input file; songsmith never overwrites the original audio "
                             "(choose another -o)", path=str(output))


def check_output(output: str | os.PathLike[str]) -> Path:
    """The directory ``output`` goes in, checked before any work is done."""
    target = Path(output)
    if target.is_dir():
        raise AudioError("is a directory; give a file name to -o", path=str(output))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise AudioError(f"no such directory: {directory}", path=str(output))
    if not os.access(directory, os.W_OK):
        raise AudioError(f"cannot write in {directory}: permission denied", path=str(output))
    return directory


def export_audio(segment: Any, output: str | os.PathLike[str], fmt: str, *, tags: TagInfo | None = None,
                 bitrate: str | None = None) -> Path:
    """Encode ``segment`` as ``fmt`` to exactly ``output``, atomically, with ``tags`` if given."""
    pydub_segment()  # point pydub at our ffmpeg
    codec, default_bitrate, parameters = FORMATS[fmt]
    target = Path(output)
    check_output(output)  # fails before encoding: a directory, missing parent, no permission
    with atomic_output(target, suffix=".part") as tmp:
        _encode(segment, str(tmp), fmt, codec, bitrate or default_bitrate, parameters)
        if tags is not None:
            write_tags(str(tmp), fmt, tags)
    return target


def _encode(segment: Any, path: str, fmt: str, codec: str | None, bitrate: str | None,
            parameters: list[str]) -> None:
    from pydub.exceptions import CouldntEncodeError

    try:
        handle = segment.export(path, format=fmt, codec=codec, bitrate=bitrate if fmt == "mp3" else None,
                                parameters=parameters or None)
        handle.close()
    except CouldntEncodeError as exc:
        message = str(exc)
        reason = last_line(message.split("Output from ffmpeg/avlib:", 1)[-1]) if message else "unknown error"
        if "Unknown encoder" in message or "Encoder not found" in message or "codec not currently supported" in message:
            raise AudioError(f"this ffmpeg cannot encode {fmt} ({codec}): {reason}; install an ffmpeg with "
                             f"{codec} or choose another --format") from None
        raise AudioError(f"ffmpeg could not encode {fmt}: {reason}") from None
    if os.path.getsize(path) == 0:
        raise AudioError(f"ffmpeg wrote an empty {fmt} file")


