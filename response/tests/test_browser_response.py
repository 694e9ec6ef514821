"""The graduated response end to end in a real browser at phone width: the principal records an
intervention and asks for police involvement; the SRO answers with an option chosen, not defaulted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.req("V.1")
@pytest.mark.req("V.3")
@pytest.mark.req("V.5")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_principal_asks_and_the_sro_answers_on_a_phone(live_demo, page: Page, browser):
    from response.models import PoliceRequest
    from response.tests.factories import roster
    from students.models import Disclosure

    roster()
    base = live_demo.url
    sign_in(page, base, "principal")
    page.goto(base + "/westport/response/")
    no_sideways_scrolling(page)
    page.get_by_label("Student ID").fill(" 100001 ")
    page.get_by_role("button", name="Open the student's record").click()
    expect(page.get_by_role("heading", name="Hope Bell")).to_be_visible()
    no_sideways_scrolling(page)

    page.get_by_role("link", name="Record an intervention").click()
    page.get_by_label("School Administration Intervention").check()
    page.get_by_label("Option").select_option(label="Parent conference")
    page.get_by_label("Outcome").fill("The threats continued the next week.")
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Intervention recorded.")).to_be_visible()

    page.get_by_role("link", name="Request police involvement").click()
    page.get_by_label("What the school asks of the police").fill("A conference with the student and parents.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("needs one of the three grounds")).to_be_visible()
    page.get_by_label("Classroom, school and community options have been found ineffective").check()
    page.get_by_label("Parent conference", exact=False).check()
    no_sideways_scrolling(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("sent to the SRO(s) of Staples High School")).to_be_visible()
    screenshot(page, "response-request-principal")
    made = PoliceRequest.objects.get()

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    sro = context.new_page()
    sign_in(sro, base, "sro")
    sro.goto(base + f"/westport/response/requests/{made.pk}/")
    expect(sro.get_by_text("Hope Bell")).to_be_visible()
    no_sideways_scrolling(sro)
    screenshot(sro, "response-request-sro")
    assert Disclosure.objects.filter(report_label=str(made)).count() == 1
    for radio in sro.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    sro.get_by_label("Verbal warning").check()
    sro.get_by_label("Outcome").fill("Warned; parents informed.")
    sro.get_by_role("button", name="Record").click()
    expect(sro.get_by_text("Law-enforcement option recorded.")).to_be_visible()
    context.close()
    made.refresh_from_db()
    assert (made.option, made.status) == ("verbal_warning", "answered")
