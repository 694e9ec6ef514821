"""Issue 8, done when: a new town, from an empty database to its first Form A, at phone width.

The operator is created and enrolls; the town's file creates the agreement and invites the Chief,
the Superintendent and a sworn officer; the district's calendar is imported; each invited person
enrolls through their one-time link; the Chief nominates the officer as SRO, the Superintendent
approves, and the new SRO files a Form A (the gate, the form, the signature) and sees the receipt.

Time is frozen (and ticks on) on a school day: the live server runs in this process, so it sees
the same clock, and so do the authenticator codes.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pyotp
import pytest
import time_machine
from playwright.sync_api import Page, expect

from accounts.models import Role
from reporting.tests.test_browser_form_a import no_sideways_scrolling
from tests.browser.nav import follow_nav
from tests.browser.test_form_a_journey import file_form_a, sign_out
from tests.browser.test_new_town import command, enroll, links

pytestmark = [pytest.mark.browser]

ROOT = Path(__file__).resolve().parents[2]
TOWN_FILE = ROOT / "agreements" / "tests" / "files" / "newtown_nomination.toml"
CALENDAR = ROOT / "agreements" / "tests" / "files" / "newtown-2026-27.ics"  # the district's export
TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def sign_in(page: Page, base_url: str, username: str, password: str, secret: str) -> None:
    """Sign in as an enrolled person: password, then the code from their authenticator."""
    page.goto(base_url + "/")
    no_sideways_scrolling(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_label("Verification code")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_label("Verification code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.req("P.1")
@pytest.mark.req("S.2")
@pytest.mark.req("II.1")
@pytest.mark.req("II.2")
@pytest.mark.req("VII.7")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_new_town_goes_from_an_empty_database_to_its_first_form_a_through_a_nomination(
    transactional_db, live_server, page
):
    from reporting.models import FormA

    url = live_server.url
    with time_machine.travel(TUESDAY) as clock:
        # The operator, then the town's file and its calendar, as the installer would run them.
        operator = links(command("create_operator", "ops", "--email", "ops@example.org", "--name", "Morgan Reyes"))
        enroll(page, url, operator["operator"], "operator passphrase one")
        expect(page.get_by_role("heading", level=1)).to_have_text("Agreements on this installation")
        no_sideways_scrolling(page)
        town = links(command("setup_agreement", str(TOWN_FILE)))
        assert sorted(town) == ["ntchief", "ntofficer", "ntsuper"]
        calendar = command("import_calendar", str(CALENDAR), "--agreement", "newtown")
        assert "Saved 2026-27 for Newtown Public Schools." in calendar and "Warning" not in calendar
        sign_out(page)

        # The officer enrolls: a Police officer, not yet an SRO.
        officer_password = "officer passphrase two"
        officer_secret = enroll(page, url, town["ntofficer"], officer_password)
        expect(page.get_by_role("heading", level=1)).to_have_text(Role.OFFICER.label)
        expect(page.get_by_role("link", name="File a Form A")).to_have_count(0)
        no_sideways_scrolling(page)
        sign_out(page)

        # The Chief enrolls and nominates the officer for the high school.
        enroll(page, url, town["ntchief"], "chief passphrase three")
        expect(page.get_by_role("heading", level=1)).to_have_text(Role.CHIEF.label)
        no_sideways_scrolling(page)
        follow_nav(page, "SROs")
        nominate = page.get_by_role("link", name="Nominate an officer as SRO")
        expect(nominate).to_be_visible()
        no_sideways_scrolling(page)
        nominate.click()
        page.get_by_label("Sworn officer").select_option(label="Officer Alex Brennan (Police officer, badge 42)")
        page.get_by_label("Primary school").select_option(label="Newtown High School")
        expect(page.get_by_role("group", name="Schools the SRO may assist")).to_be_visible()
        no_sideways_scrolling(page)
        page.get_by_role("button", name="Nominate").click()
        expect(page.get_by_role("status")).to_have_text(
            "Officer Alex Brennan nominated; the Superintendent is notified."
        )
        no_sideways_scrolling(page)
        sign_out(page)

        # The Superintendent enrolls, sees the nomination waiting and approves it.
        enroll(page, url, town["ntsuper"], "superintendent passphrase four")
        expect(page.get_by_role("heading", level=1)).to_have_text(Role.SUPERINTENDENT.label)
        expect(page.get_by_text("1 nomination waiting for the Superintendent's decision")).to_be_visible()
        no_sideways_scrolling(page)
        page.get_by_role("link", name="Officer Alex Brennan").click()
        approve = page.get_by_role("button", name="Approve the nomination")
        expect(approve).to_be_visible()
        no_sideways_scrolling(page)
        approve.click()
        expect(page.get_by_role("status")).to_have_text(
            "Approved: Officer Alex Brennan is an SRO from today; the Chief is notified."
        )
        no_sideways_scrolling(page)
        sign_out(page)

        # The new SRO signs in (a minute on: the enrollment's code is spent) and files a Form A.
        clock.shift(60)
        sign_in(page, url, "ntofficer", officer_password, officer_secret)
        expect(page.get_by_role("heading", level=1)).to_have_text(Role.SRO.label)
        no_sideways_scrolling(page)
        file_form_a(page, officer_password)
        report = FormA.objects.get()
        expect(page.get_by_role("status")).to_contain_text(f"Form A {report.number} was submitted")
        expect(page.get_by_role("cell", name=report.number)).to_be_visible()
        no_sideways_scrolling(page)
        assert report.status == FormA.Status.SUBMITTED
        assert report.school.name == "Newtown High School"
        assert report.agreement.slug == "newtown"
