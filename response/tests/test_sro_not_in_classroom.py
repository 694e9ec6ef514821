"""SROs should not be involved at the Classroom level (V.2): no record or request puts them there."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from response.forms import InterventionForm
from response.models import LAW_ENFORCEMENT_OPTIONS, Intervention, PoliceRequest
from response.tests.factories import ACTOR, intervention, membership, police_request, staples_student

MESSAGE = "SROs should not be involved at this level."


@pytest.mark.req("V.2")
def test_the_action_refuses_the_sro_at_the_classroom_level(students):
    with pytest.raises(ValidationError) as e:
        intervention(level="classroom", option="redirection", sro_took_part=True)
    assert MESSAGE in str(e.value.message_dict["sro_took_part"])
    assert not Intervention.objects.exists()


@pytest.mark.req("V.2")
def test_the_sro_may_assist_above_the_classroom(students):
    assert intervention(level="school_administration", option="time_in_office", sro_took_part=True).sro_took_part
    assert intervention(level="assessment", option="jrb_referral", sro_took_part=True).sro_took_part


@pytest.mark.req("V.2")
def test_the_database_refuses_the_sro_at_the_classroom_level(students):
    made = intervention(level="classroom", option="moving_seats")
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=made.pk).update(sro_took_part=True)


@pytest.mark.req("V.2")
def test_the_form_refuses_the_sro_at_the_classroom_level(students, client_for):
    data = {
        "level": "classroom",
        "option": "redirection",
        "on": "2026-03-02",
        "outcome": "Settled.",
        "sro_took_part": "on",
    }
    form = InterventionForm(data, earliest=date(2023, 11, 28), latest=date(2026, 3, 16))
    assert not form.is_valid() and MESSAGE in str(form.errors)
    url = reverse("response:record_intervention", args=["westport", staples_student().pk])
    response = client_for("principal").post(url, data)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert not Intervention.objects.exists()


@pytest.mark.req("V.2")
def test_the_law_enforcement_level_is_not_recorded_as_a_school_intervention(students):
    with pytest.raises(ValidationError, match="managed by the police"):
        intervention(level="law_enforcement", option="verbal_warning")


@pytest.mark.req("V.2")
@pytest.mark.parametrize("option", ["redirection", "moving_seats", "parental_contact", "re_teaching"])
def test_the_sro_cannot_record_a_classroom_option_as_the_option_taken(students, option):
    from response.actions import do_record_law_enforcement_option

    made = police_request()
    with pytest.raises(ValidationError):
        do_record_law_enforcement_option(ACTOR, membership("sro"), made, option=option, outcome="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        PoliceRequest.objects.filter(pk=made.pk).update(status="answered", option=option)
    assert option not in dict(LAW_ENFORCEMENT_OPTIONS)


@pytest.mark.req("V.2")
def test_an_sro_cannot_record_any_intervention(students, client_for):
    url = reverse("response:record_intervention", args=["westport", staples_student().pk])
    assert client_for("sro").post(url, {"level": "classroom", "option": "redirection"}).status_code == 403
    assert not Intervention.objects.exists()
