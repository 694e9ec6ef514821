"""VII.2: reminders two and one school days before the due date and on it; overdue the next school day."""

from __future__ import annotations

import threading
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import connection

from notices.models import Notice
from reporting import deadlines, tasks
from reporting.tests.factories_compilation import local, make_report, weekdays

# Incident Monday 2026-10-05: five school days later, due Monday 2026-10-12 (a weekday calendar).
INCIDENT = date(2026, 10, 5)
DUE = date(2026, 10, 12)


@pytest.fixture
def calendar(monkeypatch):
    days = weekdays()
    monkeypatch.setattr(deadlines, "for_district", lambda district: days)
    return days


@pytest.fixture
def draft(member, calendar):
    return make_report(member("sro"), incident_date=INCIDENT, due_date=DUE)


def run(member, day: date, capture) -> int:
    with time_machine.travel(local(day, 6), tick=False), capture(execute=True):
        return deadlines.send_deadline_notices(member("sro").agreement, day)


def keys_for(username: str) -> list[str]:
    return sorted(Notice.objects.filter(recipient__username=username).values_list("key", flat=True))


@pytest.mark.req("VII.2")
@pytest.mark.parametrize(
    ("day", "subject"),
    [
        (date(2026, 10, 8), "Form A due in 2 school days (October 12, 2026)"),  # Thursday
        (date(2026, 10, 9), "Form A due in 1 school day (October 12, 2026)"),  # Friday
        (date(2026, 10, 12), "Form A due today (October 12, 2026)"),
    ],
)
def test_the_sro_is_reminded_before_and_on_the_due_date(
    draft, member, day, subject, django_capture_on_commit_callbacks
):
    assert run(member, day, django_capture_on_commit_callbacks) == 1
    assert [m.subject for m in mail.outbox] == [subject]
    assert mail.outbox[0].to == ["sro@westport.example.org"]
    assert Notice.objects.get().subject == subject


@pytest.mark.req("VII.2")
def test_nothing_is_sent_three_school_days_ahead_or_on_a_weekend(draft, member, django_capture_on_commit_callbacks):
    assert run(member, date(2026, 10, 7), django_capture_on_commit_callbacks) == 0
    assert run(member, date(2026, 10, 10), django_capture_on_commit_callbacks) == 0  # Saturday
    assert mail.outbox == []


@pytest.mark.req("VII.2")
def test_the_next_school_day_the_sro_and_the_chief_are_told_it_is_overdue(
    draft, member, django_capture_on_commit_callbacks
):
    assert run(member, date(2026, 10, 13), django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chief@westport.example.org", "sro@westport.example.org"]
    assert {m.subject for m in mail.outbox} == {"Form A overdue (was due October 12, 2026)"}
    chief_mail = next(m for m in mail.outbox if m.to[0].startswith("chief"))
    assert "by Officer Dana Whitcomb" in chief_mail.body
    assert "fought" not in chief_mail.body  # no report content in email


@pytest.mark.req("VII.2")
def test_a_whole_run_of_days_sends_each_notice_exactly_once(draft, member, django_capture_on_commit_callbacks):
    for day in range(1, 31):
        run(member, date(2026, 10, day), django_capture_on_commit_callbacks)
        run(member, date(2026, 10, day), django_capture_on_commit_callbacks)  # the scheduler ran twice
    assert keys_for("sro") == [f"form_a:{draft.pk}:{s}" for s in ("due-0", "due-1", "due-2", "overdue")]
    assert keys_for("chief") == [f"form_a:{draft.pk}:overdue"]
    assert len(mail.outbox) == 5


@pytest.mark.req("VII.2")
def test_a_submitted_report_gets_no_reminder(member, calendar, django_capture_on_commit_callbacks):
    make_report(member("sro"), submitted_at=local(date(2026, 10, 8)), incident_date=INCIDENT, due_date=DUE)
    returned = make_report(member("sro"), submitted_at=local(date(2026, 10, 8)), incident_date=INCIDENT, due_date=DUE)
    returned.status = "returned"
    returned.save()
    for day in (date(2026, 10, 9), date(2026, 10, 12), date(2026, 10, 13)):
        assert run(member, day, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.req("VII.2")
def test_a_draft_without_an_incident_date_gets_no_reminder(member, calendar, django_capture_on_commit_callbacks):
    make_report(member("sro"))
    assert run(member, date(2026, 10, 13), django_capture_on_commit_callbacks) == 0


@pytest.mark.req("VII.2")
def test_the_background_task_sends_the_day_s_notices(draft, member, django_capture_on_commit_callbacks):
    with time_machine.travel(local(date(2026, 10, 9), 6), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_deadline_notices.call(member("sro").agreement.id, "2026-10-09") == 1
    assert len(mail.outbox) == 1


@pytest.mark.req("VII.2")
def test_without_a_school_calendar_no_notice_is_guessed(member, django_capture_on_commit_callbacks, monkeypatch):
    from schoolcalendar.days import SchoolDays

    monkeypatch.setattr(deadlines, "for_district", lambda district: SchoolDays((), None, None))
    make_report(member("sro"), incident_date=INCIDENT, due_date=DUE)
    assert run(member, date(2026, 10, 13), django_capture_on_commit_callbacks) == 0


@pytest.mark.req("VII.2")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
def test_two_workers_at_once_send_each_notice_once(monkeypatch):
    from accounts.models import Membership
    from agreements.demo import load

    load()
    days = weekdays()
    monkeypatch.setattr(deadlines, "for_district", lambda district: days)
    sro = Membership.objects.get(user__username="sro")
    for _ in range(5):
        make_report(sro, incident_date=INCIDENT, due_date=DUE)
    barrier = threading.Barrier(4)
    errors = []

    def worker():
        try:
            barrier.wait()
            deadlines.send_deadline_notices(sro.agreement, date(2026, 10, 13))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connection.close()

    with time_machine.travel(local(date(2026, 10, 13), 6), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert Notice.objects.count() == 10  # five drafts, the SRO and the Chief each
    assert len(mail.outbox) == 10
