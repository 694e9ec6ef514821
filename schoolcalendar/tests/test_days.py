"""School-day arithmetic: properties that hold for any calendar, and the edges of a real one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from schoolcalendar.days import CalendarGap, SchoolDays

pytestmark = pytest.mark.req("P.2")

D = timedelta(days=1)


def span(a: date, b: date) -> list[date]:
    return [a + i * D for i in range((b - a).days + 1)]


@st.composite
def calendars(draw) -> SchoolDays:
    """A covered range with random session days and, sometimes, one unknown gap inside."""
    start = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    length = draw(st.integers(1, 120))
    end = start + (length - 1) * D
    on = draw(st.lists(st.booleans(), min_size=length, max_size=length))
    gaps: tuple[tuple[date, date], ...] = ()
    if length > 10 and draw(st.booleans()):
        a = draw(st.integers(1, length - 3))
        b = draw(st.integers(a, length - 2))
        gaps = ((start + a * D, start + b * D),)
        on = [v and not (a <= i <= b) for i, v in enumerate(on)]
    dates = tuple(start + i * D for i, v in enumerate(on) if v)
    return SchoolDays(dates, start, end, gaps)


def known(days: SchoolDays, d: date) -> bool:
    return days.start <= d <= days.end and not any(a <= d <= b for a, b in days.gaps)


def inside(days: SchoolDays):
    return st.integers(0, (days.end - days.start).days).map(lambda i: days.start + i * D)


@given(calendars(), st.data(), st.integers(1, 30))
def test_after_agrees_with_counting_one_day_at_a_time(days, data, n):
    start = data.draw(inside(days))
    found, d = 0, start
    while found < n:
        d += D
        if not known(days, d):
            with pytest.raises(CalendarGap):
                days.school_days_after(start, n)
            return
        found += d in days.dates
    assert days.school_days_after(start, n) == d


@given(calendars(), st.data(), st.integers(1, 20))
def test_after_lands_on_a_school_day_and_between_inverts_it(days, data, n):
    start = data.draw(inside(days))
    try:
        due = days.school_days_after(start, n)
    except CalendarGap:
        return
    assert due > start
    assert days.is_school_day(due)
    assert days.school_days_between(start, due) == n
    assert days.school_days_between(due, start) == -n


@given(calendars(), st.data())
def test_between_is_antisymmetric_and_adds_up(days, data):
    a, b, c = (data.draw(inside(days)) for _ in range(3))
    try:
        ab, bc, ac = (days.school_days_between(x, y) for x, y in ((a, b), (b, c), (a, c)))
    except CalendarGap:
        return
    assert days.school_days_between(b, a) == -ab
    assert days.school_days_between(a, a) == 0
    assert ab + bc == ac


@given(calendars(), st.data(), st.integers(1, 15), st.integers(1, 15))
def test_after_is_monotonic_and_composes(days, data, n, m):
    a, b = sorted(data.draw(inside(days)) for _ in range(2))
    try:
        assert days.school_days_after(a, n) <= days.school_days_after(b, n)
        assert days.school_days_after(a, n) < days.school_days_after(a, n + m)
        assert days.school_days_after(days.school_days_after(a, n), m) == days.school_days_after(a, n + m)
    except CalendarGap:
        pass


@given(calendars(), st.data())
def test_next_school_day_is_the_first_school_day_after(days, data):
    d = data.draw(inside(days))
    try:
        nxt = days.next_school_day(d)
    except CalendarGap:
        return
    assert nxt == days.school_days_after(d, 1)
    assert all(not days.is_school_day(x) for x in span(d + D, nxt - D))


@given(calendars(), st.data())
def test_a_date_is_known_exactly_when_it_lies_in_the_range_outside_gaps(days, data):
    d = data.draw(st.dates(days.start - 5 * D, days.end + 5 * D))
    if known(days, d):
        assert days.is_school_day(d) == (d in days.dates)
    else:
        with pytest.raises(CalendarGap) as raised:
            days.is_school_day(d)
        assert raised.value.day == d


@given(calendars(), st.data())
def test_first_school_day_of_month_is_the_earliest_that_month(days, data):
    d = data.draw(inside(days))
    try:
        first = days.first_school_day_of_month(d.year, d.month)
    except CalendarGap:
        return
    in_month = [x for x in days.dates if (x.year, x.month) == (d.year, d.month)]
    assert first == (in_month[0] if in_month else None)


@given(calendars(), st.integers(0, 1000))
def test_counting_from_before_the_known_range_is_refused(days, back):
    assume(days.dates)
    start = days.start - (back + 2) * D
    with pytest.raises(CalendarGap):
        days.school_days_after(start, 1)


# -- A school year with the usual shape: weekends, holidays, breaks, summer --------------

OFF_2025_26 = {
    date(2025, 9, 1): "Labor Day",
    date(2025, 11, 26): "Thanksgiving recess",
    date(2025, 11, 27): "Thanksgiving recess",
    date(2025, 11, 28): "Thanksgiving recess",
    **dict.fromkeys(span(date(2025, 12, 24), date(2026, 1, 1)), "Winter recess"),
    **dict.fromkeys(span(date(2026, 4, 13), date(2026, 4, 17)), "Spring recess"),
}


def year(first: date, last: date, off: dict[date, str]) -> list[date]:
    return [d for d in span(first, last) if d.weekday() < 5 and d not in off]


@pytest.fixture
def westport() -> SchoolDays:
    """2025-26 and 2026-27, back to back: summer 2026 is known."""
    dates = year(date(2025, 8, 27), date(2026, 6, 16), OFF_2025_26) + year(date(2026, 8, 26), date(2027, 6, 15), {})
    return SchoolDays(tuple(dates), date(2025, 8, 27), date(2027, 6, 15), name="Westport Public Schools")


def test_an_incident_on_friday_counts_from_monday(westport):
    assert westport.school_days_after(date(2025, 10, 3), 5) == date(2025, 10, 10)


def test_an_incident_on_saturday_counts_from_the_next_school_days(westport):
    assert westport.school_days_after(date(2025, 10, 4), 1) == date(2025, 10, 6)
    assert westport.school_days_after(date(2025, 10, 4), 5) == date(2025, 10, 10)


def test_a_holiday_is_not_a_school_day(westport):
    assert not westport.is_school_day(date(2025, 9, 1))
    assert westport.school_days_after(date(2025, 8, 29), 1) == date(2025, 9, 2)


def test_thanksgiving_recess_pushes_the_due_date_into_december(westport):
    # Mon 24 and Tue 25 count; Wed-Fri recess; then Mon Dec 1, Tue Dec 2, Wed Dec 3.
    assert westport.school_days_after(date(2025, 11, 21), 5) == date(2025, 12, 3)


def test_winter_recess_is_skipped(westport):
    # Dec 22, 23 count; recess Dec 24 - Jan 1; then Jan 2, 5, 6.
    assert westport.school_days_after(date(2025, 12, 19), 5) == date(2026, 1, 6)


def test_spring_recess_is_skipped(westport):
    assert westport.school_days_after(date(2026, 4, 10), 1) == date(2026, 4, 20)
    assert westport.school_days_between(date(2026, 4, 10), date(2026, 4, 20)) == 1


def test_the_last_days_in_june_count_into_the_next_school_year(westport):
    # Jun 15 and 16 count, then summer; Aug 26, 27, 28 of the next year.
    assert westport.school_days_after(date(2026, 6, 12), 5) == date(2026, 8, 28)
    assert not westport.is_school_day(date(2026, 7, 15))
    assert westport.first_school_day_of_month(2026, 7) is None
    assert westport.first_school_day_of_month(2026, 8) == date(2026, 8, 26)


def test_first_school_day_of_september_skips_labor_day(westport):
    assert westport.first_school_day_of_month(2025, 9) == date(2025, 9, 2)


def test_a_date_beyond_every_calendar_raises_a_calendar_gap_naming_it(westport):
    with pytest.raises(CalendarGap) as raised:
        westport.school_days_after(date(2027, 6, 10), 5)
    message = str(raised.value)
    assert "2027-06-16" in message
    assert "2025-08-27 to 2027-06-15" in message
    assert "Westport Public Schools" in message
    with pytest.raises(CalendarGap):
        westport.is_school_day(date(2025, 8, 1))
    with pytest.raises(CalendarGap):
        westport.school_days_between(date(2025, 6, 1), date(2025, 9, 5))


def test_the_day_before_the_first_day_may_start_a_count(westport):
    # Only the days strictly after the start must be known.
    assert westport.school_days_after(date(2025, 8, 26), 1) == date(2025, 8, 27)


def test_a_missing_school_year_between_two_is_a_gap():
    days = SchoolDays(
        (date(2025, 9, 2), date(2027, 9, 1)),
        date(2025, 9, 2),
        date(2027, 9, 1),
        gaps=((date(2025, 9, 3), date(2027, 8, 31)),),
    )
    with pytest.raises(CalendarGap) as raised:
        days.school_days_after(date(2025, 9, 2), 1)
    assert raised.value.day == date(2025, 9, 3)
    assert "except 2025-09-03 to 2027-08-31" in str(raised.value)


def test_no_calendar_at_all_says_to_import_one():
    days = SchoolDays((), None, None, name="Harbor Falls Public Schools")
    with pytest.raises(CalendarGap, match="No school calendar of Harbor Falls Public Schools has been imported"):
        days.next_school_day(date(2025, 9, 2))


def test_counting_zero_school_days_is_refused(westport):
    with pytest.raises(ValueError, match="at least one"):
        westport.school_days_after(date(2025, 10, 1), 0)


def test_unsorted_dates_are_refused():
    with pytest.raises(ValueError, match="sorted"):
        SchoolDays((date(2025, 9, 3), date(2025, 9, 2)), date(2025, 9, 1), date(2025, 9, 30))
