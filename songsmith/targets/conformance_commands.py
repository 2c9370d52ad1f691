"""Command lines as a model's own argument parser reads them, for the contracts.

Each contract builds an :class:`argparse.ArgumentParser` with the options the model's script
declares (re-stated, with their types) and feeds it the command a package's README tells the
user to run. Unknown options, missing values and bad types become :class:`CommandError`, the
same rejections the script itself would print before exiting.
"""

from __future__ import annotations

import argparse
import shlex
from typing import Any

from songsmith.targets.base import split_variants


class CommandError(ValueError):
    """The model's argument parser would refuse the command."""


class StrictParser(argparse.ArgumentParser):
    """An argument parser that raises :class:`CommandError` instead of printing and exiting."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog=prog, add_help=False, allow_abbrev=False)

    def error(self, message: str) -> Any:  # argparse calls this on every rejection
        raise CommandError(message)

    def parse_command(self, words: list[str]) -> argparse.Namespace:
        namespace, extra = self.parse_known_args(words)
        if extra:
            raise CommandError(f"unrecognized arguments: {' '.join(extra)}")
        return namespace


def command_words(readme: str, script: str) -> list[str] | None:
    """The arguments after ``script`` on the README line that runs it (``python3 infer/infer.py
    --lrc-path …`` → ``["--lrc-path", …]``), or None when no line runs it. Shell words are split
    as a POSIX shell would (quotes removed; ``$(cat x)`` stays one word)."""
    for line in readme.splitlines():
        if script not in line:
            continue  # cheap: only a line naming the script is split as a shell would
        words = _split(line)
        for index, word in enumerate(words):
            if word == script or word.endswith("/" + script):
                return words[index + 1:]
    return None


def _split(line: str) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError:
        return line.split()


def variant_groups(files: dict[str, str], canonical: tuple[str, ...]) -> list[dict[str, tuple[str, str]]]:
    """The files of each candidate variant: ``[{canonical name: (actual name, text)}]``."""
    return list(split_variants(files, canonical).values())
