"""Submitting is the SRO's signature; afterwards the SRO cannot open the report (VII.7)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from agreements.demo import demo_code, demo_password
from audit.models import AuditEntry
from reporting import actions
from reporting.forms import CERTIFICATION, NAMES_CONFIRMATION
from reporting.models import FormA, FormAVersion
from reporting.tests.filing import actor, calendar_fixture, draft, post_data  # noqa: F401


def url(report: FormA, name: str = "reporting:sign") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


MINE = reverse("reporting:mine", kwargs={"slug": "westport"})


@pytest.mark.req("VII.7")
def test_the_signature_page_shows_form_as_certification_word_for_word(client_for, member):
    report = draft(member("sro"))
    page = client_for("sro").get(url(report)).content.decode()
    assert CERTIFICATION in page
    assert CERTIFICATION.startswith("By signing below, I certify that the information I have provided")
    assert "I have not maintained a copy of this report" in CERTIFICATION
    assert "Your password or authenticator code" in page
    assert "no-store" in client_for("sro").get(url(report))["Cache-Control"]


@pytest.mark.req("VII.7")
def test_signing_with_the_password_submits_numbers_and_audits_the_report(client_for, member):
    report = draft(member("sro"), students=2)
    with time_machine.travel(timezone.now(), tick=False):
        response = client_for("sro").post(url(report), {"signature": demo_password()})
    assert response.status_code == 302 and response["Location"] == MINE
    report.refresh_from_db()
    year = timezone.localdate().year
    assert report.status == FormA.Status.SUBMITTED
    assert report.number == f"{year}-0001"
    assert report.first_submitted_at == report.submitted_at
    entry = AuditEntry.objects.get(action="form_a.submitted")
    assert entry.changes["signature"] == "password" and entry.changes["number"] == report.number
    assert demo_password() not in str(entry.changes)
    version = FormAVersion.objects.get(report=report)
    assert (version.version, version.event) == (1, "submitted")
    assert [s["label"] for s in version.snapshot["students"]] == ["Student A", "Student B"]


@pytest.mark.req("VII.7")
def test_signing_with_an_authenticator_code_works_too(client_for, member):
    report = draft(member("sro"))
    client_for("sro").post(url(report), {"signature": demo_code()})
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED
    assert AuditEntry.objects.get(action="form_a.submitted").changes["signature"] == "totp"


@pytest.mark.req("VII.7")
def test_a_wrong_signature_submits_nothing_and_is_audited_as_refused(client_for, member):
    report = draft(member("sro"))
    response = client_for("sro").post(url(report), {"signature": "not-my-password"})
    assert response.status_code == 200
    assert "That is not your password or a current authenticator code." in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.DRAFT and not report.number
    assert AuditEntry.objects.filter(action="form_a.submit_refused", outcome="refused").exists()


@pytest.mark.req("VII.7")
def test_after_submission_the_sro_cannot_open_the_report_and_sees_only_a_receipt(client_for, member, calendar):
    report = draft(member("sro"))
    client = client_for("sro")
    client.post(url(report), {"signature": demo_password()})
    report.refresh_from_db()
    for name in ("reporting:edit", "reporting:sign"):
        assert client.get(url(report, name)).status_code == 404
    assert client.post(url(report, "reporting:save"), post_data(report)).status_code == 404
    page = client.get(MINE).content.decode()
    assert report.number in page and "Staples High School" in page and "On time" in page
    assert report.location not in page and "Student A" not in page
    assert "no-store" in client.get(MINE)["Cache-Control"]


@pytest.mark.req("VII.7")
def test_submitting_twice_files_one_report(client_for, member):
    report = draft(member("sro"))
    client = client_for("sro")
    first = client.post(url(report), {"signature": demo_password()})
    second = client.post(url(report), {"signature": demo_password()})
    assert first.status_code == second.status_code == 302
    assert FormA.objects.filed().count() == 1
    assert FormAVersion.objects.filter(report=report).count() == 1
    assert AuditEntry.objects.filter(action="form_a.submitted").count() == 1
    with pytest.raises(actions.NotEditable):
        actions.do_submit(actor(member("sro")), report, member("sro"), signature="password")


@pytest.mark.req("VII.7")
def test_the_conditional_update_refuses_a_report_submitted_by_a_racing_request(member, monkeypatch):
    """Two requests read the draft; the second one's update finds it submitted and files nothing."""
    sro = member("sro")
    report = draft(sro)
    original = actions._editable

    def read_then_twin_commits(pk, membership):
        stale = original(pk, membership)
        FormA.objects.filter(pk=pk).update(status=FormA.Status.SUBMITTED, number="2099-0001")
        return stale

    monkeypatch.setattr(actions, "_editable", read_then_twin_commits)
    with pytest.raises(actions.NotEditable):
        actions.do_submit(actor(sro), report, sro, signature="password")
    assert not FormAVersion.objects.exists()


