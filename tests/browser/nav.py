"""Following the main nav as a person does: a link in the row, or under "More"."""

from __future__ import annotations

import re

from playwright.sync_api import Page


def follow_nav(page: Page, name: str | re.Pattern[str]) -> None:
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name)
    if not link.first.is_visible():
        nav.locator(".nav-more > summary").click()
    link.first.click()


def click_sign_out(page: Page) -> None:
    """Sign out: the button is in the account menu ("More")."""
    button = page.get_by_role("button", name="Sign out")
    if not button.is_visible():
        page.get_by_role("navigation", name="Main").locator(".nav-more > summary").click()
    button.click()
