"""Test-wide settings: hypothesis runs without per-example deadlines (CI machines are shared and
slow at times; a deadline there measures the machine, not the code) and with a fixed profile."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile("songsmith", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("songsmith")
