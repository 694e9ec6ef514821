"""Where the focus is on the Form A page, in a real browser at phone width (VII.3, VII.6): never
under the sticky Save / Review bar; on the new or changed block after "Add a student", "Remove"
and a roster fill; on the error summary after "Review and sign", whose links lead to the fields
and whose problems go as autosave corrects them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from reporting.tests.test_browser_form_a import screenshot, sign_in

pytestmark = [pytest.mark.browser]

# Where the focused element is against the bar: its bottom must be above the bar's top.
_FOCUS_AGAINST_BAR = """() => {
  const e = document.activeElement, bar = document.getElementById('form-actions');
  const r = e.getBoundingClientRect(), b = bar.getBoundingClientRect();
  return {inBar: bar.contains(e), bottom: r.bottom, top: r.top, barTop: b.top,
          what: e.outerHTML.slice(0, 80), form: !!e.closest('form.forma')};
}"""


def focused(page: Page) -> str:
    return page.evaluate(
        "document.activeElement.id || document.activeElement.className || document.activeElement.tagName"
    )


def open_edit(page: Page, live_demo, report) -> None:
    page.goto(live_demo.url + reverse("reporting:edit", args=["westport", report.pk]))
    page.wait_for_load_state("load")


def westport_sro():
    from accounts.models import Membership

    return Membership.objects.get(user__username="sro", agreement__slug="westport")


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_focused_field_is_ever_under_the_sticky_bar(live_demo, page):
    from reporting.tests import filing

    report = filing.draft(westport_sro(), incident_date=date(2026, 11, 24), students=2)
    sign_in(page, live_demo.url, "sro")
    open_edit(page, live_demo, report)
    page.get_by_role("link", name="Skip to content").focus()
    seen = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate(_FOCUS_AGAINST_BAR)
        if not where["form"]:
            if seen:
                break  # past the form: the discard link, the footer
            continue
        if where["inBar"]:
            continue
        seen += 1
        assert where["top"] >= 0, where
        assert where["bottom"] <= where["barTop"] + 0.5, f"under the bar: {where}"
    assert seen > 40  # every field of a two-student Form A was visited


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_focus_goes_to_the_block_added_or_changed(live_demo, page):
    from reporting.tests import filing

    report = filing.draft(westport_sro(), incident_date=date(2026, 11, 24))
    sign_in(page, live_demo.url, "sro")
    open_edit(page, live_demo, report)
    page.get_by_role("button", name="Add a student").click()
    expect(page.get_by_role("group", name="Student B", exact=True)).to_be_visible()
    expect(page.locator("#roster-q-1")).to_be_focused()
    page.wait_for_load_state("networkidle")

    page.get_by_role("button", name="Remove Student A").click()
    expect(page.get_by_role("group", name="Student B", exact=True)).to_have_count(0)
    expect(page.locator("#roster-q-0")).to_be_focused()  # the block that took Student A's place
    assert report.students.count() == 1


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_error_summary_takes_the_focus_links_to_fields_and_shrinks_as_autosave_corrects(live_demo, page):
    from reporting.tests import filing

    report = filing.draft(westport_sro(), incident_date=date(2026, 11, 24), location="", incident_time=None)
    sign_in(page, live_demo.url, "sro")
    open_edit(page, live_demo, report)
    page.get_by_role("button", name="Review and sign").click()
    summary = page.locator("#problems")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    screenshot(page, "form-a-error-summary-phone")

    summary.get_by_role("link", name="Location of Incident").click()
    expect(page.get_by_label("Location of Incident")).to_be_focused()
    with page.expect_response(lambda r: r.url.endswith("/save/")):
        page.keyboard.type("Gym")
        page.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.get_by_role("link", name="Location of Incident")).to_have_count(0)

    summary.get_by_role("link", name="Time of Investigation/Intervention").click()
    expect(page.get_by_label("Time of Investigation/Intervention")).to_be_focused()
    with page.expect_response(lambda r: r.url.endswith("/save/")):
        page.keyboard.type("1120AM")
        page.keyboard.press("Tab")
    expect(summary).to_contain_text("Everything is corrected")
    expect(summary.get_by_role("link")).to_have_count(0)


@pytest.mark.req("VII.6")
@pytest.mark.req("VII.4")
@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_roster_fill_says_who_was_filled_takes_the_focus_and_stores_no_name(live_demo, page, viewport):
    from agreements.models import Agreement
    from audit.log import Actor
    from reporting.models import FormA, FormAStudent
    from reporting.tests import filing
    from students import actions
    from students.tests.bundles import bundle, person

    westport = Agreement.objects.get(slug="westport")
    people = [
        person("s1", "Diana", "Reyes", grade="9"),
        person("s2", "Ana", "Ortiz", grade="11", birth_date=date(2009, 5, 1)),
        person("s3", "Anabel", "Quinn", grade="12"),
    ]
    actions.do_import_roster(Actor.system("test"), westport, bundle(people))
    report = filing.draft(westport_sro(), incident_date=date(2026, 11, 24))
    sign_in(page, live_demo.url, "sro")
    open_edit(page, live_demo, report)
    block = page.get_by_role("group", name="Student A", exact=True)
    block.get_by_label("Find the student by name or student ID").fill("ana")
    choices = block.locator(".roster-matches button")
    expect(choices).to_have_count(3)
    # The exact name first, then the name that starts so, then the one that only contains it.
    expect(choices.nth(0)).to_contain_text("Ana Ortiz · grade 11")
    expect(choices.nth(1)).to_contain_text("Anabel Quinn · grade 12")
    expect(choices.nth(2)).to_contain_text("Diana Reyes · grade 9")
    expect(choices.nth(0)).to_contain_text("Staples High School")
    screenshot(page, f"form-a-roster-results-{viewport}")
    choices.nth(0).click()

    notice = block.locator(".roster-filled")
    expect(notice).to_contain_text("Filled from the roster: A. O., grade 11, Staples High School")
    expect(notice).to_be_focused()
    expect(block.get_by_label("Age", exact=True)).to_have_value("17")
    page.wait_for_load_state("networkidle")
    screenshot(page, f"form-a-roster-filled-{viewport}")

    # Still shown after another block is added: for as long as the page is open.
    page.get_by_role("button", name="Add a student").click()
    expect(page.locator("#roster-q-1")).to_be_focused()
    expect(page.get_by_role("group", name="Student A", exact=True).locator(".roster-filled")).to_contain_text(
        "A. O., grade 11"
    )
    page.wait_for_load_state("networkidle")

    stored = json.dumps(list(FormA.objects.filter(pk=report.pk).values()), default=str)
    stored += json.dumps(list(FormAStudent.objects.filter(report=report).values()), default=str)
    for never in ("A. O.", "Ana", "Ortiz", "ortiz"):
        assert never not in stored
