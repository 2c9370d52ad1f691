"""Prices (``prompts/generate/prices.yaml``, with their date and sources), estimates and the budget.

An estimate is per submission: ``per_request`` + ``per_take`` × takes + ``per_minute`` × the
request's length (or the table's ``minutes_if_unknown``). :class:`Budget` is ``--max-cost``: a
submission is sent only when what this run has spent or reserved, plus its estimate, stays
within the budget; a submission that fails gives its reservation back.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Price:
    per_request: float = 0.0
    per_take: float = 0.0
    per_minute: float = 0.0
    source: str = ""
    date: str = ""

    def estimate(self, takes: int, seconds: float | None, minutes_if_unknown: float) -> float:
        minutes = seconds / 60 if seconds else minutes_if_unknown
        return round(self.per_request + self.per_take * takes + self.per_minute * minutes * takes, 4)

    @property
    def basis(self) -> str:
        return f"estimate from the price table of {self.date}"


def _table() -> dict[str, Any]:
    from songsmith.resources import load_prompt_yaml

    data: dict[str, Any] = load_prompt_yaml("generate/prices.yaml")
    return data


def price_for(service: str, model: str) -> tuple[Price, float]:
    """The price of one submission to ``service``/``model`` and the table's minutes-if-unknown."""
    table = _table()
    entries = table["services"].get(service) or {}
    entry = entries.get(model) or entries.get("default") or {}
    price = Price(per_request=float(entry.get("per_request", 0)), per_take=float(entry.get("per_take", 0)),
                  per_minute=float(entry.get("per_minute", 0)), source=str(entry.get("source", "")),
                  date=str(table.get("date", "")))
    return price, float(table.get("minutes_if_unknown", 3))


class Budget:
    """``--max-cost``: reserve before submitting, settle after (thread-safe)."""

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.spent = 0.0
        self.reserved = 0.0
        self.refused = 0
        self._lock = threading.Lock()

    def reserve(self, amount: float) -> bool:
        with self._lock:
            if self.limit is not None and self.spent + self.reserved + amount > self.limit + 1e-9:
                self.refused += 1
                return False
            self.reserved += amount
            return True

    def settle(self, amount: float, *, spent: bool) -> None:
        with self._lock:
            self.reserved = max(0.0, self.reserved - amount)
            if spent:
                self.spent += amount
