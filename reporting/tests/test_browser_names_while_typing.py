"""Names are caught while typing, in a real browser at phone width (VII.4): autosave shows the
guard's finding under the field at once, and the draft never stores the name."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, pass_the_gate, screenshot, sign_in

pytestmark = [pytest.mark.browser]
NARRATIVE = "The reason for and nature of such investigation and/or behavioral intervention"


@pytest.mark.req("VII.4")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_autosave_shows_a_name_under_the_field_at_once_and_never_stores_it(live_demo, page):
    from agreements.models import Agreement
    from audit.log import Actor
    from reporting.models import FormA
    from students import actions
    from students.tests.bundles import bundle, person

    westport = Agreement.objects.get(slug="westport")
    actions.do_import_roster(Actor.system("test"), westport, bundle([person("s1", "Jean", "St. Pierre")]))
    sign_in(page, live_demo.url, "sro")
    page.get_by_role("link", name="File a Form A").first.click()
    pass_the_gate(page)
    # Type only once htmx (a deferred script) is listening, or the first change sends nothing.
    page.get_by_label(NARRATIVE).wait_for()
    page.wait_for_load_state("load")

    with page.expect_response(lambda r: r.url.endswith("/save/"), timeout=60_000):  # a busy CI machine
        page.get_by_label(NARRATIVE).fill("jean\u00a0st. pierre’s bag was searched in the gym.")
        page.keyboard.press("Tab")
    note = page.locator("#guard-reason_and_nature")
    expect(note).to_contain_text("Remove these words: Form A may not identify a student.")
    expect(note).to_contain_text("This text was not saved.")
    expect(page.locator("#save-status")).to_contain_text("except")
    expect(page.locator("#guard-location")).to_have_text("")
    no_sideways_scrolling(page)
    screenshot(page, "form-a-name-caught-phone")
    assert FormA.objects.get().reason_and_nature == ""

    with page.expect_response(lambda r: r.url.endswith("/save/"), timeout=60_000):  # a busy CI machine
        page.get_by_label(NARRATIVE).fill("Student A’s bag was searched in the gym.")
        page.keyboard.press("Tab")
    expect(note).not_to_contain_text("Remove these words")
    expect(page.locator("#save-status")).to_contain_text("Draft saved")
    assert FormA.objects.get().reason_and_nature == "Student A’s bag was searched in the gym."
