"""Invitations: a one-time link, valid 72 hours, to choose a password and enroll the authenticator (S.2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import actions
from accounts.models import Invitation, Role, User
from accounts.tests.helpers import signed_in_as
from agreements.models import Agreement, School
from audit.log import Actor
from audit.models import AuditEntry

pytestmark = pytest.mark.req("S.2")
PASSWORD = "a sturdy new passphrase 42"


@pytest.fixture
def invited(demo, django_capture_on_commit_callbacks):
    """A new SRO invited to Westport by its administrator: (their user, the link's path)."""
    admin = User.objects.get(username="admin")
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.do_invite(
            Actor(user=admin, source="127.0.0.1"),
            Agreement.objects.get(slug="westport"),
            username="newsro",
            name="Pat Quinlan",
            email="newsro@westport.example.org",
            role=Role.SRO,
            schools=[School.objects.get(name="Bedford Middle School")],
            badge_number="1400",
            title="Officer",
        )
    return result.membership.user, result.link.split("testserver")[-1].replace("http://127.0.0.1:8000", "")


def secret_on(page: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def accept(client: Client, path: str, password: str = PASSWORD):
    secret = secret_on(client.get(path).content.decode())
    data = {"new_password1": password, "new_password2": password, "code": pyotp.TOTP(secret).now()}
    return client.post(path, data), secret


def test_the_invitee_is_emailed_a_link_and_cannot_sign_in_before_using_it(invited, password_step):
    user, path = invited
    [email] = mail.outbox
    assert email.to == ["newsro@westport.example.org"]
    assert path in email.body and "72 hours" not in email.subject
    assert not user.has_usable_password()
    assert password_step(Client(), "newsro", password="").status_code == 200


def test_the_link_sets_the_password_enrolls_the_authenticator_signs_in_and_shows_recovery_codes(invited):
    user, path = invited
    client = Client()
    page = client.get(path).content.decode()
    assert "Set up your sign-in" in page and "newsro" in page and '<svg viewBox="' in page
    response, secret = accept(client, path)
    assert response["Location"] == reverse("accounts:recovery_codes")
    assert signed_in_as(client) == "newsro"
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and user.has_mfa and user.totp_secret == secret
    assert (
        len(
            re.findall(
                r"<li>[0-9a-f]{10}-[0-9a-f]{10}</li>", client.get(reverse("accounts:recovery_codes")).content.decode()
            )
        )
        == 10
    )
    assert AuditEntry.objects.filter(action="account.invitation_used", object_id=str(user.pk)).exists()
    assert client.get(reverse("dashboard", args=["westport"])).status_code == 200


def test_a_used_link_says_so(invited):
    _, path = invited
    accept(Client(), path)
    response = Client().get(path)
    assert response.status_code == 410
    assert "This sign-in link was already used." in response.content.decode()


def test_an_expired_link_says_so_and_changes_nothing(invited):
    user, path = invited
    client = Client()
    secret = secret_on(client.get(path).content.decode())
    with time_machine.travel(timezone.now() + timedelta(hours=72, minutes=1)):
        response = client.post(
            path, {"new_password1": PASSWORD, "new_password2": PASSWORD, "code": pyotp.TOTP(secret).now()}
        )
    assert response.status_code == 410
    assert "This sign-in link has expired." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password() and not user.has_mfa


def test_a_link_that_matches_nothing_says_it_is_not_valid(demo):
    response = Client().get(reverse("accounts:invitation", args=["x" * 43]))
    assert response.status_code == 404
    assert "This sign-in link is not valid." in response.content.decode()


def test_a_weak_password_or_a_wrong_code_is_refused_with_a_message_and_changes_nothing(invited):
    user, path = invited
    client = Client()
    secret = secret_on(client.get(path).content.decode())
    response = client.post(path, {"new_password1": "short", "new_password2": "short", "code": pyotp.TOTP(secret).now()})
    assert response.status_code == 400 and "too short" in response.content.decode()
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD, "code": wrong})
    assert response.status_code == 400 and "That code does not match." in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password() and not user.has_mfa
    assert Invitation.objects.get(user=user).used_at is None


def test_resending_replaces_the_link_and_revoking_withdraws_it(invited, client_for):
    user, path = invited
    admin = client_for("admin")
    response = admin.post(reverse("people:resend", args=["westport", user.pk]))
    new_path = re.search(r'id="invitation-link">[^<]*?(/accounts/invitation/[^<]+)<', response.content.decode()).group(
        1
    )
    assert new_path != path
    assert "withdrawn, or replaced" in Client().get(path).content.decode()
    assert Client().get(new_path).status_code == 200
    admin.post(reverse("people:revoke", args=["westport", user.pk]))
    assert Client().get(new_path).status_code == 410
    assert AuditEntry.objects.filter(action="account.invitation_revoked").count() == 1


def test_a_signed_in_person_following_a_link_is_sent_home_and_the_link_stays_unused(invited, client_for):
    _, path = invited
    assert client_for("sro").get(path)["Location"] == reverse("home")
    assert Invitation.objects.get(user__username="newsro").used_at is None
