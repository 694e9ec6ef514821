"""VII.2: a due date follows the district's calendar as it is, and lateness says what it knows.

A draft whose incident date the calendar did not cover gets its due date once the calendar is
imported; a snow day moves the due dates after it; a submitted report's due date never moves;
a report whose lateness cannot be counted says so to the Chief; a report returned for
correction keeps its first lateness and records whether the correction came back late.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.models import AuditEntry
from reporting import actions
from reporting.models import FormA
from reporting.tests.factories_compilation import local
from reporting.tests.filing import actor, draft, submitted
from schoolcalendar import actions as calendar_actions
from schoolcalendar.days import for_district
from schoolcalendar.models import CalendarDay

pytestmark = pytest.mark.req("VII.2")

INCIDENT = date(2026, 11, 2)  # a Monday in the demo's 2026-27 school year


def load_calendar(agreement) -> None:
    from schoolcalendar.demo import load

    load(agreement)


def expected_due(agreement, incident: date = INCIDENT) -> date:
    return for_district(agreement.district).school_days_after(incident, agreement.report_deadline_school_days)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(local(date(2026, 11, 3), 9), tick=False) as traveller:
        yield traveller


def test_a_draft_without_a_due_date_gets_one_when_the_calendar_is_imported(member):
    sro = member("sro")
    report = draft(sro, incident_date=INCIDENT)
    assert report.due_date is None  # no calendar yet
    load_calendar(sro.agreement)
    report.refresh_from_db()
    assert report.due_date == expected_due(sro.agreement)
    entry = AuditEntry.objects.get(action="form_a.due_date_recomputed", object_id=str(report.pk))
    assert entry.changes["due_date"] == [None, report.due_date.isoformat()]
    assert "imported" in entry.changes["reason"]
    assert entry.agreement == sro.agreement


def test_a_snow_day_moves_an_open_drafts_due_date_and_is_audited(member):
    sro = member("sro")
    load_calendar(sro.agreement)
    report = draft(sro, incident_date=INCIDENT)
    before = report.due_date
    assert before == expected_due(sro.agreement)
    snow = for_district(sro.agreement.district).next_school_day(INCIDENT)
    day = CalendarDay.objects.get(school_year__district=sro.agreement.district, date=snow)
    calendar_actions.do_set_day(actor(member("steward")), sro.agreement, day, in_session=False)
    report.refresh_from_db()
    assert report.due_date == expected_due(sro.agreement) and report.due_date > before
    entry = AuditEntry.objects.get(action="form_a.due_date_recomputed", object_id=str(report.pk))
    assert entry.changes["due_date"] == [before.isoformat(), report.due_date.isoformat()]
    assert entry.actor.username == "steward"


def test_a_calendar_change_does_not_move_a_submitted_reports_due_date(member):
    sro = member("sro")
    load_calendar(sro.agreement)
    report = submitted(sro, incident_date=INCIDENT)
    due = report.due_date
    snow = for_district(sro.agreement.district).next_school_day(INCIDENT)
    day = CalendarDay.objects.get(school_year__district=sro.agreement.district, date=snow)
    calendar_actions.do_set_day(actor(member("steward")), sro.agreement, day, in_session=False)
    report.refresh_from_db()
    assert report.due_date == due
    assert not AuditEntry.objects.filter(action="form_a.due_date_recomputed").exists()


def test_the_chief_is_told_when_lateness_cannot_be_computed(member, client_for):
    sro = member("sro")
    report = submitted(sro, incident_date=INCIDENT)  # no calendar at all
    assert report.school_days_late is None and report.lateness_unknown
    chief = client_for("chief")
    inbox = chief.get(reverse("reporting:inbox", kwargs={"slug": "westport"})).content.decode()
    assert "Timeliness unknown" in inbox and "On time" not in inbox
    page = chief.get(reverse("reporting:review", kwargs={"slug": "westport", "pk": report.pk})).content.decode()
    assert "Whether this report was on time cannot be said" in page and "on time</p>" not in page


def test_lateness_is_computed_from_the_calendar_at_submission(member, frozen):
    sro = member("sro")
    report = draft(sro, incident_date=INCIDENT)
    FormA.objects.filter(pk=report.pk).update(due_date=None)  # however it came to be missing
    load_calendar(sro.agreement)
    due = expected_due(sro.agreement)
    frozen.move_to(local(date(2026, 11, 20), 9))
    filed = actions.do_submit(actor(sro), report, sro, signature="password")
    assert filed.due_date == due
    assert filed.school_days_late == for_district(sro.agreement.district).school_days_between(due, date(2026, 11, 20))
    assert filed.school_days_late > 0


def test_a_resubmitted_report_keeps_its_lateness_and_records_whether_the_correction_was_late(
    member, client_for, frozen
):
    sro, chief = member("sro"), member("chief")
    load_calendar(sro.agreement)
    report = submitted(sro, incident_date=INCIDENT)
    assert report.school_days_late == 0
    actions.do_return(actor(chief), report, chief, reason="Add the time of the incident.")
    frozen.move_to(local(date(2026, 12, 1), 9))  # well after the due date
    resubmitted = actions.do_submit(actor(sro), report, sro, signature="password")
    assert resubmitted.school_days_late == 0  # the first submission was on time, and stays so
    assert resubmitted.correction_school_days_late == for_district(sro.agreement.district).school_days_between(
        resubmitted.due_date, date(2026, 12, 1)
    )
    assert resubmitted.correction_was_late
    entry = AuditEntry.objects.filter(action="form_a.submitted").latest("seq")
    assert entry.changes["correction_school_days_late"] == resubmitted.correction_school_days_late
    page = client_for("chief").get(reverse("reporting:review", kwargs={"slug": "westport", "pk": report.pk}))
    assert "correction resubmitted" in page.content.decode() and "after the due date" in page.content.decode()


def test_a_correction_back_by_the_due_date_is_not_late(member):
    sro, chief = member("sro"), member("chief")
    load_calendar(sro.agreement)
    report = submitted(sro, incident_date=INCIDENT)
    actions.do_return(actor(chief), report, chief, reason="Add the time of the incident.")
    resubmitted = actions.do_submit(actor(sro), report, sro, signature="password")
    assert resubmitted.correction_school_days_late == 0 and not resubmitted.correction_was_late


@pytest.mark.req("P.2")
def test_the_calendar_app_announces_changes_and_imports_nothing_of_reporting():
    from pathlib import Path

    import schoolcalendar

    folder = Path(schoolcalendar.__file__).parent
    sources = [p for p in folder.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts]
    offenders = [p.name for p in sources if "import reporting" in p.read_text() or "from reporting" in p.read_text()]
    assert offenders == []
