"""When the database goes away mid-request: a clear page, never a traceback, nothing half-done,
and the next request works again (issue 14)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, close_old_connections, connection, connections
from django.test import Client
from django.urls import reverse

from agreements.demo import demo_password
from audit.models import AuditEntry
from reporting.models import FormA, FormAVersion
from reporting.tests.filing import calendar_fixture, draft  # noqa: F401

LOST = OperationalError("server closed the connection unexpectedly")


def assert_plain_page(response, status: int, heading: str) -> None:
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in page
    assert "Traceback" not in page and "OperationalError" not in page and "server closed" not in page
    assert response["Cache-Control"] == "no-store"


@pytest.mark.req("VII.7")
def test_a_submit_interrupted_by_the_database_answers_503_and_leaves_the_draft_intact(client_for, member):
    report = draft(member("sro"), students=2)
    entries = AuditEntry.objects.count()
    with mock.patch("reporting.actions.record", side_effect=LOST):
        response = client_for("sro").post(
            reverse("reporting:sign", kwargs={"slug": "westport", "pk": report.pk}), {"signature": demo_password()}
        )
    assert_plain_page(response, 503, "Temporarily unavailable")
    assert response["Retry-After"] == "10"
    report.refresh_from_db()
    assert (report.status, report.number, report.first_submitted_at) == (FormA.Status.DRAFT, "", None)
    assert not FormAVersion.objects.filter(report=report).exists()
    assert AuditEntry.objects.count() == entries


def test_a_database_failure_outside_the_view_still_gets_the_503_page(client_for):
    client = client_for("chief")
    client.raise_request_exception = False
    with mock.patch.object(SessionStore, "save", side_effect=LOST):
        response = client.get(reverse("dashboard", args=["westport"]))
    assert_plain_page(response, 503, "Temporarily unavailable")


def test_any_other_error_gets_the_500_page_in_the_house_frame(client_for):
    client = client_for("chief")
    client.raise_request_exception = False
    with mock.patch("agreements.views.render", side_effect=RuntimeError("boom")):
        response = client.get(reverse("dashboard", args=["westport"]))
    assert_plain_page(response, 500, "Something went wrong")
    page = response.content.decode()
    assert "boom" not in page
    assert 'class="wrap"' in page  # the house frame, with its stylesheet
    assert "css/app.css" in page


def test_connections_kept_between_requests_are_checked_before_reuse():
    assert django_settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db(transaction=True)
def test_after_postgresql_drops_the_connection_the_next_request_reconnects_by_itself():
    if connection.vendor != "postgresql":
        pytest.skip("a server-side disconnect is a PostgreSQL matter")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    # What a restart does to every open connection: the server ends it.
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # Django runs this at the start and end of each request; the broken connection is dropped...
    close_old_connections()
    # ...and the next request opens a new one.
    assert Client().get(reverse("healthz")).json() == {"ok": True}
