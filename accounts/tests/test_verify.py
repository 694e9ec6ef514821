"""The second sign-in step: a TOTP code, used once, or a one-time recovery code (S.2)."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import mfa
from accounts.models import SignInAttempt, User
from accounts.tests.helpers import signed_in_as, wrong_code
from agreements.demo import demo_code, demo_totp_secret

pytestmark = pytest.mark.req("S.2")


def test_the_right_code_signs_the_person_in(sign_in):
    client = Client()
    response = sign_in(client, "sro")
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == "sro"
    assert SignInAttempt.objects.get(outcome=SignInAttempt.Outcome.SUCCESS).user.username == "sro"


def test_it_refuses_a_wrong_code_with_a_clear_message(sign_in):
    client = Client()
    response = sign_in(client, "sro", code=wrong_code())
    assert response.status_code == 200
    assert "That code is not right, or was already used." in response.content.decode()
    assert signed_in_as(client) is None
    assert SignInAttempt.objects.get().outcome == SignInAttempt.Outcome.BAD_CODE


def test_a_code_cannot_be_replayed_in_its_window(sign_in):
    with time_machine.travel(timezone.now(), tick=False):
        code = demo_code()
        first = Client()
        sign_in(first, "sro", code=code)
        assert signed_in_as(first) == "sro"

        second = Client()
        response = sign_in(second, "sro", code=code)
        assert response.status_code == 200
        assert signed_in_as(second) is None


def test_an_older_code_is_refused_once_a_newer_one_was_used(sign_in):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        earlier = demo_code()
        traveller.shift(timedelta(seconds=30))
        sign_in(Client(), "sro")
        # The earlier code is still within the one-step drift allowance, but its step is spent.
        client = Client()
        sign_in(client, "sro", code=earlier)
        assert signed_in_as(client) is None


def test_a_code_from_one_step_ago_is_accepted_for_clock_drift(sign_in):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        code = demo_code()
        traveller.shift(timedelta(seconds=30))
        client = Client()
        sign_in(client, "sro", code=code)
        assert signed_in_as(client) == "sro"


def test_a_code_from_two_minutes_ago_is_refused(sign_in):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        code = demo_code()
        traveller.shift(timedelta(minutes=2))
        client = Client()
        sign_in(client, "sro", code=code)
        assert signed_in_as(client) is None


def test_only_one_of_two_racing_requests_with_the_same_code_is_accepted(demo):
    from accounts.actions import do_accept_totp_step

    user = User.objects.get(username="sro")
    stale = User.objects.get(username="sro")  # a second request's copy, loaded before the first claims
    step = pyotp.TOTP(demo_totp_secret()).timecode(timezone.now())
    assert do_accept_totp_step(user, step) is True
    assert do_accept_totp_step(stale, step) is False


def test_a_recovery_code_signs_in_once(password_step):
    user = User.objects.get(username="sro")
    codes = mfa.make_recovery_codes(user)

    client = Client()
    password_step(client, "sro")
    response = client.post(reverse("accounts:verify"), {"code": codes[3].upper()}, follow=True)
    assert signed_in_as(client) == "sro"
    assert "You signed in with a recovery code; it cannot be used again." in response.content.decode()
    assert user.recovery_codes.filter(used_at__isnull=False).count() == 1

    again = Client()
    password_step(again, "sro")
    response = again.post(reverse("accounts:verify"), {"code": codes[3]})
    assert signed_in_as(again) is None
    assert "That code is not right, or was already used." in response.content.decode()


def test_it_needs_the_password_step_first(demo):
    response = Client().post(reverse("accounts:verify"), {"code": demo_code()})
    assert response["Location"] == reverse("accounts:signin")


def test_it_asks_for_a_code(password_step):
    client = Client()
    password_step(client, "sro")
    response = client.post(reverse("accounts:verify"), {"code": ""})
    assert "This field is required." in response.content.decode()
    assert not SignInAttempt.objects.filter(outcome=SignInAttempt.Outcome.BAD_CODE).exists()
