"""The first sign-in step: username and password, under the confidentiality banner (S.2)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.actions import unknown_username
from accounts.models import SignInAttempt, User
from accounts.tests.helpers import signed_in_as
from agreements.demo import demo_code, demo_password
from audit.models import AuditEntry

pytestmark = pytest.mark.req("S.2")


def test_it_shows_the_confidentiality_banner_on_the_sign_in_page(db, settings):
    response = Client().get(reverse("accounts:signin"))
    assert response.status_code == 200
    assert settings.SIGNIN_BANNER in response.content.decode()
    assert "FERPA" in settings.SIGNIN_BANNER


@override_settings(SIGNIN_BANNER="Authorized use only: Harbor Falls test banner.")
def test_the_banner_is_configurable(db):
    response = Client().get(reverse("accounts:signin"))
    assert "Authorized use only: Harbor Falls test banner." in response.content.decode()


def test_the_right_password_leads_to_the_code_step_not_yet_signed_in(password_step):
    client = Client()
    response = password_step(client, "sro")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    assert signed_in_as(client) is None
    assert Client().get(reverse("home")).status_code == 302


def test_it_refuses_a_wrong_password_with_a_clear_message(password_step):
    client = Client()
    response = password_step(client, "sro", password="not-the-password")
    assert response.status_code == 200
    assert "That username and password do not match." in response.content.decode()
    assert signed_in_as(client) is None
    assert SignInAttempt.objects.get().outcome == SignInAttempt.Outcome.BAD_PASSWORD


def test_it_gives_an_unknown_username_the_same_message_as_a_wrong_password(password_step):
    response = password_step(Client(), "nobody-here")
    assert "That username and password do not match." in response.content.decode()
    attempt = SignInAttempt.objects.get()
    assert attempt.user is None
    assert attempt.username == unknown_username("nobody-here")


@pytest.mark.req("S.3")
def test_it_keeps_no_trace_of_what_was_typed_for_an_unknown_account(password_step):
    """A password typed into the username box must not enter the permanent audit chain."""
    password_step(Client(), "My-Secret-Passw0rd")
    assert not SignInAttempt.objects.filter(username__icontains="secret").exists()
    assert not [e for e in AuditEntry.objects.all() if "Secret" in e.payload()]


def test_it_asks_for_both_fields(demo):
    response = Client().post(reverse("accounts:signin"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 2
    assert not SignInAttempt.objects.exists()


def test_it_accepts_the_username_in_any_case(password_step):
    response = password_step(Client(), "SRO")
    assert response["Location"] == reverse("accounts:verify")


def test_a_person_without_an_authenticator_is_sent_to_their_one_time_link_not_to_enrollment(password_step):
    User.objects.filter(username="sro").update(totp_secret="", totp_confirmed_at=None)
    response = password_step(Client(), "sro")
    assert response.status_code == 200
    assert "Your multi-factor sign-in is not set up." in response.content.decode()


def test_it_refuses_other_methods(db):
    assert Client().put(reverse("accounts:signin")).status_code == 405


def test_it_sends_a_signed_in_person_home(client_for):
    response = client_for("sro").get(reverse("accounts:signin"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_it_returns_to_the_page_asked_for_after_both_steps(demo):
    client = Client()
    client.post(
        reverse("accounts:signin") + "?next=/westport/calendar/", {"username": "sro", "password": demo_password()}
    )
    response = client.post(reverse("accounts:verify"), {"code": demo_code()})
    assert response["Location"] == "/westport/calendar/"


def test_it_does_not_return_to_another_site(demo):
    client = Client()
    client.post(
        reverse("accounts:signin") + "?next=https://evil.example.com/",
        {"username": "sro", "password": demo_password()},
    )
    response = client.post(reverse("accounts:verify"), {"code": demo_code()})
    assert response["Location"] == reverse("home")


def test_signing_out_ends_the_session(client_for):
    client = client_for("sro")
    response = client.post(reverse("accounts:signout"))
    assert response["Location"] == reverse("accounts:signin")
    assert signed_in_as(client) is None
