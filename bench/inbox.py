"""The Chief's inbox with 10,000 reports: p95 server time <= 50 ms, beside a raw SQL floor.

.venv/bin/python bench/inbox.py [--reports 10000] [--n 100]
"""

from __future__ import annotations

import argparse
import random
from datetime import datetime, time, timedelta

from _setup import line, p95, start, stop, timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    old = start()
    try:
        run(args.reports, args.n)
    finally:
        stop(old)


def run(count: int, n: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Membership
    from reporting.models import FormA, FormAStudent

    rng = random.Random(7)
    sros = list(Membership.objects.filter(agreement__slug="westport", role="sro").select_related("primary_school"))
    tz = timezone.get_current_timezone()
    base = datetime(2025, 9, 1, 8, tzinfo=tz)
    statuses = ["submitted", "received", "received", "received", "returned"]
    reports = []
    for i in range(count):
        sro = rng.choice(sros)
        at = base + timedelta(minutes=rng.randrange(0, 60 * 24 * 400))
        reports.append(
            FormA(
                agreement=sro.agreement,
                sro=sro,
                status=rng.choice(statuses),
                number=f"B-{i:06d}",
                escalated_to_violence=True,
                sro_name=sro.display_name,
                badge_number=sro.badge_number,
                school=sro.primary_school,
                incident_date=at.date() - timedelta(days=1),
                incident_time=time(10),
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
            for r in FormA.objects.filter(number__startswith="B-")
        ],
        batch_size=1000,
    )
    print(f"{FormA.objects.count()} reports on {connection.vendor}")

    client = Client()
    client.force_login(Membership.objects.get(user__username="chief").user)
    url = "/westport/reports/inbox/"
    first = client.get(url)
    assert first.status_code == 200, first.status_code
    view = timings(lambda: client.get(url), n)
    filtered = timings(lambda: client.get(url, {"status": "received", "month": "2026-03"}), n)

    agreement_id = sros[0].agreement_id

    def floor() -> None:
        # The least any inbox can do: one indexed query for one page of rows.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT f.id, f.number, f.status, f.first_submitted_at, f.school_days_late, s.name "
                "FROM reporting_forma f LEFT JOIN agreements_school s ON s.id = f.school_id "
                "WHERE f.agreement_id = %s AND f.status = %s ORDER BY f.first_submitted_at LIMIT 25",
                [agreement_id, "submitted"],
            )
            cursor.fetchall()

    raw = timings(floor, n)
    # A second floor: the same page for a month without reports (sign-in, session, layout).
    empty = timings(lambda: client.get(url, {"month": "2031-01"}), n)
    print(line("inbox page (test Client, full stack)", view))
    print(line("inbox page, filtered by status and month", filtered))
    print(line("floor: raw SQL, one page of rows", raw))
    print(line("floor: the page with no rows (framework)", empty))
    verdict = "PASS" if max(p95(view), p95(filtered)) <= 50 else "FAIL"
    print(f"target p95 <= 50 ms: {verdict}")


if __name__ == "__main__":
    main()
