"""VI.1 in a real browser at phone width: the SRO asks the building principal, the principal
proposes another time or place, and the SRO takes it; no page scrolls sideways on a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.req("VI.1")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_sro_asks_and_the_principal_answers_on_a_phone(live_demo, page: Page):
    from schoolpolice.models import Request
    from schoolpolice.tests import factories

    factories.student("Wren", "Halloway")
    base = live_demo.url
    sign_in(page, base, "sro")
    page.goto(base + "/westport/police/requests/new/")
    no_sideways_scrolling(page)
    page.get_by_label("School:", exact=True).select_option(label="Staples High School")
    page.get_by_label("Student's name").fill("Wren Halloway")
    page.get_by_label("Formal police interview").check()
    page.get_by_label("Proposed date").fill((timezone.localdate() + timedelta(days=1)).isoformat())
    page.get_by_label("Proposed time").fill("10:30")
    page.get_by_label("Proposed place").fill("Main office conference room")
    page.get_by_label("Potential danger to persons").fill("None seen.")
    page.get_by_label("Likelihood of destruction of evidence or other property").fill("Low.")
    page.get_by_label("Ability to conduct it elsewhere").fill("The family refused a home visit.")
    page.get_by_role("button", name="Send to the principal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formal police interview at Staples High School")
    no_sideways_scrolling(page)

    sro_page = page  # the SRO stays signed in (one sign-in code serves once) while the principal answers
    page = page.context.browser.new_context(viewport=page.viewport_size, is_mobile=True, has_touch=True).new_page()
    sign_in(page, base, "principal")
    page.goto(base + "/westport/police/")
    no_sideways_scrolling(page)
    page.get_by_role("region", name="Waiting for your decision").get_by_role("link").first.click()
    expect(page.get_by_text("Wren Halloway")).to_be_visible()
    page.get_by_label("Propose another time or place").check()
    page.get_by_label("Other place").fill("The athletic office, after dismissal")
    page.get_by_role("button", name="Record the decision and tell the officer").click()
    expect(page.get_by_text("Another time or place proposed").first).to_be_visible()
    no_sideways_scrolling(page)
    assert Request.objects.get().status == Request.Status.OTHER_TIME

    # The SRO takes the other place: the request is agreed at it.
    page.context.close()
    page = sro_page
    page.goto(base + f"/westport/police/requests/{Request.objects.get().pk}/")
    expect(page.get_by_role("heading", name="The principal proposes another time or place")).to_be_visible()
    no_sideways_scrolling(page)
    screenshot(page, "police-request-other-time-phone")
    page.get_by_role("button", name="Accept the other time or place").click()
    expect(page.get_by_role("status")).to_have_text(
        "Agreed at the other time or place. The building administration has been told."
    )
    expect(page.get_by_text("Other time or place accepted")).to_be_visible()
    no_sideways_scrolling(page)
    assert Request.objects.get().status == Request.Status.AGREED
