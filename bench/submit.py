"""Submitting a report: p95 <= 100 ms (PDF excluded), beside a floor of one insert transaction.

    DEBUG=1 .venv/bin/python bench/submit.py [--n 100]

Times `reporting.actions.do_submit` (the check of every rule, numbering, the version kept,
the audit entry) on complete drafts; the signature's password hash is checked by the view
before the action and is deliberately slow (Argon2), so it is measured on its own line.
"""

from __future__ import annotations

import argparse
import time

from _setup import line, p95, start, stop, timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100)
    args = parser.parse_args()
    old = start()
    try:
        run(args.n)
    finally:
        stop(old)


def run(n: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import Membership
    from agreements.demo import demo_password
    from audit.log import Actor
    from reporting.actions import do_submit
    from reporting.models import FormA
    from reporting.tests.factories_compilation import make_report

    sro = Membership.objects.select_related("agreement", "user", "primary_school").get(user__username="sro")
    actor = Actor(sro.user, "127.0.0.1", "sro")
    incident = timezone.localdate().replace(day=1) if timezone.localdate().day > 1 else timezone.localdate()
    drafts = [make_report(sro, incident_date=incident) for _ in range(n + 3)]
    it = iter(drafts)

    def submit() -> None:
        do_submit(actor, next(it), sro, signature="password")

    ms = timings(submit, n)
    assert FormA.objects.filter(status="submitted").count() == n + 3

    def floor() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notices_notice (recipient_id, agreement_id, kind, key, subject, body, url, created_at, "
                "email_attempts, email_error) VALUES (%s, %s, 'bench', %s, 's', 'b', '', %s, 0, '')",
                [sro.user_id, sro.agreement_id, f"bench-{time.perf_counter_ns()}", timezone.now()],
            )

    raw = timings(floor, n)
    hashing = timings(lambda: sro.user.check_password(demo_password()), 10, warmup=1)

    # The whole signature POST as the SRO's browser sends it (session, the guard's look, Argon2,
    # do_submit, the message), without the list it redirects to; its queries counted once.
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(sro.user)
    signed = iter([make_report(sro, incident_date=incident) for _ in range(n + 4)])
    mine = f"/{sro.agreement.slug}/reports/"

    def sign() -> None:
        response = client.post(f"/{sro.agreement.slug}/reports/{next(signed).pk}/sign/", {"signature": demo_password()})
        # Filed, so on to the SRO's list: a redirect back to the form or to sign-in would time a failure.
        assert response.status_code == 302 and response["Location"] == mine, (response.status_code, response)

    posted = timings(sign, n)
    with CaptureQueriesContext(connection) as ctx:
        sign()
    print(f"submitting on {connection.vendor}; incident {incident:%Y-%m-%d}, two students each")
    print(line("do_submit (rules, number, version, audit)", ms))
    print(line("floor: one insert transaction", raw))
    print(line("(signature: password hash check, Argon2)", hashing))
    print(line(f"the sign POST, whole ({len(ctx.captured_queries)} queries)", posted))
    print(f"target p95 <= 100 ms: {'PASS' if p95(ms) <= 100 else 'FAIL'}")


if __name__ == "__main__":
    main()
