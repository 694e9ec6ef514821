"""Setting up an authenticator: never with the password alone (S.2).

A person without an authenticator sets one up through a one-time link (test_invitation.py);
a signed-in person replaces theirs from the account page (test_account.py).
"""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import RecoveryCode, User
from accounts.tests.helpers import signed_in_as

pytestmark = pytest.mark.req("S.2")


@pytest.fixture
def unenrolled(demo):
    """The principal, whose authenticator was never set up."""
    User.objects.filter(username="principal").update(totp_secret="", totp_confirmed_at=None, totp_last_step=0)
    RecoveryCode.objects.filter(user__username="principal").delete()
    return User.objects.get(username="principal")


def test_a_person_without_an_authenticator_is_refused_at_the_password_and_told_to_use_their_link(
    unenrolled, password_step
):
    client = Client()
    response = password_step(client, "principal")
    assert response.status_code == 200
    assert "Use the one-time link your system administrator sent you" in response.content.decode()
    assert "signin:pending_user" not in client.session
    assert client.get(reverse("accounts:enroll"))["Location"] == reverse("accounts:signin")
    assert signed_in_as(client) is None


def test_a_forged_enrollment_session_gets_nowhere(unenrolled):
    """Even with the pending user and a secret planted in the session, enrolling needs a sign-in."""
    client = Client()
    secret = pyotp.random_base32()
    session = client.session
    session["signin:pending_user"] = unenrolled.pk
    session["signin:enroll_secret"] = secret
    session.save()
    response = client.post(reverse("accounts:enroll"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:signin")
    assert signed_in_as(client) is None
    assert not User.objects.get(username="principal").has_mfa


def test_someone_past_the_password_only_cannot_replace_an_enrolled_authenticator(password_step):
    """Otherwise a stolen password alone would be enough: enroll a new phone, and be in."""
    client = Client()
    password_step(client, "sro")
    response = client.get(reverse("accounts:enroll"))
    assert response["Location"] == reverse("accounts:verify")
    secret = pyotp.random_base32()
    session = client.session
    session["signin:enroll_secret"] = secret
    session.save()
    response = client.post(reverse("accounts:enroll"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:verify")
    assert signed_in_as(client) is None
    assert User.objects.get(username="sro").totp_secret != secret


def test_a_signed_in_person_with_an_authenticator_is_sent_to_the_account_page(client_for):
    response = client_for("sro").get(reverse("accounts:enroll"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:account")
    assert "already set up" in response.content.decode()


def test_it_needs_the_password_step_first(demo):
    assert Client().get(reverse("accounts:enroll"))["Location"] == reverse("accounts:signin")
