"""Test-wide settings: hypothesis runs without per-example deadlines (CI machines are shared and
slow at times; a deadline there measures the machine, not the code) and, in `make test`, with
the same examples on every run (derandomised: the gate is reproducible, and what it tries is
decided by the locked hypothesis version and the test); `make fuzz` explores with fresh random
examples (HYPOTHESIS_PROFILE=fuzz). Commands print no progress lines of their own."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No "still working" lines: a test that compares stderr must not depend on the machine's speed
# (tests/test_large_input.py checks those lines with their own timing).
os.environ["SONGSMITH_PROGRESS_AFTER"] = "off"

settings.register_profile("songsmith", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "songsmith"))
