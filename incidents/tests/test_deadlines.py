"""IV.1: when the SRO's notice to the principal is due, from the agreement's rule (default: the
same school day), on the district's own calendar; and IV.4's next-school-day restraint report.

The demo calendar (Westport 2026-27): Nov 3 is a day without students, Nov 11 Veterans Day,
Thanksgiving recess from Nov 25; the clocks go back on Sunday, Nov 1, 2026 and forward on
Sunday, Mar 14, 2027.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django import forms

from incidents.deadlines import at, district_report_due, notice_deadline
from incidents.forms import local_moment
from incidents.models import NoticeSettings
from reporting.tests.filing import calendar_fixture  # noqa: F401
from schoolcalendar.days import SchoolDays, for_district

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture
def days(demo) -> SchoolDays:
    return for_district(demo.district)


def same_day(ends: time = time(15, 30)) -> NoticeSettings:
    return NoticeSettings(rule=NoticeSettings.Rule.SAME_SCHOOL_DAY, school_day_ends_at=ends)


def local(y: int, m: int, d: int, hh: int, mm: int = 0) -> datetime:
    return at(date(y, m, d), time(hh, mm))


@pytest.mark.req("IV.1")
def test_by_default_an_incident_during_a_school_day_is_due_by_the_end_of_that_day(days):
    assert notice_deadline(same_day(), days, local(2026, 11, 30, 10, 15)) == local(2026, 11, 30, 15, 30)
    assert notice_deadline(same_day(), days, local(2026, 11, 30, 15, 29)) == local(2026, 11, 30, 15, 30)


@pytest.mark.req("IV.1")
def test_an_incident_after_school_hours_is_due_by_the_end_of_the_next_school_day(days):
    assert notice_deadline(same_day(), days, local(2026, 11, 30, 15, 30)) == local(2026, 12, 1, 15, 30)
    assert notice_deadline(same_day(), days, local(2026, 11, 30, 21, 0)) == local(2026, 12, 1, 15, 30)
    # The school day's end is the agreement's own setting.
    assert notice_deadline(same_day(time(14, 15)), days, local(2026, 11, 30, 14, 30)) == local(2026, 12, 1, 14, 15)


@pytest.mark.req("IV.1")
def test_an_incident_on_a_day_off_is_due_on_the_next_school_day(days):
    # Veterans Day (no school) -> Thursday.
    assert notice_deadline(same_day(), days, local(2026, 11, 11, 10, 0)) == local(2026, 11, 12, 15, 30)
    # Monday after school: Tuesday Nov 3 has no students, so the notice is due Wednesday.
    assert notice_deadline(same_day(), days, local(2026, 11, 2, 16, 0)) == local(2026, 11, 4, 15, 30)
    # A Saturday arrest before Thanksgiving week: due Monday.
    assert notice_deadline(same_day(), days, local(2026, 11, 21, 22, 0)) == local(2026, 11, 23, 15, 30)


@pytest.mark.req("IV.1")
def test_across_the_autumn_clock_change_the_deadline_is_on_the_new_clock(days):
    # Friday evening in daylight time; due Monday 3:30 p.m. in standard time (20:30 UTC, not 19:30).
    deadline = notice_deadline(same_day(), days, local(2026, 10, 30, 18, 0))
    assert deadline == local(2026, 11, 2, 15, 30)
    assert deadline.astimezone(UTC) == datetime(2026, 11, 2, 20, 30, tzinfo=UTC)
    # In the hour the clock shows twice (1:30 a.m. on Nov 1): due Monday.
    twice = local_moment(date(2026, 11, 1), time(1, 30))
    assert twice.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # the first 1:30, daylight time
    assert notice_deadline(same_day(), days, twice) == local(2026, 11, 2, 15, 30)


@pytest.mark.req("IV.1")
def test_a_deadline_in_hours_counts_real_hours_across_the_clock_change(days):
    rule = NoticeSettings(rule=NoticeSettings.Rule.HOURS, hours=24)
    deadline = notice_deadline(rule, days, local(2026, 10, 31, 12, 0))
    # 24 real hours after noon daylight time is 11 a.m. standard time the next day.
    assert deadline == local(2026, 11, 1, 11, 0)
    # (Python subtracts two times of one zone on the wall clock, so compare in UTC.)
    assert (deadline.astimezone(UTC) - local(2026, 10, 31, 12, 0).astimezone(UTC)).total_seconds() == 24 * 3600


@pytest.mark.req("IV.1")
def test_the_next_school_day_rule_skips_days_off(days):
    rule = NoticeSettings(rule=NoticeSettings.Rule.NEXT_SCHOOL_DAY, school_day_ends_at=time(15, 30))
    assert notice_deadline(rule, days, local(2026, 11, 10, 9, 0)) == local(2026, 11, 12, 15, 30)


@pytest.mark.req("IV.1")
def test_a_time_the_spring_clock_change_skipped_is_refused(days):
    with pytest.raises(forms.ValidationError, match="did not happen on March 14, 2027"):
        local_moment(date(2027, 3, 14), time(2, 30))
    assert local_moment(date(2027, 3, 14), time(3, 30)).astimezone(UTC) == datetime(2027, 3, 14, 7, 30, tzinfo=UTC)


@pytest.mark.req("IV.1")
def test_without_a_calendar_for_the_date_the_deadline_is_unknown_not_guessed(days):
    assert notice_deadline(same_day(), days, local(2028, 1, 10, 10, 0)) is None


@pytest.mark.req("IV.4")
def test_the_district_restraint_report_is_due_the_next_school_day(days):
    assert district_report_due(days, local(2026, 11, 30, 10, 0)) == date(2026, 12, 1)
    assert district_report_due(days, local(2026, 11, 20, 13, 0)) == date(2026, 11, 23)  # Friday -> Monday
    assert district_report_due(days, local(2026, 11, 2, 13, 0)) == date(2026, 11, 4)  # skips Nov 3 (no students)
    thanksgiving = district_report_due(days, local(2026, 11, 24, 11, 0))
    assert thanksgiving == days.next_school_day(date(2026, 11, 24)) and thanksgiving >= date(2026, 11, 30)
    assert district_report_due(days, local(2028, 1, 10, 10, 0)) is None
