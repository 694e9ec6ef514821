"""Form A end to end in a real browser at phone width: the SRO files it (the gate, two students,
dispositions, the signature), can no longer open it, and the Chief receives it."""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from playwright.sync_api import Page, expect

from agreements.demo import demo_code, demo_password
from conftest import VIEWPORTS
from reporting.forms import CERTIFICATION
from reporting.tests.filing import run_queued
from tests.browser.nav import click_sign_out

pytestmark = [pytest.mark.browser]
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOT_DIR:
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"{name}.png"), full_page=True)


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Verification code").fill(demo_code())
    page.get_by_role("button", name="Sign in").click()


def pass_the_gate(page: Page) -> None:
    """At Form A's gate (VII.1): escalated to violence, not a crime; Continue to the draft."""
    page.get_by_role("group", name="Did the challenging behavior or conflict escalate to violence?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Does the challenging behavior or conflict constitute a crime?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Continue").click()


# The elements whose right edge passes the viewport, so a failure says what is too wide.
_TOO_WIDE = """(limit) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > limit)
  .slice(0, 5)
  .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px): ${(e.textContent || '').trim().slice(0, 60)}`)"""


def no_sideways_scrolling(page: Page) -> None:
    width = VIEWPORTS["phone"]["width"]
    # Measure once the stylesheet has arrived: on a busy machine the DOM can be ready before it,
    # and a page laid out without its CSS (the phone's stacked tables) is wider than the phone.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "[...document.styleSheets].every((s) => { try { return s.cssRules.length > 0; } catch (e) { return true; } })"
    )
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{scroll_width} px wide: {page.evaluate(_TOO_WIDE, width)}"


@pytest.mark.req("VII.1")
@pytest.mark.req("VII.3")
@pytest.mark.req("VII.7")
@pytest.mark.req("VII.8")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_sro_files_a_form_a_on_a_phone_and_the_chief_receives_it(live_demo, page):
    from agreements.models import Agreement
    from reporting.models import FormA
    from schoolcalendar.demo import load as load_calendars

    load_calendars(Agreement.objects.get(slug="westport"))
    sign_in(page, live_demo.url, "sro")
    page.get_by_role("link", name="File a Form A").first.click()

    # The gate comes first (VII.1).
    expect(page.get_by_role("heading", level=1)).to_have_text("File a Form A")
    pass_the_gate(page)

    # Form A, by its labels (VII.3). The SRO's name and badge come from the profile, read-only
    # (nothing to type there); the school is filled in already.
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    expect(page.get_by_label("Name of School Resource Officer")).to_have_text("Officer Dana Whitcomb")
    expect(page.get_by_label("Badge Number")).to_have_text("1147")
    expect(page.get_by_role("textbox", name="Name of School Resource Officer")).to_have_count(0)
    page.get_by_label("Date of Investigation/Intervention").fill("2026-11-24")
    page.get_by_label("Time of Investigation/Intervention").fill("11:20")
    page.get_by_label("Location of Incident").fill("Cafeteria, east side")
    page.get_by_label("The reason for and nature of such investigation and/or behavioral intervention").fill(
        "Student A struck Student B in the lunch line. The SRO separated them and searched Student A's bag."
    )
    expect(page.locator("#save-status")).to_contain_text("Draft saved")  # autosave, as the SRO types
    expect(page.locator("#deadline")).to_contain_text("Due ")
    page.get_by_label("Referral to administration for possible discipline").check()
    page.get_by_label("Search of student(s) by SRO").check()

    student_a = page.get_by_role("group", name="Student A", exact=True)
    student_a.get_by_label("Age", exact=True).fill("16")
    student_a.get_by_role("group", name="Gender").get_by_label("Female").check()
    student_a.get_by_label("White", exact=True).check()
    student_a.get_by_role("group", name="Does the student have a known disability?").get_by_label("No").check()
    student_a.get_by_label("Searched by SRO").check()
    student_a.get_by_label("Apprised of constitutional rights").check()

    page.get_by_role("button", name="Add a student").click()  # htmx: no reload
    student_b = page.get_by_role("group", name="Student B", exact=True)
    expect(student_b).to_be_visible()
    expect(student_a.get_by_label("Age", exact=True)).to_have_value("16")
    student_b.get_by_label("Age", exact=True).fill("15")
    student_b.get_by_role("group", name="Gender").get_by_label("Male", exact=True).check()
    student_b.get_by_label("Black or African American").check()
    student_b.get_by_role("group", name="Does the student have a known disability?").get_by_label("Yes").check()
    student_b.get_by_label("Detained", exact=True).check()
    student_b.get_by_label("If detained, how long the student was detained (minutes)").fill("20")
    # Leave the field and let its autosave land before signing: the live server's in-memory
    # database has one connection, so two requests at once would trip over each other.
    with page.expect_response(lambda r: r.url.endswith("/save/")):
        page.keyboard.press("Tab")
    no_sideways_scrolling(page)
    screenshot(page, "form-a-phone")

    # The signature (VII.7).
    page.get_by_role("button", name="Review and sign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    expect(page.get_by_text(CERTIFICATION)).to_be_visible()
    no_sideways_scrolling(page)
    screenshot(page, "form-a-sign-phone")
    page.get_by_label("Your password or authenticator code").fill(demo_password())
    page.get_by_role("button", name="Sign and submit").click()

    report = FormA.objects.get()
    expect(page.get_by_role("status")).to_contain_text(f"Form A {report.number} was submitted")
    expect(page.get_by_role("cell", name=report.number)).to_be_visible()
    screenshot(page, "form-a-receipts-phone")
    assert report.status == FormA.Status.SUBMITTED
    assert [(s.label, s.age, s.detained_minutes) for s in report.students.all()] == [
        ("Student A", 16, None),
        ("Student B", 15, 20),
    ]

    # The SRO can no longer open it.
    response = page.goto(f"{live_demo.url}/westport/reports/{report.pk}/")
    assert response.status == 404
    assert "no-store" in page.goto(f"{live_demo.url}/westport/reports/").headers["cache-control"]
    click_sign_out(page)

    # The Chief receives it, with signature and acknowledgment (VII.8).
    sign_in(page, live_demo.url, "chief")
    page.get_by_role("link", name="Form A inbox").click()
    page.get_by_role("link", name=report.number).click()
    expect(
        page.get_by_text("I, the Westport Police Department Chief of Police, received this report on:")
    ).to_be_visible()
    no_sideways_scrolling(page)
    screenshot(page, "form-a-review-phone")
    page.get_by_label("Your password or authenticator code").fill(demo_password())
    page.get_by_role("button", name="Sign and record receipt").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(f"Receipt of Form A {report.number} recorded"))
    report.refresh_from_db()
    assert report.status == FormA.Status.RECEIVED and not report.pdf
    # The PDF is the task worker's to lay out, after the receipt; a Chief who downloads it
    # before the worker has run gets it all the same.
    page.goto(f"{live_demo.url}/westport/reports/inbox/{report.pk}/")
    no_sideways_scrolling(page)
    screenshot(page, "form-a-received-phone")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == f"form-a-{report.number}.pdf"
    report.refresh_from_db()
    with open(download.value.path(), "rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == report.pdf_sha256
    assert run_queued("reporting.tasks.store_received_pdf") == 1  # finds it stored, and leaves it
    assert FormA.objects.get(pk=report.pk).pdf_sha256 == report.pdf_sha256
