"""Safe, readable file names from titles: pinyin slugs, the one naming rule of every command.

``静夜思`` → ``jing-ye-si``. A slug holds only ``a-z``, ``0-9`` and single hyphens, so it can never
be a path (no ``/``, ``\\``, ``..``, leading dot or control character), and it is cut at a
syllable boundary to stay short. :class:`SlugAllocator` makes names unique within a run
(``render``, ``package``, ``batch``, ``import`` and the editor's export all use it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

MAX_SLUG = 60
_NON_SLUG = re.compile(r"[^a-z0-9]+")
#: Names Windows reserves for devices: never a file or directory name, whatever the extension.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str | None, *, max_length: int = MAX_SLUG, fallback: str = "untitled") -> str:
    """Pinyin (toneless) of the Han characters, ASCII letters and digits kept, hyphen-joined.

    Never empty (``fallback``), never a Windows device name (``con`` → ``con-untitled``), and it
    never raises: a title the converters cannot read gets its ASCII letters, or ``fallback``.
    """
    if not text:
        return fallback
    from pypinyin import Style

    from songsmith.poetry.readings import memo_pinyin
    from songsmith.poetry.script import to_simplified

    try:
        # a run of non-Han characters comes back as itself (errors="default"), as one word
        words = memo_pinyin().lazy_pinyin(to_simplified(text), style=Style.NORMAL)
    except Exception:  # noqa: BLE001 - a name is always given; the letters are enough for one
        words = [text]
    pieces = []
    for word in words:
        ascii_word = unicodedata.normalize("NFKD", str(word)).encode("ascii", "ignore").decode().lower()
        ascii_word = ascii_word.replace("u:", "v")
        pieces.extend(p for p in _NON_SLUG.split(ascii_word) if p)
    slug = ""
    for piece in pieces:
        candidate = f"{slug}-{piece}" if slug else piece
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and pieces:
        slug = pieces[0][:max_length]
    slug = slug.strip("-") or fallback
    return f"{slug}-{fallback}" if slug in _RESERVED else slug


class SlugAllocator:
    """Unique names within a run: the second 宫词 becomes ``gong-ci-2``.

    :meth:`claim` gives ``base``, else ``base-2``, ``base-3``…: the first name no earlier claim of
    the run has and ``accept(name)`` agrees to (render uses that to reuse the folder of the same
    poem and pass over one holding another). Names compare without case.
    """

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken = {name.lower() for name in (taken or set())}

    def claim(self, base: str, accept: Callable[[str], bool] | None = None) -> str:
        name, number = base, 1
        while name.lower() in self.taken or (accept is not None and not accept(name)):
            number += 1
            name = f"{base}-{number}"
        self.taken.add(name.lower())
        return name
