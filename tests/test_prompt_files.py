"""Every YAML data file under prompts/ parses without a duplicate key: PyYAML keeps the last of
two equal keys silently, so a rule written into the middle of another (a second ``meaning`` or
``examples``) would take the other's place unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"


class _StrictLoader(yaml.SafeLoader):
    pass


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first at line {seen[key] + 1})", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def test_the_strict_loader_finds_a_duplicate_key() -> None:
    with pytest.raises(yaml.constructor.ConstructorError, match="duplicate key 'meaning'"):
        yaml.load("- id: a\n  meaning: x\n  meaning: y\n", Loader=_StrictLoader)  # noqa: S506


@pytest.mark.parametrize("path", sorted(PROMPTS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(PROMPTS)))
def test_a_prompt_file_has_no_duplicate_key(path: Path) -> None:
    yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 - a safe loader
