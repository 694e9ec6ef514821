"""A real town sets itself up, from an empty database, at phone width (P.1, S.2).

The operator is created and enrolls through their link; the town's file creates the agreement
and invites its people; the administrator enrolls and invites a principal from the People page;
each invited person enrolls through their own link and lands on their home page.
"""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pyotp
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import Role
from conftest import VIEWPORTS
from tests.browser.nav import click_sign_out, follow_nav

pytestmark = [pytest.mark.browser, pytest.mark.req("P.1"), pytest.mark.req("S.2")]

NEWTOWN = Path(__file__).resolve().parents[2] / "agreements" / "tests" / "files" / "newtown.toml"


def command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def links(out: str) -> dict[str, str]:
    """username -> the path of their one-time link, from a command's output."""
    found = dict(re.findall(r"Invited (\S+): \S+?(/accounts/invitation/\S+)", out))
    if operator := re.search(r"One-time link \(works once, for 72 hours\): \S+?(/accounts/invitation/\S+)", out):
        found["operator"] = operator.group(1)
    return found


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"], page.url


def enroll(page: Page, base_url: str, path: str, password: str) -> str:
    """Use a one-time link: choose a password, scan (read) the key, enter the code; return the key."""
    page.goto(base_url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your sign-in")
    fits(page)
    secret = re.sub(r"\s", "", page.locator("#totp-secret").inner_text())
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("The same password again").fill(password)
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Set up and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    fits(page)
    page.get_by_role("link", name="Continue").click()
    return secret


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_new_town_sets_itself_up_from_an_empty_database(transactional_db, live_server, page):
    url = live_server.url
    operator = links(command("create_operator", "ops", "--email", "ops@example.org", "--name", "Morgan Reyes"))
    enroll(page, url, operator["operator"], "operator passphrase one")
    expect(page.get_by_role("heading", level=1)).to_have_text("Agreements on this installation")

    town = links(command("setup_agreement", str(NEWTOWN)))
    assert sorted(town) == ["ntadmin", "ntchief", "ntsro"]
    page.reload()
    page.get_by_role("link", name="The agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The agreement")
    fits(page)
    click_sign_out(page)

    enroll(page, url, town["ntadmin"], "admin passphrase two")
    expect(page.get_by_role("heading", level=1)).to_have_text(Role.SYSADMIN.label)
    fits(page)
    follow_nav(page, "People")
    fits(page)
    page.get_by_role("link", name="Invite a person").click()
    page.get_by_label("Username").fill("ntprincipal")
    page.get_by_label("Full name").fill("Jo Marsh")
    page.get_by_label("Email").fill("jo@newtown.example.org")
    page.get_by_label("Role").select_option(label="Principal")
    page.get_by_label("Reed Intermediate School").check()
    fits(page)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invited Jo Marsh")
    fits(page)
    principal_link = page.locator("#invitation-link").inner_text().split("/accounts/", 1)[1]
    page.get_by_role("link", name="Back to Jo Marsh").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Marsh")
    expect(page.get_by_text("invited, not yet set up")).to_be_visible()
    fits(page)
    click_sign_out(page)

    enroll(page, url, "/accounts/" + principal_link, "principal passphrase three")
    expect(page.get_by_role("heading", level=1)).to_have_text(Role.PRINCIPAL.label)
    fits(page)
    click_sign_out(page)

    enroll(page, url, town["ntsro"], "sro passphrase four")
    expect(page.get_by_role("heading", level=1)).to_have_text(Role.SRO.label)
    fits(page)
