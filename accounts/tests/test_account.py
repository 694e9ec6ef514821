"""The person's own account page: password, authenticator, recent sign-ins (S.2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import SignInAttempt, User
from agreements.demo import demo_password
from audit.models import AuditEntry

pytestmark = pytest.mark.req("S.2")

NEW_PASSWORD = "a-new-long-passphrase-42"


def test_it_lists_the_persons_recent_sign_ins_and_not_anyone_elses(sign_in, password_step):
    password_step(Client(), "sro", password="wrong-password-123")
    password_step(Client(), "sro2", password="wrong-password-123")
    client = Client()
    sign_in(client, "sro")
    page = client.get(reverse("accounts:account")).content.decode()
    assert "Recent sign-ins" in page
    assert "Wrong password" in page
    assert "Signed in" in page
    assert page.count('<tr><td data-label="When">') == 2  # a card per sign-in on a phone


def test_changing_the_password_needs_the_old_one(client_for):
    client = client_for("sro")
    before = User.objects.get(username="sro").password
    response = client.post(
        reverse("accounts:account"),
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly." in response.content.decode()
    assert User.objects.get(username="sro").password == before


def test_changing_the_password_keeps_the_person_signed_in_and_is_audited(client_for):
    client = client_for("sro")
    response = client.post(
        reverse("accounts:account"),
        {"old_password": demo_password(), "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Your password was changed." in response.content.decode()
    assert User.objects.get(username="sro").check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200
    entry = AuditEntry.objects.get(action="account.password_changed")
    assert NEW_PASSWORD not in str(entry.changes)


def test_a_weak_new_password_is_refused(client_for):
    response = client_for("sro").post(
        reverse("accounts:account"),
        {"old_password": demo_password(), "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    assert User.objects.get(username="sro").check_password(demo_password())


def test_resetting_the_authenticator_needs_the_password(client_for):
    client = client_for("sro")
    response = client.post(reverse("accounts:reset_mfa"), {"confirm-password": "not-it"})
    assert response.status_code == 400
    assert "That is not your current password." in response.content.decode()
    assert User.objects.get(username="sro").has_mfa


def test_resetting_the_authenticator_clears_it_and_leads_to_enrollment(client_for):
    client = client_for("sro")
    response = client.post(reverse("accounts:reset_mfa"), {"confirm-password": demo_password()})
    assert response["Location"] == reverse("accounts:enroll")
    user = User.objects.get(username="sro")
    assert not user.has_mfa
    assert not user.recovery_codes.exists()
    assert AuditEntry.objects.filter(action="account.mfa_reset", actor=user).exists()
    page = client.get(reverse("accounts:enroll")).content.decode()
    assert "Set up multi-factor sign-in" in page


def test_it_needs_sign_in(db):
    assert Client().get(reverse("accounts:account"))["Location"].startswith(reverse("accounts:signin"))
    assert not SignInAttempt.objects.exists()


def test_after_a_reset_the_person_enrolls_a_new_authenticator_and_gets_new_recovery_codes(client_for):
    import re

    import pyotp

    client = client_for("sro")
    client.post(reverse("accounts:reset_mfa"), {"confirm-password": demo_password()})
    page = client.get(reverse("accounts:enroll")).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    response = client.post(reverse("accounts:enroll"), {"code": pyotp.TOTP(secret).now()})
    assert response["Location"] == reverse("accounts:recovery_codes")
    assert "Your recovery codes" in client.get(reverse("accounts:recovery_codes")).content.decode()
    user = User.objects.get(username="sro")
    assert user.has_mfa and user.totp_secret == secret
    assert user.recovery_codes.filter(used_at__isnull=True).count() == 10
