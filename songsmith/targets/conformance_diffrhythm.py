"""DiffRhythm v1: ``infer/infer.py`` as it reads the README command and ``lyrics.lrc``.

Re-stated from ASLP-lab/DiffRhythm (commit below):

* ``infer/infer.py`` declares ``--lrc-path --ref-prompt --ref-audio-path --chunked
  --audio-length (int, default 95) --output-dir --edit --ref-song --edit-segments
  --batch-infer-num (int)``; ``--repo-id`` is commented out, so passing it stops the parser. It
  then asserts exactly one of ``--ref-prompt``/``--ref-audio-path`` and takes an
  ``--audio-length`` of exactly 95 (2048 frames) or 96–285 (6144 frames).
* ``infer/infer_utils.py`` ``parse_lyrics`` strips the whole file, splits it on ``\\n``, reads
  characters 1–8 of a line as ``mm:ss.xx`` and from character 10 on as the text (stripped); a line
  that does not parse is skipped. ``get_lrc_token`` phonemises **every** parsed line, then keeps
  those that start before ``--audio-length`` and, at 95 s, drops the last one.
* The g2p is :mod:`songsmith.targets.conformance_g2p`.
"""

from __future__ import annotations

from functools import lru_cache

from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import (
    CommandError,
    StrictParser,
    command_words,
    variant_groups,
)
from songsmith.targets.conformance_g2p import foreign_letters, g2p_problem

TARGET = "diffrhythm"
UPSTREAM = Upstream("ASLP-lab/DiffRhythm", "28ad63c0f096fe2ee258bcabbcf081d5d9366afd", "2026-12",
                    ("infer/infer.py", "infer/infer_utils.py", "g2p/g2p_generation.py", "g2p/g2p/cleaners.py"))
RULES = {
    "command": "README.txt runs infer/infer.py with options its argument parser declares (no --repo-id)",
    "reference": "exactly one of --ref-prompt and --ref-audio-path",
    "audio-length": "--audio-length is 95 or 96-285",
    "lrc-path": "--lrc-path names the package's LRC file",
    "lrc-line": "every LRC line parses as [mm:ss.xx]text (a line that does not is skipped)",
    "g2p": "every parsed line's text has a Chinese character (U+4E00-U+9FA5) or an ASCII letter",
    "letters": "every letter is Chinese in U+4E00-U+9FA5 or ASCII (others are phonemised as a neighbour)",
    "before-end": "every line starts before --audio-length",
    "last-line": "at --audio-length 95 the dropped last line repeats the line before it",
}
FILES = ("diffrhythm/lyrics.lrc", "diffrhythm/prompt.txt", "diffrhythm/README.txt")
SCRIPT = "infer/infer.py"


@lru_cache(maxsize=1)
def infer_parser() -> StrictParser:
    """``infer/infer.py``'s options, with their types."""
    parser = StrictParser(SCRIPT)
    for name in ("--lrc-path", "--ref-prompt", "--ref-audio-path", "--output-dir", "--ref-song", "--edit-segments"):
        parser.add_argument(name, type=str)
    parser.add_argument("--chunked", action="store_true")
    parser.add_argument("--edit", action="store_true")
    parser.add_argument("--audio-length", type=int, default=95)
    parser.add_argument("--batch-infer-num", type=int, default=1)
    return parser


def parse_lrc(text: str) -> tuple[list[tuple[float, str]], list[str]]:
    """(seconds, text) for each line upstream reads, and the lines it skips."""
    read: list[tuple[float, str]] = []
    skipped: list[str] = []
    for line in text.strip().split("\n"):
        stamp, lyric = line[1:9], line[10:].strip()
        minutes, colon, seconds = stamp.partition(":")
        try:
            if not colon:
                raise ValueError(stamp)
            read.append((int(minutes) * 60 + float(seconds), lyric))
        except ValueError:
            skipped.append(line)
    return read, skipped


def check(files: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        if "diffrhythm/README.txt" not in group:
            continue
        readme_name, readme = group["diffrhythm/README.txt"]

        def bad(name: str, rule: str, message: str) -> None:
            out.append(Violation(TARGET, name, rule, message))

        words = command_words(readme, SCRIPT)
        if words is None:
            bad(readme_name, "command", f"no {SCRIPT} command")
            continue
        try:
            args = infer_parser().parse_command(words)
        except CommandError as exc:
            bad(readme_name, "command", f"{SCRIPT} refuses the command: {exc}")
            try:  # read the rest of the package as if the refused option were not there
                args = infer_parser().parse_known_args(words)[0]
            except CommandError:
                continue
        if bool(args.ref_prompt) == bool(args.ref_audio_path):
            bad(readme_name, "reference", "give exactly one of --ref-prompt and --ref-audio-path")
        length = args.audio_length
        if not (length == 95 or 95 < length <= 285):
            bad(readme_name, "audio-length", f"--audio-length {length} is not 95 or 96-285")
        if "diffrhythm/lyrics.lrc" not in group:
            if args.lrc_path:
                bad(readme_name, "lrc-path", f"--lrc-path {args.lrc_path} is not in the package")
            continue
        lrc_name, lrc = group["diffrhythm/lyrics.lrc"]
        if args.lrc_path != lrc_name.rpartition("/")[2]:
            bad(readme_name, "lrc-path", f"--lrc-path is {args.lrc_path!r}, not {lrc_name.rpartition('/')[2]!r}")
        lines, skipped = parse_lrc(lrc)
        for line in skipped:
            bad(lrc_name, "lrc-line", f"{line!r} is not [mm:ss.xx]text: DiffRhythm skips it")
        for at, text in lines:
            problem = g2p_problem(text)
            if problem:
                bad(lrc_name, "g2p", f"line at {at:.2f} s: {problem}")
            others = foreign_letters(text)
            if others:
                bad(lrc_name, "letters", f"line at {at:.2f} s: {''.join(others)} are neither Chinese nor ASCII")
            if at >= length:
                bad(lrc_name, "before-end", f"line at {at:.2f} s is not before --audio-length {length}")
        if length == 95 and lines and (len(lines) < 2 or lines[-1][1] != lines[-2][1]):
            bad(lrc_name, "last-line", "at --audio-length 95 DiffRhythm drops the last line: "
                                       f"{lines[-1][1]!r} would not be sung")
    return out

