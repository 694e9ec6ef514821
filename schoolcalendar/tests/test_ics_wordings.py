"""Summaries as districts word them: days off, school days, first and last days (P.2)."""

from __future__ import annotations

from datetime import date

import pytest

from schoolcalendar.ics import Reading, plan_year, read_events, read_summary
from schoolcalendar.tests.conftest import small_year

pytestmark = pytest.mark.req("P.2")


@pytest.mark.parametrize(
    "summary",
    [
        "District Closed",
        "Schools Closed",
        "Closed",
        "Good Friday – Closed",
        "No School",
        "No School for Students",
        "Student Holiday",
        "Student / Teacher Holiday",
        "Teacher Planning Day – Student Holiday",
        "Teacher Planning Day",
        "Professional Development Day – No Students",
        "Professional Development Days – No Students",
        "Thanksgiving Recess",
        "Winter Break",
        "February Vacation",
        "Staff Development – Students Do Not Attend",
    ],
)
def test_days_off_as_districts_word_them(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.DAY_OFF


@pytest.mark.parametrize(
    "summary",
    [
        "Labor Day",
        "Columbus Day",
        "Indigenous Peoples' Day",
        "Veterans Day",
        "Thanksgiving",
        "Christmas Eve",
        "New Year's Day",
        "Martin Luther King Jr. Day",
        "MLK Day",
        "Presidents' Day",
        "Good Friday",
        "Memorial Day",
        "Juneteenth",
        "Rosh Hashanah",
        "Yom Kippur",
        "Juneteenth (observed)",
        "Indigenous Peoples' Day / Columbus Day",
    ],
)
def test_a_holiday_name_alone_is_a_day_off(summary):
    reading, why = read_summary(summary, all_day=True)
    assert reading == Reading.DAY_OFF
    assert why == "names a holiday, and nothing else"


@pytest.mark.parametrize(
    "summary",
    [
        "Labor Day – Early Dismissal",
        "Columbus Day – Delayed Opening",
        "Veterans Day: Half Day",
        "Presidents' Day – Partial Day",
        "Good Friday Make-Up Day",
        "Make-up School Day (snow)",
        "Snow Day Make Up",
        "Two-Hour Delay",
        "Holiday Concert – Early Release",
    ],
)
def test_an_early_dismissal_delayed_opening_half_day_or_make_up_is_a_school_day_even_on_a_holiday(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.SCHOOL_DAY


@pytest.mark.parametrize(
    "summary",
    [
        "Thanksgiving Luncheon",
        "Veterans Day Assembly",
        "Christmas Concert",
        "Central Office Closed",
        "Holiday Concert",
        "Winter Holiday Sing-Along",
        "PTA Holiday Shop",
    ],
)
def test_a_holiday_named_inside_another_event_changes_nothing(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.NO_CHANGE


@pytest.mark.parametrize(
    "summary",
    [
        "First Day for Students",
        "First Day of School",
        "Students Report to Class",
        "Classes Begin",
        "FIRST DAY OF SCHOOL!!",
    ],
)
def test_first_days_as_districts_word_them(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.FIRST_DAY


@pytest.mark.parametrize(
    "summary", ["Last Day for Students", "Last Day of School / Graduation", "last day for students - early dismissal"]
)
def test_last_days_as_districts_word_them(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.LAST_DAY


@pytest.mark.parametrize("summary", ["Classes Resume", "School Resumes", "Students Return from Break"])
def test_classes_resuming_after_a_break_is_a_school_day_not_a_first_day(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.SCHOOL_DAY


def test_a_holiday_with_an_early_dismissal_stays_a_school_day_in_the_year():
    p = plan_year(read_events(small_year(("Columbus Day – Early Dismissal", date(2025, 10, 13)))))
    day = next(d for d in p.days if d.date == date(2025, 10, 13))
    assert day.in_session and day.note == "Columbus Day – Early Dismissal"


def test_a_make_up_day_inside_a_break_is_a_school_day():
    p = plan_year(
        read_events(
            small_year(
                ("February Vacation", date(2026, 2, 16), date(2026, 2, 20)),
                ("Make-Up School Day", date(2026, 2, 20)),
            )
        )
    )
    assert [d.in_session for d in p.days if date(2026, 2, 19) <= d.date <= date(2026, 2, 20)] == [False, True]
