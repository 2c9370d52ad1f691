"""One generation run over a list of songs: plan, then (unless a dry run) submit and collect."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from songsmith.generate.base import api_key_for, base_url_for, get_service
from songsmith.generate.connection import GenerateOptions
from songsmith.generate.engine import Generator, Planned, Report, SongWork, Summary
from songsmith.generate.store import Store


@dataclass
class Result:
    summary: Summary
    planned: list[Planned]
    base_url: str
    model: str
    price_source: str


def generate_songs(songs: list[SongWork], options: GenerateOptions, *, store: Store | None, config: Any = None,
                   report: Report | None = None, skip_errors: bool = False) -> Result:
    """Plan every song's submissions and, unless ``options.dry_run``, run them. A missing key, a
    song that cannot be saved or a package with errors stops the run before anything is sent
    (``skip_errors``: that song is counted as failed and the others go on)."""
    service = get_service(options.service)
    base_url = base_url_for(service, options.base_url, config)
    generator = Generator(service, options, store, config=config, report=report)
    key = None if options.dry_run else api_key_for(service, config)
    generator.plan(songs, skip_errors=skip_errors)
    if options.dry_run:
        generator.summary.estimated_cost = sum(p.estimate for p in generator.to_submit())
        return Result(generator.summary, generator.planned, base_url, generator.model, generator.price.source)
    summary = generator.run(key, base_url)
    return Result(summary, generator.planned, base_url, generator.model, generator.price.source)
