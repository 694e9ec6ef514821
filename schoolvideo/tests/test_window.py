"""VIII.2: the SRO and SSU officers view district video only during the days and hours of their
assignment. The window, proven at its edges: first and last minute, days without students, a
schedule change taking effect, both daylight-saving transitions, bad moments, unknown names."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from assignments import actions as assignment_actions
from assignments.tests.factories import ACTOR, STAPLES, school
from schoolvideo import actions
from schoolvideo.tests.conftest import SET_UP, at
from schoolvideo.window import check, parse_moment

pytestmark = pytest.mark.req("VIII.2")

TUESDAY = date(2026, 11, 24)  # students in school
THANKSGIVING = date(2026, 11, 26)  # a Thursday without students
SATURDAY = date(2026, 11, 28)
COLEYTOWN = "Coleytown Middle School"


def allowed(agreement, username: str, school_name: str, when: datetime) -> bool:
    return check(agreement, username, school_name, when).allowed


def test_the_sro_window_opens_at_the_first_minute_and_closes_after_the_last(windows):
    assert not allowed(windows, "sro", STAPLES, at(TUESDAY, 6, 59, 59))
    assert allowed(windows, "sro", STAPLES, at(TUESDAY, 7, 0))
    assert allowed(windows, "sro", STAPLES, at(TUESDAY, 15, 29, 59))
    verdict = check(windows, "sro", STAPLES, at(TUESDAY, 15, 30))
    assert not verdict.allowed
    assert "outside Officer Dana Whitcomb's scheduled hours at Staples High School" in verdict.reason
    assert "07:00–15:30" in verdict.reason
    # An assist school with hours counts; a school the SRO is not assigned to never does.
    assert allowed(windows, "sro", "Bedford Middle School", at(TUESDAY, 10))
    refused = check(windows, "sro", COLEYTOWN, at(TUESDAY, 10))
    assert not refused.allowed and "is not assigned to Coleytown Middle School" in refused.reason


def test_the_ssu_window_opens_at_the_first_minute_and_closes_after_the_last(windows):
    assert not allowed(windows, "ssu", COLEYTOWN, at(TUESDAY, 14, 59))
    assert allowed(windows, "ssu", COLEYTOWN, at(TUESDAY, 15, 0))
    assert allowed(windows, "ssu", COLEYTOWN, at(TUESDAY, 22, 59, 59))
    assert not allowed(windows, "ssu", COLEYTOWN, at(TUESDAY, 23, 0))


def test_a_day_without_students_closes_the_sro_window_but_not_the_ssu_officers(windows):
    verdict = check(windows, "sro", STAPLES, at(THANKSGIVING, 10))
    assert not verdict.allowed
    assert "Thursday 2026-11-26 is not a school day (no students)" in verdict.reason
    assert not allowed(windows, "sro", STAPLES, at(SATURDAY, 10))
    # The SSU officer is assigned every day, school in session or not.
    assert allowed(windows, "ssu", STAPLES, at(THANKSGIVING, 16))
    assert allowed(windows, "ssu", STAPLES, at(SATURDAY, 22, 59))


def test_a_date_the_calendar_does_not_cover_is_refused_rather_than_guessed(windows):
    verdict = check(windows, "sro", STAPLES, at(date(2027, 9, 14), 10))  # a Tuesday beyond the calendars
    assert not verdict.allowed
    assert "does not cover 2027-09-14" in verdict.reason


def test_an_ssu_schedule_change_takes_effect_on_its_date(member, windows):
    change = date(2026, 11, 18)  # a Wednesday
    with time_machine.travel(SET_UP, tick=False):
        shifts = [actions.Shift(school(STAPLES), d, time(16, 0), time(22, 0)) for d in range(7)]
        actions.do_set_ssu_schedule(
            ACTOR, member("superintendent"), member("ssu"), effective_from=change, shifts=shifts
        )
    day_before = date(2026, 11, 17)
    assert allowed(windows, "ssu", STAPLES, at(day_before, 15, 0))
    assert allowed(windows, "ssu", COLEYTOWN, at(day_before, 15, 0))
    assert not allowed(windows, "ssu", STAPLES, at(change, 15, 59))
    assert allowed(windows, "ssu", STAPLES, at(change, 16, 0))
    assert not allowed(windows, "ssu", STAPLES, at(change, 22, 0))
    verdict = check(windows, "ssu", COLEYTOWN, at(change, 17))  # no longer at Coleytown
    assert not verdict.allowed and "schedule from 2026-11-18" in verdict.reason


def test_an_sro_schedule_change_takes_effect_on_its_date(member, windows):
    change = date(2026, 11, 23)  # a Monday
    with time_machine.travel(SET_UP, tick=False):
        entries = [assignment_actions.Entry(school(STAPLES), d, time(8, 0), time(14, 0)) for d in range(5)]
        schedule = assignment_actions.do_propose_schedule(
            ACTOR, member("superintendent"), member("sro"), effective_from=change, entries=entries
        )
        assignment_actions.do_confirm_schedule(ACTOR, member("chief"), schedule)
    friday = date(2026, 11, 20)
    assert allowed(windows, "sro", STAPLES, at(friday, 7, 30))
    assert allowed(windows, "sro", STAPLES, at(friday, 15, 0))
    assert not allowed(windows, "sro", STAPLES, at(change, 7, 30))
    assert allowed(windows, "sro", STAPLES, at(change, 8, 0))
    assert not allowed(windows, "sro", STAPLES, at(change, 14, 0))
    assert not allowed(windows, "sro", "Bedford Middle School", at(change, 10))


def test_an_absence_closes_the_sro_window(member, windows):
    with time_machine.travel(SET_UP, tick=False):
        assignment_actions.do_record_absence(ACTOR, member("chief"), member("sro"), on=TUESDAY, kind="training")
    verdict = check(windows, "sro", STAPLES, at(TUESDAY, 10))
    assert not verdict.allowed and "absent" in verdict.reason


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_window_keeps_local_hours_across_the_autumn_transition(windows):
    # Clocks go back at 2:00 on Sunday, November 1, 2026: EDT (UTC-4) before, EST (UTC-5) after.
    assert allowed(windows, "sro", STAPLES, utc("2026-10-30T11:00"))  # Friday 7:00 EDT
    assert not allowed(windows, "sro", STAPLES, utc("2026-10-30T10:59"))
    assert not allowed(windows, "sro", STAPLES, utc("2026-11-02T11:59"))  # Monday 6:59 EST
    assert allowed(windows, "sro", STAPLES, utc("2026-11-02T12:00"))  # Monday 7:00 EST
    assert allowed(windows, "sro", STAPLES, utc("2026-11-02T20:29"))  # 15:29 EST
    assert not allowed(windows, "sro", STAPLES, utc("2026-11-02T20:30"))
    # On the day of the change itself (a 25-hour Sunday), the SSU officer's hours are EST.
    assert not allowed(windows, "ssu", STAPLES, utc("2026-11-01T19:59"))  # 14:59 EST
    assert allowed(windows, "ssu", STAPLES, utc("2026-11-01T20:00"))  # 15:00 EST
    assert allowed(windows, "ssu", STAPLES, utc("2026-11-02T03:59"))  # 22:59 EST
    assert not allowed(windows, "ssu", STAPLES, utc("2026-11-02T04:00"))  # 23:00 EST
    assert "(EST)" in check(windows, "ssu", STAPLES, utc("2026-11-02T04:00")).reason


def test_the_window_keeps_local_hours_across_the_spring_transition(windows):
    # Clocks go forward at 2:00 on Sunday, March 14, 2027: EST (UTC-5) before, EDT (UTC-4) after.
    assert allowed(windows, "ssu", STAPLES, utc("2027-03-13T20:00"))  # Saturday 15:00 EST
    assert not allowed(windows, "ssu", STAPLES, utc("2027-03-13T19:59"))
    assert not allowed(windows, "ssu", STAPLES, utc("2027-03-14T18:59"))  # Sunday 14:59 EDT
    assert allowed(windows, "ssu", STAPLES, utc("2027-03-14T19:00"))  # 15:00 EDT
    assert allowed(windows, "ssu", STAPLES, utc("2027-03-15T02:59"))  # 22:59 EDT
    assert not allowed(windows, "ssu", STAPLES, utc("2027-03-15T03:00"))
    assert not allowed(windows, "sro", STAPLES, utc("2027-03-15T10:59"))  # Monday 6:59 EDT
    assert allowed(windows, "sro", STAPLES, utc("2027-03-15T11:00"))  # Monday 7:00 EDT
    assert allowed(windows, "sro", STAPLES, utc("2027-03-12T12:00"))  # Friday 7:00 EST


def test_a_moment_without_an_offset_is_read_on_the_districts_clock_unless_it_is_ambiguous():
    assert parse_moment("2026-11-24T07:00") == at(TUESDAY, 7, 0)
    assert parse_moment(" 2026-11-24 07:00 ") == at(TUESDAY, 7, 0)
    assert parse_moment("2026-11-24T12:00Z") == at(TUESDAY, 7, 0)
    assert parse_moment("2026-11-24T07:00-05:00") == at(TUESDAY, 7, 0)
    with pytest.raises(ValueError, match="happens twice"):
        parse_moment("2026-11-01T01:30")
    with pytest.raises(ValueError, match="does not exist"):
        parse_moment("2027-03-14T02:30")
    assert parse_moment("2026-11-01T01:30-05:00").utcoffset().total_seconds() == -5 * 3600


@pytest.mark.parametrize(
    "value", ["", "   ", "tomorrow", "2026-11-24", "2026-13-01T10:00", "2026-11-24T25:00", "2026-02-30T10:00", "9999-12-31T10:00",
              "0001-01-01T00:00", "2026-11-24T07:00+99:00", "\x00", "2026-11-24T07:00\u200b" * 3]
)  # fmt: skip
def test_a_malformed_moment_is_refused_with_a_clear_message(value):
    with pytest.raises(ValueError) as caught:
        parse_moment(value)
    assert str(caught.value)


def test_the_window_needs_an_aware_moment(windows):
    with pytest.raises(ValueError, match="aware"):
        check(windows, "sro", STAPLES, datetime(2026, 11, 24, 10, 0))


def test_unknown_people_schools_and_other_roles_are_refused_with_the_reason(windows):
    assert "No person “nobody”" in check(windows, "nobody", STAPLES, at(TUESDAY, 10)).reason
    assert "not one of this agreement's schools" in check(windows, "sro", "Hogwarts", at(TUESDAY, 10)).reason
    # Names as people type them: any case and spacing, or the district's school code.
    assert allowed(windows, " SRO ", "  staples   HIGH school ", at(TUESDAY, 10))
    assert allowed(windows, "sro", "wps-shs", at(TUESDAY, 10))
    chief = check(windows, "chief", STAPLES, at(TUESDAY, 10))
    assert not chief.allowed and "only the SRO and SSU officers" in chief.reason
    # Another town's SRO is no one in this agreement.
    assert not allowed(windows, "othersro", STAPLES, at(TUESDAY, 10))
    # Before the SRO was assigned there was no window at all.
    assert "no SRO assignment" in check(windows, "sro", STAPLES, at(date(2026, 10, 13), 10)).reason


def test_no_window_outlives_the_agreement(windows):
    windows.ends_on = date(2026, 11, 25)
    windows.save(update_fields=["ends_on"])
    assert allowed(windows, "sro", STAPLES, at(TUESDAY, 10))
    verdict = check(windows, "ssu", STAPLES, at(date(2026, 11, 25), 16))
    assert not verdict.allowed and "The agreement ended on 2026-11-25" in verdict.reason


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=40), st.datetimes().map(lambda d: d.isoformat()), st.sampled_from(["2026-11-24T07:00"]))
)
def test_any_text_is_either_a_moment_or_a_clear_refusal(value):
    try:
        moment = parse_moment(value)
    except ValueError as e:
        assert str(e)
    else:
        assert moment.tzinfo is not None and moment.utcoffset() is not None
