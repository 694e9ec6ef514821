"""The Form A page: Form A's fields and wording, students, drafts and the rules (VII.3, VII.4, VII.5)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from reporting.models import FormA, FormAStudent
from reporting.tests.filing import calendar_fixture, draft, post_data  # noqa: F401

FORM_A_LABELS = [
    "Did the challenging behavior or conflict escalate to violence?",
    "Does the challenging behavior or conflict constitute a crime?",
    "Name of School Resource Officer",
    "Badge Number",
    "School Affiliation",
    "Date of Investigation/Intervention",
    "Time of Investigation/Intervention",
    "Location of Incident",
    "The reason for and nature of such investigation and/or behavioral intervention",
    "Referral to administration for possible discipline",
    "Restorative practices implemented",
    "Peer mediation",
    "Referral to student support services",
    "Other",
    "Citation or summons issued",
    "Arrest of student(s)",
    "Search of student(s) by SRO",
    "Management of crisis or emergency",
    "Age",
    "Male",
    "Female",
    "Non-binary",
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Other Pacific Islander",
    "Asian",
    "American Indian or Alaska Native",
    "Does the student have a known disability?",
    "Yes",
    "No",
    "Searched by SRO",
    "Apprised of constitutional rights",
    "Issued a citation or a summons",
    "Arrested",
    "Detained",
]


def url(report: FormA, name: str = "reporting:edit") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


def labels(page: str) -> list[str]:
    """The visible text of every <label> and <legend>, and of the <dt> naming a read-only value
    (the SRO's name and badge, from the profile), as a person (or screen reader) reads it."""
    found = re.findall(r"<(label|legend|dt)[^>]*>(.*?)</\1>", page, re.S)
    found = [text for _, text in found]
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in found]


@pytest.mark.req("VII.3")
def test_every_field_has_a_visible_label_in_form_as_wording_in_the_paper_forms_order(client_for, member):
    report = draft(member("sro"), students=2)
    page = client_for("sro").get(url(report)).content.decode()
    found = labels(page)
    for label in FORM_A_LABELS:
        assert label in found, label
    order = [found.index(label) for label in FORM_A_LABELS[:18]]
    assert order == sorted(order)
    assert "Student A" in found and "Student B" in found
    assert 'id="student-0"' in page and 'id="student-1"' in page
    assert 'name="students-1-detained_minutes"' in page


@pytest.mark.req("VII.4")
@pytest.mark.req("VII.5")
def test_there_is_no_name_field_and_no_upload_of_any_kind(client_for, member):
    report = draft(member("sro"), students=2)
    page = client_for("sro").get(url(report)).content.decode()
    assert 'type="file"' not in page and "multipart" not in page
    names = set(re.findall(r'name="([^"]+)"', page))
    assert not [n for n in names if "name" in n and n != "sro_name"]
    assert not {f.name for f in FormAStudent._meta.get_fields()} & {"name", "first_name", "last_name", "student_id"}


@pytest.mark.req("VII.3")
def test_the_school_affiliation_offers_only_the_sros_schools(client_for, member):
    report = draft(member("sro"))
    page = client_for("sro").get(url(report)).content.decode()
    assert "Staples High School" in page and "Bedford Middle School" in page
    assert "Coleytown Middle School" not in page
    other = member("sro2").primary_school
    client_for("sro").post(url(report), post_data(report, school=str(other.pk)))
    report.refresh_from_db()
    assert report.school == member("sro").primary_school


@pytest.mark.req("VII.3")
def test_add_a_student_works_without_javascript_and_keeps_what_was_typed(client_for, member):
    report = draft(member("sro"))
    response = client_for("sro").post(url(report), post_data(report, location="Gym", add_student="1"))
    assert response.status_code == 302
    assert response["Location"].endswith("#student-1")
    report.refresh_from_db()
    assert report.location == "Gym"
    assert [s.label for s in report.students.all()] == ["Student A", "Student B"]
    page = client_for("sro").get(url(report)).content.decode()
    assert "<legend>Student B</legend>" in page


@pytest.mark.req("VII.3")
def test_removing_a_student_relabels_the_ones_after_it(client_for, member):
    report = draft(member("sro"), students=2)
    client_for("sro").post(url(report), post_data(report, add_student="1"))
    report.refresh_from_db()
    third = report.students.get(position=2)
    response = client_for("sro").post(url(report), post_data(report, remove_student="1"))
    assert response.status_code == 302
    assert [(s.label, s.pk) for s in report.students.order_by("position")][1] == ("Student B", third.pk)
    assert AuditEntry.objects.filter(action="form_a.student_removed").exists()


def test_the_only_student_cannot_be_removed(client_for, member):
    report = draft(member("sro"))
    client = client_for("sro")
    response = client.post(url(report), post_data(report, remove_student="0"), follow=True)
    assert "A report needs at least one student." in response.content.decode()
    assert report.students.count() == 1


@pytest.mark.req("VII.3")
def test_htmx_swaps_the_student_blocks_without_a_reload(client_for, member):
    report = draft(member("sro"))
    page = client_for("sro").get(url(report)).content.decode()
    assert 'hx-select="#students"' in page and 'name="add_student"' in page
    assert 'hx-trigger="change, input delay:2s"' in page


