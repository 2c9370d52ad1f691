"""Test-wide settings: hypothesis runs without per-example deadlines (CI machines are shared and
slow at times; a deadline there measures the machine, not the code) and with a fixed profile;
commands print no progress lines of their own."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# No "still working" lines: a test that compares stderr must not depend on the machine's speed
# (tests/test_large_input.py checks those lines with their own timing).
os.environ["SONGSMITH_PROGRESS_AFTER"] = "off"

settings.register_profile("songsmith", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("songsmith")
