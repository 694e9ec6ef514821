"""II.1–II.2 in a real browser at phone width: the Chief nominates a sworn officer, the
Superintendent approves, and the new SRO opens a Form A that offers the assigned schools."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, pass_the_gate, screenshot, sign_in
from tests.browser.nav import follow_nav
from tests.browser.test_form_a_journey import sign_out

pytestmark = [pytest.mark.browser]

TUESDAY = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def add_officer():
    """A sworn officer who is not an SRO, enrolled like the demo's people. Synthetic."""
    from accounts import actions as account_actions
    from accounts.models import Role
    from agreements import actions as agreement_actions
    from agreements.demo import demo_password, demo_totp_secret
    from agreements.models import Agreement
    from audit.log import Actor

    actor = Actor.system("test")
    officer = agreement_actions.do_add_person(
        actor,
        Agreement.objects.get(slug="westport"),
        username="officer",
        first_name="Riley",
        last_name="Quinlan",
        email="officer@westport.example.org",
        password=demo_password(),
        role=Role.OFFICER,
        title="Officer",
        badge_number="1400",
    )
    account_actions.do_confirm_mfa(actor, officer.user, demo_totp_secret(), step=0)


@pytest.mark.req("II.1")
@pytest.mark.req("II.2")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_chief_nominates_the_superintendent_approves_and_the_new_sro_files_for_the_assigned_schools(
    live_demo, page
):
    from agreements.models import Agreement
    from schoolcalendar.demo import load as load_calendars

    url = live_demo.url
    with time_machine.travel(TUESDAY) as clock:
        load_calendars(Agreement.objects.get(slug="westport"))
        add_officer()

        # The Chief nominates the officer for Bedford, assisting at Staples.
        sign_in(page, url, "chief")
        follow_nav(page, "SROs")
        page.get_by_role("link", name="Nominate an officer as SRO").click()
        page.get_by_label("Sworn officer").select_option(label="Officer Riley Quinlan (Police officer, badge 1400)")
        page.get_by_label("Primary school").select_option(label="Bedford Middle School")
        page.get_by_role("group", name="Schools the SRO may assist").get_by_label("Staples High School").check()
        no_sideways_scrolling(page)
        page.get_by_role("button", name="Nominate").click()
        expect(page.get_by_role("status")).to_have_text(
            "Officer Riley Quinlan nominated; the Superintendent is notified."
        )
        no_sideways_scrolling(page)
        sign_out(page)

        # The Superintendent sees it waiting on the dashboard and approves it.
        sign_in(page, url, "superintendent")
        expect(page.get_by_text("1 nomination waiting for the Superintendent's decision")).to_be_visible()
        page.get_by_role("link", name="Officer Riley Quinlan").click()
        no_sideways_scrolling(page)
        screenshot(page, "nomination-phone")
        page.get_by_role("button", name="Approve the nomination").click()
        expect(page.get_by_role("status")).to_have_text(
            "Approved: Officer Riley Quinlan is an SRO from today; the Chief is notified."
        )
        no_sideways_scrolling(page)
        sign_out(page)

        # The new SRO opens a Form A: the assigned schools, primary first.
        sign_in(page, url, "officer")
        expect(page.get_by_role("heading", level=1)).to_have_text("School Resource Officer")
        no_sideways_scrolling(page)
        page.get_by_role("link", name="File a Form A").first.click()
        pass_the_gate(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
        school = page.get_by_label("School Affiliation")
        expect(school.locator("option")).to_have_text(
            ["Choose a school", "Bedford Middle School", "Staples High School"]
        )
        expect(school).to_have_value(str(_school_pk("Bedford Middle School")))
        no_sideways_scrolling(page)
        sign_out(page)

        # The Chief sees the new SRO's assignment and proposes the schedule, on the phone too
        # (a minute on: an authenticator code is good for one sign-in).
        clock.shift(60)
        sign_in(page, url, "chief")
        follow_nav(page, "SROs")
        no_sideways_scrolling(page)
        page.get_by_role("cell", name="Officer Riley Quinlan").get_by_role("link").click()
        expect(page.get_by_text("Bedford Middle School (primary), Staples High School")).to_be_visible()
        no_sideways_scrolling(page)
        screenshot(page, "sro-phone")
        page.get_by_role("link", name="Propose a schedule").click()
        line = page.get_by_role("group", name="Line 1")
        line.get_by_label("School").select_option(label="Bedford Middle School")
        for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
            line.get_by_label(day).check()
        line.get_by_label("From").fill("07:00")
        line.get_by_label("To").fill("15:30")
        no_sideways_scrolling(page)
        screenshot(page, "schedule-phone")
        page.get_by_role("button", name="Propose this schedule").click()
        expect(page.get_by_role("status")).to_have_text("Schedule proposed; the other party is asked to confirm it.")
        no_sideways_scrolling(page)


def _school_pk(name: str) -> int:
    from agreements.models import School

    return School.objects.get(name=name).pk
