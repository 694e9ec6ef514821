"""The gate to the Law Enforcement level: a request for police involvement, made by a school
administrator, on one of the three grounds of section V (V.3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from audit.models import AuditEntry
from notices.models import Notice
from response.actions import NEEDS_DETERMINATION, NEEDS_EMERGENCY, NEEDS_GROUND, NEEDS_INTERVENTIONS
from response.models import PoliceRequest
from response.tests.factories import (
    ACTOR,
    bedford_student,
    intervention,
    membership,
    police_request,
    staples_student,
)


def _new_url(student) -> str:
    return reverse("response:new_request", args=["westport", student.pk])


@pytest.mark.req("V.3")
def test_lower_levels_tried_and_ineffective_is_a_ground(students):
    tried = [intervention(), intervention(level="classroom", option="redirection", on=date(2026, 2, 2))]
    made = police_request(ground="ineffective", interventions=tried, emergency="ignored for this ground")
    assert made.ground == "ineffective" and made.get_ground_display().startswith("Classroom, school and community")
    assert set(made.interventions.all()) == set(tried)
    assert made.emergency == ""  # only the chosen ground's particulars are kept


@pytest.mark.req("V.3")
def test_the_administrations_determination_is_a_ground_with_who_and_why(students):
    made = police_request(ground="administration", determined_by="J. Lindqvist, Principal", determination="Threats.")
    assert (made.determined_by, made.determination) == ("J. Lindqvist, Principal", "Threats.")


@pytest.mark.req("V.3")
def test_an_emergency_is_a_ground_with_what(students):
    made = police_request(ground="emergency", emergency="A knife seen in the courtyard.")
    assert made.emergency == "A knife seen in the courtyard." and made.is_waiting


@pytest.mark.req("V.3")
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ground": ""}, "ground", NEEDS_GROUND),
        ({"ground": "because"}, "ground", NEEDS_GROUND),
        ({"ground": "ineffective"}, "interventions", NEEDS_INTERVENTIONS),
        ({"ground": "administration", "determined_by": "The principal"}, "determination", NEEDS_DETERMINATION),
        ({"ground": "administration", "determination": "Threats"}, "determination", NEEDS_DETERMINATION),
        ({"ground": "emergency", "emergency": " \u00a0\u200b\n "}, "emergency", NEEDS_EMERGENCY),
        ({"ground": "emergency", "emergency": "x", "asked": "\u200b "}, "asked", "Say what the school asks"),
    ],
)
def test_without_a_ground_and_its_particulars_there_is_no_request(students, values, field, message):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as e:
        police_request(**({"ground": "emergency", "emergency": "", "asked": "Help."} | values))
    assert message in str(e.value.message_dict[field])
    assert not PoliceRequest.objects.exists() and AuditEntry.objects.count() == before


@pytest.mark.req("V.3")
def test_interventions_of_another_student_or_in_the_future_do_not_meet_the_ground(students):
    other = intervention(student=staples_student("s2"))
    for tried in ([other], [intervention(), other]):
        with pytest.raises(ValidationError, match="tried and found ineffective"):
            police_request(ground="ineffective", interventions=tried)
    assert not PoliceRequest.objects.exists()


@pytest.mark.req("V.3")
@pytest.mark.parametrize("persona", ["sro", "chief", "ssu", "steward", "admin"])
def test_only_a_school_administrator_makes_a_request(students, persona):
    with pytest.raises(PermissionDenied):
        police_request(by=persona)
    assert not PoliceRequest.objects.exists()


@pytest.mark.req("V.3")
def test_a_principal_asks_only_about_students_of_their_schools(students, client_for):
    with pytest.raises(PermissionDenied):
        police_request(student=bedford_student())
    assert client_for("principal").get(_new_url(bedford_student())).status_code == 404
    # The Superintendent's office asks about any school's students.
    assert police_request(student=bedford_student(), by="superintendent").school.name == "Bedford Middle School"


@pytest.mark.req("V.3")
def test_an_inactive_student_cannot_be_the_subject(students):
    student = staples_student()
    student.active = False
    student.save()
    with pytest.raises(PermissionDenied):
        police_request(student=student)


@pytest.mark.req("V.3")
def test_the_sros_of_the_school_are_told_and_no_one_else(students, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = police_request(student=bedford_student(), by="superintendent")
    notified = set(Notice.objects.filter(kind="police_request_made").values_list("recipient__username", flat=True))
    assert notified == {"sro"}  # sro2 is not assigned to Bedford
    assert Notice.objects.get().url == reverse("response:request", args=["westport", made.pk])
    assert [m.to for m in mail.outbox] == [["sro@westport.example.org"]]
    assert "Bedford Middle School" in mail.outbox[0].subject and "An emergency" in mail.outbox[0].body


@pytest.mark.req("V.3")
def test_the_form_refuses_a_request_without_a_ground_with_a_clear_message(students, client_for):
    response = client_for("principal").post(_new_url(staples_student()), {"asked": "Please help."})
    assert response.status_code == 200
    assert NEEDS_GROUND in response.content.decode()
    assert not PoliceRequest.objects.exists()


@pytest.mark.req("V.3")
def test_the_form_makes_a_request_from_pasted_text(students, client_for):
    tried = intervention()
    response = client_for("principal").post(
        _new_url(staples_student()),
        {
            "asked": "  A conference\u00a0with the student\r\nand parents.\u200b ",
            "ground": "ineffective",
            "interventions": [str(tried.pk)],
        },
    )
    made = PoliceRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/requests/{made.pk}/")
    assert made.asked == "A conference with the student\nand parents."
    assert AuditEntry.objects.filter(action="response.police_requested").count() == 1


@pytest.mark.req("V.3")
@pytest.mark.parametrize(
    "tampered",
    [
        {"ground": "ineffective", "interventions": ["99999999999999999999999"]},
        {"ground": "ineffective", "interventions": ["abc"]},
        {"ground": "emergency", "emergency": "x" * 1001},
        {"ground": "emergency", "emergency": "a\x00b"},
        {"ground": "<script>alert(1)</script>"},
        {"ground": "administration", "determined_by": "y" * 201, "determination": "why"},
    ],
)
def test_hostile_input_gets_a_message_and_changes_nothing(students, client_for, tampered):
    response = client_for("principal").post(_new_url(staples_student()), {"asked": "Help."} | tampered)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not PoliceRequest.objects.exists()


@pytest.mark.req("V.3")
def test_the_sro_of_the_school_records_the_option_taken(students, client_for):
    made = police_request()
    response = client_for("sro2").post(
        reverse("response:outcome", args=["westport", made.pk]),
        {"option": "verbal_warning", "outcome": "Spoke with the student.\r\n"},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.option, made.outcome) == ("answered", "verbal_warning", "Spoke with the student.")
    assert made.answered_by == membership("sro2")
    # Once recorded it stays: a second answer is refused.
    sro = client_for("sro")
    again = sro.post(reverse("response:outcome", args=["westport", made.pk]), {"option": "arrest", "outcome": "x"})
    assert again.status_code == 302
    assert "already been recorded" in sro.get(again["Location"]).content.decode()
    made.refresh_from_db()
    assert made.option == "verbal_warning"


@pytest.mark.req("V.3")
def test_an_sro_of_another_school_neither_sees_nor_answers(students, client_for):
    made = police_request(student=bedford_student(), by="superintendent")
    assert client_for("sro2").get(reverse("response:request", args=["westport", made.pk])).status_code == 404
    assert (
        client_for("sro2")
        .post(reverse("response:outcome", args=["westport", made.pk]), {"option": "verbal_warning", "outcome": "x"})
        .status_code
        == 404
    )
    assert client_for("principal").get(reverse("response:request", args=["westport", made.pk])).status_code == 404
    from response.actions import do_record_law_enforcement_option

    with pytest.raises(PermissionDenied):
        do_record_law_enforcement_option(ACTOR, membership("sro2"), made, option="verbal_warning", outcome="x")


@pytest.mark.req("V.3")
def test_a_principals_designee_asks_for_their_school(students, member):
    from datetime import date as day

    from accounts.models import Membership, User
    from agreements.models import School

    principal = member("principal")
    user = User.objects.create_user("designee", email="designee@westport.example.org")
    designee = Membership.objects.create(
        user=user, agreement=principal.agreement, role="principal_designee", starts_on=day(2024, 1, 1)
    )
    designee.schools.set([School.objects.get(name="Staples High School")])
    made = police_request(by="designee", ground="administration", determined_by="The principal", determination="Why.")
    assert made.made_by == designee
    with pytest.raises(PermissionDenied):
        police_request(by="designee", student=bedford_student())
