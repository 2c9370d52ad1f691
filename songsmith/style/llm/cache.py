"""A disk cache of validated answers, so a re-run costs zero requests.

The key is a hash of (backend, model, prompt template id and version, input hash); an entry is
one JSON file written atomically (``ab/abcdef….json``). Entries hold the answer and a little
metadata, never a request header, so never a key. Invalid answers are never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from songsmith.document.writer import write_text_atomic


def input_hash(data: Any) -> str:
    """SHA-256 of ``data`` as canonical JSON."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key(backend: str, model: str, template: str, data_hash: str) -> str:
    return input_hash({"backend": backend, "model": model, "template": template, "input": data_hash})


class DiskCache:
    """JSON entries under ``directory``; ``enabled=False`` makes every lookup a miss and writes nothing."""

    def __init__(self, directory: str | os.PathLike[str], *, enabled: bool = True) -> None:
        self.directory = Path(directory)
        self.enabled = enabled
        if enabled:
            self._sweep_temporaries()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if not self.enabled:
            return None
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        try:
            entry = json.loads(text)
        except json.JSONDecodeError:
            return None  # damaged by hand: treat as a miss; the next answer replaces it
        return entry if isinstance(entry, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if not self.enabled:
            return
        write_text_atomic(self._path(key), json.dumps(entry, ensure_ascii=False, indent=1, sort_keys=True))

    def _sweep_temporaries(self) -> None:
        """Remove temporary files a killed process left behind (older than an hour)."""
        if not self.directory.is_dir():
            return
        limit = time.time() - 3600
        for leftover in self.directory.glob("*/.*.tmp"):
            try:
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()
            except OSError:
                pass
