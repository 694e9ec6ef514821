"""To the Board (VII.10): each compilation the Superintendent receives goes to the Board on either
route, with a packet and the meeting's date; and the annual program review with small counts
suppressed (L.4)."""

from __future__ import annotations

import hashlib
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from audit.log import Actor
from audit.models import AuditEntry
from board import review
from board.actions import do_submit_to_board
from board.models import BoardSubmission
from reporting import compilation as compiling
from reporting.tests.factories_compilation import local, make_report

ACTOR = Actor.system("test")
NOW = datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW):
        yield


def sent(agreement, month=date(2026, 9, 1)):
    """The month's compilation as the Superintendent receives it (on the § 10-233p route, as prepared)."""
    compilation = compiling.do_prepare_compilation(ACTOR, agreement, month)
    if compilation.status == compilation.Status.PREPARED:
        compilation = compiling.do_send_compilation(ACTOR, compilation)
    return compilation


def text(pdf_bytes: bytes) -> str:
    import io

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_bytes)).pages)


@pytest.mark.req("VII.10")
@pytest.mark.parametrize("post_certified", [True, False])
def test_the_superintendent_submits_a_received_compilation_on_either_route(member, post_certified):
    agreement = member("superintendent").agreement
    agreement.chief_post_certified = post_certified
    agreement.save()
    compilation = sent(agreement)
    submission = do_submit_to_board(
        ACTOR, member("superintendent"), compilation, meeting_on=date(2026, 10, 20), includes_form_as=False
    )
    data = submission.packet.read()
    assert hashlib.sha256(data).hexdigest() == submission.packet_sha256
    words = text(data)
    assert "TO THE BOARD OF EDUCATION" in words and "October 20, 2026" in words
    assert "did not engage" in words  # September had no reports: the notice goes to the Board
    entry = AuditEntry.objects.get(action="board.compilation_submitted")
    assert entry.changes["sha256"] == submission.packet_sha256


@pytest.mark.req("VII.10")
def test_the_form_as_go_into_the_packet_only_where_the_boards_policy_asks(member):
    sro, chief = member("sro"), member("chief")
    report = make_report(sro, submitted_at=local(date(2026, 10, 6)))
    from reporting.actions import do_receive

    do_receive(Actor(chief.user, "127.0.0.1", "chief"), report, chief, signature="password")
    october = sent(sro.agreement, date(2026, 10, 1))
    short = do_submit_to_board(
        ACTOR, member("superintendent"), october, meeting_on=date(2026, 11, 17), includes_form_as=False
    )
    assert "Report on Investigations" not in text(short.packet.read())
    short.delete()
    full = do_submit_to_board(
        ACTOR, member("superintendent"), october, meeting_on=date(2026, 11, 17), includes_form_as=True
    )
    assert "Report on Investigations" in text(full.packet.read())


@pytest.mark.req("VII.10")
@pytest.mark.req("S.4")
def test_a_compilation_goes_to_the_board_once_after_its_month_and_only_from_the_superintendent(member):
    agreement = member("superintendent").agreement
    prepared = compiling.do_prepare_compilation(ACTOR, agreement, date(2026, 9, 1))
    with pytest.raises(ValidationError, match="has received"):
        do_submit_to_board(
            ACTOR, member("superintendent"), prepared, meeting_on=date(2026, 10, 20), includes_form_as=False
        )
    compilation = compiling.do_send_compilation(ACTOR, prepared)
    for who, meeting, message in [
        (member("chief"), date(2026, 10, 20), "The Superintendent submits"),
        (member("superintendent"), date(2026, 9, 30), "after the month"),
        (member("superintendent"), date(2028, 1, 1), "within the coming year"),
    ]:
        with pytest.raises(ValidationError, match=message):
            do_submit_to_board(ACTOR, who, compilation, meeting_on=meeting, includes_form_as=False)
    do_submit_to_board(
        ACTOR, member("superintendent"), compilation, meeting_on=date(2026, 10, 20), includes_form_as=False
    )
    with pytest.raises(ValidationError, match="already submitted"):
        do_submit_to_board(
            ACTOR, member("superintendent"), compilation, meeting_on=date(2026, 10, 21), includes_form_as=False
        )
    assert BoardSubmission.objects.count() == 1


@pytest.mark.req("L.4")
def test_the_annual_review_counts_form_as_by_month_and_school_and_suppresses_small_counts(member):
    sro, sro2 = member("sro"), member("sro2")
    for day in range(1, 8):
        make_report(sro, submitted_at=local(date(2026, 10, day + 5)), incident_date=date(2026, 10, day))
    for day in range(1, 3):
        make_report(sro2, submitted_at=local(date(2026, 9, day + 10)), incident_date=date(2026, 9, day + 7))
    the_review = review.build(sro.agreement, 2026)
    rows = {school: (dict(cells), total) for school, cells, total in the_review.form_a_rows}
    staples, coleytown = sro.primary_school.name, sro2.primary_school.name
    assert str(rows[staples][0][date(2026, 10, 1)]) == "7"
    assert str(rows[coleytown][0][date(2026, 9, 1)]) == "fewer than 6"
    assert str(rows[coleytown][1]) == "fewer than 6"
    assert the_review.form_a_total.value == 9


@pytest.mark.req("L.4")
def test_the_annual_review_is_a_one_page_pdf_and_a_page(client_for, member):
    make_report(member("sro"), submitted_at=local(date(2026, 10, 6)), incident_date=date(2026, 10, 5))
    response = client_for("superintendent").get("/westport/board/annual/pdf/?year=2026")
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    reader = PdfReader(__import__("io").BytesIO(response.content))
    assert len(reader.pages) == 1
    assert "fewer than 6" in reader.pages[0].extract_text()
    page = client_for("chief").get("/westport/board/annual/?year=abc")
    assert page.status_code == 200 and b"Annual program review 2026" in page.content


def test_pdftoppm_can_read_the_packet(member, tmp_path):
    """The packet is a well-formed PDF as poppler sees it (what a Board clerk's viewer would use)."""
    compilation = sent(member("superintendent").agreement)
    submission = do_submit_to_board(
        ACTOR, member("superintendent"), compilation, meeting_on=date(2026, 10, 20), includes_form_as=False
    )
    path = tmp_path / "packet.pdf"
    path.write_bytes(submission.packet.read())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Pages:" in info
