"""Shared set-up for the benchmarks: Django with a throwaway database and the demo loaded.

The benchmarks are plain scripts, never timed tests: each prints its figures beside a floor
measured in the same run, so a slow machine slows both.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
os.environ.setdefault("DEBUG", "1")


def start():
    """Set Django up on a fresh test database (SQLite in memory, or test_<name> on PostgreSQL)."""
    import django
    from django.test.utils import setup_databases, setup_test_environment

    django.setup()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    from agreements.demo import load

    load()
    return old


def stop(old) -> None:
    from django.test.utils import teardown_databases

    teardown_databases(old, verbosity=0)


def timings(fn: Callable[[], object], n: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def p95(ms: list[float]) -> float:
    return statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else max(ms)


def line(name: str, ms: list[float]) -> str:
    return f"{name:<44} p50 {statistics.median(ms):8.2f} ms   p95 {p95(ms):8.2f} ms   (n={len(ms)})"
