"""The body a service is sent, from the package code (``songsmith.package.render_targets``).

Nothing here re-derives a body: the target renders it as ``songsmith package`` would, for the
song's effective style or for one candidate's, and the service adapts field names and counts
(:meth:`Service.request`). A package with validator errors is not sent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from songsmith.errors import UsageError

#: target -> the package file holding the body (JSON) or None for a folder of text files
BODY_FILES = {"minimax": "minimax.json", "mureka": "mureka.json", "elevenlabs": "elevenlabs.json",
              "suno": "suno.api.json", "ace-step-1.5": "ace-step-1.5.json", "yue": None}


@dataclass
class Body:
    candidate: str | None   # None: the song's own (effective) style
    target: str
    body: dict[str, Any]
    style: str | None
    warnings: list[str]


def target_options(service: str, model: str) -> Any:
    from songsmith.targets.base import Options

    if service == "minimax":
        return Options(minimax_model=model)
    if service == "mureka":
        return Options(mureka_model=model)
    if service == "suno-api":
        return Options(suno_model=model)
    return Options()


def package_body(song: Any, target: str, *, candidate: str | None, options: Any, path: str) -> Body:
    from songsmith.package import PackageError, render_targets

    try:
        results = render_targets(song, [target], options=options, candidates=[candidate] if candidate else None)
    except (PackageError, KeyError, ValueError) as exc:
        raise UsageError(str(getattr(exc, "message", exc)), path=path) from None
    output, problems = results[target]
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        first = errors[0]
        raise UsageError(f"the {target} package has errors, nothing sent: {first.file}: {first.message}", path=path)
    wanted = BODY_FILES[target]
    files = {_canonical(name, candidate): text for name, text in output.files.items()}
    if wanted is None:
        body: dict[str, Any] = dict(files)
    else:
        if wanted not in files:
            raise UsageError(f"the {target} package has no {wanted}", path=path)
        body = json.loads(files[wanted])
    style = options.style_prompt
    if candidate:
        style = song.candidate(candidate).style
    elif song.effective_style().prompt:
        style = song.effective_style().prompt
    return Body(candidate, target, body, style, list(output.warnings))


def _canonical(name: str, candidate: str | None) -> str:
    """``suno.api.1.json`` → ``suno.api.json`` (a candidate's files carry its number)."""
    if not candidate:
        return name
    head, _, leaf = name.rpartition("/")
    parts = leaf.split(".")
    if len(parts) >= 3 and parts[-2].isdigit():
        leaf = ".".join(parts[:-2] + parts[-1:])
    return f"{head}/{leaf}" if head else leaf


def body_sha(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def candidates_of(song: Any, spec: str | None, path: str) -> list[str | None]:
    """``--candidates``: None → the song's own style; ``all`` → every candidate; ``a,b`` → those."""
    if spec is None or not spec.strip():
        return [None]
    if spec.strip().lower() == "all":
        if not song.candidates:
            raise UsageError("--candidates all: the song has no candidates", path=path)
        return [c.id for c in song.candidates]
    chosen = []
    for ref in (part.strip() for part in spec.split(",") if part.strip()):
        try:
            chosen.append(song.candidate(ref).id)
        except KeyError as exc:
            raise UsageError(str(exc.args[0]), path=path) from None
    return chosen
