"""Sign-in in a real browser: every persona, at desktop and phone width, by visible labels (S.2)."""

from __future__ import annotations

import os
import re

import pyotp
import pytest
from playwright.sync_api import Page, expect

from accounts.models import Role
from agreements.demo import demo_code, demo_password
from conftest import VIEWPORTS
from tests.browser.nav import click_sign_out, follow_nav

pytestmark = [pytest.mark.browser, pytest.mark.req("S.2")]

HOME_HEADING = {
    "sro": Role.SRO.label,
    "sro2": Role.SRO.label,
    "chief": Role.CHIEF.label,
    "ssu": Role.SSU.label,
    "superintendent": Role.SUPERINTENDENT.label,
    "principal": Role.PRINCIPAL.label,
    "steward": Role.DATA_STEWARD.label,
    "admin": Role.SYSADMIN.label,
    "othersro": Role.SRO.label,
    "otherchief": Role.CHIEF.label,
}
# Set SCREENSHOT_DIR to keep pictures of the phone-width pages, to look at them.
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")


def enter_password(page: Page, base_url: str, username: str, password: str | None = None) -> None:
    page.goto(base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or demo_password())
    page.get_by_role("button", name="Continue").click()


def screenshot(page: Page, name: str) -> None:
    if SCREENSHOT_DIR:
        page.screenshot(path=os.path.join(SCREENSHOT_DIR, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_each_persona_signs_in_with_password_and_code_sees_their_home_page_and_signs_out(
    live_demo, page, viewport, subtests
):
    # One page for all ten personas, signing out between them: the demo loads once per width.
    for persona, heading in HOME_HEADING.items():
        with subtests.test(persona=persona):
            enter_password(page, live_demo.url, persona)
            expect(page.get_by_role("heading", level=1)).to_have_text("Verification code")
            page.get_by_label("Verification code").fill(demo_code())
            page.get_by_role("button", name="Sign in").click()
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            if viewport == "phone":
                # Nothing wider than the screen: no sideways scrolling on a phone.
                assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
                if persona == "sro":
                    screenshot(page, "dashboard-phone")
            click_sign_out(page)
            expect(page.get_by_role("status")).to_have_text("You have signed out.")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_sign_in_page_shows_the_confidentiality_banner(live_demo, page, settings):
    page.goto(live_demo.url + "/accounts/signin/")
    expect(page.get_by_role("note")).to_have_text(settings.SIGNIN_BANNER)
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    screenshot(page, "signin-phone")


def test_a_wrong_password_is_refused_with_a_clear_message(live_demo, page):
    enter_password(page, live_demo.url, "chief", password="not-the-password")
    expect(page.get_by_role("alert")).to_have_text("That username and password do not match.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_after_an_mfa_reset_the_person_enrolls_a_new_authenticator_through_their_one_time_link(live_demo, page):
    from accounts.actions import do_reset_authenticator
    from accounts.models import User
    from agreements.models import Agreement
    from audit.log import Actor

    steward = User.objects.get(username="steward")
    link = do_reset_authenticator(Actor.system("test"), Agreement.objects.get(slug="westport"), steward).link
    # The password alone no longer leads to enrollment.
    enter_password(page, live_demo.url, "steward")
    expect(page.get_by_role("alert")).to_contain_text("Use the one-time link")

    page.goto(live_demo.url + "/accounts/" + link.split("/accounts/", 1)[1])
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your sign-in")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
    screenshot(page, "enroll-phone")
    secret = re.sub(r"\s", "", page.locator("#totp-secret").inner_text())
    page.get_by_label("Choose a password").fill("a new steward passphrase")
    page.get_by_label("The same password again").fill("a new steward passphrase")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Set up and sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("ul.mono li")).to_have_count(10)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(Role.DATA_STEWARD.label)
    assert User.objects.get(username="steward").has_mfa


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_system_administrator_unlocks_a_locked_account_from_the_people_page(live_demo, page):
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import User

    User.objects.filter(username="sro2").update(locked_until=timezone.now() + timedelta(minutes=20))
    enter_password(page, live_demo.url, "admin")
    page.get_by_label("Verification code").fill(demo_code())
    page.get_by_role("button", name="Sign in").click()
    follow_nav(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    screenshot(page, "people-phone")
    page.get_by_role("button", name="Unlock sro2").click()
    expect(page.get_by_role("status")).to_have_text("Unlocked Marcus Trevino; they can sign in again.")
    expect(page.get_by_role("button", name="Unlock sro2")).to_have_count(0)
    assert not User.objects.get(username="sro2").is_locked()
