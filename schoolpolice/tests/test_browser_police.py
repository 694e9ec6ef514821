"""VI.1 in a real browser at phone width: the SRO asks the building principal, and the principal
proposes another time or place; neither page scrolls sideways on a 390 px phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, sign_in

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

    page.context.clear_cookies()
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
