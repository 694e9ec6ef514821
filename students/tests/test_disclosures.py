"""The disclosure log: the Superintendent and the steward see each lookup; the SRO does not (L.2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from audit.log import Actor
from reporting.tests import filing
from students import actions
from students.models import Student
from students.tests.bundles import bundle, person

URL = reverse("students:disclosures", args=["westport"])


@pytest.fixture
def disclosed(demo, member):
    actions.do_import_roster(Actor.system("test"), demo, bundle([person("s1", "Hope", "Bell", grade="10")]))
    report = filing.draft(member("sro"), incident_date=date(2026, 3, 14))
    sro = member("sro")
    block = report.students.get(position=0)
    actions.do_fill_student_block(Actor(sro.user, "127.0.0.1", "sro"), sro, Student.objects.get(), block)
    return report


@pytest.mark.req("L.2")
@pytest.mark.parametrize("persona", ["superintendent", "steward"])
def test_the_log_shows_each_lookup(disclosed, client_for, persona):
    page = client_for(persona).get(URL).content.decode()
    assert "Hope Bell" in page and "Officer Dana Whitcomb" in page and "Form A" in page
    assert f"{disclosed}, Student A" in page
    assert "age, gender, race_ethnicity, known_disability" in page


@pytest.mark.req("L.2")
def test_the_sro_cannot_read_the_log(disclosed, client_for):
    assert client_for("sro").get(URL).status_code == 403


@pytest.mark.req("L.2")
def test_the_log_page_is_not_cached(disclosed, client_for):
    assert "no-store" in client_for("steward").get(URL)["Cache-Control"]


@pytest.mark.req("L.2")
def test_the_dashboard_counts_this_months_disclosures_for_the_superintendent(disclosed, client_for):
    page = client_for("superintendent").get(reverse("dashboard", args=["westport"])).content.decode()
    assert "1 disclosure to SROs this month" in page
    assert "Student information" not in client_for("sro").get(reverse("dashboard", args=["westport"])).content.decode()
