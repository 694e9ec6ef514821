"""Fixtures for the school calendar: the demo calendars, and small .ics files built in tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest


@pytest.fixture
def calendars(demo):
    """The demo with Westport's and Harbor Falls' 2025-26 and 2026-27 calendars imported."""
    from schoolcalendar.demo import load

    load(demo)
    return demo


def ics(*events: tuple, newline: str = "\r\n") -> bytes:
    """A minimal iCalendar file. Each event: (summary, first date[, last date]) all-day, or
    (summary, start datetime, end datetime) timed."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for i, (summary, start, *rest) in enumerate(events):
        lines += ["BEGIN:VEVENT", f"UID:{i}@test", "DTSTAMP:20250101T000000Z", f"SUMMARY:{summary}"]
        if hasattr(start, "hour"):
            lines += [f"DTSTART;TZID=America/New_York:{start:%Y%m%dT%H%M%S}"]
            lines += [f"DTEND;TZID=America/New_York:{rest[0]:%Y%m%dT%H%M%S}"] if rest else []
        else:
            last = rest[0] if rest else start
            lines += [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{last + timedelta(days=1):%Y%m%d}"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return (newline.join(lines) + newline).encode()


def small_year(*extra: tuple, first: date = date(2025, 9, 2), last: date = date(2026, 6, 16), **kw) -> bytes:
    """A school year with only a first and a last day, plus EXTRA events."""
    return ics(("First Day of School", first), *extra, ("Last Day of School", last), **kw)
