"""Account events are filed under the agreements the person works in (S.3), and the account
page's current-password boxes count towards the sign-in lockout (S.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, SignInAttempt, User
from accounts.tests.helpers import wrong_code
from agreements.models import Agreement
from audit.models import AuditEntry

NEW_PASSWORD = "a-New-long-passphrase-2026"


def slugs(action: str) -> list[str]:
    entries = AuditEntry.objects.filter(action=action).order_by("seq")
    return sorted(e.agreement.slug if e.agreement else "" for e in entries)


def ended_role_in_harbor_falls(username: str) -> None:
    """An old role in Harbor Falls, whose title sorts before Westport's: the old "first agreement"."""
    today = timezone.localdate()
    Membership.objects.create(
        user=User.objects.get(username=username),
        agreement=Agreement.objects.get(slug="harborfalls"),
        role=Role.SSU,
        starts_on=today - timedelta(days=400),
        ends_on=today - timedelta(days=30),
    )


def open_role_in_harbor_falls(username: str) -> None:
    Membership.objects.create(
        user=User.objects.get(username=username), agreement=Agreement.objects.get(slug="harborfalls"), role=Role.SSU
    )


@pytest.mark.req("S.3")
def test_sign_ins_and_lockouts_are_not_filed_under_an_ended_role(demo, sign_in, password_step):
    ended_role_in_harbor_falls("sro")
    sign_in(Client(), "sro")
    for _ in range(5):
        password_step(Client(), "sro", password="wrong-password-123")
    assert set(slugs("account.sign_in")) == {"westport"}
    assert slugs("account.locked") == ["westport"]


@pytest.mark.req("S.3")
def test_account_events_go_to_every_agreement_where_the_person_holds_an_open_role(demo, sign_in, client_for):
    open_role_in_harbor_falls("ssu")
    sign_in(Client(), "ssu", code=wrong_code())
    assert slugs("account.sign_in") == ["harborfalls", "westport"]
    client = client_for("ssu")
    client.post(
        reverse("accounts:account"),
        {"old_password": "westport-demo-2023", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert slugs("account.password_changed") == ["harborfalls", "westport"]
    client.post(reverse("accounts:reset_mfa"), {"confirm-password": NEW_PASSWORD})
    assert slugs("account.mfa_reset") == ["harborfalls", "westport"]


@pytest.mark.req("S.3")
def test_a_person_with_no_open_role_is_still_audited(demo, password_step):
    Membership.objects.filter(user__username="sro").update(ends_on=timezone.localdate() - timedelta(days=1))
    password_step(Client(), "sro", password="wrong-password-123")
    assert slugs("account.sign_in") == [""]


# -- Guessing from an open session --------------------------------------------------------------


def change_password(client: Client, old: str):
    return client.post(
        reverse("accounts:account"),
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def reset_authenticator(client: Client, password: str):
    return client.post(reverse("accounts:reset_mfa"), {"confirm-password": password})


@pytest.mark.req("S.2")
@pytest.mark.parametrize("guess", [change_password, reset_authenticator])
def test_wrong_current_passwords_on_the_account_page_lock_the_account(client_for, guess):
    client = client_for("sro")
    before = User.objects.get(username="sro").password
    for _ in range(4):
        assert guess(client, "wrong-password-123").status_code == 400
    assert not User.objects.get(username="sro").is_locked()
    response = guess(client, "wrong-password-123")
    assert "your account is now locked" in response.content.decode()
    user = User.objects.get(username="sro")
    assert user.is_locked() and user.password == before and user.has_mfa
    # Locked: even the right password changes nothing now.
    response = guess(client, "westport-demo-2023")
    assert response.status_code == 400 and "locked" in response.content.decode()
    user = User.objects.get(username="sro")
    assert user.password == before and user.has_mfa
    assert SignInAttempt.objects.filter(user=user, outcome=SignInAttempt.Outcome.BAD_PASSWORD).count() == 5


@pytest.mark.req("S.2")
@pytest.mark.req("S.3")
@pytest.mark.parametrize(
    ("guess", "action"),
    [(change_password, "account.password_change"), (reset_authenticator, "account.mfa_reset")],
)
def test_a_wrong_current_password_is_audited_as_refused_without_what_was_typed(client_for, guess, action):
    guess(client_for("sro"), "Hunter2-wrong-guess-xyz")
    [entry] = AuditEntry.objects.filter(action=action)
    assert entry.outcome == AuditEntry.Outcome.REFUSED
    assert entry.actor.username == "sro" and entry.agreement.slug == "westport"
    assert "Hunter2" not in str(entry.changes)
