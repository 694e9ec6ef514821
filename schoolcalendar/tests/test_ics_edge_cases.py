"""Calendar files as districts really export them: repeats, cancellations, malformed dates (P.2, S.4)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schoolcalendar.ics import CalendarFileError, Reading, plan_year, read_events, read_summary
from schoolcalendar.tests.conftest import small_year

pytestmark = pytest.mark.req("P.2")

FIRST_LAST = (
    "BEGIN:VEVENT\r\nUID:f\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:First Day of School\r\n"
    "DTSTART;VALUE=DATE:20250902\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:l\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Last Day of School\r\n"
    "DTSTART;VALUE=DATE:20260616\r\nEND:VEVENT\r\n"
)


def calendar(*vevents: str) -> bytes:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}\r\nDTSTAMP:20250101T000000Z\r\n{v.strip()}\r\nEND:VEVENT\r\n"
        for i, v in enumerate(vevents)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{FIRST_LAST}{body}END:VCALENDAR\r\n".encode()


def in_session(data: bytes, d: date) -> bool:
    return next(x for x in plan_year(read_events(data)).days if x.date == d).in_session


def test_a_repeating_closure_closes_every_occurrence_but_excluded_dates():
    data = calendar(
        "SUMMARY:No School - Monday PD\r\nDTSTART;VALUE=DATE:20251006\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;VALUE=DATE:20251013"
    )
    assert in_session(data, date(2025, 10, 6)) is False
    assert in_session(data, date(2025, 10, 13)) is True  # excluded
    assert in_session(data, date(2025, 10, 20)) is False
    assert in_session(data, date(2025, 10, 27)) is True  # after COUNT


def test_a_cancelled_closure_changes_nothing():
    data = calendar("SUMMARY:Snow Day - Schools Closed\r\nSTATUS:CANCELLED\r\nDTSTART;VALUE=DATE:20251015")
    assert in_session(data, date(2025, 10, 15)) is True


@pytest.mark.req("S.4")
def test_a_malformed_date_is_refused_with_the_event_named():
    data = calendar("SUMMARY:Winter Recess\r\nDTSTART;VALUE=DATE:2025999")
    with pytest.raises(CalendarFileError, match="Winter Recess"):
        read_events(data)


def test_a_half_day_never_opens_a_weekend():
    data = small_year(("Half Day", date(2025, 10, 4), date(2025, 10, 5)))
    assert in_session(data, date(2025, 10, 4)) is False
    assert in_session(data, date(2025, 10, 5)) is False


def test_a_timed_early_dismissal_does_not_reopen_a_closed_day():
    data = small_year(
        ("Schools Closed", date(2025, 10, 13), date(2025, 10, 17)),
        ("Early Dismissal", datetime(2025, 10, 15, 12), datetime(2025, 10, 15, 13)),
    )
    assert in_session(data, date(2025, 10, 15)) is False


@pytest.mark.parametrize("summary", ["School Starts", "Classes Begin", "Schools Open", "First Day - Students"])
def test_other_ways_of_naming_the_first_day_are_read(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.FIRST_DAY


@pytest.mark.parametrize("summary", ["Students Last Day", "Classes End", "Last Day - Students"])
def test_other_ways_of_naming_the_last_day_are_read(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.LAST_DAY


def test_an_excluded_date_of_a_repeat_in_a_time_zone_is_excluded():
    data = calendar(
        "SUMMARY:No School - Monday PD\r\nDTSTART;TZID=America/New_York:20251006T000000\r\n"
        "DTEND;TZID=America/New_York:20251007T000000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=3\r\nEXDATE;VALUE=DATE:20251013"
    )
    assert in_session(data, date(2025, 10, 6)) is False
    assert in_session(data, date(2025, 10, 13)) is True
    assert in_session(data, date(2025, 10, 20)) is False


def test_dateutil_still_stops_its_walk_at_datetime_maxyear():
    # schoolcalendar.ics._StoppingRule bounds dateutil's walk by rebinding `datetime.MAXYEAR` in
    # rrule._iter; an upgrade of python-dateutil that stops reading that name must fail here,
    # not by taking minutes on a hostile file.
    from dateutil import rrule

    assert "MAXYEAR" in rrule.rrule._iter.__code__.co_names
    assert "datetime" in rrule.rrule._iter.__code__.co_names
