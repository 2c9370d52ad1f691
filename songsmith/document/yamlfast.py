"""A fast writer for the plain YAML that song files are made of, byte-identical to
:func:`songsmith.document.yamlio.dump_yaml` (PyYAML) — or ``None`` when it is not sure.

PyYAML spends most of a song file's time in its generic representer, resolver and emitter
(about 1 ms a song: a sixth of a 全唐诗 batch). Song files hold a small shape: mappings with
string keys, lists, strings, ints and booleans. :func:`dump_simple` writes exactly that shape,
and only strings it can prove PyYAML writes as plain scalars or as ``|`` blocks with no
indicators; anything else (a string that needs quotes, a float, an empty list, a date…) makes
it return ``None`` and the caller uses PyYAML. The test suite compares both on the shipped
songs, on generated data and on strings chosen to need quoting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Characters PyYAML (allow_unicode=True) writes as they are: printable ASCII and the printable
# Unicode ranges, minus the BOM, NEL and the Unicode line/paragraph separators.
# Nothing outside the Basic Multilingual Plane: libyaml (the C emitter PyYAML uses when it can)
# does not count those characters as printable and double-quotes the string.
_UNSAFE_CHAR = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_UNSAFE_IN_BLOCK = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
_LONGEST = 100_000  # far below the writer's line width (no folding to imitate)
_BLOCK_INDICATOR = re.compile(r":(?: |$)| #")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`?:- ")  # '?', ':' and '-' only with a space after: be safe


class _NotSimple(Exception):
    """The data holds something only PyYAML should write."""


@lru_cache(maxsize=1)
def _implicit_first_chars() -> frozenset[str]:
    """First characters for which PyYAML's resolver may read a plain scalar as non-string."""
    import yaml

    chars = set()
    for key in yaml.resolver.Resolver.yaml_implicit_resolvers:
        if key is None:
            return frozenset()  # a resolver for every first character: never claim to know
        chars.add(key)
    return frozenset(chars)


@lru_cache(maxsize=4096)
def _resolves_to_str(text: str) -> bool:
    import yaml

    resolver = yaml.resolver.Resolver()
    return resolver.resolve(yaml.nodes.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _plain(text: str) -> str:
    """``text`` as a plain scalar, or raise :class:`_NotSimple`."""
    if (not text or len(text) > _LONGEST or text[0] in _FIRST_INDICATORS or text[-1] == " " or text.startswith(("---", "..."))
            or _UNSAFE_CHAR.search(text) or _BLOCK_INDICATOR.search(text)):
        raise _NotSimple
    if text[0] in _implicit_first_chars() and not _resolves_to_str(text):
        raise _NotSimple  # "yes", "007", "1.5", "null", "~"...: PyYAML quotes them
    return text


def _literal(text: str, indent: int) -> str:
    """``|`` and the block's lines (``text`` ends with one newline, starts with no space)."""
    if (len(text) > _LONGEST or text[0] in " \n" or not text.endswith("\n") or text.endswith("\n\n") or _UNSAFE_IN_BLOCK.search(text)
            or " \n" in text):
        raise _NotSimple
    pad = " " * indent
    lines = text[:-1].split("\n")
    return "|\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if value == "":
        return "''"  # a plain empty value would read back as null
    if isinstance(value, str) and "\n" not in value:
        return _plain(value)
    raise _NotSimple


def _mapping(data: dict[Any, Any], indent: int, out: list[str], first_prefix: str | None = None) -> None:
    if not data:
        raise _NotSimple
    pad = " " * indent
    for number, (key, value) in enumerate(data.items()):
        if not isinstance(key, str) or len(key) > 100:  # a long key is written as "? key"
            raise _NotSimple
        lead = first_prefix if (number == 0 and first_prefix is not None) else pad
        head = f"{lead}{_plain(key)}:"
        if isinstance(value, dict):
            out.append(head + "\n")
            _mapping(value, indent + 2, out)
        elif isinstance(value, list):
            out.append(head + "\n")
            _sequence(value, indent, out)
        elif isinstance(value, str) and "\n" in value:
            out.append(f"{head} {_literal(value, indent + 2)}")
        else:
            out.append(f"{head} {_scalar(value)}\n")


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    if not items:
        raise _NotSimple
    pad = " " * indent
    for item in items:
        if isinstance(item, dict):
            _mapping(item, indent + 2, out, first_prefix=f"{pad}- ")
        elif isinstance(item, list):
            raise _NotSimple
        elif isinstance(item, str) and "\n" in item:
            out.append(f"{pad}- {_literal(item, indent + 2)}")
        else:
            out.append(f"{pad}- {_scalar(item)}\n")


def dump_simple(data: Any) -> str | None:
    """``data`` (a mapping) as :func:`songsmith.document.yamlio.dump_yaml` writes it, or ``None``."""
    if not isinstance(data, dict):
        return None
    out: list[str] = []
    try:
        _mapping(data, 0, out)
    except _NotSimple:
        return None
    return "".join(out)
