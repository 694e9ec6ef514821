"""Idle sessions end after at most 30 minutes; activity keeps them alive (S.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import signed_in_as

pytestmark = pytest.mark.req("S.2")


def test_the_idle_timeout_is_at_most_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_TOUCH_SECONDS <= 60  # operations.middleware.SessionTouchMiddleware


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out(sign_in, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        sign_in(client, "chief")
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        response = client.get(reverse("dashboard", args=["westport"]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:signin"))
        assert signed_in_as(client) is None


def test_each_request_restarts_the_idle_clock(sign_in, settings):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = Client()
        sign_in(client, "chief")
        for _ in range(4):  # two hours of steady use
            traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
            assert client.get(reverse("dashboard", args=["westport"])).status_code == 200
        assert signed_in_as(client) == "chief"
