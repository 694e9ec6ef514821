"""An arrest recorded under L.1 leads the SRO to the principal's notice of IV.1, with what
happened and where filled in; nothing identifying travels in the address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolpolice.models import ArrestNotice
from schoolpolice.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.req("IV.1")
@pytest.mark.req("L.1")
def test_an_arrest_offers_the_sro_the_notice_to_the_principal(demo, client_for):
    pupil = factories.student("Nico", "Fairweather")
    arrested = timezone.localtime() - timedelta(hours=1)
    sro = client_for("sro")
    response = sro.post(
        reverse("schoolpolice:arrest_new", kwargs={"slug": "westport"}),
        {
            "school": str(pupil.school.pk),
            "student_name": "Nico Fairweather",
            "arrested_date": arrested.date().isoformat(),
            "arrested_time": arrested.strftime("%H:%M"),
            "offense_class": "class_a",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = ArrestNotice.objects.get()
    page = sro.get(reverse("schoolpolice:arrest", args=["westport", notice.pk])).content.decode()
    link = reverse("incidents:new_notice", args=["westport"]) + f"?kind=arrest&amp;school={pupil.school.pk}"
    assert link in page and "Nico" not in link
    form = sro.get(link.replace("&amp;", "&")).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="arrest"[^>]*checked', form)
    assert re.search(rf'<option value="{pupil.school.pk}" selected>', form)


@pytest.mark.req("IV.1")
@pytest.mark.parametrize("query", ["?kind=ARREST", "?kind=<b>", "?school=-3", "?school=1e9"])
def test_the_notice_form_ignores_an_address_it_did_not_make(demo, client_for, query):
    response = client_for("sro").get(reverse("incidents:new_notice", args=["westport"]) + query)
    assert response.status_code == 200
    radios = re.findall(r'<input type="radio" name="kind"[^>]*>', response.content.decode())
    assert radios and not any("checked" in radio for radio in radios)
