"""Lockout after repeated failed sign-ins, and its release (S.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInAttempt, User
from accounts.tests.helpers import signed_in_as, wrong_code
from agreements.demo import demo_code

pytestmark = pytest.mark.req("S.2")

LOCKED = "This account is locked after repeated failed sign-ins."


@pytest.fixture
def frozen():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def wrong_password(password_step, username: str = "sro", times: int = 1) -> None:
    for _ in range(times):
        password_step(Client(), username, password="wrong-password-123")


def locked(username: str = "sro") -> bool:
    return User.objects.get(username=username).is_locked()


def test_five_wrong_passwords_in_fifteen_minutes_lock_the_account(password_step, frozen, settings):
    assert settings.LOCKOUT_FAILURES == 5
    assert settings.LOCKOUT_WINDOW_MINUTES == 15
    wrong_password(password_step, times=4)
    assert not locked()
    frozen.shift(timedelta(minutes=14))
    wrong_password(password_step)
    assert locked()


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(password_step, frozen):
    wrong_password(password_step, times=4)
    frozen.shift(timedelta(minutes=15, seconds=1))
    wrong_password(password_step)
    assert not locked()


def test_wrong_codes_count_too(sign_in, frozen):
    wrong = wrong_code()
    for _ in range(3):
        sign_in(Client(), "sro", code=wrong)
    client = Client()
    sign_in(client, "sro", code=wrong)
    assert not locked()
    response = sign_in(client, "sro", code=wrong)
    assert locked()
    # The fifth wrong code ends the attempt: the pending sign-in is dropped.
    assert response["Location"] == reverse("accounts:signin")
    assert signed_in_as(client) is None


def test_a_locked_account_is_refused_even_with_the_right_password(password_step, frozen):
    wrong_password(password_step, times=5)
    client = Client()
    response = password_step(client, "sro")
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert "ask your system administrator" in response.content.decode()
    assert signed_in_as(client) is None
    assert client.get(reverse("accounts:verify"))["Location"] == reverse("accounts:signin")
    assert SignInAttempt.objects.filter(outcome=SignInAttempt.Outcome.LOCKED).count() == 1


def test_a_lock_during_the_code_step_refuses_the_right_code(password_step, frozen):
    client = Client()
    password_step(client, "sro")
    wrong_password(password_step, times=5)  # someone else, elsewhere, guessing
    response = client.post(reverse("accounts:verify"), {"code": demo_code()}, follow=True)
    assert LOCKED in response.content.decode()
    assert signed_in_as(client) is None


def test_the_lock_is_released_after_lockout_minutes(password_step, frozen, settings):
    wrong_password(password_step, times=5)
    frozen.shift(timedelta(minutes=settings.LOCKOUT_MINUTES) - timedelta(seconds=1))
    assert locked()
    frozen.shift(timedelta(seconds=2))
    assert not locked()
    response = password_step(Client(), "sro")
    assert response["Location"] == reverse("accounts:verify")


def test_after_release_one_more_mistake_does_not_lock_again(password_step, frozen, settings):
    settings.LOCKOUT_MINUTES = 5  # shorter than the window: the old failures are still inside it
    wrong_password(password_step, times=5)
    frozen.shift(timedelta(minutes=6))
    wrong_password(password_step)
    assert not locked()
    wrong_password(password_step, times=4)
    assert locked()


def test_failures_of_unknown_usernames_lock_nobody(password_step, frozen):
    wrong_password(password_step, username="nobody", times=10)
    assert not User.objects.filter(locked_until__isnull=False).exists()


def test_failures_of_one_person_do_not_lock_another(password_step, frozen):
    wrong_password(password_step, username="sro2", times=5)
    assert locked("sro2")
    assert not locked("sro")


@pytest.mark.req("S.2")
def test_an_unknown_username_locks_like_a_real_one_so_names_cannot_be_probed(password_step):
    from accounts.views import LOCKED_MESSAGE

    for _ in range(5):
        password_step(Client(), "nobody-here", password="wrong-password-123")
    response = password_step(Client(), "nobody-here", password="wrong-password-123")
    assert LOCKED_MESSAGE in response.content.decode()
