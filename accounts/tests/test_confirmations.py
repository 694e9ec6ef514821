"""Irreversible one-tap actions ask first (issue 9): resetting someone's multi-factor sign-in is a
step page that changes nothing until confirmed; deactivating an account and withdrawing a link
open a question (a popover, no script) holding the real button."""

from __future__ import annotations

import re

import pytest

from accounts.models import User


def person_url(username: str, action: str = "") -> str:
    user = User.objects.get(username=username)
    return f"/westport/people/{user.pk}/{action}"


@pytest.mark.req("S.2")
def test_resetting_mfa_is_a_step_page_that_changes_nothing_until_confirmed(client_for):
    admin = client_for("admin")
    html = admin.get(person_url("sro")).content.decode()
    assert re.search(r'<a class="button secondary" href="/westport/people/\d+/reset-mfa/">', html)
    step = admin.get(person_url("sro", "reset-mfa/")).content.decode()
    assert "Reset multi-factor sign-in for" in step and "stop working at once" in step
    assert User.objects.get(username="sro").has_mfa  # looking at the question changes nothing


@pytest.mark.req("S.2")
def test_deactivating_an_account_asks_first_without_a_script(client_for):
    html = client_for("admin").get(person_url("sro")).content.decode()
    opener = re.search(
        r'<button type="button" class="danger" popovertarget="confirm-deactivate">([^<]+)</button>', html
    )
    assert opener and opener.group(1) == "Deactivate the account…"
    dialog = re.search(r'<div popover id="confirm-deactivate".*?</div>', html, re.S).group(0)
    assert "Dana Whitcomb (sro)" in dialog and "signed out everywhere" in dialog
    assert re.search(r'<form method="post" action="/westport/people/\d+/deactivate/">', dialog)
    assert '<button type="submit" class="danger">Yes, deactivate</button>' in dialog
    # The page's only submit to deactivate is inside the question.
    assert html.count("/deactivate/") == 1
    assert User.objects.get(username="sro").is_active
