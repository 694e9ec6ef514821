"""An intervention at the Law Enforcement level that escalated to violence or constitutes a crime
offers the SRO a Form A, carrying nothing identifying across (VII.1, V.3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from reporting.models import FormA
from response.tests.factories import ACTOR, membership, police_request


def _answered(**flags):
    from response.actions import do_record_law_enforcement_option

    made = police_request()
    return do_record_law_enforcement_option(
        ACTOR, membership("sro"), made, option="verbal_warning", outcome="Warned.", **flags
    )


@pytest.mark.req("V.3")
@pytest.mark.req("VII.1")
def test_conduct_that_is_a_crime_offers_a_form_a_that_starts_empty(students, client_for):
    made = _answered(constitutes_crime=True)
    sro = client_for("sro")
    page = sro.get(reverse("response:request", args=["westport", made.pk])).content.decode()
    form = re.search(r'<form method="post" action="(/westport/reports/new/)".*?</form>', page, re.S)
    assert form and "Start a Form A" in form.group(0)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0)))
    assert set(fields) == {"csrfmiddlewaretoken", "escalated_to_violence", "constitutes_crime"}
    assert sro.post(form.group(1), fields).status_code == 302
    report = FormA.objects.get()
    assert report.constitutes_crime and not report.escalated_to_violence
    block = report.students.get()
    assert block.age is None and not block.gender
    assert "Hope" not in (report.reason_and_nature or "")


@pytest.mark.req("V.3")
def test_conduct_that_is_neither_offers_no_form_a(students, client_for):
    made = _answered()
    page = client_for("sro").get(reverse("response:request", args=["westport", made.pk])).content.decode()
    assert "Start a Form A" not in page


@pytest.mark.req("V.3")
def test_only_the_sro_is_offered_the_form_a(students, client_for):
    made = _answered(escalated_to_violence=True)
    for persona in ("chief", "principal"):
        page = client_for(persona).get(reverse("response:request", args=["westport", made.pk])).content.decode()
        assert "Start a Form A" not in page
