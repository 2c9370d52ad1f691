"""词 against its tune's 正体."""

from __future__ import annotations

from typing import Any


def check_ci(tune: str | None, display: list[str], simple: list[str], grid: list[str]) -> dict[str, Any] | None:
    return None


def format_ci(metre: dict[str, Any], texts: list[str]) -> list[str]:
    return []
