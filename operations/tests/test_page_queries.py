"""Every main page of every role makes the same number of queries with a little data and with
much more (bench/page_floor.py measures their time at 10,000 reports)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.tests.filing import calendar_fixture  # noqa: F401 (fixture)

NOW = timezone.datetime(2026, 11, 16, 12, tzinfo=timezone.get_current_timezone())

# (persona, page, path under /westport/, the requirement the page serves)
PAGES = [
    ("sro", "dashboard", "", "VII.7"),
    ("sro", "Form A list", "reports/", "VII.7"),
    ("sro", "Form A edit", "reports/{draft}/", "VII.7"),
    ("sro", "roster search", "students/lookup/{draft}/0/?q=an", "VII.6"),
    ("sro", "calendar", "calendar/", "P.2"),
    ("sro", "notices", "notices/", "VII.8"),
    ("chief", "dashboard", "", "VII.8"),
    ("chief", "inbox", "reports/inbox/", "VII.8"),
    ("chief", "inbox, received", "reports/inbox/?status=received", "VII.8"),
    ("chief", "review", "reports/inbox/{received}/", "VII.8"),
    ("chief", "audit", "audit/", "S.3"),
    ("chief", "notices", "notices/", "VII.8"),
    ("superintendent", "dashboard", "", "VII.9"),
    ("superintendent", "compilations", "compilations/", "VII.9"),
    ("superintendent", "audit", "audit/", "S.3"),
    ("principal", "dashboard", "", "VII.9"),
    ("steward", "dashboard", "", "VII.6"),
    ("steward", "roster", "students/", "VII.6"),
    ("admin", "dashboard", "", "P.1"),
]


def grow(member, n: int) -> None:
    """Add N filed reports of each status, N students, N audit entries and N notices each."""
    from accounts.models import User
    from audit.log import Actor, record
    from notices.models import Notice
    from reporting.models import FormA
    from reporting.tests.factories_compilation import make_report
    from students.models import Student

    sros = [member("sro"), member("sro2")]
    agreement = sros[0].agreement
    start = FormA.objects.count()
    for i in range(n):
        at = NOW - timedelta(days=1 + i % 40, hours=i % 5)
        for status in (FormA.Status.SUBMITTED, FormA.Status.RECEIVED, FormA.Status.RETURNED):
            report = make_report(sros[i % 2], submitted_at=at, number=f"Q-{start + i}-{status[:3]}")
            if status != FormA.Status.SUBMITTED:
                FormA.objects.filter(pk=report.pk).update(status=status, received_at=at)
    school = sros[0].primary_school
    Student.objects.bulk_create(
        Student(
            agreement=agreement,
            sourced_id=f"q-{start}-{i}",
            given_name=f"Anna{i}",
            family_name="Query",
            school=school,
            grade="10",
            birth_date=date(2010, 1, 1),
            active=True,
        )
        for i in range(n)
    )
    for i in range(n):
        record(Actor.system("query-test"), "query.test", agreement=agreement, changes={"i": i})
    Notice.objects.bulk_create(
        Notice(recipient=user, agreement=agreement, kind="test", key=f"q:{start}:{i}", subject=f"Notice {i}", body="")
        for user in User.objects.filter(memberships__agreement=agreement).distinct()
        for i in range(n)
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.req("VII.8")
@pytest.mark.req("S.3")
@time_machine.travel(NOW, tick=False)
def test_every_main_page_makes_as_many_queries_with_much_more_data(client_for, member, calendar, settings):
    from reporting.models import FormA
    from reporting.tests.factories_compilation import make_report

    settings.ROSTER_LOOKUPS_PER_MINUTE = 10_000
    grow(member, 3)
    draft = make_report(member("sro"))
    received = FormA.objects.filter(agreement=draft.agreement, status=FormA.Status.RECEIVED).first()
    clients = {persona: client_for(persona) for persona, *_ in PAGES}
    urls = [(p, page, "/westport/" + path.format(draft=draft.pk, received=received.pk)) for p, page, path, _ in PAGES]
    for _ in range(2):  # first visits out of the count: the session touch, the name guard's index
        for persona, _, url in urls:
            clients[persona].get(url)
    few = {(persona, page): queries(clients[persona], url) for persona, page, url in urls}
    grow(member, 60)  # 180 more reports, 60 students, audit entries and notices each: more than a page
    many = {(persona, page): queries(clients[persona], url) for persona, page, url in urls}
    grown = {key: (few[key], many[key]) for key in few if many[key] != few[key]}
    assert not grown, f"query counts that grew with the data (few, many): {grown}"
