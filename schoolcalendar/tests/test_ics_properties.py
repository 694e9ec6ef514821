"""Any file, however odd, is read or refused with a message, quickly (P.2, S.4): Hypothesis.

The time limits leave room for a busy test machine; bench/bench_calendar_read.py measures the
hostile files at tens of milliseconds.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolcalendar.ics import CalendarFileError, plan_calendar, read_calendar

pytestmark = [pytest.mark.req("P.2"), pytest.mark.req("S.4")]

FILES = Path(__file__).parent / "fixtures" / "ics"
EDGES = (
    "BEGIN:VEVENT\r\nUID:f\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:First Day of School\r\n"
    "DTSTART;VALUE=DATE:20250902\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:l\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:Last Day of School\r\n"
    "DTSTART;VALUE=DATE:20260616\r\nEND:VEVENT\r\n"
)
SUMMARIES = st.sampled_from(
    ["No School", "Early Dismissal", "Labor Day", "Winter Break", "A Day", "Picture Day", "First Day of School", ""]
)
ALL_DAY = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 30)).map(lambda d: f";VALUE=DATE:{d:%Y%m%d}")
MOMENTS = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 30)).map(lambda d: f";VALUE=DATE:{d:%Y%m%d}"),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)).map(lambda d: f":{d:%Y%m%dT%H%M%S}"),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(
        lambda d: f";TZID=America/New_York:{d:%Y%m%dT%H%M%S}"
    ),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 30)).map(lambda d: f":{d:%Y%m%dT%H%M%SZ}"),
)
RULES = st.one_of(
    st.none(),
    st.builds(
        lambda freq, interval, end, by: f"RRULE:FREQ={freq};INTERVAL={interval}{end}{by}",
        st.sampled_from(["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]),
        st.integers(1, 400),
        st.one_of(
            st.just(""),
            st.integers(1, 100_000).map(lambda n: f";COUNT={n}"),
            st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 30)).map(lambda d: f";UNTIL={d:%Y%m%d}"),
        ),
        st.sampled_from(
            [
                "",
                ";BYMONTH=2;BYMONTHDAY=30",
                ";BYDAY=MO,WE",
                ";BYDAY=-1MO;BYMONTH=5",
                ";BYSETPOS=9;BYDAY=MO",
                ";BYYEARDAY=366",
                ";BYWEEKNO=53",
                ";BYHOUR=8,9",
            ]
        ),
    ),
)


def event(summary: str, start: str, end: str | None, rule: str | None, n: int) -> str:
    lines = ["BEGIN:VEVENT", f"UID:h{n}", "DTSTAMP:20250101T000000Z", f"SUMMARY:{summary}", f"DTSTART{start}"]
    lines += [f"DTEND{end}"] if end else []
    lines += [rule] if rule else []
    return "\r\n".join([*lines, "END:VEVENT"]) + "\r\n"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.tuples(SUMMARIES, MOMENTS, st.one_of(st.none(), MOMENTS), RULES),
            st.tuples(SUMMARIES, ALL_DAY, st.one_of(st.none(), ALL_DAY), RULES),  # the days that matter most
        ),
        max_size=4,
    )
)
def test_any_events_are_read_or_refused_with_a_message_in_under_two_seconds(events):
    body = "".join(event(*e, n) for n, e in enumerate(events))
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//h//EN\r\n{EDGES}{body}END:VCALENDAR\r\n".encode()
    started = time.perf_counter()
    try:
        plan = plan_calendar(read_calendar(data))
        assert plan.years  # the first and last day always make one year
    except CalendarFileError as e:
        assert str(e)
    assert time.perf_counter() - started < 2.0  # they took 4 to 96 s before


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_district_file_is_read_or_refused_with_a_message(data):
    original = (FILES / "website-feed-several-years.ics").read_bytes()
    cut = data.draw(st.integers(0, len(original)))
    damage = data.draw(st.sampled_from(["truncate", "drop", "insert"]))
    if damage == "truncate":
        damaged = original[:cut]
    elif damage == "drop":
        damaged = original[:cut] + original[cut + data.draw(st.integers(1, 200)) :]
    else:
        damaged = original[:cut] + data.draw(st.binary(max_size=40)) + original[cut:]
    try:
        plan_calendar(read_calendar(damaged))
    except CalendarFileError as e:
        assert str(e)
