"""Switching a single day between school day and no school, with htmx or a plain form (P.2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from schoolcalendar.models import CalendarDay

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]


def url(day: str = "2025-10-06", slug: str = "westport") -> str:
    return reverse("schoolcalendar:set_day", args=[slug, day])


def westport_day(calendars, d: date) -> CalendarDay:
    return CalendarDay.objects.get(school_year__district=calendars.district, date=d)


def test_htmx_gets_the_new_cell(calendars, client_for):
    response = client_for("superintendent").post(url(), {"in_session": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    cell = response.content.decode()
    assert cell.startswith('<td id="d-2025-10-06" class="cal-day day-off')
    assert "No school (changed by hand)" in cell
    assert 'name="in_session" value="1"' in cell  # the next press opens it again
    assert not westport_day(calendars, date(2025, 10, 6)).in_session
    assert AuditEntry.objects.get(action="calendarday.changed").actor.username == "superintendent"


def test_a_plain_form_post_redirects_back_to_the_day(calendars, client_for):
    response = client_for("steward").post(url("2025-09-01"), {"in_session": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("schoolcalendar:calendar", args=["westport"]) + "?year=2025-26#d-2025-09-01"
    assert westport_day(calendars, date(2025, 9, 1)).in_session


def test_posting_twice_is_harmless(calendars, client_for):
    client = client_for("steward")
    client.post(url(), {"in_session": "0"})
    client.post(url(), {"in_session": "0"})
    assert AuditEntry.objects.filter(action="calendarday.changed").count() == 1


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_a_missing_or_bad_state_is_400_and_changes_nothing(calendars, client_for, value):
    response = client_for("steward").post(url(), {"in_session": value} if value else {})
    assert response.status_code == 400
    assert b"in_session must be 1 or 0" in response.content
    assert westport_day(calendars, date(2025, 10, 6)).in_session


@pytest.mark.parametrize("day", ["2025-07-04", "2025-02-30", "not-a-date"])
def test_a_date_outside_every_school_year_is_404(calendars, client_for, day):
    assert client_for("steward").post(url(day), {"in_session": "0"}).status_code == 404


@pytest.mark.req("S.1")
def test_viewers_may_not_edit(calendars, client_for):
    assert client_for("sro").post(url(), {"in_session": "0"}).status_code == 403
    assert client_for("principal").post(url(), {"in_session": "0"}).status_code == 403
    assert westport_day(calendars, date(2025, 10, 6)).in_session


@pytest.mark.req("S.1")
def test_outsiders_get_404(calendars, client_for):
    assert client_for("othersro").post(url(), {"in_session": "0"}).status_code == 404
    assert westport_day(calendars, date(2025, 10, 6)).in_session
