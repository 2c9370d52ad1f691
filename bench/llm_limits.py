"""Benchmark: the worst case of `songsmith render` of one poem against a misbehaving LLM server.

For each backend (anthropic, openai) and each misbehaviour — a server that never answers
(``hang``), one that sends its answer a byte every half second (``trickle``), one that answers
``429`` with ``Retry-After: 3600`` — one ``songsmith render corpora/poems/jing-ye-si.yaml --target
suno`` runs against the fake server (``tests/fake_llm_server.py``) with the default settings (or
``--timeout S``), all cases at once, with a ``healthy`` server as the baseline (what the render
itself costs on a machine this busy). Prints the wall time of each, the requests the server saw
and the warning, and checks every case ends, with the offline fallback, within
2 × timeout + ``--slack`` seconds.

Run: ``.venv/bin/python bench/llm_limits.py [--timeout 60] [--slack 40]``. Exits 0 when every case
holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-bench-limits-not-a-real-key"


def _case(mode: str, backend: str, timeout: float | None, limit: float, rows: list[str], failures: list[str]) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_llm_server import FakeLLMServer, Reply

    reply = {"healthy": Reply(), "hang": Reply(delay=3600), "trickle": Reply(trickle=0.5),
             "retry-after-3600": Reply(status=429, headers={"Retry-After": "3600"})}[mode]
    with tempfile.TemporaryDirectory() as tmp, FakeLLMServer(api_key=KEY) as server:
        server.enqueue(*[reply] * 50)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SONGSMITH_", "OPENAI_", "ANTHROPIC_"))}
        env.update(SONGSMITH_CONFIG=f"{tmp}/config.yaml", SONGSMITH_CACHE_DIR=f"{tmp}/cache",
                   SONGSMITH_USAGE_LOG=f"{tmp}/usage.sqlite", ANTHROPIC_API_KEY=KEY, OPENAI_API_KEY=KEY)
        if timeout is not None:
            env["SONGSMITH_TIMEOUT"] = str(timeout)
        url = server.url if backend == "anthropic" else server.openai_base_url
        command = [sys.executable, "-m", "songsmith", "render", str(ROOT / "corpora/poems/jing-ye-si.yaml"),
                   "-o", f"{tmp}/out", "--target", "suno", "--backend", backend, "--base-url", url]
        started = time.monotonic()
        try:
            ran = subprocess.run(command, env=env, capture_output=True, text=True, timeout=limit + 60, cwd=ROOT)
        except subprocess.TimeoutExpired:
            rows.append(f"{mode:17} {backend:9} still running after {limit + 60:.0f} s")
            failures.append(f"{mode} {backend}: did not end")
            return
        took = time.monotonic() - started
        warning = next((line.split("warning: ", 1)[1] for line in ran.stderr.splitlines() if "warning: " in line), "")
        rows.append(f"{mode:17} {backend:9} {took:6.1f} s  exit {ran.returncode}  {server.count} requests  {warning[:110]}")
        fell_back = "used the offline backend" in ran.stderr
        if ran.returncode != 0 or took > limit or fell_back != (mode != "healthy"):
            failures.append(f"{mode} {backend}: {took:.1f} s, exit {ran.returncode}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=None, help="SONGSMITH_TIMEOUT for the runs [default: 60]")
    parser.add_argument("--slack", type=float, default=40.0, help="seconds allowed beyond two deadlines")
    args = parser.parse_args()
    deadline = args.timeout if args.timeout is not None else 60.0
    limit = 2 * deadline + args.slack
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; timeout {deadline:g} s; "
          f"each case must end within {limit:g} s")
    rows: list[str] = []
    failures: list[str] = []
    threads = [threading.Thread(target=_case, args=(mode, backend, args.timeout, limit, rows, failures))
               for mode in ("healthy", "hang", "trickle", "retry-after-3600") for backend in ("anthropic", "openai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for row in sorted(rows):
        print(row)
    for failure in failures:
        print(f"FAILED: {failure}")
    print("ok" if not failures else f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
