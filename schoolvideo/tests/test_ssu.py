"""VIII.2: the SSU officers' days and hours are data the Chief or the Superintendent sets; the SRO's
and SSU officer's dashboards show today's window."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from assignments.tests.factories import STAPLES, school
from schoolvideo.models import SSUSchedule
from schoolvideo.tests.conftest import SET_UP, at
from schoolvideo.window import check

pytestmark = pytest.mark.req("VIII.2")

URL = reverse("schoolvideo:ssu", kwargs={"slug": "westport"})


def test_the_chief_sets_the_ssu_officers_hours_from_a_date(client_for, member, windows):
    with time_machine.travel(SET_UP, tick=False):
        response = client_for("chief").post(
            URL,
            {
                "officer": member("ssu").pk,
                "effective_from": "2026-11-02",
                "schools": [school(STAPLES).pk],
                "weekdays": ["5", "6"],
                "starts_at": "08:00",
                "ends_at": "12:00",
            },
        )
        assert response.status_code == 302
        page = client_for("ssu").get(URL).content.decode()
    new = SSUSchedule.objects.latest("effective_from")
    assert [(s.weekday, s.starts_at, s.ends_at, s.on_days_without_students) for s in new.shifts.all()] == [
        (5, time(8), time(12), True),
        (6, time(8), time(12), True),
    ]
    assert "Sat, Sun 08:00–12:00: Staples High School" in page and "Every day 15:00–23:00" in page
    saturday = date(2026, 11, 7)
    assert check(windows, "ssu", STAPLES, at(saturday, 8)).allowed
    assert not check(windows, "ssu", STAPLES, at(saturday, 15)).allowed
    assert not check(windows, "ssu", STAPLES, at(date(2026, 11, 9), 16)).allowed  # a Monday: no hours now


@pytest.mark.req("S.4")
def test_bad_ssu_hours_get_a_clear_message_and_nothing_is_stored(client_for, member, windows):
    base = {
        "officer": member("ssu").pk,
        "effective_from": "2026-11-02",
        "schools": [school(STAPLES).pk],
        "weekdays": ["0"],
    }
    cases = [
        ({"starts_at": "12:00", "ends_at": "08:00"}, "The hours must end after they start"),
        ({"starts_at": "", "ends_at": ""}, "Give the hours, from and to."),
        ({"starts_at": "25:61", "ends_at": "08:00"}, "Enter a valid time."),
        ({"officer": member("sro").pk, "starts_at": "08:00", "ends_at": "09:00"}, "Select a valid choice."),
        ({"weekdays": ["9"], "starts_at": "08:00", "ends_at": "09:00"}, "Select a valid choice."),
        ({"effective_from": "2026-10-01", "starts_at": "08:00", "ends_at": "09:00"}, "cannot change days already past"),
        ({"effective_from": "9999-12-31", "starts_at": "08:00", "ends_at": "09:00"}, "Choose a date from"),
    ]
    with time_machine.travel(SET_UP, tick=False):
        for changes, message in cases:
            response = client_for("chief").post(URL, base | changes)
            assert message in response.content.decode(), changes
        assert client_for("ssu").post(URL, base | {"starts_at": "08:00", "ends_at": "09:00"}).status_code == 403
    assert SSUSchedule.objects.count() == 1


def test_the_dashboards_show_todays_window(client_for, windows):
    with time_machine.travel(at(date(2026, 11, 24), 9), tick=False):
        sro = client_for("sro").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
        ssu = client_for("ssu").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "District video: your window today" in sro and "Staples High School: 07:00–15:30" in sro
    assert "Coleytown Middle School: 15:00–23:00" in ssu
    with time_machine.travel(at(date(2026, 11, 26), 9), tick=False):  # Thanksgiving
        sro = client_for("sro").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "not today" in sro and "not a school day" in sro
