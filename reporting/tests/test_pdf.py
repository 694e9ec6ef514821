"""VII.11: Form A and the compilation as PDF, read back as text: the values, the wording, the pages."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
import time_machine

from audit.log import Actor
from audit.models import AuditEntry
from reporting import compilation as compiling
from reporting.actions import do_store_pdf
from reporting.models import FormA
from reporting.pdf import render_compilation, render_form_a
from reporting.tests.factories_compilation import local, make_report


def text_of(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def pages_of(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def received(member):
    return make_report(
        member("sro"),
        submitted_at=local(date(2026, 10, 14), 15),
        incident_date=date(2026, 10, 13),
        status="received",
        received_at=local(date(2026, 10, 15), 9),
        received_by_name="Chief Alan Mercer",
        disposition_other=True,
        disposition_other_text="Parent conference",
    )


@pytest.mark.req("VII.11")
def test_form_a_reads_like_the_paper_form_with_its_values(received):
    pdf = render_form_a(received)
    assert pages_of(pdf) == 3  # as the paper Form A
    text = squash(text_of(pdf))
    for expected in [
        "FORM A Westport Public Schools School Resource Officer (SRO) Report on Investigations and Behavioral Interventions",
        "within five (5) school days",
        "Name of School Resource Officer: Officer Dana Whitcomb",
        "Badge Number: 1147",
        "School Affiliation: Staples High School",
        "Date of Investigation/Intervention: October 13, 2026",
        "Time of Investigation/Intervention: 10:40 AM",
        "Location of Incident: Cafeteria, east side",
        "Two students fought near the lunch line",
        "☒ Referral to administration for possible discipline",
        "☐ Restorative practices implemented",
        "☒ Other: Parent conference",
        "☐ Arrest of student(s)",
        "☒ Search of student(s) by SRO",
        "☐ Management of crisis or emergency",
        "Do not include student names.",
        "Student A",
        "Student B",
        "45 minutes",
        "¹ Detained, for the purposes of this form, means detained by the SRO",
        "This report was completed on: October 14, 2026",
        "By signing below, I certify that the information I have provided in this report is true and accurate",
        "I have not maintained a copy of this report",
        "I, the Westport Police Department Chief of Police, received this report on: October 15, 2026",
        "cc: Superintendent of Schools",
    ]:
        assert expected in text, expected
    layout = text_of(pdf)
    assert "☒ Male" in layout and "☒ Female" in layout and "☐ Non-binary" in layout
    assert "☒ Searched by SRO" in layout and "☒ Apprised of constitutional rights" in layout


@pytest.mark.req("VII.11")
def test_a_received_report_is_rendered_once_and_stored_with_its_sha256(received):
    import hashlib

    stored = do_store_pdf(received)
    digest = stored.pdf_sha256
    assert len(digest) == 64
    assert hashlib.sha256(stored.pdf.read()).hexdigest() == digest
    entry = AuditEntry.objects.get(action="form_a.pdf_stored", object_id=str(received.pk))
    assert entry.changes == {"number": received.number, "pdf_sha256": digest}
    FormA.objects.filter(pk=received.pk).update(location="Changed later")
    assert do_store_pdf(received).pdf_sha256 == digest  # not rendered again
    assert AuditEntry.objects.filter(action="form_a.pdf_stored").count() == 1


@pytest.mark.req("VII.11")
def test_a_report_not_yet_received_gets_no_stored_pdf(received):
    FormA.objects.filter(pk=received.pk).update(status=FormA.Status.SUBMITTED)
    assert not do_store_pdf(received).pdf
    assert not AuditEntry.objects.filter(action="form_a.pdf_stored").exists()


@pytest.mark.req("VII.11")
def test_when_two_store_the_same_pdf_at_once_one_file_and_one_entry_remain(received, monkeypatch):
    """The second render finishes after the first was stored: its file is deleted, nothing doubles."""
    import reporting.pdf

    real = reporting.pdf.render_form_a
    raced = []

    def render_and_race(report):
        data = real(report)
        if not raced:
            raced.append(None)
            raced[0] = do_store_pdf(received)  # another worker stores it meanwhile
        return data

    monkeypatch.setattr(reporting.pdf, "render_form_a", render_and_race)
    first = do_store_pdf(received)
    assert first.pdf.name == raced[0].pdf.name
    assert AuditEntry.objects.filter(action="form_a.pdf_stored").count() == 1
    folder = Path(first.pdf.path).parent
    assert sorted(p.name for p in folder.iterdir()) == [Path(first.pdf.name).name]


@pytest.mark.req("VII.11")
@time_machine.travel(local(date(2026, 12, 2), 9), tick=False)
def test_the_compilation_pdf_has_the_memo_the_summary_and_each_form_a(member, received):
    make_report(member("sro2"), submitted_at=local(date(2026, 10, 20)))
    compilation = compiling.do_prepare_compilation(Actor.system("test"), received.agreement, date(2026, 10, 1))
    pdf = render_compilation(compilation)
    text = squash(text_of(pdf))
    assert "MEMORANDUM" in text
    assert "To: Ruth Okafor, Superintendent of Schools, Westport Public Schools" in text
    assert "From: Alan Mercer, Chief of Police, Westport Police Department" in text
    assert "October 1, 2026 to October 31, 2026" in text
    assert "2 reports, 4 students involved" in text
    assert "Staples High School 1" in text and "Coleytown Middle School 1" in text
    assert "Searched by SRO 2" in text
    assert text.count("FORM A Westport Public Schools") == 2
    assert pages_of(pdf) == 1 + 3 * 2  # memo and summary, then two Form As of three pages


@pytest.mark.req("VII.9")
@pytest.mark.req("VII.11")
@time_machine.travel(local(date(2026, 12, 2), 9), tick=False)
def test_an_empty_month_s_pdf_is_the_written_notice(demo):
    compilation = compiling.do_prepare_compilation(Actor.system("test"), demo, date(2026, 11, 1))
    pdf = render_compilation(compilation)
    assert pages_of(pdf) == 1
    assert (
        "During the month period consisting of November 1, 2026 to November 30, 2026, the SROs did not engage in "
        "any investigation or behavior intervention of challenging behavior or conflict that escalated to violence "
        "or constituted a crime."
    ) in squash(text_of(pdf))
    assert "FORM A" not in text_of(pdf)
