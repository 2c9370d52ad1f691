"""Schema errors in songsmith's own words.

pydantic's error *types* (``int_parsing``, ``extra_forbidden``, ``less_than_equal``…) are a
stable part of its API; its messages are not. Each error is described here from its type and
context, so what a user reads does not change with the pydantic release installed. A type not
listed falls back to pydantic's message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_KINDS = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number, not a fraction",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
}


def where(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


def describe_error(error: Mapping[str, Any]) -> str:
    """One line for one pydantic error (an item of ``ValidationError.errors()``)."""
    loc = tuple(error.get("loc") or ())
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    place = where(loc)
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'" + (f" in {where(loc[:-1])}" if len(loc) > 1 else "")
    if kind == "missing":
        return f"missing required key '{place}'"
    message = _message(kind, ctx, error)
    return f"{place}: {message}" if place else message


def _message(kind: str, ctx: Mapping[str, Any], error: Mapping[str, Any]) -> str:
    if kind in _KINDS:
        return _KINDS[kind]
    bounds = {"less_than_equal": ("le", "at most"), "greater_than_equal": ("ge", "at least"),
              "less_than": ("lt", "less than"), "greater_than": ("gt", "more than")}
    if kind in bounds:
        key, words = bounds[kind]
        return f"must be {words} {ctx.get(key)}"
    if kind in ("string_too_short", "too_short"):
        return f"needs at least {ctx.get('min_length')} {'characters' if kind == 'string_too_short' else 'items'}"
    if kind in ("string_too_long", "too_long"):
        return f"takes at most {ctx.get('max_length')} {'characters' if kind == 'string_too_long' else 'items'}"
    if kind in ("literal_error", "enum"):
        return f"expected one of {ctx.get('expected')}"
    if kind in ("value_error", "assertion_error"):
        reason = ctx.get("error")
        if reason is not None:
            return str(reason)
    message = str(error.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix):]
    return message
