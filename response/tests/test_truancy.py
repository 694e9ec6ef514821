"""Truant behavior should not lead to an out-of-school option (V.4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from response.models import Intervention
from response.tests.factories import intervention, staples_student

SENTENCE = "Truant behavior should not lead to an out-of-school option."


@pytest.mark.req("V.4")
@pytest.mark.parametrize("option", ["suspension", "expulsion"])
def test_truancy_alone_never_leads_to_suspension_or_expulsion(students, option):
    with pytest.raises(ValidationError) as e:
        intervention(level="assessment", option=option, truancy_only=True)
    assert e.value.message_dict["option"] == [SENTENCE]
    assert not Intervention.objects.exists()


@pytest.mark.req("V.4")
def test_truancy_may_lead_to_an_in_school_option(students):
    assert intervention(level="assessment", option="jrb_referral", truancy_only=True).truancy_only
    assert intervention(level="school_administration", option="after_school_detention", truancy_only=True)


@pytest.mark.req("V.4")
def test_other_behavior_may_lead_to_suspension(students):
    assert intervention(level="assessment", option="suspension", truancy_only=False).option == "suspension"


@pytest.mark.req("V.4")
def test_the_database_refuses_the_combination(students):
    made = intervention(level="assessment", option="suspension")
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=made.pk).update(truancy_only=True)


@pytest.mark.req("V.4")
def test_the_form_says_the_mous_sentence_and_changes_nothing(students, client_for):
    url = reverse("response:record_intervention", args=["westport", staples_student().pk])
    response = client_for("principal").post(
        url,
        {
            "level": "assessment",
            "option": "expulsion",
            "on": "2026-03-10",
            "outcome": "Absent 20 days\u00a0this term.",
            "truancy_only": "on",
        },
    )
    assert response.status_code == 200 and SENTENCE in response.content.decode()
    assert not Intervention.objects.exists()


@pytest.mark.req("V.4")
@pytest.mark.req("V.1")
def test_the_form_records_an_intervention(students, client_for):
    student = staples_student()
    response = client_for("principal").post(
        reverse("response:record_intervention", args=["westport", student.pk]),
        {"level": "school_administration", "option": "reparation", "on": "2026-03-10", "outcome": " Repaired\u200b. "},
    )
    assert response.status_code == 302
    made = Intervention.objects.get()
    assert (made.level, made.option, made.outcome, made.school) == (
        "school_administration",
        "reparation",
        "Repaired.",
        student.school,
    )


@pytest.mark.req("V.1")
@pytest.mark.parametrize(
    "tampered",
    [
        {"level": "school_administration", "option": "suspension"},  # an assessment option at a lower level
        {"level": "classroom", "option": "parent_conference"},
        {"level": "nonsense"},
        {"option": "arrest"},
        {"on": "2026-03-17"},  # tomorrow
        {"on": "2016-01-01"},
        {"on": "9999-12-31"},
        {"outcome": "x" * 1001},
        {"outcome": " \u200b "},
    ],
)
def test_a_tampered_intervention_gets_a_message_and_changes_nothing(students, client_for, tampered):
    data = {"level": "classroom", "option": "redirection", "on": "2026-03-10", "outcome": "Settled."} | tampered
    response = client_for("principal").post(
        reverse("response:record_intervention", args=["westport", staples_student().pk]), data
    )
    assert response.status_code == 200 and "error" in response.content.decode()
    assert not Intervention.objects.exists()
