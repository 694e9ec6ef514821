"""Idle sign-out without a session write on every request (S.2; issue 14).

A read-only page must not take SQLite's write lock for an UPDATE of django_session; the idle
timeout must still sign a person out, and steady use must keep them signed in.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import signed_in_as

pytestmark = pytest.mark.req("S.2")


def session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_a_read_only_page_within_a_minute_of_the_last_write_does_not_write_the_session(client_for):
    dashboard = reverse("dashboard", args=["westport"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for("chief")
        assert client.get(dashboard).status_code == 200  # the first request stamps the session
        traveller.shift(timedelta(seconds=30))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(dashboard).status_code == 200
            assert client.get(reverse("reporting:inbox", args=["westport"])).status_code == 200
        assert session_writes(queries.captured_queries) == []


def test_a_request_more_than_a_minute_after_the_last_write_writes_the_session_once(client_for):
    dashboard = reverse("dashboard", args=["westport"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for("chief")
        client.get(dashboard)
        traveller.shift(timedelta(seconds=61))
        with CaptureQueriesContext(connection) as queries:
            client.get(dashboard)
        assert len(session_writes(queries.captured_queries)) == 1


def test_an_idle_person_is_still_signed_out_after_the_timeout(client_for, settings):
    dashboard = reverse("dashboard", args=["westport"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for("chief")
        client.get(dashboard)
        # Read-only pages inside the minute do not move the clock, so the timeout counts from
        # the last write: at most SESSION_TOUCH_SECONDS early, never late.
        traveller.shift(timedelta(seconds=50))
        client.get(dashboard)
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 50 + 1))
        response = client.get(dashboard)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:signin"))
        assert signed_in_as(client) is None


def test_a_person_using_the_site_every_fifty_seconds_stays_signed_in_for_an_hour(client_for, settings):
    dashboard = reverse("dashboard", args=["westport"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for("chief")
        for _ in range(72):
            assert client.get(dashboard).status_code == 200
            traveller.shift(timedelta(seconds=50))
        assert signed_in_as(client) == "chief"


def test_signing_out_is_not_undone_by_the_touch(client_for):
    client = client_for("chief")
    client.get(reverse("dashboard", args=["westport"]))
    client.post(reverse("accounts:signout"))
    assert signed_in_as(client) is None
    assert client.get(reverse("dashboard", args=["westport"])).status_code == 302


def test_a_visitor_with_an_expired_session_cookie_gets_no_new_session_row(client_for, settings):
    from django.contrib.sessions.models import Session

    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = client_for("chief")
        traveller.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
        Session.objects.filter(expire_date__lte=timezone.now()).delete()  # clearsessions
        client.get(reverse("healthz"))
        assert not Session.objects.exists()
