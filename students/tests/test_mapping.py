"""The steward matches the export's schools to the agreement's schools (VII.6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.log import Actor
from students import actions, demo_roster
from students.models import OrgMapping, Student
from students.tests.bundles import person

URL = reverse("students:mapping", args=["westport"])


@pytest.fixture
def imported(demo):
    students = [person("s1", "Ann", "Lee", org="ORG-9")]
    files = demo_roster.bundle_files(students, "1.2", {"ORG-9": "Staples HS"})
    actions.do_import_roster(Actor.system("test"), demo, files)
    return demo


@pytest.mark.req("VII.6")
def test_the_steward_maps_an_unmatched_org_and_its_students_follow(imported, client_for):
    client = client_for("steward")
    org = OrgMapping.objects.get(org_sourced_id="ORG-9")
    assert "not matched" in client.get(URL).content.decode()
    staples = imported.schools.get(sourced_id="wps-shs")
    response = client.post(URL, {"mapping": org.pk, "school": staples.pk})
    assert response.status_code == 302
    assert Student.objects.get().school == staples
    org.refresh_from_db()
    assert org.matched_by == "steward"
    # A later import keeps the steward's choice.
    actions.do_import_roster(
        Actor.system("test"),
        imported,
        demo_roster.bundle_files([person("s1", "Ann", "Lee", org="ORG-9")], "1.2", {"ORG-9": "Staples HS"}),
    )
    assert Student.objects.get().school == staples


@pytest.mark.req("S.4")
def test_a_school_of_another_agreement_is_refused_and_nothing_changes(imported, client_for):
    from agreements.models import School

    org = OrgMapping.objects.get(org_sourced_id="ORG-9")
    other = School.objects.get(sourced_id="hf-hs")
    response = client_for("steward").post(URL, {"mapping": org.pk, "school": other.pk})
    assert response.status_code == 200
    assert "Choose one of this agreement&#x27;s schools" in response.content.decode()
    assert Student.objects.get().school is None


def test_an_org_of_another_agreement_is_404(imported, client_for):
    assert client_for("steward").post(URL, {"mapping": 999999, "school": ""}).status_code == 404
