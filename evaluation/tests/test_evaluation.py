"""The district's feedback on the SRO (X.1) and the Superintendent's written concerns, on which
the Chief records a decision after considering them (X.2)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.log import Actor
from audit.models import AuditEntry
from evaluation.actions import do_decide_concerns, do_record_feedback, do_send_concerns, read_document
from evaluation.models import Concern, ConcernDocument, Feedback
from notices.models import Notice

ACTOR = Actor.system("test")
NOW = datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("America/New_York"))
PDF = b"%PDF-1.4\n% a synthetic memo\n"


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW):
        yield


@pytest.mark.req("X.1")
def test_a_principals_feedback_reaches_the_chief(member):
    feedback = do_record_feedback(
        ACTOR,
        member("principal"),
        sro=member("sro"),
        kind="informal",
        given_on=date(2026, 11, 19),
        summary="Helpful at\u00a0dismissal;\r\n  students trust him.",
    )
    assert feedback.summary == "Helpful at dismissal;\nstudents trust him."
    assert list(Notice.objects.values_list("recipient__username", "kind")) == [("chief", "sro_feedback")]


@pytest.mark.req("X.1")
@pytest.mark.req("S.4")
def test_feedback_by_the_police_on_a_non_sro_in_the_future_or_naming_a_student_is_refused(member):
    from students import actions as student_actions
    from students.tests.bundles import bundle, person

    student_actions.do_import_roster(
        ACTOR, member("sro").agreement, bundle([person("s1", "Hope", "Bellweather", org="wps-shs")])
    )
    base = {"sro": member("sro"), "kind": "formal", "given_on": date(2026, 11, 19), "summary": "Good work."}
    cases = [
        (member("chief"), {}, "comes from the Superintendent's office or a principal"),
        (member("principal"), {"sro": member("ssu")}, "School Resource Officers"),
        (member("principal"), {"given_on": date(2026, 11, 21)}, "cannot be in the future"),
        (member("principal"), {"summary": "Calmed Hope Bellweather down."}, "Leave students out"),
        (member("principal"), {"summary": " \n "}, "Write what it says"),
    ]
    for who, change, message in cases:
        with pytest.raises(ValidationError, match=message):
            do_record_feedback(ACTOR, who, **(base | change))
    assert not Feedback.objects.exists()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.req("X.2")
def test_concerns_go_to_the_chief_with_their_documents_stored_by_sha256(member, settings):
    doc = read_document(upload("../../etc/Memo <1>.pdf", PDF))
    assert (doc.name, doc.content_type, doc.sha256) == (
        "Memo _1_.pdf",
        "application/pdf",
        hashlib.sha256(PDF).hexdigest(),
    )
    concern = do_send_concerns(
        ACTOR,
        member("superintendent"),
        sro=member("sro"),
        written_on=date(2026, 11, 18),
        summary="Missed two Climate Committee meetings.",
        documents=[doc],
    )
    stored = concern.documents.get()
    assert stored.file.read() == PDF
    assert stored.file.name.endswith(doc.sha256)
    entry = AuditEntry.objects.get(action="evaluation.concerns_sent")
    assert entry.changes["documents"] == [{"name": "Memo _1_.pdf", "sha256": doc.sha256}]
    assert Notice.objects.get().recipient.username == "chief"


@pytest.mark.req("X.2")
@pytest.mark.req("S.4")
def test_a_document_that_is_not_pdf_png_or_jpeg_or_too_large_is_refused(settings):
    with pytest.raises(ValidationError, match="not a PDF, PNG or JPEG"):
        read_document(upload("memo.pdf", b"MZ\x90\x00 an executable"))
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        read_document(upload("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)))


@pytest.mark.req("X.2")
def test_the_chief_decides_after_considering_once_and_the_superintendent_is_told(member):
    concern = do_send_concerns(
        ACTOR, member("superintendent"), sro=member("sro"), written_on=date(2026, 11, 18), summary="Late.", documents=[]
    )
    base = {"decision": "reassign", "decided_on": date(2026, 11, 20), "note": "", "considered": True}
    for who, change, message in [
        (member("superintendent"), {}, "The Chief of Police decides"),
        (member("chief"), {"considered": False}, "Confirm that you considered"),
        (member("chief"), {"decided_on": date(2026, 11, 17)}, "cannot come before"),
        (member("chief"), {"decision": "promote"}, "no change, reassign or dismiss"),
    ]:
        with pytest.raises(ValidationError, match=message):
            do_decide_concerns(ACTOR, who, concern.pk, **(base | change))
    do_decide_concerns(ACTOR, member("chief"), concern.pk, **base)
    assert Concern.objects.get().get_decision_display() == "Reassign the SRO"
    with pytest.raises(ValidationError, match="already recorded"):
        do_decide_concerns(ACTOR, member("chief"), concern.pk, **base)
    assert Notice.objects.filter(kind="sro_concerns_decided", recipient__username="superintendent").exists()


@pytest.mark.req("X.2")
@pytest.mark.req("S.3")
def test_a_document_download_is_audited_and_not_cached_and_the_page_works_by_form(client_for, member):
    office = client_for("superintendent")
    sro = member("sro")
    response = office.post(
        "/westport/evaluation/concerns/new/",
        {
            "sro": sro.pk,
            "written_on": "2026-11-18",
            "summary": "Missed meetings.",
            "documents": [upload("a.pdf", PDF), upload("b.png", b"\x89PNG\r\n\x1a\n...")],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    concern = Concern.objects.get()
    assert concern.documents.count() == 2
    doc = concern.documents.first()
    download = client_for("chief").get(f"/westport/evaluation/concerns/{concern.pk}/documents/{doc.pk}/")
    assert download["Cache-Control"] == "no-store"
    assert b"".join(download.streaming_content) == PDF
    assert AuditEntry.objects.get(action="evaluation.document_viewed").changes == {"sha256": doc.sha256}


@pytest.mark.req("S.4")
def test_a_bad_document_in_the_form_stores_nothing(client_for, member):
    response = client_for("superintendent").post(
        "/westport/evaluation/concerns/new/",
        {
            "sro": member("sro").pk,
            "written_on": "2026-11-18",
            "summary": "x",
            "documents": [upload("a.pdf", PDF), upload("evil.pdf", b"<script>")],
        },
    )
    assert response.status_code == 200
    assert "not a PDF, PNG or JPEG" in str(response.context["form"].errors)
    assert not Concern.objects.exists() and not ConcernDocument.objects.exists()


@pytest.mark.req("X.1")
def test_a_principal_sees_only_the_feedback_they_gave_and_no_concerns(client_for, member):
    do_record_feedback(
        ACTOR,
        member("superintendent"),
        sro=member("sro"),
        kind="formal",
        given_on=date(2026, 11, 1),
        summary="Annual review: strong.",
    )
    do_send_concerns(
        ACTOR,
        member("superintendent"),
        sro=member("sro2"),
        written_on=date(2026, 11, 18),
        summary="Late.",
        documents=[],
    )
    page = client_for("principal").get("/westport/evaluation/")
    assert list(page.context["feedback"]) == [] and not page.context["concerns"]
    chief = client_for("chief").get("/westport/evaluation/")
    assert len(chief.context["feedback"]) == 1 and len(chief.context["concerns"]) == 1
