#!/usr/bin/env python3
"""Write constraints.txt: the exact versions `make test` and `make demo` install.

Run by `make lock`, with the Python of a fresh venv in which `pip install '.[dev]'` has just
resolved the newest releases that pyproject.toml allows. The file is a pip constraints file:
every package of that venv (pip, setuptools and wheel included) pinned with ``==``.

``lock.py --compare constraints.txt`` (run by `make test-latest` and `make test-lowest`) prints
how the running venv differs from the lock instead; ``--check`` (run by `make setup`) also
fails when a locked package is installed at another version.
"""

from __future__ import annotations

import datetime
import platform
import subprocess
import sys
from pathlib import Path

HEADER = """\
# The exact, tested versions of every runtime and dev dependency (a pip constraints file).
# `make demo`, `make test`, `make wheel-smoke` and CI install these. Refresh with `make lock`
# (newest releases pyproject.toml allows, then run `make test`); `make test-latest` tries the
# newest releases without changing this file.
# Written {date} on Python {python} ({machine}).
"""


def installed() -> list[str]:
    frozen = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude", "songsmith"],
                            check=True, capture_output=True, text=True).stdout
    return sorted((line for line in frozen.splitlines() if "==" in line and not line.startswith("#")),
                  key=lambda line: line.split("==", 1)[0].lower())


def versions(lines: list[str]) -> dict[str, str]:
    pins = (line.split("==", 1) for line in lines if "==" in line and not line.lstrip().startswith("#"))
    return {name.strip().lower().replace("_", "-"): version.strip() for name, version in pins}


def compare(lock: Path, *, check: bool = False) -> int:
    locked = versions(lock.read_text(encoding="utf-8").splitlines())
    here = versions(installed())
    changed = [f"  {name}: {locked[name]} -> {here[name]}" for name in sorted(here)
               if name in locked and locked[name] != here[name]]
    added = [f"  {name}: {here[name]} (not in the lock)" for name in sorted(here) if name not in locked]
    if check:
        if changed:
            print(f"the venv does not match {lock}:\n" + "\n".join(changed), file=sys.stderr)
            return 1
        return 0
    print(f"versions against {lock}: {len(changed)} differ, {len(added)} not locked")
    print("\n".join(changed + added) or "  (same as the lock)")
    return 0


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] in ("--compare", "--check"):
        return compare(Path(sys.argv[2]), check=sys.argv[1] == "--check")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("constraints.txt")
    pins = installed()
    header = HEADER.format(date=datetime.date.today().isoformat(), python=platform.python_version(),
                           machine=f"{platform.system()} {platform.machine()}")
    tmp = out.with_suffix(".tmp")
    tmp.write_text(header + "\n".join(pins) + "\n", encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {out}: {len(pins)} pinned packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
