"""Reading a chinese-poetry JSON file safely, and its fields one by one.

:func:`read_json` refuses a file over :data:`MAX_JSON_BYTES` before reading it, and one nested
more than :data:`MAX_JSON_DEPTH` levels before decoding it (the decoder recurses once per level),
so neither memory nor the stack depends on what the file holds. Every problem is a
:class:`~songsmith.errors.FileFormatError` naming the file (and the line, for syntax).

The field readers (:func:`text_field`, :func:`lines_field`, :func:`id_field`) check a poem's
values as they are taken: a title that is a number, a list of paragraphs holding a list or
``null``, an id that is an object, each is a :class:`BadField` with a sentence saying which
field holds what, which the loader reports as that one poem's failure.
"""

from __future__ import annotations

import json
import math
import os
import re
from itertools import accumulate
from typing import Any

from songsmith.errors import FileFormatError

#: Largest JSON collection read. The chinese-poetry files are all under 1 MB; a larger
#: collection is best split into files (a folder of them is read one file at a time).
MAX_JSON_BYTES = 32 * 1024 * 1024
#: Deepest nesting of arrays and objects accepted (the chinese-poetry shapes nest 4 levels).
MAX_JSON_DEPTH = 32

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class BadField(ValueError):
    """A field of one poem holds a value of the wrong kind (the message says which and what)."""


def read_json(path: str | os.PathLike[str], *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The decoded contents of a JSON file, size and nesting checked first."""
    name = str(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            raise FileFormatError(f"file is {size / 1024 / 1024:.1f} MB; songsmith reads JSON collections up to "
                                  f"{max_bytes // (1024 * 1024)} MB: split it into several files (a folder of "
                                  "them is read one file at a time)", path=name)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise FileFormatError("no such file", path=name) from None
    except IsADirectoryError:
        raise FileFormatError("is a directory, not a file", path=name) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read: {exc.strerror or exc}", path=name) from None
    if len(data) > max_bytes:  # it grew while we looked
        raise FileFormatError(f"file is over {max_bytes // (1024 * 1024)} MB", path=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileFormatError("not UTF-8 text; save the file as UTF-8", path=name, line=line) from None
    del data
    depth = nesting(text)
    if depth > MAX_JSON_DEPTH:
        raise FileFormatError(f"arrays and objects nested {depth} levels deep; a poem collection needs at most "
                              f"{MAX_JSON_DEPTH}", path=name)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(f"JSON syntax: {exc.msg}", path=name, line=exc.lineno, col=exc.colno) from None
    except RecursionError:  # cannot happen after the nesting check; kept as a guard
        raise FileFormatError("arrays and objects nested too deeply", path=name) from None


def nesting(text: str) -> int:
    """How deeply arrays and objects nest in JSON ``text`` (brackets inside strings not counted),
    in time linear in its length; for a text with few brackets, their number (it cannot nest deeper)."""
    opening = text.count("[") + text.count("{")
    if opening <= MAX_JSON_DEPTH:
        return opening
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


# Fields --------------------------------------------------------------------------------------------


def describe(value: Any) -> str:
    """What a JSON value is, in a few words: ``a number (5)``, ``a list``, ``NaN``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    if isinstance(value, float) and math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if isinstance(value, (int, float)):
        shown = repr(value)
        return f"a number ({shown if len(shown) <= 20 else shown[:17] + '...'})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def text_field(item: dict[str, Any], name: str) -> str | None:
    """``item[name]``: text, or None when absent or null."""
    value = item.get(name)
    if value is None or isinstance(value, str):
        return value
    raise BadField(f"{name} is {describe(value)}, not text")


def lines_field(item: dict[str, Any], name: str) -> list[str]:
    """``item[name]``: a list of lines of text (one string is one line; absent or null: none)."""
    value = item.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise BadField(f"{name} is {describe(value)}, not a list of lines")
    for index, line in enumerate(value):
        if not isinstance(line, str):
            raise BadField(f"{name}[{index}] is {describe(line)}, not a line of text")
    return value


def id_field(item: dict[str, Any], default: str) -> str:
    """``item["id"]``: text or a whole number; ``default`` when absent, null, empty or 0."""
    value = item.get("id")
    if isinstance(value, bool) or not (value is None or isinstance(value, (str, int))):
        raise BadField(f"id is {describe(value)}, not text or a whole number")
    return str(value) if value else default
