"""Safe YAML reading with positions, and human-friendly YAML writing.

Reading composes the node tree (libyaml when available), refuses anchors/aliases (so no
"billion laughs"), duplicate keys, oversized and non-UTF-8 input, and records the line and
column of every key and value so schema errors can point at ``path:line:col``.
Writing uses literal block scalars for multi-line text, keeps the given key order and does
not wrap long lines, so writing what was read gives the same text again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from songsmith.errors import FileFormatError

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DumperBase = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

Path_ = tuple[Any, ...]


@dataclass
class Positions:
    """1-based (line, col) of values and keys, by path (``("source", "title")``, ``("takes", 0)``)."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    block_start: dict[Path_, int] = field(default_factory=dict)  # first content line of a | block
    comments: list[tuple[int, int]] = field(default_factory=list)

    def find(self, path: Path_, *, key: bool = False) -> tuple[int, int] | None:
        """The nearest known position for ``path``, walking up to its parents."""
        path = tuple(path)
        while True:
            if key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]
            key = True


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing what is too large, binary or in another encoding."""
    name = str(path)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise FileFormatError("no such file", path=name) from None
    except OSError as exc:
        raise FileFormatError(f"cannot read: {exc.strerror}", path=name) from None
    if Path(path).is_dir():
        raise FileFormatError("is a directory, not a file", path=name)
    if size > max_bytes:
        raise FileFormatError(
            f"file is {size / 1024 / 1024:.1f} MB; songsmith reads files up to {max_bytes // (1024 * 1024)} MB",
            path=name,
        )
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise FileFormatError(f"cannot read: {exc.strerror}", path=name) from None
    return decode_text(data, name)


def decode_text(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileFormatError("file is UTF-16; save it as UTF-8", path=name, line=1, col=1)
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        raise FileFormatError("binary file (contains NUL bytes), not text", path=name, line=line, col=col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileFormatError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            path=name, line=line, col=col,
        ) from None
    return text.lstrip("\ufeff")


class _ScalarConstructor(yaml.constructor.SafeConstructor):
    """Scalars as YAML 1.2 users expect: ``yes``/``no``/``on``/dates stay strings."""

    def construct_yaml_bool(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        if node.value.lower() in ("true", "false"):
            return node.value.lower() == "true"
        return node.value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:  # type: ignore[override]
        return node.value


_ScalarConstructor.add_constructor("tag:yaml.org,2002:bool", _ScalarConstructor.construct_yaml_bool)
_ScalarConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _ScalarConstructor.construct_yaml_timestamp
)


def load_yaml(text: str, name: str) -> tuple[Any, Positions]:
    """Parse one YAML document into plain Python data plus the positions of its parts."""
    _check_depth(text, name)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        raise FileFormatError(
            f"YAML syntax: {problem}",
            path=name,
            line=mark.line + 1 if mark else None,
            col=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise _plain_yaml_error(exc, text, name) from None
    finally:
        loader.dispose()
    positions = Positions()
    if node is None:
        return None, positions
    builder = _Builder(name, positions)
    data = builder.build(node, ())
    positions.comments = _find_comments(text, builder.spans)
    return data, positions


def _plain_yaml_error(exc: yaml.YAMLError, text: str, name: str) -> FileFormatError:
    """A one-line error for YAML errors without a mark (e.g. a control character)."""
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        return FileFormatError(f"YAML: {message}", path=name, line=line, col=col)
    return FileFormatError(f"YAML: {message}", path=name)


def _check_depth(text: str, name: str) -> None:
    """Refuse deeply nested documents before composing them.

    libyaml's composer and the builder below both recurse once per level: thousands of
    ``[`` crash the interpreter (C stack overflow) or raise RecursionError. Reading events
    is iterative, so count the depth from the events and stop at the first level too deep.
    Syntax errors are left for the composer to report.
    """
    if text.count("[") + text.count("{") + text.count("-") + text.count(":") + text.count("?") <= MAX_DEPTH:
        return  # too few indicators to nest that deep
    try:
        _scan_depth(_Loader, text, name)
    except yaml.YAMLError:
        # libyaml may refuse deep nesting on its own while it scans ahead (a flow collection
        # can start a key, so it reads every "[" first). The pure-Python scanner yields the
        # events one by one, so the depth is still ours to report.
        try:
            _scan_depth(yaml.SafeLoader, text, name)
        except yaml.YAMLError:
            return


def _scan_depth(loader_class: Any, text: str, name: str) -> None:
    loader = loader_class(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FileFormatError(
                        f"nested more than {MAX_DEPTH} levels deep",
                        path=name, line=event.start_mark.line + 1, col=event.start_mark.column + 1,
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, name: str, positions: Positions) -> None:
        self.name = name
        self.positions = positions
        self.seen: set[int] = set()
        self.spans: list[tuple[int, int]] = []
        self.constructor = _ScalarConstructor()

    def _error(self, node: yaml.Node, message: str) -> FileFormatError:
        return FileFormatError(
            message, path=self.name, line=node.start_mark.line + 1, col=node.start_mark.column + 1
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            raise self._error(node, "anchors and aliases (&name / *name) are not allowed")
        self.seen.add(id(node))
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if len(path) > MAX_DEPTH:
            raise self._error(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            self.spans.append((node.start_mark.index, node.end_mark.index))
            if node.style in ("|", ">"):
                self.positions.block_start[path] = node.start_mark.line + 2
            try:
                return self.constructor.construct_object(node)
            except yaml.MarkedYAMLError as exc:
                raise self._error(node, f"bad value: {exc.problem or exc.context}") from None
            except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
                # e.g. "!!float x" or "!!int x": the constructor raises ValueError
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise self._error(node, f"bad value: {first}") from None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._error(key_node, "keys must be plain text")
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._error(key_node, "merge keys (<<) are not allowed")
                key = self.build(key_node, path + ("<key>",))
                if not isinstance(key, (str, int)):
                    key = str(key)
                if key in result:
                    first = self.positions.keys[path + (key,)]
                    raise self._error(key_node, f"duplicate key '{key}' (first at line {first[0]})")
                self.positions.keys[path + (key,)] = (
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1
                )
                result[key] = self.build(value_node, path + (key,))
            return result
        raise self._error(node, "unsupported YAML node")


def _find_comments(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(line, col) of ``#`` comments: a ``#`` outside every scalar, at a line start or after blank."""
    if "#" not in text:
        return []
    spans.sort()
    found: list[tuple[int, int]] = []
    span_index = 0
    line, line_start = 1, 0
    for index, char in enumerate(text):
        if char == "\n":
            line, line_start = line + 1, index + 1
            continue
        if char != "#":
            continue
        while span_index < len(spans) and spans[span_index][1] <= index:
            span_index += 1
        inside = any(start <= index < end for start, end in spans[span_index : span_index + 8])
        if inside:
            continue
        if index == line_start or text[index - 1] in " \t":
            found.append((line, index - line_start + 1))
            # skip the rest of the line
    return _first_per_line(found)


def _first_per_line(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    result: list[tuple[int, int]] = []
    last_line = -1
    for line, col in found:
        if line != last_line:
            result.append((line, col))
            last_line = line
    return result


# Writing -----------------------------------------------------------------------------------


class _Dumper(_DumperBase):  # type: ignore[misc,valid-type]
    pass


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    if "\n" in data:
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """YAML for humans: block scalars for multi-line text, given key order, no wrapping."""
    from songsmith.document.yamlfast import dump_simple

    fast = dump_simple(data)  # the same text, five times faster, for the plain data of song files
    if fast is not None:
        return fast
    return yaml_dump(data)


def yaml_dump(data: Any) -> str:
    """:func:`dump_yaml` through PyYAML, always."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        indent=2,
        default_flow_style=False,
    )
