"""The SRO's name and badge number come from the profile, never from the report (VII.3, VII.4).

They print on Form A, so whatever could be typed there would print too, unscanned: a student's
name in the "name" box. Nothing typed on the report reaches them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements.demo import demo_password
from reporting.models import FormA, FormAVersion
from reporting.pdf import form_a_context
from reporting.tests.filing import draft, post_data

pytestmark = [pytest.mark.req("VII.3"), pytest.mark.req("VII.4")]


def url(report: FormA, name: str = "reporting:edit") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


def test_the_form_shows_the_name_and_badge_read_only_with_no_box_to_type_in(client_for, member):
    report = draft(member("sro"))
    page = client_for("sro").get(url(report)).content.decode()
    assert "Officer Dana Whitcomb" in page and "1147" in page
    names = set(re.findall(r'name="([^"]+)"', page))
    assert "sro_name" not in names and "badge_number" not in names


@pytest.mark.parametrize("route", ["reporting:edit", "reporting:save"])
def test_a_posted_name_or_badge_is_ignored(client_for, member, route):
    report = draft(member("sro"))
    data = post_data(report) | {"sro_name": "Nadia Kowalski", "badge_number": "900-0007"}
    client_for("sro").post(url(report, route), data)
    report.refresh_from_db()
    assert (report.sro_name, report.badge_number) == ("Officer Dana Whitcomb", "1147")


def test_submission_prints_the_profile_as_it_is_when_signing(client_for, member):
    sro = member("sro")
    report = draft(sro)
    FormA.objects.filter(pk=report.pk).update(
        sro_name="Nadia Kowalski", badge_number="9000007"
    )  # a stale or tampered row
    sro.badge_number = "2231"
    sro.save()
    sro.user.last_name = "Whitcomb-Reyes"
    sro.user.save()
    response = client_for("sro").post(url(report, "reporting:sign"), {"signature": demo_password()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED
    assert (report.sro_name, report.badge_number) == ("Officer Dana Whitcomb-Reyes", "2231")
    snapshot = FormAVersion.objects.get(report=report, event="submitted").snapshot
    assert (snapshot["sro_name"], snapshot["badge_number"]) == ("Officer Dana Whitcomb-Reyes", "2231")
    context = form_a_context(report)
    assert context["report"].sro_name == "Officer Dana Whitcomb-Reyes"
