"""Importing a district's several-year feed in a real browser at phone width (P.2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.req("P.2")]

FEED = Path(__file__).parent / "fixtures" / "ics" / "website-feed-several-years.ics"


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_data_steward_previews_and_saves_a_several_year_feed_on_a_phone(live_demo, page):
    from schoolcalendar.models import SchoolYear

    sign_in(page, live_demo.url, "steward")
    page.goto(live_demo.url + reverse("schoolcalendar:import", args=["westport"]))
    page.get_by_label("District calendar (.ics file)").set_input_files(str(FEED))
    page.get_by_role("button", name="Read the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check how the calendar was read")
    expect(page.get_by_role("heading", name="2025-26")).to_be_visible()
    expect(page.get_by_role("heading", name="2026-27")).to_be_visible()
    expect(page.get_by_text("Note: Skipped the 2027-28 school year")).to_be_visible()
    no_sideways_scrolling(page)
    screenshot(page, "calendar-import-preview-phone")

    page.get_by_label("Reading of “Veterans Day”", exact=False).select_option("no_change")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_text("corrected by hand")).to_be_visible()
    page.get_by_role("button", name="Save these 2 school years").click()
    expect(page.get_by_text("Saved the 2026-27 school year")).to_be_visible()
    assert list(SchoolYear.objects.filter(district__name="Westport Public Schools").values_list("label", flat=True))[
        -2:
    ] == ["2025-26", "2026-27"]