def test_numbers_run_on_per_agreement_and_year(member):
    sro, sro2 = member("sro"), member("sro2")
    numbers = [actions.do_submit(actor(m), draft(m), m, signature="password").number for m in (sro, sro2, sro)]
    year = timezone.localdate().year
    assert numbers == [f"{year}-0001", f"{year}-0002", f"{year}-0003"]


@pytest.mark.req("VII.2")
def test_a_late_report_is_accepted_and_flagged_with_its_school_days_late(client_for, member, calendar):
    from schoolcalendar.days import due_date, for_district

    sro = member("sro")
    incident = date(2026, 11, 2)
    due = due_date(sro.agreement, incident)
    submit_on = date(2026, 11, 20)
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 11, 20, 15)), tick=False):
        report = draft(sro, incident_date=incident)
        client_for("sro").post(url(report), {"signature": demo_password()})
        report.refresh_from_db()
        page = client_for("sro").get(MINE).content.decode()
    late = for_district(sro.agreement.district).school_days_between(due, submit_on)
    assert report.status == FormA.Status.SUBMITTED
    assert report.due_date == due and report.school_days_late == late > 0
    assert f"Late ({late} school days)" in page


@pytest.mark.req("VII.4")
def test_words_that_may_be_names_need_the_sros_confirmation_which_is_audited(client_for, member, monkeypatch):
    from students import guard

    def scan_with(index, text, *, school=None):
        at = text.find("Riley")
        return [guard.Finding(at, at + 5, "given_name", "Riley", guard.CONFIRM)] if at >= 0 else []

    monkeypatch.setattr(guard, "scan_with", scan_with)
    report = draft(member("sro"), location="Riley Hall, second floor")
    client = client_for("sro")
    page = client.get(url(report)).content.decode()
    assert NAMES_CONFIRMATION in page and "“Riley”" in page
    response = client.post(url(report), {"signature": demo_password()})
    assert "Confirm that these words are not the names of students" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.DRAFT
    client.post(url(report), {"signature": demo_password(), "names_confirmed": "on"})
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED
    entry = AuditEntry.objects.get(action="form_a.submitted")
    # Where the words stand, never the words themselves (they may be a student's name).
    assert "Riley" not in entry.payload()
    location = report.location
    ((start, end),) = entry.changes["confirmed_not_student_names"]["location"]
    assert location[start:end] == "Riley"


def test_an_incomplete_draft_is_sent_back_to_the_form_from_the_signature_page(client_for, member):
    report = draft(member("sro"), location="")
    response = client_for("sro").get(url(report))
    assert response.status_code == 302 and response["Location"] == url(report, "reporting:edit")


@pytest.mark.req("VII.7")
def test_signing_checks_the_report_once_under_its_lock_and_sends_an_emptied_draft_back(client_for, member, monkeypatch):
    import reporting.views
    from reporting import forms

    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return forms.check_report(*args, **kwargs)

    monkeypatch.setattr(reporting.views, "check_report", counted)
    monkeypatch.setattr(actions, "check_report", counted)
    client = client_for("sro")
    report = draft(member("sro"))
    client.post(url(report), {"signature": demo_password()})
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED and len(calls) == 1  # do_submit's, under the lock

    # Emptied in another tab after "Review and sign": the signature is refused with what is missing.
    calls.clear()
    emptied = draft(member("sro"))
    FormA.objects.filter(pk=emptied.pk).update(location="")
    response = client.post(url(emptied), {"signature": demo_password()}, follow=True)
    assert response.redirect_chain[-1][0] == url(emptied, "reporting:edit")
    assert "Form A is not complete yet. Press “Review and sign” to see what is missing." in response.content.decode()
    emptied.refresh_from_db()
    assert emptied.status == FormA.Status.DRAFT and emptied.number == ""
    assert not AuditEntry.objects.filter(action="form_a.submitted", object_id=str(emptied.pk)).exists()


@pytest.mark.req("VII.4")
def test_a_name_the_guard_refuses_at_signing_is_never_put_in_a_message(client_for, member, monkeypatch):
    from django.contrib.messages import get_messages

    from students import guard

    # The roster changed after the text was saved: the guard now refuses a word in it.
    def scan_with(index, text, *, school=None):
        at = text.find("Riley")
        return [guard.Finding(at, at + 5, "full_name", "Riley", guard.BLOCK)] if at >= 0 else []

    report = draft(member("sro"), location="Riley Hall, second floor")
    monkeypatch.setattr(guard, "scan_with", scan_with)
    response = client_for("sro").post(url(report), {"signature": demo_password()})
    assert response.status_code == 302 and response["Location"] == url(report, "reporting:edit")
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Form A is not complete yet. Press “Review and sign” to see what is missing."]
    report.refresh_from_db()
    assert report.status == FormA.Status.DRAFT
