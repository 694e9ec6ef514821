"""Reading a district's .ics file into a school year (P.2)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from schoolcalendar.ics import CalendarFileError, Reading, normalize, plan_year, read_events, read_summary
from schoolcalendar.tests.conftest import ics, small_year

pytestmark = pytest.mark.req("P.2")


def plan(data: bytes, overrides=None):
    return plan_year(read_events(data), overrides)


def day(p, d: date):
    return next(x for x in p.days if x.date == d)


def test_the_year_runs_from_the_first_day_to_the_last_with_weekends_off():
    p = plan(small_year())
    assert (p.label, p.first_day, p.last_day) == ("2025-26", date(2025, 9, 2), date(2026, 6, 16))
    assert p.days[0].date == date(2025, 9, 2) and p.days[-1].date == date(2026, 6, 16)
    assert day(p, date(2025, 9, 6)).in_session is False
    assert day(p, date(2025, 9, 6)).note == "Weekend"
    assert day(p, date(2025, 9, 8)).in_session is True


@pytest.mark.parametrize(
    "summary",
    [
        "Labor Day – Schools Closed",
        "LABOR DAY—NO SCHOOL!",
        "no-school: labor day",
        "Thanksgiving Recess",
        "Winter Break",
        "February Vacation",
        "Holiday",
        "Professional Development Day",
        "Teacher Workshop",
        "Staff development (students do not attend)",
        "School Closed",
    ],
)
def test_an_all_day_closure_is_a_day_off_whatever_its_case_and_punctuation(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.DAY_OFF


@pytest.mark.parametrize(
    "summary", ["Early Dismissal", "early-release day", "Professional Development – Early Dismissal", "Half Day"]
)
def test_early_dismissal_is_a_school_day(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.SCHOOL_DAY


@pytest.mark.parametrize(
    "summary", ["Picture Day", "Parent-Teacher Conferences (evening)", "Homecoming game", "Breakfast with the Band", ""]
)
def test_other_events_change_nothing(summary):
    assert read_summary(summary, all_day=True)[0] == Reading.NO_CHANGE


def test_a_timed_event_never_closes_school():
    reading, why = read_summary("No school meeting", all_day=False)
    assert reading == Reading.NO_CHANGE
    assert "only an all-day event" in why


def test_a_first_day_for_teachers_only_is_not_the_first_day_of_school():
    assert read_summary("First day of school for teachers", all_day=True)[0] != Reading.FIRST_DAY


def test_normalize_drops_punctuation_and_dashes():
    assert normalize("  Thanksgiving Recess—NO SCHOOL!  ") == "thanksgiving recess no school"


def test_a_multi_day_event_closes_every_day_and_dtend_is_exclusive():
    p = plan(small_year(("Thanksgiving Recess", date(2025, 11, 26), date(2025, 11, 28))))
    assert [day(p, date(2025, 11, d)).in_session for d in (25, 26, 27, 28)] == [True, False, False, False]
    # The file says DTEND 2025-11-29; the 29th is a Saturday and simply a weekend.
    assert day(p, date(2025, 11, 29)).note == "Weekend"
    assert day(p, date(2025, 11, 26)).note == "Thanksgiving Recess"


def test_a_single_day_event_with_dtend_the_next_day_closes_only_that_day():
    data = small_year(("Columbus Day – Schools Closed", date(2025, 10, 13)))
    assert b"DTEND;VALUE=DATE:20251014" in data
    p = plan(data)
    assert day(p, date(2025, 10, 13)).in_session is False
    assert day(p, date(2025, 10, 14)).in_session is True


def test_an_all_day_event_without_dtend_lasts_one_day():
    data = small_year().replace(
        b"END:VCALENDAR",
        b"BEGIN:VEVENT\r\nUID:x\r\nDTSTAMP:20250101T000000Z\r\n"
        b"DTSTART;VALUE=DATE:20251013\r\nSUMMARY:No School\r\nEND:VEVENT\r\nEND:VCALENDAR",
    )
    p = plan(data)
    assert day(p, date(2025, 10, 13)).in_session is False
    assert day(p, date(2025, 10, 14)).in_session is True


def test_crlf_and_lf_files_read_the_same():
    extra = ("Winter Recess", date(2025, 12, 24), date(2026, 1, 1))
    assert plan(small_year(extra, newline="\r\n")).days == plan(small_year(extra, newline="\n")).days


def test_a_winter_recess_across_new_year_closes_both_years_days():
    p = plan(small_year(("Winter Recess", date(2025, 12, 24), date(2026, 1, 1))))
    assert not day(p, date(2025, 12, 31)).in_session
    assert not day(p, date(2026, 1, 1)).in_session
    assert day(p, date(2026, 1, 2)).in_session


def test_early_dismissal_inside_a_break_wins_and_is_noted():
    p = plan(small_year(("Spring Break", date(2026, 4, 13), date(2026, 4, 17)), ("Early Dismissal", date(2026, 4, 17))))
    assert not day(p, date(2026, 4, 16)).in_session
    assert day(p, date(2026, 4, 17)).in_session
    assert day(p, date(2026, 4, 17)).note == "Early Dismissal"


def test_timed_evening_events_change_nothing():
    p = plan(
        small_year(("Parent-Teacher Conferences (evening)", datetime(2025, 10, 22, 18), datetime(2025, 10, 22, 20)))
    )
    assert day(p, date(2025, 10, 22)).in_session


def test_events_outside_the_year_are_shown_but_change_nothing():
    p = plan(small_year(("Juneteenth – Schools Closed", date(2026, 6, 19))))
    assert p.last_day == date(2026, 6, 16)
    (_, reading, remark), *_ = [r for r in p.rows() if r[0].summary.startswith("Juneteenth")]
    assert reading == Reading.DAY_OFF and "outside the school year" in remark


def test_staff_can_correct_a_reading():
    data = small_year(("Election Day", date(2025, 11, 4)))
    events = read_events(data)
    election = next(e for e in events if e.summary == "Election Day")
    assert election.reading == Reading.NO_CHANGE
    p = plan_year(events, {election.index: Reading.DAY_OFF})
    assert not day(p, date(2025, 11, 4)).in_session
    assert day(p, date(2025, 11, 4)).note == "Election Day"
    assert [r[2] for r in p.rows() if r[0] is election] == ["corrected by hand"]


def test_a_file_without_a_first_day_is_refused():
    with pytest.raises(CalendarFileError, match="No event names the first day of school"):
        plan(ics(("Labor Day – No School", date(2025, 9, 1)), ("Last Day of School", date(2026, 6, 16))))


def test_a_file_without_a_last_day_is_refused():
    with pytest.raises(CalendarFileError, match="No event names the last day of school"):
        plan(ics(("First Day of School", date(2025, 9, 2))))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "not an iCalendar"),
        (b"Dear parents, school starts on September 2.", "not an iCalendar"),
        (b"BEGIN:VCALENDAR\r\nthis is not a content line\r\nEND:VCALENDAR\r\n", "Line 2 is not an iCalendar line"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no events"),
    ],
)
def test_garbage_is_refused_with_a_clear_message(data, message):
    with pytest.raises(CalendarFileError, match=message):
        plan(data)


def test_two_school_years_in_one_file_are_refused():
    with pytest.raises(CalendarFileError, match="one school year per file"):
        plan(small_year(last=date(2027, 6, 15)))


def test_the_demo_westport_calendar_reads_as_a_district_would_expect(settings):
    p = plan((settings.BASE_DIR / "demo" / "calendars" / "westport-2025-26.ics").read_bytes())
    assert (p.first_day, p.last_day) == (date(2025, 8, 27), date(2026, 6, 17))
    off = {d.date for d in p.weekdays_off}
    for closed in [
        date(2025, 9, 1),
        date(2025, 9, 23),
        date(2025, 10, 2),
        date(2025, 10, 13),
        date(2025, 11, 4),
        date(2025, 11, 11),
        date(2025, 11, 26),
        date(2025, 12, 24),
        date(2026, 1, 1),
        date(2026, 1, 19),
        date(2026, 2, 16),
        date(2026, 4, 3),
        date(2026, 4, 17),
        date(2026, 5, 25),
    ]:
        assert closed in off, closed
    for open_ in [date(2025, 9, 10), date(2025, 10, 22), date(2025, 10, 23), date(2025, 11, 25), date(2026, 1, 2)]:
        assert open_ not in off, open_
    assert 180 <= p.school_day_count <= 185
