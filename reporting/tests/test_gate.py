"""The eligibility gate, Form A's first question (VII.1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from reporting.forms import GATE_REFUSAL
from reporting.models import FormA

URL = reverse("reporting:new", kwargs={"slug": "westport"})


@pytest.mark.req("VII.1")
def test_it_asks_first_whether_the_conduct_escalated_to_violence_or_is_a_crime(client_for):
    page = client_for("sro").get(URL).content.decode()
    assert "Did the challenging behavior or conflict escalate to violence?" in page
    assert "Does the challenging behavior or conflict constitute a crime?" in page
    assert "Date of Investigation/Intervention" not in page  # nothing else before the gate


@pytest.mark.req("VII.1")
def test_conduct_that_did_neither_may_not_be_reported_and_nothing_is_saved(client_for):
    response = client_for("sro").post(URL, {"escalated_to_violence": "False", "constitutes_crime": "False"})
    assert response.status_code == 200
    assert GATE_REFUSAL in response.content.decode()
    assert GATE_REFUSAL == (
        "The SRO may only report investigations and/or behavioral interventions of challenging behavior or "
        "conflict that escalate to violence or constitute a crime. If the conduct did not escalate to violence "
        "or constitute a crime, it may not be reported in this form."
    )
    assert not FormA.objects.exists()
    assert 'name="location"' not in response.content.decode()


@pytest.mark.req("VII.1")
def test_an_unanswered_question_gets_a_clear_message(client_for):
    response = client_for("sro").post(URL, {"escalated_to_violence": "True"})
    assert "Answer Yes or No." in response.content.decode()
    assert not FormA.objects.exists()


@pytest.mark.req("VII.1")
@pytest.mark.req("VII.3")
@pytest.mark.parametrize("answers", [("True", "False"), ("False", "True"), ("True", "True")])
def test_violence_or_a_crime_opens_a_draft_prefilled_from_the_sros_profile(client_for, member, answers):
    response = client_for("sro").post(URL, {"escalated_to_violence": answers[0], "constitutes_crime": answers[1]})
    report = FormA.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:edit", kwargs={"slug": "westport", "pk": report.pk})
    sro = member("sro")
    assert report.status == FormA.Status.DRAFT
    assert (report.sro_name, report.badge_number, report.school) == (
        "Officer Dana Whitcomb",
        "1147",
        sro.primary_school,
    )
    assert [s.label for s in report.students.all()] == ["Student A"]
    assert AuditEntry.objects.filter(action="form_a.draft_started", object_id=str(report.pk)).exists()
