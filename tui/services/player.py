"""Playing a take through the system's command-line audio player (no GUI, no extra library).

The first player found on ``PATH`` that reads the file's format is used: ``ffplay`` (FFmpeg),
``mpv``, ``afplay`` (macOS), ``play`` (SoX) read any format; ``paplay`` / ``pw-play`` (PulseAudio,
PipeWire) WAV, FLAC and Ogg; ``aplay`` (ALSA) WAV. ``$SONGSMITH_PLAYER`` (a command line, the file
is appended) wins over all of them. When there is no player, or the player fails (no sound card,
no sound server), the message says so in one line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

PLAYER_ENV = "SONGSMITH_PLAYER"
_LIBSNDFILE = frozenset({".wav", ".flac", ".ogg", ".oga", ".aif", ".aiff"})

#: (executable, arguments before the file, suffixes it reads or None for any)
PLAYERS: tuple[tuple[str, tuple[str, ...], frozenset[str] | None], ...] = (
    ("ffplay", ("-nodisp", "-autoexit", "-loglevel", "error"), None),
    ("mpv", ("--no-video", "--really-quiet"), None),
    ("afplay", (), None),
    ("play", ("-q",), None),
    ("paplay", (), _LIBSNDFILE),
    ("pw-play", (), _LIBSNDFILE),
    ("aplay", ("-q",), frozenset({".wav"})),
)


class PlayError(Exception):
    """The take cannot be played here; the message says why (one line)."""


def player_command(path: str | os.PathLike[str]) -> list[str] | None:
    """The command that plays ``path`` on this machine, or None when no player reads it."""
    configured = os.environ.get(PLAYER_ENV, "").strip()
    if configured:
        return [*shlex.split(configured), str(path)]
    suffix = Path(path).suffix.lower()
    for name, args, suffixes in PLAYERS:
        if suffixes is not None and suffix not in suffixes:
            continue
        found = shutil.which(name)
        if found:
            return [found, *args, str(path)]
    return None


def audio_device() -> bool | None:
    """Whether this machine shows a way to sound: an ALSA card or a PulseAudio/PipeWire server
    (Linux). None where it cannot be told (macOS, Windows: assumed there)."""
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    if any(Path(runtime, name).exists() for name in ("pulse/native", "pipewire-0")):
        return True
    snd = Path("/dev/snd")
    try:
        return any(entry.name.startswith("pcm") for entry in snd.iterdir())
    except OSError:
        return False


def _no_device_hint() -> str:
    return "; this machine shows no audio device (no sound card, no PulseAudio or PipeWire server)" \
        if audio_device() is False else ""


def no_player_message(path: str | os.PathLike[str]) -> str:
    names = ", ".join(name for name, _, _ in PLAYERS[:2])
    return (f"no audio player for {Path(path).name}: install one of {names}, paplay or aplay, "
            f"or set {PLAYER_ENV} to a command" + _no_device_hint())


class Playback:
    """One take playing in a child process (its own process group, so stop ends all of it)."""

    def __init__(self, take_id: str, path: str | os.PathLike[str]) -> None:
        self.take_id = take_id
        self.path = Path(path)
        if not self.path.is_file():
            raise PlayError(f"take {take_id}: the audio file is missing: {self.path}")
        command = player_command(self.path)
        if command is None:
            raise PlayError(no_player_message(self.path))
        self.command = command
        self._stderr: IO[bytes] = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=self._stderr, start_new_session=True)
        except OSError as exc:
            self._stderr.close()
            raise PlayError(f"could not run {command[0]}: {exc.strerror or exc}") from None

    @property
    def player(self) -> str:
        return Path(self.command[0]).name

    def poll(self) -> int | None:
        """None while playing, else the player's exit status."""
        return self.process.poll()

    def failure(self) -> str | None:
        """The one-line reason when the player exited with an error (None while playing, or on success)."""
        code = self.process.poll()
        if not code or self._stderr.closed:
            return None
        self._stderr.seek(0)
        lines = [line.strip() for line in self._stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        said = f": {lines[-1]}" if lines else f" (exit status {code})"
        return f"{self.player} could not play take {self.take_id}{said}{_no_device_hint()}"

    def stop(self) -> None:
        """End the player (and anything it started); safe to call twice."""
        if self.process.poll() is None:
            try:
                self._signal(signal.SIGTERM)
                self.process.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                try:
                    self._signal(getattr(signal, "SIGKILL", signal.SIGTERM))
                except OSError:
                    pass
                self.process.wait()
        self._stderr.close()

    def _signal(self, number: int) -> None:
        if hasattr(os, "killpg"):
            os.killpg(self.process.pid, number)
        else:  # Windows: no process groups here
            self.process.send_signal(number)