@pytest.mark.req("VII.2")
def test_autosave_keeps_what_is_valid_and_says_what_it_could_not_save(client_for, member, calendar):
    # Noon on a Tuesday: midnight UTC is still Monday in Westport, and a draft refuses a future date.
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 17, 12)), tick=False):
        report = draft(member("sro"), incident_date=date(2026, 11, 16))
        data = post_data(report, location="Library", incident_date="2026-11-17", **{"students-0-age": "sixteen"})
        response = client_for("sro").post(url(report, "reporting:save"), data)
        report.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert report.location == "Library"
    assert report.students.get().age == 16  # the bad value was not saved over the good one
    assert "Student A: Age" in body
    from schoolcalendar.days import due_date

    assert report.due_date == due_date(report.agreement, date(2026, 11, 17))
    assert "Due " in body


@pytest.mark.req("VII.2")
def test_each_draft_shows_its_due_date_and_the_school_days_left(client_for, member, calendar):
    from schoolcalendar.days import due_date, for_district

    sro = member("sro")
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 17, 9)), tick=False):
        first = draft(sro, incident_date=date(2026, 11, 16))
        second = draft(sro, incident_date=date(2026, 11, 17))
        page = client_for("sro").get(reverse("reporting:mine", kwargs={"slug": "westport"})).content.decode()
    days = for_district(sro.agreement.district)
    for report in (first, second):
        assert report.due_date == due_date(sro.agreement, report.incident_date)
        left = days.school_days_between(date(2026, 11, 17), report.due_date)
        assert f"Due {report.due_date:%a}, " in page
        assert f"{left} school days left" in page


def test_save_draft_button_saves_and_says_so(client_for, member):
    report = draft(member("sro"))
    response = client_for("sro").post(url(report), post_data(report, location="Hallway B", save="1"), follow=True)
    assert "Draft saved." in response.content.decode()
    report.refresh_from_db()
    assert report.location == "Hallway B"
    assert report.status == FormA.Status.DRAFT


def _review(client, report, **overrides):
    return client.post(url(report), post_data(report, review="1", **overrides))


@pytest.mark.req("VII.3")
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"students-0-detained": "on"}, "Student A is marked “Detained”: note how long the student was detained"),
        ({"disposition_other": "on"}, "“Other” is checked: describe the other disposition."),
        ({"disposition_arrest": "on"}, "“Arrest of student(s)” is checked, but no student is marked “Arrested”."),
        ({"students-0-searched": None}, "“Search of student(s) by SRO” is checked, but no student is marked"),
        ({"students-0-cited": "on"}, "Student A is marked “Issued a citation or a summons”, but the disposition"),
        ({"students-0-age": "2"}, "Enter an age from 3 to 22."),
        ({"students-0-age": "23"}, "Enter an age from 3 to 22."),
        ({"students-0-gender": None}, "Choose Student A’s gender."),
        ({"location": None}, "Enter the location of the incident."),
        ({"escalated_to_violence": "False"}, "may not be reported in this form"),
        (
            {"disposition_referral_admin": None, "disposition_search": None, "students-0-searched": None},
            "Check at least one disposition.",
        ),
        ({"incident_date": "2023-11-27"}, "cannot be before the agreement took effect (November 28, 2023)."),
    ],
)
def test_review_refuses_an_incomplete_or_inconsistent_report_with_a_specific_message(
    client_for, member, overrides, message
):
    report = draft(member("sro"))
    response = _review(client_for("sro"), report, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "to correct before you can sign" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.DRAFT and not report.number


@pytest.mark.req("VII.3")
def test_a_date_in_the_future_is_refused(client_for, member):
    report = draft(member("sro"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = _review(client_for("sro"), report, incident_date=tomorrow)
    assert "cannot be in the future" in response.content.decode()


@pytest.mark.req("VII.3")
def test_a_report_with_no_student_is_refused(client_for, member):
    report = draft(member("sro"))
    report.students.all().delete()
    response = _review(client_for("sro"), report)
    assert "Add at least one student" in response.content.decode()


@pytest.mark.req("VII.3")
def test_a_complete_report_goes_on_to_the_signature(client_for, member):
    report = draft(member("sro"), students=2)
    response = _review(client_for("sro"), report)
    assert response.status_code == 302
    assert response["Location"] == url(report, "reporting:sign")


@pytest.mark.req("VII.4")
@pytest.mark.parametrize(
    "text",
    [
        "Call her mother at 203-555-0143.",
        "Student A (jdoe27@students.example.org) said",
        "Student B, DOB 4/12/2010, ran",
    ],
)
def test_identifiers_in_free_text_block_the_report_and_the_page_shows_the_words(client_for, member, text):
    report = draft(member("sro"))
    response = _review(client_for("sro"), report, reason_and_nature=text)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Remove these words" in page
    assert report.status == FormA.Status.DRAFT


def test_another_sros_draft_is_not_found(client_for, member):
    report = draft(member("sro"))
    assert client_for("sro2").get(url(report)).status_code == 404
    assert client_for("sro2").post(url(report, "reporting:save"), post_data(report)).status_code == 404


def test_a_draft_can_be_discarded(client_for, member):
    report = draft(member("sro"))
    response = client_for("sro").post(url(report, "reporting:discard"))
    assert response.status_code == 302
    assert not FormA.objects.filter(pk=report.pk).exists()
    assert AuditEntry.objects.filter(action="form_a.draft_discarded").exists()


@pytest.mark.req("VII.7")
def test_the_form_page_is_never_cached(client_for, member):
    report = draft(member("sro"))
    assert "no-store" in client_for("sro").get(url(report))["Cache-Control"]
