"""Loading a district's school days from the database, and the Form A due date (P.2, VII.2)."""

from __future__ import annotations

from datetime import date

import pytest

from audit.log import Actor
from schoolcalendar import actions
from schoolcalendar.days import CalendarGap, due_date, for_district
from schoolcalendar.ics import plan_year, read_events
from schoolcalendar.models import SchoolYear
from schoolcalendar.tests.conftest import small_year

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]


def test_consecutive_years_make_summer_known(calendars):
    days = for_district(calendars.district)
    assert (days.start, days.end) == (date(2025, 8, 27), date(2027, 6, 21))
    assert days.is_school_day(date(2026, 7, 6)) is False
    assert days.next_school_day(date(2026, 6, 17)) == date(2026, 8, 26)


def test_it_loads_in_two_queries(calendars, django_assert_num_queries):
    with django_assert_num_queries(2):
        for_district(calendars.district)


@pytest.mark.req("VII.2")
def test_due_date_counts_the_agreements_school_days(calendars):
    # Friday Nov 21, 2025: Nov 24, 25, then Thanksgiving recess, then Dec 1, 2, 3.
    assert due_date(calendars, date(2025, 11, 21)) == date(2025, 12, 3)
    # An incident on a Saturday counts from Monday.
    assert due_date(calendars, date(2025, 10, 4)) == date(2025, 10, 10)


@pytest.mark.req("VII.2")
def test_due_date_follows_the_agreements_deadline(calendars):
    calendars.report_deadline_school_days = 3
    assert due_date(calendars, date(2025, 11, 21)) == date(2025, 12, 1)


@pytest.mark.req("VII.2")
def test_due_date_beyond_every_calendar_is_a_calendar_gap(calendars):
    with pytest.raises(CalendarGap, match="Westport Public Schools does not cover 2027-06-22"):
        due_date(calendars, date(2027, 6, 16))


def test_a_district_without_a_calendar_refuses_to_count(demo):
    with pytest.raises(CalendarGap, match="No school calendar of Westport Public Schools"):
        due_date(demo, date(2025, 10, 1))


def test_a_missing_year_between_two_stays_unknown(demo):
    actor = Actor.system("test")
    actions.do_import_school_year(actor, demo, plan_year(read_events(small_year())))
    actions.do_import_school_year(
        actor, demo, plan_year(read_events(small_year(first=date(2027, 9, 1), last=date(2028, 6, 14))))
    )
    assert SchoolYear.objects.count() == 2
    days = for_district(demo.district)
    assert days.is_school_day(date(2027, 9, 1))
    with pytest.raises(CalendarGap) as raised:
        days.school_days_after(date(2026, 6, 15), 3)
    assert raised.value.day == date(2026, 6, 17)
