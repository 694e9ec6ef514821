"""Editing a single day of the calendar (P.2, S.3)."""

from __future__ import annotations

from datetime import date

import pytest

from audit.log import Actor
from audit.models import AuditEntry
from schoolcalendar import actions
from schoolcalendar.days import for_district
from schoolcalendar.models import CalendarDay

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]

ACTOR = Actor.system("test")


def test_closing_a_school_day_moves_deadlines_and_is_audited(calendars):
    district = calendars.district
    day = CalendarDay.objects.get(school_year__district=district, date=date(2025, 10, 6))
    assert for_district(district).school_days_after(date(2025, 10, 3), 1) == date(2025, 10, 6)
    actions.do_set_day(ACTOR, calendars, day, in_session=False)
    day.refresh_from_db()
    assert (day.in_session, day.note, day.changed_by_hand) == (False, actions.HAND_OFF_NOTE, True)
    assert for_district(district).school_days_after(date(2025, 10, 3), 1) == date(2025, 10, 7)
    entry = AuditEntry.objects.get(action="calendarday.changed")
    assert entry.changes["in_session"] == [True, False]
    assert entry.changes["date"] == "2025-10-06"


def test_opening_a_day_off_clears_its_reason_which_the_audit_keeps(calendars):
    day = CalendarDay.objects.get(school_year__district=calendars.district, date=date(2025, 9, 1))
    actions.do_set_day(ACTOR, calendars, day, in_session=True)
    day.refresh_from_db()
    assert (day.in_session, day.note) == (True, "")
    assert AuditEntry.objects.get(action="calendarday.changed").changes["note"] == ["Labor Day – Schools Closed", ""]


def test_setting_what_is_already_there_changes_nothing(calendars):
    day = CalendarDay.objects.get(school_year__district=calendars.district, date=date(2025, 10, 6))
    actions.do_set_day(ACTOR, calendars, day, in_session=True)
    assert not AuditEntry.objects.filter(action="calendarday.changed").exists()


def test_another_districts_day_is_refused(calendars):
    from agreements.models import Agreement

    harbor = Agreement.objects.get(slug="harborfalls")
    day = CalendarDay.objects.get(school_year__district=harbor.district, date=date(2025, 10, 6))
    with pytest.raises(actions.CalendarRefused):
        actions.do_set_day(ACTOR, calendars, day, in_session=False)
    day.refresh_from_db()
    assert day.in_session
