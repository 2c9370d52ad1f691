"""Benchmark: 320 poems of 唐诗三百首 through the ``openai`` backend and a fake server.

The fake OpenAI-compatible server (``tests/fake_llm_server.py``) answers after 300 ms and fails
5% of requests with 429 (``retry-after-ms``) or 500. Checks:

* every poem gets its own result (by position: each answer names the poem it was asked about),
  from the LLM, not the offline fallback; no poem asked twice once answered;
* the first run takes < 15 s at the default concurrency;
* a second run (a fresh backend, same cache) makes zero requests.

Run: ``.venv/bin/python bench/llm_fake_server.py [--poems N] [--corpus PATH]``. Exits 0 when every
check holds, 1 when one fails, and 0 with a "skipped" line when the corpus is absent.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path("/work/shared/corpora/chinese-poetry/蒙学/tangshisanbaishou.json")
FAKE_KEY = "sk-bench-not-a-real-key-0000"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--poems", type=int, default=320)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--error-rate", type=float, default=0.05)
    parser.add_argument("--limit", type=float, default=15.0, help="seconds allowed for the first run")
    args = parser.parse_args()
    if not args.corpus.is_file():
        print(f"skipped: corpus not found at {args.corpus}")
        return 0

    from songsmith.config import load_config
    from songsmith.pipeline.compose import work_from_poem
    from songsmith.poetry.corpus import load_chinese_poetry
    from songsmith.style.backends import get_backend
    from songsmith.style.base import Hints
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from fake_llm_server import FakeLLMServer
    from songsmith.style.llm.usage import UsageLog

    poems = list(load_chinese_poetry(args.corpus))[: args.poems]
    works = [work_from_poem(poem) for poem in poems]
    hints = Hints()
    failures: list[str] = []

    with tempfile.TemporaryDirectory() as tmp, \
            FakeLLMServer(api_key=FAKE_KEY, latency=args.latency, error_rate=args.error_rate, seed=6,
                          retry_after_ms=100) as server:
        for name in [n for n in os.environ if n.startswith("SONGSMITH_") or n.startswith("OPENAI_")]:
            del os.environ[name]
        os.environ.update({
            "SONGSMITH_CONFIG": str(Path(tmp) / "config.yaml"),
            "SONGSMITH_CACHE_DIR": str(Path(tmp) / "cache"),
            "SONGSMITH_USAGE_LOG": str(Path(tmp) / "usage.sqlite"),
            "OPENAI_API_KEY": FAKE_KEY,
            "OPENAI_BASE_URL": server.openai_base_url,
        })
        concurrency = load_config().get("concurrency")

        backend = get_backend("openai")
        started = time.perf_counter()
        first = backend.map_style_many(works, 3, hints)
        first_time = time.perf_counter() - started
        first_requests = server.count

        again = get_backend("openai")
        started = time.perf_counter()
        second = again.map_style_many(works, 3, hints)
        second_time = time.perf_counter() - started
        second_requests = server.count - first_requests

        rows = UsageLog(Path(tmp) / "usage.sqlite").rows()
        leaked = [p for p in Path(tmp).rglob("*") if p.is_file() and FAKE_KEY.encode() in p.read_bytes()]

    fallbacks = sum(1 for result in first if getattr(result[0], "backend", "") != "openai")
    misplaced = [i for i, (work, result) in enumerate(zip(works, first, strict=True))
                 if not result[0].why.rpartition("; ")[2].startswith(f"for {work.title}:")]
    answered = collections.Counter(r["task"] for r in rows if r["ok"] and not r["cache_hit"])
    injected = collections.Counter(server.injected)
    tokens_in = sum(r["tokens_in"] for r in rows)
    tokens_out = sum(r["tokens_out"] for r in rows)
    cost = sum(r["cost_usd"] or 0 for r in rows)

    print(f"poems: {len(works)}  concurrency: {concurrency}  latency: {args.latency * 1000:.0f} ms  "
          f"injected errors: {sum(injected.values())} ({injected[429]}×429, {injected[500]}×500)")
    print(f"run 1: {first_time:.2f} s, {first_requests} requests, {len(first)} results, "
          f"{answered['map_style']} answered by the model, {fallbacks} offline fallbacks, "
          f"max in flight {server.max_in_flight}")
    print(f"run 2: {second_time:.2f} s, {second_requests} requests, {len(second)} results (cache)")
    print(f"usage log: {len(rows)} rows, {tokens_in} tokens in, {tokens_out} out, est. ${cost:.4f}")

    if len(first) != len(works) or len(second) != len(works):
        failures.append("a result is missing")
    if fallbacks:
        failures.append(f"{fallbacks} poems fell back to offline")
    if misplaced:
        failures.append(f"results out of place (duplicates or mix-ups) at {misplaced[:5]}")
    if answered["map_style"] != len(works):
        failures.append(f"{answered['map_style']} successful requests for {len(works)} poems (duplicates?)")
    if first_requests != len(works) + sum(injected.values()):
        failures.append(f"{first_requests} requests ≠ poems + injected errors")
    if first_time >= args.limit:
        failures.append(f"run 1 took {first_time:.1f} s (limit {args.limit:g} s)")
    if second_requests:
        failures.append(f"run 2 made {second_requests} requests")
    if [r[0].style for r in second] != [r[0].style for r in first]:
        failures.append("run 2 results differ from run 1")
    if leaked:
        failures.append(f"the API key reached {leaked}")
    for failure in failures:
        print(f"FAIL: {failure}")
    print("ok" if not failures else f"{len(failures)} checks failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
