"""Errors that reach the user as one line: ``path:line:col: message``."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every character ``str.splitlines`` breaks on, mapped to its escape (a backslash and n, …).
_ESCAPE_LINE_BREAKS = {
    code: repr(chr(code))[1:-1] for code in (0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
}


@dataclass
class SongsmithError(Exception):
    """A problem with the user's input or environment, reported without a traceback.

    ``line`` and ``col`` are 1-based. ``exit_code`` is what the CLI exits with.
    """

    message: str
    path: str | None = None
    line: int | None = None
    col: int | None = None
    exit_code: int = 2
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def location(self) -> str:
        """``path:line:col``; ``songsmith`` for an error that is about no file (a bad option)."""
        parts = [self.path or "songsmith"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)

    def __str__(self) -> str:
        # One line, always: a key or value quoted in the message may hold a line break.
        return f"{self.location()}: {self.message}".translate(_ESCAPE_LINE_BREAKS)


class FileFormatError(SongsmithError):
    """The file could not be read as what it claims to be (YAML, schema, encoding, size)."""


class UsageError(SongsmithError):
    """The command was asked for something it cannot do."""
