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


def start(*, full_demo: bool = False):
    """Set Django up on a fresh test database (SQLite in memory, or test_<name> on PostgreSQL).

    With FULL_DEMO, every step of `load_demo` too (calendars, 5,800 students, reports,
    compilations), not only the agreements and people."""
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

    westport = load()
    if full_demo:
        from django.utils.module_loading import import_string

        from agreements.management.commands.load_demo import STEPS

        for step in STEPS:
            import_string(step)(westport, stdout=open(os.devnull, "w"))  # noqa: SIM115
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


def add_reports(
    count: int, slug: str = "westport", prefix: str = "B-", returned_share: float = 0.2, *, refresh: bool = True
) -> None:
    """Add COUNT filed Form As (one student each) to agreement SLUG, spread over 400 days.

    A fifth are submitted, RETURNED_SHARE returned for correction (open again on the SRO's
    list), the rest received. With REFRESH false the caller runs `analyze()` once after a
    series of loads."""
    import random
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.utils import timezone

    from accounts.models import Membership
    from reporting.models import FormA, FormAStudent

    rng = random.Random(7)
    sros = list(Membership.objects.filter(agreement__slug=slug, role="sro").select_related("primary_school"))
    base = datetime(2025, 9, 1, 8, tzinfo=timezone.get_current_timezone())
    reports = []
    for i in range(count):
        sro = rng.choice(sros)
        at = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
        reports.append(
            FormA(
                agreement=sro.agreement,
                sro=sro,
                status=_status(rng, returned_share),
                number=f"{prefix}{i:06d}",
                escalated_to_violence=True,
                sro_name=sro.display_name,
                badge_number=sro.badge_number,
                school=sro.primary_school,
                incident_date=at.date() - timedelta(days=1),
                incident_time=clock(10),
                location="Gym",
                reason_and_nature="Synthetic benchmark report.",
                disposition_referral_admin=True,
                first_submitted_at=at,
                submitted_at=at,
                due_date=at.date() + timedelta(days=5),
                school_days_late=rng.choice([0, 0, 0, 1, 3]),
            )
        )
    FormA.objects.bulk_create(reports, batch_size=1000)
    FormAStudent.objects.bulk_create(
        [
            FormAStudent(report=r, position=0, age=15, gender="female", white=True, known_disability=False)
            for r in FormA.objects.filter(agreement__slug=slug, number__startswith=prefix)
        ],
        batch_size=1000,
    )
    if refresh:
        analyze()


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum (PostgreSQL) would soon
    do in production; without them the planner guesses a handful of rows and sorts thousands."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _status(rng, returned_share: float) -> str:
    x = rng.random()
    return "submitted" if x < 0.2 else "returned" if x < 0.2 + returned_share else "received"


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
