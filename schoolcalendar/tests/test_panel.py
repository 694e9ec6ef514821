"""The dashboard's "School today" panel (P.2)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]

NY = ZoneInfo("America/New_York")
DASHBOARD = reverse("dashboard", args=["westport"])


@time_machine.travel(datetime(2025, 11, 25, 9, tzinfo=NY), tick=False)
def test_it_says_today_is_a_school_day_and_lists_the_next_ones(calendars, client_for):
    page = client_for("sro").get(DASHBOARD).content.decode()
    assert "School today" in page
    assert "School day</span> Early Dismissal" in page
    # Thanksgiving recess Wed-Fri: the next school days are Mon Dec 1, Tue Dec 2, Wed Dec 3.
    assert "Mon Dec 1" in page and "Wed Dec 3" in page


@time_machine.travel(datetime(2026, 7, 6, 9, tzinfo=NY), tick=False)
def test_in_summer_it_says_no_school(calendars, client_for):
    page = client_for("chief").get(DASHBOARD).content.decode()
    assert "No school</span> Summer" in page
    assert "Wed Aug 26" in page


@time_machine.travel(datetime(2027, 8, 2, 9, tzinfo=NY), tick=False)
def test_beyond_the_calendar_it_asks_editors_to_import(calendars, client_for):
    page = client_for("steward").get(DASHBOARD).content.decode()
    assert "does not cover 2027-08-02" in page
    assert reverse("schoolcalendar:import", args=["westport"]) in page
