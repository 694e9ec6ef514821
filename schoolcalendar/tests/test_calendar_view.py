"""The calendar page: month grids for everyone in the agreement (P.2)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]

URL = reverse("schoolcalendar:calendar", args=["westport"])
NY = ZoneInfo("America/New_York")


@time_machine.travel(datetime(2025, 11, 24, 9, tzinfo=NY), tick=False)
def test_it_shows_the_current_school_year_with_reasons_for_days_off(calendars, client_for):
    page = client_for("sro").get(URL).content.decode()
    assert "<h2>2025-26</h2>" in page
    assert "182</strong> school days" in page
    assert 'id="d-2025-11-27" class="cal-day day-off' in page
    assert 'title="Thanksgiving Recess"' in page
    assert "<strong>No school:</strong> Veterans Day – Schools Closed" in page
    assert "Early Dismissal – Parent-Teacher Conferences" in page  # a school day with a remark
    # A run of days off with one reason reads as one line.
    assert (
        '2025-11-26">Wed 26</time>–<time datetime="2025-11-28">Fri 28</time></span> <strong>No school:</strong> Thanksgiving Recess'
        in page
    )
    assert 'class="cal-day day-on today' in page
    # Viewers see no toggles.
    assert "cal-toggle" not in page
    assert "Import a school year" not in page


@time_machine.travel(datetime(2025, 11, 24, 9, tzinfo=NY), tick=False)
def test_editors_get_a_toggle_per_day_that_works_without_javascript(calendars, client_for):
    page = client_for("steward").get(URL).content.decode()
    toggle = reverse("schoolcalendar:set_day", args=["westport", "2025-11-27"])
    assert f'action="{toggle}" hx-post="{toggle}"' in page
    assert "Import a school year" in page


def test_another_year_can_be_chosen(calendars, client_for):
    page = client_for("principal").get(URL, {"year": "2026-27"}).content.decode()
    assert "<h2>2026-27</h2>" in page
    assert "August 2026" in page and "June 2027" in page


def test_an_unknown_year_is_404(calendars, client_for):
    assert client_for("principal").get(URL, {"year": "1999-00"}).status_code == 404


def test_without_a_calendar_it_says_deadlines_cannot_be_computed(demo, client_for):
    page = client_for("superintendent").get(URL).content.decode()
    assert "No school calendar has been imported" in page


def test_the_page_costs_a_fixed_number_of_queries(calendars, client_for, django_assert_max_num_queries):
    client = client_for("chief")
    with django_assert_max_num_queries(12):
        client.get(URL, {"year": "2025-26"})
