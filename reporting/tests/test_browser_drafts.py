"""The SRO's drafts list in a real browser (VII.3, VII.8): what each draft is, the returned
report first, and the Chief's reason one tap away; the Form A page's collapsed first line."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.req("VII.3")
@pytest.mark.req("VII.8")
@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_the_drafts_list_says_what_each_is_with_the_reason_one_tap_away(live_demo, page, viewport):
    from accounts.models import Membership
    from reporting import actions
    from reporting.tests.filing import actor, draft, submitted

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    draft(sro, incident_date=date(2026, 11, 20), location="Gym, north door", students=2)
    returned = submitted(sro, incident_date=date(2026, 11, 24), location="Cafeteria")
    actions.do_return(actor(chief), returned, chief, reason="The time of the incident is wrong: it was 11:20.")

    sign_in(page, live_demo.url, "sro")
    page.goto(live_demo.url + reverse("reporting:mine", kwargs={"slug": "westport"}))
    cards = page.locator("ul.drafts > li")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Returned for correction")
    expect(cards.nth(0)).to_contain_text("Nov. 24, 2026 · Cafeteria · 1 student")
    expect(cards.nth(1)).to_contain_text("Nov. 20, 2026 · Gym, north door · 2 students")
    reason = cards.nth(0).get_by_text("The time of the incident is wrong")
    expect(reason).to_be_hidden()
    cards.nth(0).get_by_text("Why it was returned").click()  # one tap
    expect(reason).to_be_visible()
    if viewport == "phone":
        no_sideways_scrolling(page)
    screenshot(page, f"form-a-drafts-{viewport}")

    # Reopened, the answered questions and the officer are one line; "Change" opens them.
    cards.nth(1).get_by_role("link").click()
    line = page.locator("details.answered > summary")
    expect(line).to_contain_text("Escalated to violence · not a crime · Officer Dana Whitcomb, badge 1147")
    question = page.get_by_role("group", name="Did the challenging behavior or conflict escalate to violence?")
    expect(question).to_be_hidden()
    if viewport == "phone":
        no_sideways_scrolling(page)
    screenshot(page, f"form-a-reopened-{viewport}")
    line.get_by_text("Change").click()
    expect(question).to_be_visible()


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_dashboard_shows_the_five_most_urgent_drafts_and_the_rest_one_tap_away(live_demo, page, viewport):
    from datetime import timedelta

    from accounts.models import Membership
    from reporting.tests.filing import draft

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    for i in range(7):
        draft(sro, incident_date=date(2026, 11, 20) - timedelta(days=i), location=f"Hallway {i}")

    sign_in(page, live_demo.url, "sro")
    page.goto(live_demo.url + reverse("dashboard", kwargs={"slug": "westport"}))
    card = page.locator("section[aria-labelledby=panel-forma]")
    expect(card.locator("ul.drafts > li")).to_have_count(5)
    no_sideways_scrolling(page)
    screenshot(page, "dashboard-sro-seven-drafts-phone")
    card.get_by_role("link", name="2 more drafts").click()  # one tap to every draft
    expect(page.locator("ul.drafts > li")).to_have_count(7)
