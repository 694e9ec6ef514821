"""The demo's Form As and compilations: a school year in progress, made through the real actions."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from reporting.compilation import no_reports_notice
from reporting.forms import FREE_TEXT_FIELDS
from reporting.models import FormA, MonthlyCompilation
from schoolcalendar.days import for_district

# A Wednesday in November 2026, a school day: September and October hold the received
# reports, August (before school began) is the month without any.
TODAY = datetime(2026, 11, 18, 11, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def loaded(demo):
    """The whole demo as `load_demo` builds it: calendars, roster, then the reports."""
    from reporting.demo import load
    from schoolcalendar.demo import load as load_calendars
    from students.demo import load as load_roster

    with time_machine.travel(TODAY, tick=False):
        load_calendars(demo)
        load_roster(demo)
        out = StringIO()
        load(demo, stdout=out)
    return out.getvalue()


@pytest.mark.req("VII.2")
@pytest.mark.req("VII.4")
@pytest.mark.req("VII.8")
@pytest.mark.req("VII.9")
@pytest.mark.req("VII.11")
def test_the_demo_files_receives_and_compiles_a_school_year_in_progress(loaded, demo, member, subtests):
    reports = FormA.objects.filter(agreement=demo)
    assert "Form A: 6 received in September and October" in loaded

    with subtests.test("reports in every state"):
        by_status = {s: reports.filter(status=s).count() for s in FormA.Status}
        assert by_status == {"draft": 2, "submitted": 1, "received": 6, "returned": 1}
        assert set(reports.filter(status="draft").values_list("sro__user__username", flat=True)) == {"sro"}
        received = reports.filter(status="received")
        assert {r.school.name for r in received} >= {"Staples High School", "Coleytown Middle School"}
        assert all(1 <= r.students.count() <= 3 and r.pdf and len(r.pdf_sha256) == 64 for r in received)
        assert {r.first_submitted_at.astimezone(TODAY.tzinfo).month for r in received} == {9, 10}
        assert all(r.received_at > r.first_submitted_at for r in received)

    with subtests.test("one report was late, and stays late"):
        late = reports.get(school_days_late__gt=0)
        assert late.school_days_late == 2 and late.status == "received"
        assert reports.filter(school_days_late=0).count() == 7

    with subtests.test("a draft is due in two school days"):
        dues = sorted(reports.filter(status="draft").values_list("due_date", flat=True))
        assert dues == [date(2026, 11, 20), date(2026, 11, 30)]  # Thanksgiving break between
        assert for_district(demo.district).school_days_between(TODAY.date(), dues[0]) == 2
        assert reports.get(status="returned").returned_reason.startswith("The time of the incident")

    with subtests.test("the past months are compiled: notice, sent, prepared"):
        compilations = {c.month: c for c in MonthlyCompilation.objects.filter(agreement=demo)}
        assert {m: (c.status, c.entries.count()) for m, c in compilations.items()} == {
            date(2026, 8, 1): ("acknowledged", 0),
            date(2026, 9, 1): ("sent", 3),
            date(2026, 10, 1): ("prepared", 3),
        }
        august = compilations[date(2026, 8, 1)]
        assert august.pdf_sha256 and august.acknowledged_at < TODAY
        assert no_reports_notice(august.month).startswith("During the month period consisting of August 1, 2026")
        assert not reports.filter(status="received", compiled__isnull=True).exists()
        assert all(c.prepared_at <= TODAY for c in compilations.values())

    with subtests.test("the pages show it"):
        sro_home = call_client(member, "sro", "/westport/reports/")
        assert "2 school days left" in sro_home and "Returned for correction" not in sro_home
        inbox = call_client(member, "chief", "/westport/reports/inbox/")
        assert reports.get(status="submitted").number in inbox
        compilations_page = call_client(member, "superintendent", "/westport/compilations/")
        assert "August 2026" in compilations_page

    with subtests.test("the audit chain is intact"):
        out = StringIO()
        call_command("verify_audit", stdout=out)
        assert "Audit chain intact" in out.getvalue()

    with subtests.test("no free text identifies a student (VII.4)"):
        from students import guard

        texts = [(r.school, getattr(r, name)) for r in reports for name in FREE_TEXT_FIELDS]
        texts += [(r.school, r.returned_reason) for r in reports]
        findings = [f for school, text in texts for f in guard.scan(demo, text, school=school)]
        assert [f for f in findings if f.severity == guard.BLOCK] == []
        assert findings == []  # not even a word the SRO would have to confirm


def call_client(member, username: str, url: str) -> str:
    from django.test import Client

    client = Client()
    client.force_login(member(username).user)
    with time_machine.travel(TODAY, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()
