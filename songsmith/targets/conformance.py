"""Conformance: each open model's input contract, re-stated in songsmith's own code from the
model's own repository, and checked against the files a package holds.

Songsmith's validators (``validate`` in each target module) encode songsmith's reading of the
rules. The contracts here are narrower and closer to the model: each names the upstream commit
it was read from, re-states the argument parser, request schema, lyric parser or tokenizer limit
that a user runs into, and reports every file that the model would reject, misread or crash on.

    from songsmith.targets.conformance import check, CONTRACTS
    violations = check("diffrhythm", files)      # files: relative path -> text, as a package holds them

Nothing here imports the models or their dependencies; nothing reads the network. A contract
that needs a library songsmith does not depend on (a language identifier) states the rule it
calibrated with that library instead, and says so in its ``RULES``.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

__all__ = ["CONTRACTS", "Upstream", "Violation", "check", "check_package", "contract"]


@dataclass(frozen=True)
class Upstream:
    """Where a contract was read: repository, commit, the date it was read, and its files."""

    repo: str
    commit: str
    read: str
    files: tuple[str, ...]

    @property
    def short(self) -> str:
        return self.commit[:12]


@dataclass(frozen=True)
class Violation:
    """One rule of a model's contract that a package's file breaks."""

    target: str
    file: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.target}: {self.file}: {self.message} [{self.rule}]"


_MODULES = {
    "ace-step": "ace_step",
    "ace-step-1.5": "ace_step15",
    "yue": "yue",
    "diffrhythm": "diffrhythm",
    "diffrhythm2": "diffrhythm2",
    "songgeneration": "songgeneration",
}

#: The targets that have a contract, in registry order.
CONTRACTS: tuple[str, ...] = tuple(_MODULES)


def contract(target: str) -> ModuleType:
    """The contract module of ``target`` (``UPSTREAM``, ``RULES``, ``check(files)``)."""
    if target not in _MODULES:
        raise ValueError(f"no conformance contract for {target!r}; contracts: {', '.join(CONTRACTS)}")
    return importlib.import_module(f"songsmith.targets.conformance_{_MODULES[target]}")


def check(target: str, files: dict[str, str]) -> list[Violation]:
    """Every violation of ``target``'s contract in ``files`` (relative path -> text)."""
    return list(contract(target).check(files))


def check_package(directory: str | Path, targets: tuple[str, ...] = CONTRACTS) -> dict[str, list[Violation]]:
    """Check a written package (``OUT/<slug>/``): per target of ``targets`` that the package's
    manifest lists, the violations of its files. Targets the package lacks are left out."""
    directory = Path(directory)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    results: dict[str, list[Violation]] = {}
    for target in targets:
        entry = manifest.get("targets", {}).get(target)
        if entry is None:
            continue
        files = {name: (directory / name).read_text(encoding="utf-8") for name in entry.get("files", [])}
        results[target] = check(target, files)
    return results


def manifest_entry(target: str, files: dict[str, str]) -> dict[str, object] | None:
    """What ``manifest.json`` says about ``target``'s contract: the upstream repository and commit
    it was read from, the rules checked and the violations found (None: the target has none)."""
    if target not in _MODULES:
        return None
    module = contract(target)
    return {"upstream": module.UPSTREAM.repo, "commit": module.UPSTREAM.commit, "read": module.UPSTREAM.read,
            "rules": sorted(module.RULES), "violations": [str(v) for v in module.check(files)]}


def sheet_note(entries: dict[str, dict[str, object]]) -> str:
    """One line for the lyric sheet: which upstream commit each open-model package was checked
    against, and how it fared."""
    parts = []
    for target, entry in entries.items():
        violations = entry["violations"]
        state = "passes" if not violations else f"{len(violations)} violation(s)"  # type: ignore[arg-type]
        parts.append(f"{target}: {entry['upstream']}@{str(entry['commit'])[:12]}, "
                     f"{len(entry['rules'])} rules, {state}")  # type: ignore[arg-type]
    return "Checked against the models' own code: " + "; ".join(parts) if parts else ""
