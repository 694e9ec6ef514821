"""Section VIII fixtures: the calendar, the SRO's assignment and schedule, the SSU officer's hours,
all made through the real actions at a moment before the dates the tests ask about."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from agreements.models import Agreement
from assignments import actions as assignment_actions
from assignments.tests.factories import ACTOR, BEDFORD, STAPLES, assign, school
from schoolvideo import actions

NEW_YORK = ZoneInfo("America/New_York")
SET_UP = datetime(2026, 10, 14, 9, 0, tzinfo=NEW_YORK)  # a Wednesday in term


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute, second), tzinfo=NEW_YORK)


@pytest.fixture
def calendar(demo):
    from schoolcalendar.demo import load

    load(Agreement.objects.get(slug="westport"))


@pytest.fixture
def windows(member, calendar):
    """The SRO 7:00–15:30 Monday to Friday at Staples and Bedford (school days only); the SSU
    officer 15:00–23:00 every day at every school. Both from SET_UP's date."""
    with time_machine.travel(SET_UP, tick=False):
        assign(member("sro"), STAPLES, (BEDFORD,))
        entries = [
            assignment_actions.Entry(school(name), day, time(7, 0), time(15, 30))
            for name in (STAPLES, BEDFORD)
            for day in range(5)
        ]
        schedule = assignment_actions.do_propose_schedule(
            ACTOR, member("chief"), member("sro"), effective_from=SET_UP.date(), entries=entries
        )
        assignment_actions.do_confirm_schedule(ACTOR, member("superintendent"), schedule)
        westport = Agreement.objects.get(slug="westport")
        shifts = [actions.Shift(s, day, time(15, 0), time(23, 0)) for s in westport.schools.all() for day in range(7)]
        actions.do_set_ssu_schedule(ACTOR, member("chief"), member("ssu"), effective_from=SET_UP.date(), shifts=shifts)
    return westport
