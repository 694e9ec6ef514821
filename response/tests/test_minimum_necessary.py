"""Minimum necessary: the school's record stays with the school; the police see that the gate was
met, on which ground, and whom it is about, each display logged as a FERPA disclosure (V.3, L.2)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from response.actions import DISCLOSURE_PURPOSE
from response.tests.factories import intervention, membership, police_request
from students.models import Disclosure


def _detail(made) -> str:
    return reverse("response:request", args=["westport", made.pk])


INDEX = reverse("response:index", args=["westport"])


@pytest.fixture
def made(students):
    tried = intervention(outcome="Detention served; threats continued at the bus stop.")
    return police_request(ground="ineffective", interventions=[tried], asked="A conference with the student.")


@pytest.mark.req("V.3")
@pytest.mark.req("L.2")
@pytest.mark.parametrize("persona", ["sro", "sro2", "chief"])
def test_the_police_see_the_ground_and_the_student_and_each_display_is_logged(made, client_for, persona):
    client = client_for(persona)
    for n in (1, 2):
        page = client.get(_detail(made)).content.decode()
        assert "Hope Bell" in page and "100001" in page
        assert "Classroom, school and community options have been found ineffective" in page
        assert "A conference with the student." in page
        assert Disclosure.objects.filter(to=membership(persona)).count() == n
    entry = Disclosure.objects.filter(to=membership(persona)).first()
    assert (entry.student, entry.purpose, entry.report_id, entry.report_label) == (
        made.student,
        DISCLOSURE_PURPOSE,
        None,  # report_id names a Form A; a request is named by its label
        f"Request for police involvement #{made.pk}",
    )
    assert entry.fields == ["name", "student_id", "school", "grade"]


@pytest.mark.req("V.3")
@pytest.mark.parametrize("persona", ["sro", "chief"])
def test_the_police_never_see_the_schools_record_of_interventions(made, client_for, persona):
    page = client_for(persona).get(_detail(made)).content.decode()
    assert "threats continued at the bus stop" not in page and "Parent conference" not in page
    assert client_for(persona).get(reverse("response:student", args=["westport", made.student.pk])).status_code == 403


@pytest.mark.req("V.3")
@pytest.mark.req("L.2")
@pytest.mark.parametrize("persona", ["sro", "chief"])
def test_the_police_list_names_no_student_and_logs_nothing(made, client_for, persona):
    page = client_for(persona).get(INDEX).content.decode()
    assert f"Request for police involvement #{made.pk}" in page
    assert "Hope" not in page and "Bell" not in page and "100001" not in page
    assert not Disclosure.objects.exists()


@pytest.mark.req("L.2")
@pytest.mark.parametrize("persona", ["principal", "superintendent"])
def test_the_school_side_sees_its_own_record_without_a_disclosure(made, client_for, persona):
    page = client_for(persona).get(_detail(made)).content.decode()
    assert "Hope Bell" in page and "threats continued at the bus stop" in page
    assert not Disclosure.objects.exists()


@pytest.mark.req("L.2")
def test_no_request_no_identity_for_the_police(students, client_for):
    """Before a request exists, the police have no page that names the student."""
    intervention()
    for persona in ("sro", "chief"):
        page = client_for(persona).get(INDEX).content.decode()
        assert "Hope" not in page
    assert not Disclosure.objects.exists()


@pytest.mark.req("L.2")
def test_the_disclosure_log_shows_the_display_to_the_superintendent(made, client_for):
    client_for("sro").get(_detail(made))
    log = client_for("superintendent").get(reverse("students:disclosures", args=["westport"])).content.decode()
    assert DISCLOSURE_PURPOSE in log and "Officer Dana Whitcomb" in log and "Hope Bell" in log


@pytest.mark.req("L.2")
def test_the_sros_notice_names_no_student(students, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        police_request()
    assert mail.outbox
    for message in mail.outbox:
        assert "Hope" not in message.subject + message.body and "100001" not in message.body


@pytest.mark.req("V.3")
@pytest.mark.parametrize("persona", ["sro", "chief", "principal"])
def test_the_list_costs_the_same_for_many_requests(students, client_for, persona, django_assert_max_num_queries):
    for n in range(12):
        police_request(emergency=f"Emergency {n}.")
    client = client_for(persona)
    with django_assert_max_num_queries(25):
        assert client.get(INDEX).status_code == 200


@pytest.mark.req("V.3")
def test_the_audit_trail_the_chief_reads_keeps_the_schools_record_and_the_student_out(made):
    from audit.models import AuditEntry

    for entry in AuditEntry.objects.filter(action__startswith="response."):
        text = f"{entry.object_repr} {entry.changes}"
        assert "Hope" not in text and "Bell" not in text and "threats continued" not in text
        assert "parent_conference" not in text
