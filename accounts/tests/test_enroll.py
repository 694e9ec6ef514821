"""Setting up an authenticator: required before anyone is signed in (S.2)."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import RecoveryCode, User
from accounts.tests.helpers import signed_in_as

pytestmark = pytest.mark.req("S.2")


@pytest.fixture
def unenrolled(demo):
    """The principal, whose authenticator was never set up."""
    User.objects.filter(username="principal").update(totp_secret="", totp_confirmed_at=None, totp_last_step=0)
    RecoveryCode.objects.filter(user__username="principal").delete()
    return User.objects.get(username="principal")


@pytest.fixture
def enrolling(unenrolled, password_step):
    """A client past the password step, looking at the enrollment page, and the secret it shows."""
    client = Client()
    assert password_step(client, "principal")["Location"] == reverse("accounts:enroll")
    page = client.get(reverse("accounts:enroll")).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    return client, secret


def test_a_person_without_an_authenticator_is_not_signed_in_until_enrolled(enrolling):
    client, _ = enrolling
    assert signed_in_as(client) is None
    assert client.get(reverse("dashboard", args=["westport"]))["Location"].startswith(reverse("accounts:signin"))


def test_the_page_shows_an_inline_svg_qr_code_and_the_key_to_type(enrolling):
    client, secret = enrolling
    page = client.get(reverse("accounts:enroll")).content.decode()
    assert '<svg viewBox="' in page
    assert "<title>QR code for your authenticator app</title>" in page
    assert "<img" not in page
    assert len(secret) == 32
    assert client.session["signin:enroll_secret"] == secret  # the same key on every visit


def test_the_right_code_enrolls_signs_in_and_shows_recovery_codes_once(enrolling):
    client, secret = enrolling
    response = client.post(reverse("accounts:enroll"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:recovery_codes")
    assert signed_in_as(client) == "principal"
    user = User.objects.get(username="principal")
    assert user.has_mfa and user.totp_secret == secret

    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    codes = re.findall(r"<li>([0-9a-f]{10}-[0-9a-f]{10})</li>", page)
    assert len(codes) == 10
    assert user.recovery_codes.count() == 10
    assert not any(code in rc.code_hash for code in codes for rc in user.recovery_codes.all())
    # Shown once: a second visit goes to the account page.
    assert client.get(reverse("accounts:recovery_codes"))["Location"] == reverse("accounts:account")


def test_a_wrong_code_is_refused_with_a_clear_message_and_nothing_changes(enrolling):
    client, secret = enrolling
    wrong = "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"
    response = client.post(reverse("accounts:enroll"), {"code": wrong})
    assert response.status_code == 200
    assert "That code does not match." in response.content.decode()
    assert not User.objects.get(username="principal").has_mfa
    assert signed_in_as(client) is None


def test_an_account_locked_meanwhile_is_not_signed_in_by_enrolling(enrolling):
    client, secret = enrolling
    User.objects.filter(username="principal").update(locked_until=timezone.now() + timedelta(minutes=30))
    response = client.post(reverse("accounts:enroll"), {"code": pyotp.TOTP(secret).now()}, follow=True)
    assert "This account is locked" in response.content.decode()
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
