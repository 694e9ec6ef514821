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
# Production settings, as the server runs them (DEBUG off: no query log, no template debug
# info), with a throwaway key; BENCH_DEBUG=1 measures development settings instead.
os.environ["DEBUG"] = os.environ.get("BENCH_DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)


def start():
    """Set Django up on a fresh test database (SQLite in memory, or test_<name> on PostgreSQL)."""
    import django
    from django.conf import settings
    from django.test.utils import setup_databases

    django.setup()
    # Not setup_test_environment(): it instruments every template render so the test Client
    # can record contexts, which would time the instrument rather than the page. Only what
    # the Client needs: its host name allowed, and mail kept in memory.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False  # the test Client speaks plain HTTP
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    old = setup_databases(verbosity=0, interactive=False)
    from agreements.demo import load

    load()
    return old


def start_file_database():
    """Django on a fresh SQLite file in a temporary folder (as the server runs it, not in memory),
    migrated, with one agreement of Westport's seven schools and no people; return the agreement."""
    import tempfile
    from datetime import date

    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    from agreements import actions
    from agreements.demo import WESTPORT_SCHOOLS
    from agreements.models import PoliceDepartment, SchoolDistrict
    from audit.log import Actor

    call_command("migrate", verbosity=0)
    actor = Actor.system("bench")
    police = actions.do_create_party(actor, PoliceDepartment, name="Bench PD", town="Bench")
    district = actions.do_create_party(actor, SchoolDistrict, name="Bench District", town="Bench")
    schools = [
        actions.do_add_school(actor, district, name=n, level=lvl, sourced_id=sid) for n, lvl, sid in WESTPORT_SCHOOLS
    ]
    return actions.do_create_agreement(
        actor,
        slug="bench",
        title="Bench",
        police_department=police,
        district=district,
        schools=schools,
        signatories=[],
        signed_on=date(2025, 1, 1),
        effective_date=date(2025, 1, 1),
    )


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
