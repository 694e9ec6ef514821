"""The Chief receives, or returns for correction; the Superintendent is cc'd (VII.8, VII.10)."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail
from django.urls import reverse

from agreements.demo import demo_password
from audit.models import AuditEntry
from reporting import actions
from reporting.forms import CONFIDENTIALITY
from reporting.models import FormA, FormAVersion
from reporting.tests.filing import actor, draft, post_data, received, run_queued, submitted


def url(report: FormA, name: str) -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


@pytest.mark.req("VII.8")
def test_opening_a_report_is_audited_and_shows_the_acknowledgment_to_sign(client_for, member):
    report = submitted(member("sro"), students=2)
    response = client_for("chief").get(url(report, "reporting:review"))
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert report.location in page and "Student B" in page
    assert "I, the Westport Police Department Chief of Police, received this report on: " in page
    assert CONFIDENTIALITY in page
    assert AuditEntry.objects.filter(action="form_a.viewed", object_id=str(report.pk), actor__username="chief").exists()


@pytest.mark.req("VII.8")
def test_receipt_is_signed_kept_and_ccs_the_superintendent_without_content_and_the_worker_stores_the_pdf(
    client_for, member, django_capture_on_commit_callbacks
):
    report = submitted(member("sro"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("chief").post(url(report, "reporting:receive"), {"signature": demo_password()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == FormA.Status.RECEIVED
    assert report.received_by.username == "chief" and report.received_by_name == "Chief Alan Mercer"
    kept = FormAVersion.objects.get(report=report, event="received")
    entry = AuditEntry.objects.get(action="form_a.received")
    assert entry.changes["content_sha256"] == actions.content_sha256(kept.snapshot)
    assert entry.changes["acknowledged_confidentiality"]
    [email] = [m for m in mail.outbox if "superintendent@" in m.to[0]]
    assert report.number in email.subject and "cc: Superintendent of Schools" in email.body
    for content in (report.location, report.reason_and_nature, "Student A", "Female"):
        assert content not in email.body and content not in email.subject
    # The Chief did not wait for the PDF: the worker lays it out, once.
    assert not report.pdf
    assert run_queued("reporting.tasks.store_received_pdf") == 1
    report.refresh_from_db()
    assert report.pdf and report.pdf.read().startswith(b"%PDF")
    report.pdf.seek(0)
    assert hashlib.sha256(report.pdf.read()).hexdigest() == report.pdf_sha256
    stored = AuditEntry.objects.get(action="form_a.pdf_stored")
    assert stored.changes == {"number": report.number, "pdf_sha256": report.pdf_sha256} and stored.seq > entry.seq


@pytest.mark.req("VII.8")
def test_the_receipts_content_digest_is_the_kept_versions_whichever_way_its_values_come_back():
    snapshot = {"number": "2026-0001", "age": 16, "minutes": 45.0, "students": [{"b": 1, "a": "Ü"}]}
    reordered = {"students": [{"a": "Ü", "b": 1.0}], "minutes": 45, "age": 16, "number": "2026-0001"}
    assert actions.content_sha256(snapshot) == actions.content_sha256(reordered)
    assert actions.content_sha256(snapshot) != actions.content_sha256(snapshot | {"age": 17})


@pytest.mark.req("VII.8")
def test_a_wrong_signature_records_no_receipt(client_for, member):
    report = submitted(member("sro"))
    response = client_for("chief").post(url(report, "reporting:receive"), {"signature": "guess"})
    assert response.status_code == 200
    assert "That is not your password" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED and not report.pdf
    assert AuditEntry.objects.filter(action="form_a.receipt_refused", outcome="refused").exists()


@pytest.mark.req("VII.8")
def test_a_received_report_cannot_be_received_again_or_returned(client_for, member):
    report = submitted(member("sro"))
    chief = member("chief")
    actions.do_receive(actor(chief), report, chief, signature="password")
    with pytest.raises(actions.WrongState):
        actions.do_receive(actor(chief), report, chief, signature="password")
    with pytest.raises(actions.WrongState):
        actions.do_return(actor(chief), report, chief, reason="Typo")
    assert AuditEntry.objects.filter(action="form_a.received").count() == 1


@pytest.mark.req("VII.8")
def test_returning_needs_a_reason(client_for, member):
    report = submitted(member("sro"))
    response = client_for("chief").post(url(report, "reporting:return"), {"reason": "   "})
    assert "This field is required." in response.content.decode() or "Write why" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED


@pytest.mark.req("VII.8")
def test_a_returned_report_opens_again_for_its_sro_keeps_its_versions_its_due_date_and_its_late_flag(
    client_for, member, django_capture_on_commit_callbacks
):
    sro = member("sro")
    report = submitted(sro)
    FormA.objects.filter(pk=report.pk).update(school_days_late=2)  # as if filed two school days late
    report.refresh_from_db()
    due, number = report.due_date, report.number
    with django_capture_on_commit_callbacks(execute=True):
        client_for("chief").post(url(report, "reporting:return"), {"reason": "The time is missing its a.m./p.m."})
    report.refresh_from_db()
    assert report.status == FormA.Status.RETURNED
    [email] = [m for m in mail.outbox if "sro@" in m.to[0]]
    assert number in email.subject
    assert "The time is missing" not in email.body  # email carries no report content; the page does

    client = client_for("sro")
    page = client.get(url(report, "reporting:edit")).content.decode()
    assert "Returned for correction." in page and "The time is missing its a.m./p.m." in page
    client.post(url(report, "reporting:edit"), post_data(report, location="Cafeteria, west side"))
    client.post(url(report, "reporting:sign"), {"signature": demo_password()})
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED and report.version == 2
    assert (report.number, report.due_date, report.school_days_late) == (number, due, 2)
    assert client.get(url(report, "reporting:edit")).status_code == 404
    events = list(FormAVersion.objects.filter(report=report).values_list("version", "event"))
    assert events == [(1, "submitted"), (1, "returned"), (2, "submitted")]
    snapshots = FormAVersion.objects.filter(report=report).order_by("at")
    assert snapshots[0].snapshot["location"] == "Cafeteria, east side"
    assert snapshots[2].snapshot["location"] == "Cafeteria, west side"


@pytest.mark.req("VII.10")
def test_on_the_chiefs_route_the_superintendent_does_not_receive(client_for, member):
    report = submitted(member("sro"))
    assert client_for("superintendent").get(url(report, "reporting:review")).status_code == 403
    with pytest.raises(Exception, match="do not receive"):
        actions.do_receive(actor(member("superintendent")), report, member("superintendent"), signature="password")


@pytest.mark.req("VII.10")
def test_when_the_chief_is_not_post_certified_the_superintendent_receives_and_forwards_to_the_board(client_for, member):
    sro = member("sro")
    sro.agreement.chief_post_certified = False
    sro.agreement.save()
    report = submitted(sro)
    assert client_for("chief").get(url(report, "reporting:review")).status_code == 403
    assert client_for("chief").get(reverse("reporting:inbox", kwargs={"slug": "westport"})).status_code == 403
    client = client_for("superintendent")
    page = client.get(reverse("reporting:inbox", kwargs={"slug": "westport"})).content.decode()
    assert report.number in page
    page = client.get(url(report, "reporting:review")).content.decode()
    assert "I, the Superintendent of Schools for Westport Public Schools, received this report on: " in page
    client.post(url(report, "reporting:receive"), {"signature": demo_password()})
    report.refresh_from_db()
    assert report.status == FormA.Status.RECEIVED and report.received_by.username == "superintendent"
    client.post(url(report, "reporting:forward"))
    report.refresh_from_db()
    assert report.forwarded_to_board_at is not None
    assert AuditEntry.objects.filter(action="form_a.forwarded_to_board").count() == 1
    response = client.post(url(report, "reporting:forward"), follow=True)
    assert "already forwarded" in response.content.decode()


@pytest.mark.req("VII.10")
def test_on_the_chiefs_route_forwarding_to_the_board_is_refused(client_for, member):
    chief = member("chief")
    report = submitted(member("sro"))
    actions.do_receive(actor(chief), report, chief, signature="password")
    response = client_for("superintendent").post(url(report, "reporting:forward"))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.forwarded_to_board_at is None


def test_a_draft_is_not_in_anyones_inbox(client_for, member):
    report = draft(member("sro"))
    assert client_for("chief").get(url(report, "reporting:review")).status_code == 404


@pytest.mark.req("VII.4")
@pytest.mark.req("S.4")
def test_a_return_reason_that_identifies_a_student_is_refused_and_nothing_changes(client_for, member):
    report = submitted(member("sro"))
    response = client_for("chief").post(
        url(report, "reporting:return"), {"reason": "Ask the parent at parent.of.a@example.org about the time."}
    )
    assert "the reason may not identify a student" in response.content.decode()
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED and report.returned_reason == ""


@pytest.mark.req("VII.11")
@pytest.mark.req("S.3")
def test_the_receiver_downloads_the_stored_pdf_and_the_download_is_audited(client_for, member):
    report = received(member("sro"), member("chief"))
    assert report.pdf
    response = client_for("chief").get(url(report, "reporting:pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == report.pdf_sha256
    entry = AuditEntry.objects.get(action="form_a.pdf_downloaded")
    assert entry.changes["sha256"] == report.pdf_sha256


@pytest.mark.req("VII.11")
def test_a_pdf_the_worker_has_not_laid_out_yet_is_laid_out_for_the_download_and_kept(client_for, member):
    chief = member("chief")
    report = actions.do_receive(actor(chief), submitted(member("sro")), chief, signature="password")
    assert not report.pdf
    response = client_for("chief").get(url(report, "reporting:pdf"))
    assert response.status_code == 200
    report.refresh_from_db()
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == report.pdf_sha256
    # The worker, coming to it afterwards, finds it stored and leaves it.
    assert run_queued("reporting.tasks.store_received_pdf") == 1
    assert AuditEntry.objects.filter(action="form_a.pdf_stored").count() == 1
    assert FormA.objects.get(pk=report.pk).pdf_sha256 == report.pdf_sha256


@pytest.mark.req("VII.11")
def test_a_report_not_yet_received_has_no_pdf_to_download(client_for, member):
    report = submitted(member("sro"))
    assert client_for("chief").get(url(report, "reporting:pdf")).status_code == 404
