"""Police involvement is not arrest (V.5): no option is chosen in advance, and arrest, one option
among five, follows section VI."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from response.forms import OutcomeForm
from response.models import ARREST_FOLLOWS_VI, SECTION_VI_REFERRAL, PoliceRequest
from response.tests.factories import police_request


def _url(made, name="response:request") -> str:
    return reverse(name, args=["westport", made.pk])


@pytest.mark.req("V.5")
def test_nothing_defaults_to_arrest():
    assert (
        PoliceRequest._meta.get_field("option").default in ("", None)
        or not PoliceRequest._meta.get_field("option").has_default()
    )
    form = OutcomeForm()
    assert form["option"].value() in (None, "")
    assert [value for value, _ in form.fields["option"].choices] == [
        "verbal_warning",
        "conference",
        "jrb_or_agency_referral",
        "court_referral",
        "arrest",
    ]


@pytest.mark.req("V.5")
def test_the_sros_page_checks_no_option_and_shows_that_arrest_follows_vi(students, client_for):
    made = police_request()
    page = client_for("sro").get(_url(made)).content.decode()
    radios = re.findall(r'<input type="radio" name="option"[^>]*>', page)
    assert len(radios) == 5 and not any("checked" in r for r in radios)
    assert ARREST_FOLLOWS_VI in page and SECTION_VI_REFERRAL in page
    assert "Involvement of the police does not necessarily mean arrest and referral to court." in page


@pytest.mark.req("V.5")
def test_without_a_chosen_option_nothing_is_recorded(students, client_for):
    made = police_request()
    response = client_for("sro").post(_url(made, "response:outcome"), {"outcome": "Spoke with the student."})
    assert response.status_code == 200
    assert "Choose the law-enforcement option taken; none is chosen for you." in response.content.decode()
    made.refresh_from_db()
    assert made.is_waiting and made.option == ""


@pytest.mark.req("V.5")
def test_arrest_is_recorded_as_one_option_with_the_guidance(students, client_for):
    made = police_request()
    sro = client_for("sro")
    sro.post(_url(made, "response:outcome"), {"option": "arrest", "outcome": "Arrested off premises after school."})
    made.refresh_from_db()
    assert made.option == "arrest"
    for persona in ("sro", "principal"):
        assert ARREST_FOLLOWS_VI in client_for(persona).get(_url(made)).content.decode()


@pytest.mark.req("V.5")
@pytest.mark.parametrize("option", ["", "ARREST", "arrest ", "1", "suspension", "<b>arrest</b>"])
def test_a_tampered_option_is_refused(students, client_for, option):
    made = police_request()
    response = client_for("sro").post(_url(made, "response:outcome"), {"option": option, "outcome": "x"})
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.is_waiting


@pytest.mark.req("V.5")
@pytest.mark.req("VI.1")
def test_an_arrest_leads_the_police_to_the_request_to_the_principal_with_kind_and_school_filled(students, client_for):
    made = police_request()
    sro = client_for("sro")
    sro.post(_url(made, "response:outcome"), {"option": "arrest", "outcome": "Arrest to be asked of the principal."})
    page = sro.get(_url(made)).content.decode()
    ask = reverse("schoolpolice:request_new", args=["westport"]) + f"?kind=arrest&amp;school={made.school_id}"
    assert ask in page
    assert ask not in client_for("principal").get(_url(made)).content.decode()
    form = sro.get(ask.replace("&amp;", "&")).content.decode()
    assert re.search(r'<input type="radio" name="kind" value="arrest"[^>]*checked', form)
    assert re.search(rf'<option value="{made.school_id}" selected>', form)
    # Nothing identifying travels in the address: the officer names the student on the form.
    assert made.student.identifier not in ask


@pytest.mark.req("VI.1")
@pytest.mark.parametrize("query", ["?kind=search", "?kind=ARREST&school=-1", "?school=99999999999999999999"])
def test_the_request_form_ignores_an_address_it_did_not_make(students, client_for, query):
    response = client_for("sro").get(reverse("schoolpolice:request_new", args=["westport"]) + query)
    page = response.content.decode()
    assert response.status_code == 200
    assert not any("checked" in radio for radio in re.findall(r'<input type="radio" name="kind"[^>]*>', page))
    assert "selected>" not in re.search(r'<select name="school".*?</select>', page, re.S).group(0).replace(
        'value="" selected>', ""
    )
