"""``songsmith batch … --generate SERVICE``: takes for every packaged song of OUT, and their players.

Runs after the packages are written, under the batch lock, with the same engine and guarantees
as ``songsmith generate`` (:mod:`songsmith.generate`): the job store is
``OUT/.songsmith/generate.sqlite``, the takes go to ``OUT/takes/<name>/`` (outside the package
folder, which a re-packaging replaces whole) and are recorded in ``OUT/songs/<name>/song.yaml``
with a path relative to it. A song re-packaged since gets its earlier takes recorded again.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from songsmith.batch.work import SONGS_DIR, STATE_DIR

TAKES_DIR = "takes"


def song_works(out: Path) -> list[Any]:
    """Every packaged song of OUT (a folder with its manifest), in name order."""
    from songsmith.generate.engine import SongWork

    works = []
    for folder in sorted((out / SONGS_DIR).iterdir()) if (out / SONGS_DIR).is_dir() else []:
        song = folder / "song.yaml"
        if (folder / "manifest.json").is_file() and song.is_file():
            works.append(SongWork(path=str(song), scope=folder.name, takes_dir=out / TAKES_DIR / folder.name,
                                  stem=folder.name))
    return works


def reattach(store: Any, works: list[Any]) -> int:
    """Takes the store has for songs whose package (song.yaml) was written again since."""
    from songsmith.audio.probe import probe
    from songsmith.generate.attach import attach, check_song

    by_scope = {w.scope: w for w in works}
    pending: dict[str, list[Any]] = {}
    for job, output in store.attached():
        if job.scope in by_scope and output.path and Path(output.path).is_file():
            pending.setdefault(job.scope, []).append((job, output))
    count = 0
    for scope, items in pending.items():
        work = by_scope[scope]
        have = {t.sha256 for t in check_song(work.path).song.takes}
        for job, output in items:
            if output.sha256 in have:
                continue
            _, new = attach(work.path, audio=Path(output.path), info=probe(output.path),
                            candidate=job.candidate or None, target=None, style=None,
                            generation={"service": job.service, "model": job.model or None, "task_id": job.task_id,
                                        "output_id": output.remote_id, "seed": output.seed})
            count += int(new)
    return count


def generate_batch(out: Path, service: str, count: int, *, report: Callable[[str, dict[str, Any]], None],
                   model: str | None = None, max_cost: float | None = None, **timing: float) -> Any:
    """Generate ``count`` takes of every packaged song of OUT; returns the summary."""
    from songsmith.config import load_config
    from songsmith.generate.connection import GenerateOptions
    from songsmith.generate.run import generate_songs
    from songsmith.generate.store import STORE_NAME, Store

    works = song_works(out)
    store = Store(out / STATE_DIR / STORE_NAME)
    try:
        reattach(store, works)
        options = GenerateOptions(service=service, model=model, count=count, max_cost=max_cost, **timing)
        return generate_songs(works, options, store=store, config=load_config(), report=report,
                              skip_errors=True).summary
    finally:
        store.close()


def takes_by_song(out: Path) -> dict[str, list[tuple[str, str, float | None]]]:
    """name -> [(path relative to OUT, take id, seconds)] of every take the store attached."""
    from songsmith.generate.store import STORE_NAME, Store

    path = out / STATE_DIR / STORE_NAME
    if not path.is_file():
        return {}
    store = Store(path)
    try:
        found: dict[str, list[tuple[str, str, float | None]]] = {}
        for job, output in store.attached():
            if output.path and Path(output.path).is_file():
                try:
                    relative = Path(output.path).resolve().relative_to(out.resolve()).as_posix()
                except ValueError:
                    continue
                found.setdefault(job.scope, []).append((relative, output.take_id or "", output.duration_s))
        return found
    finally:
        store.close()


def players_html(takes: list[tuple[str, str, float | None]], prefix: str = "") -> str:
    """An HTML5 player per take (``preload="none"``: a page of 500 songs loads no audio)."""
    if not takes:
        return ""
    items = []
    for relative, take_id, _seconds in takes:
        href = html.escape(prefix + "/".join(quote(p) for p in relative.split("/")), quote=True)
        items.append(f'<div class="take"><span class="label">{html.escape(take_id)}</span>'
                     f'<audio controls preload="none" src="{href}"></audio> <a href="{href}">download</a></div>')
    return '<div class="takes">' + "".join(items) + "</div>"
