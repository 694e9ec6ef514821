"""Form A's whole journey in a real browser at phone width (issue 3, "done when"): the SRO files
it (the gate, two students, dispositions, the signature) and can no longer open it; the Chief
receives it, compiles the month and sends the compilation; the Superintendent acknowledges it.

Time is frozen (and ticks on) in the week of the incident, then moved to the first school day
of the next month, when the month may be compiled: the live server runs in this process, so it
sees the same clock, and so do the authenticator codes.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import Page, expect

from agreements.demo import demo_password
from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in
from tests.browser.nav import click_sign_out, follow_nav

pytestmark = [pytest.mark.browser]

NEW_YORK = ZoneInfo("America/New_York")
FILED_AT = datetime(2026, 11, 24, 10, 0, tzinfo=NEW_YORK)  # a Tuesday; the incident was the day before
COMPILED_AT = datetime(2026, 12, 1, 8, 0, tzinfo=NEW_YORK)  # December's first school day


def choose(page_or_group, group: str, option: str) -> None:
    """Check OPTION among the radio buttons of the group labelled GROUP."""
    page_or_group.get_by_role("group", name=group).get_by_label(option, exact=True).check()


def sign_out(page: Page) -> None:
    click_sign_out(page)
    expect(page.get_by_role("status")).to_have_text("You have signed out.")


def file_form_a(page: Page, password: str = "") -> None:
    """As the signed-in SRO: the gate, Form A by its labels, two students, the signature (with
    PASSWORD, the demo's by default)."""
    page.get_by_role("link", name="File a Form A").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("File a Form A")
    no_sideways_scrolling(page)
    choose(page, "Did the challenging behavior or conflict escalate to violence?", "Yes")
    choose(page, "Does the challenging behavior or conflict constitute a crime?", "Yes")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    page.get_by_label("Date of Investigation/Intervention").fill("2026-11-23")
    page.get_by_label("Time of Investigation/Intervention").fill("12:15")
    page.get_by_label("Location of Incident").fill("Gymnasium lobby")
    page.get_by_label("The reason for and nature of such investigation and/or behavioral intervention").fill(
        "Student A and Student B fought in the gymnasium lobby after lunch. The SRO separated them, advised "
        "Student A of constitutional rights and issued a summons for breach of peace."
    )
    expect(page.locator("#deadline")).to_contain_text("Due ")  # from the district's school calendar
    page.get_by_label("Referral to administration for possible discipline").check()
    page.get_by_label("Citation or summons issued").check()

    student_a = page.get_by_role("group", name="Student A", exact=True)
    student_a.get_by_label("Age", exact=True).fill("17")
    choose(student_a, "Gender", "Male")
    student_a.get_by_label("Hispanic or Latino").check()
    choose(student_a, "Does the student have a known disability?", "No")
    student_a.get_by_label("Apprised of constitutional rights").check()
    student_a.get_by_label("Issued a citation or a summons").check()

    page.get_by_role("button", name="Add a student").click()
    student_b = page.get_by_role("group", name="Student B", exact=True)
    student_b.get_by_label("Age", exact=True).fill("16")
    choose(student_b, "Gender", "Non-binary")
    student_b.get_by_label("Asian", exact=True).check()
    choose(student_b, "Does the student have a known disability?", "Yes")
    student_b.get_by_label("Detained", exact=True).check()
    student_b.get_by_label("If detained, how long the student was detained (minutes)").fill("30")
    # Let the last autosave land before signing: the live server's database has one connection.
    with page.expect_response(lambda r: r.url.endswith("/save/")):
        page.keyboard.press("Tab")
    no_sideways_scrolling(page)

    page.get_by_role("button", name="Review and sign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    no_sideways_scrolling(page)
    page.get_by_label("Your password or authenticator code").fill(password or demo_password())
    page.get_by_role("button", name="Sign and submit").click()


@pytest.mark.req("VII.1")
@pytest.mark.req("VII.3")
@pytest.mark.req("VII.7")
@pytest.mark.req("VII.8")
@pytest.mark.req("VII.9")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_form_a_goes_from_the_sro_to_the_chief_into_the_monthly_compilation_and_to_the_superintendent(
    live_demo, page
):
    from agreements.models import Agreement
    from reporting.models import FormA, MonthlyCompilation
    from schoolcalendar.demo import load as load_calendars

    url = live_demo.url
    with time_machine.travel(FILED_AT) as clock:
        load_calendars(Agreement.objects.get(slug="westport"))

        # The SRO files it, and from then on sees only the receipt.
        sign_in(page, url, "sro")
        file_form_a(page)
        report = FormA.objects.get()
        expect(page.get_by_role("status")).to_contain_text(f"Form A {report.number} was submitted")
        expect(page.get_by_role("cell", name=report.number)).to_be_visible()
        assert [(s.label, s.age, s.cited, s.detained_minutes) for s in report.students.all()] == [
            ("Student A", 17, True, None),
            ("Student B", 16, False, 30),
        ]
        assert page.goto(f"{url}/westport/reports/{report.pk}/").status == 404
        page.goto(f"{url}/westport/reports/")
        expect(page.get_by_role("cell", name=report.number)).to_be_visible()
        expect(page.get_by_role("link", name=report.number)).to_have_count(0)
        sign_out(page)

        # The Chief receives it, with signature and the confidentiality acknowledgment.
        sign_in(page, url, "chief")
        page.get_by_role("link", name="Form A inbox").click()
        page.get_by_role("link", name=report.number).click()
        page.get_by_label("Your password or authenticator code").fill(demo_password())
        page.get_by_role("button", name="Sign and record receipt").click(timeout=60_000)
        expect(page.get_by_role("status")).to_have_text(
            re.compile(f"Receipt of Form A {report.number} recorded"), timeout=60_000
        )
        sign_out(page)

        # December's first school day: November may be compiled now.
        clock.move_to(COMPILED_AT)
        sign_in(page, url, "chief")
        follow_nav(page, "Compilations")
        page.get_by_label("Month to compile (a month that has ended)").select_option("November")
        page.get_by_label("Year").select_option("2026")
        page.get_by_role("button", name="Compile").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Compilation November 2026")
        expect(page.get_by_text("1 report, 2 students involved.")).to_be_visible()
        expect(page.get_by_role("cell", name=report.number)).to_be_visible()
        no_sideways_scrolling(page)
        screenshot(page, "compilation-phone")
        page.get_by_role("button", name="Send to the Superintendent…").click(timeout=60_000)
        page.get_by_role("button", name="Yes, send it").click()
        expect(page.get_by_role("status")).to_have_text("Compilation November 2026 sent to the Superintendent.")
        sign_out(page)

        # The Superintendent follows the notice and acknowledges receipt.
        sign_in(page, url, "superintendent")
        follow_nav(page, re.compile("^Notices"))
        page.get_by_role("link", name="Compilation November 2026 from the Chief of Police").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Compilation November 2026")
        page.get_by_role("button", name="Acknowledge receipt…").click()
        page.get_by_role("button", name="Yes, acknowledge receipt").click()
        expect(page.get_by_role("status")).to_have_text("Receipt of Compilation November 2026 acknowledged.")
        no_sideways_scrolling(page)

    compilation = MonthlyCompilation.objects.get()
    report.refresh_from_db()
    assert report.status == FormA.Status.RECEIVED and report.compiled.compilation == compilation
    assert compilation.status == MonthlyCompilation.Status.ACKNOWLEDGED and compilation.pdf_sha256
