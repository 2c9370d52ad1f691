"""Audio takes: load, measure, post-process, tag and export (pydub + ffmpeg + pyloudnorm + mutagen).

Importing this package is cheap: pydub, numpy, pyloudnorm and mutagen are imported inside the
functions that need them, so ``songsmith --help`` never pays for them.

Modules: :mod:`.ffmpeg` (find and run ffmpeg), :mod:`.probe` (decode, check, measure),
:mod:`.process` (trim, normalise, fade, join, preview), :mod:`.tags` (ID3 / Vorbis comments),
:mod:`.export` (atomic writes of mp3/ogg/wav/flac).
"""

from __future__ import annotations

from songsmith.errors import SongsmithError


class AudioError(SongsmithError):
    """Audio that cannot be read, processed or written; reported as one line, exit 2."""


#: Extensions treated as audio files (anything else given to ``songsmith audio`` is read as a song).
AUDIO_EXTENSIONS = (".mp3", ".wav", ".ogg", ".oga", ".opus", ".flac", ".m4a", ".aac", ".aif", ".aiff", ".webm")
