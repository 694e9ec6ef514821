"""Bounded input on Form A: dates, numbers and lengths that fit their meaning, at every save as
well as at submit, and 400 for a form that was tampered with (S.4, VII.3)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reporting import actions
from reporting.models import FormA, FormAStudent
from reporting.tests.filing import actor, calendar_fixture, draft, post_data  # noqa: F401


def url(report: FormA, name: str = "reporting:edit") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


@pytest.mark.req("S.4")
@pytest.mark.parametrize("name", ["reporting:edit", "reporting:save"])
def test_a_draft_never_stores_an_incident_date_in_the_year_9999(client_for, member, name):
    report = draft(member("sro"))
    before = report.incident_date
    response = client_for("sro").post(url(report, name), post_data(report, incident_date="9999-12-31"))
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    assert report.incident_date == before


@pytest.mark.req("S.4")
def test_a_draft_says_why_an_incident_date_before_the_agreement_is_not_saved(client_for, member):
    report = draft(member("sro"))
    data = post_data(report, incident_date="2016-03-01", review="1")
    page = client_for("sro").post(url(report), data).content.decode()
    assert "cannot be before the agreement took effect" in page
    report.refresh_from_db()
    assert report.incident_date != date(2016, 3, 1)


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    ("field", "value"),
    [("age", "40000"), ("age", "2"), ("age", "23"), ("detained_minutes", "2147483647"), ("detained_minutes", "1441")],
)
def test_a_draft_never_stores_an_implausible_age_or_detention(client_for, member, field, value):
    report = draft(member("sro"), disposition_arrest=False)
    student = report.students.get()
    overrides = {f"students-0-{field}": value}
    if field == "detained_minutes":
        overrides["students-0-detained"] = "on"
    client = client_for("sro")
    client.post(url(report, "reporting:save"), post_data(report, **overrides))
    page = client.post(url(report), post_data(report, review="1", **overrides)).content.decode()
    stored = FormAStudent.objects.get(pk=student.pk)
    assert getattr(stored, field) == getattr(student, field)
    message = "Enter an age from 3 to 22." if field == "age" else "at most 1440 minutes (24 hours)"
    assert message in page


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    ("field", "value"),
    [("age", 40000), ("age", 0), ("detained_minutes", 2147483647), ("detained_minutes", 0)],
)
def test_the_save_action_itself_refuses_an_implausible_number(member, field, value):
    sro = member("sro")
    report = draft(sro)
    student = report.students.get()
    with pytest.raises(ValidationError):
        actions.do_save_draft(actor(sro), report, sro, fields={}, students={student.pk: {field: value}})
    assert getattr(FormAStudent.objects.get(pk=student.pk), field) == getattr(student, field)


@pytest.mark.req("S.4")
def test_the_save_action_itself_refuses_a_date_outside_the_agreement_and_an_overlong_narrative(member):
    sro = member("sro")
    report = draft(sro)
    for fields in ({"incident_date": date(9999, 12, 31)}, {"reason_and_nature": "x" * 5000}):
        with pytest.raises(ValidationError):
            actions.do_save_draft(actor(sro), report, sro, fields=fields)
    report.refresh_from_db()
    assert report.incident_date != date(9999, 12, 31)
    assert len(report.reason_and_nature) < 5000


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "tamper",
    [
        {"students-0-id": "abc"},
        {"students-0-id": "99999999999999999999999"},
        {"students-0-id": None},
        {"students-INITIAL_FORMS": "5", "students-TOTAL_FORMS": "5"},
        {"students-TOTAL_FORMS": "2"},
        {"students-TOTAL_FORMS": "x"},
        {"students-INITIAL_FORMS": "-1"},
    ],
    ids=["letters", "huge", "missing", "initial-above-count", "extra-form", "total-not-a-number", "negative"],
)
@pytest.mark.parametrize("name", ["reporting:edit", "reporting:save"])
def test_a_tampered_student_formset_gets_400_and_changes_nothing(client_for, member, tamper, name):
    report = draft(member("sro"))
    data = post_data(report, location="Gym", **tamper)
    response = client_for("sro").post(url(report, name), data)
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.location != "Gym"


@pytest.mark.req("S.4")
def test_another_reports_student_id_gets_400(client_for, member):
    mine = draft(member("sro"))
    other = draft(member("sro"))
    data = post_data(mine, **{"students-0-id": str(other.students.get().pk), "students-0-age": "9"})
    assert client_for("sro").post(url(mine, "reporting:save"), data).status_code == 400
    assert other.students.get().age != 9


@pytest.mark.req("VII.3")
@pytest.mark.parametrize(
    ("field", "limit"), [("reason_and_nature", 3000), ("location", 200), ("disposition_other_text", 300)]
)
def test_each_free_text_field_says_its_limit_and_a_longer_text_is_not_saved(client_for, member, field, limit):
    report = draft(member("sro"))
    client = client_for("sro")
    page = client.get(url(report)).content.decode()
    assert f"Up to {limit:,} characters." in page
    assert f'maxlength="{limit}"' in page
    client.post(url(report, "reporting:save"), post_data(report, **{field: "y" * (limit + 1)}))
    report.refresh_from_db()
    assert getattr(report, field) != "y" * (limit + 1)
    client.post(url(report, "reporting:save"), post_data(report, **{field: "y" * limit}))
    report.refresh_from_db()
    assert getattr(report, field) == "y" * limit


@pytest.mark.req("S.4")
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2016-01", "99999-01"])
def test_the_inbox_refuses_a_month_outside_the_agreement_with_a_message(client_for, month):
    response = client_for("chief").get(reverse("reporting:inbox", kwargs={"slug": "westport"}), {"month": month})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a month from November 2023 to" in page or "Enter a valid date" in page


@pytest.mark.req("S.4")
def test_a_draft_stored_before_the_bounds_cannot_be_submitted_with_an_overlong_narrative(client_for, member):
    sro = member("sro")
    report = draft(sro)
    FormA.objects.filter(pk=report.pk).update(reason_and_nature="z" * 3001)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match=r"is limited to 3,000 characters: shorten it\."):
        actions.do_submit(actor(sro), report, sro, signature="password")
    page = client_for("sro").get(url(report, "reporting:sign"), follow=True).content.decode()
    assert "Form A is not complete yet" in page
    report.refresh_from_db()
    assert report.status == FormA.Status.DRAFT


@pytest.mark.req("S.4")
def test_the_return_reason_says_its_limit_and_a_longer_one_is_refused(client_for, member):
    from reporting.tests.filing import submitted

    report = submitted(member("sro"))
    chief = client_for("chief")
    page = chief.get(url(report, "reporting:review")).content.decode()
    assert "Up to 2,000 characters." in page
    response = chief.post(url(report, "reporting:return"), {"reason": "r" * 2001})
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED
    with pytest.raises(ValidationError):
        actions.do_return(actor(member("chief")), report, member("chief"), reason="r" * 2001)


@pytest.mark.req("S.4")
def test_a_text_that_normalisation_lengthens_past_its_limit_is_not_saved(client_for, member):
    report = draft(member("sro"))
    # 12 characters as typed, 216 once NFKC-normalised: the model validators catch what the form field passed.
    typed = "\ufdfa" * 12
    response = client_for("sro").post(url(report, "reporting:save"), post_data(report, location=typed))
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.location == "Cafeteria, east side"
