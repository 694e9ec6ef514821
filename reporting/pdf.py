"""Form A and the monthly compilation as PDF, laid out like the paper Form A (VII.11).

A received report is immutable: its PDF is rendered once, stored with its SHA-256, and the
stored file is what is served from then on (`reporting.actions.do_store_pdf`).
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from lib.pdf import write_pdf
from reporting.models import RACE_ETHNICITY, STUDENT_ACTIONS, Disposition, FormA, FormAStudent, Gender

if TYPE_CHECKING:
    from reporting.models import MonthlyCompilation

CHECKED, UNCHECKED = "☒", "☐"


def box(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


def duration(minutes: int | None) -> str:
    """45 -> "45 minutes", 90 -> "1 hour 30 minutes"."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _student_row(s: FormAStudent) -> dict[str, Any]:
    return {
        "label": s.label,
        "age": "" if s.age is None else s.age,
        "genders": [(box(s.gender == value), label) for value, label in Gender.choices],
        "races": [(box(getattr(s, field)), label) for field, label in RACE_ETHNICITY],
        "disability": [(box(s.known_disability is True), "Yes"), (box(s.known_disability is False), "No")],
        "actions": [(box(getattr(s, f)), label) for f, label in STUDENT_ACTIONS if f != "detained"],
        "detained_box": box(s.detained),
        "detained_for": duration(s.detained_minutes) if s.detained else "",
    }


def form_a_context(report: FormA) -> dict[str, Any]:
    """Everything the Form A template needs, as plain values: no queries from the template."""
    agreement = report.agreement
    dispositions = []
    for d in Disposition:
        checked = getattr(report, f"disposition_{d.value}")
        extra = report.disposition_other_text if d == Disposition.OTHER else None
        dispositions.append((box(checked), d.label, extra))
    completed = report.submitted_at or report.first_submitted_at
    if agreement.chief_post_certified:
        receiver_title = f"{agreement.police_department.name} Chief of Police"
    else:
        receiver_title = f"Superintendent of Schools, {agreement.district.name}"
    return {
        "report": report,
        "district_name": agreement.district.name,
        "town": agreement.police_department.town,
        "dispositions": dispositions,
        "students": [_student_row(s) for s in report.students.all()],
        "completed_on": timezone.localtime(completed) if completed else None,
        "received_on": timezone.localtime(report.received_at) if report.received_at else None,
        "receiver_title": receiver_title,
    }


def form_a_html(report: FormA) -> str:
    return render_to_string("reporting/pdf/form_a.html", form_a_context(report))


def render_form_a(report: FormA) -> bytes:
    """Render REPORT as a PDF laid out like the paper Form A, with its values filled in."""
    return write_pdf(form_a_html(report))


def write_form_a_pdf(report: FormA, data: bytes) -> tuple[str, str]:
    """Write a rendered Form A to storage; return the stored file's name and its SHA-256.

    No database write: the caller stores the name and digest on the report in its own short
    transaction (and deletes the file if that fails).
    """
    name = report.pdf.storage.save(
        report.pdf.field.generate_filename(report, f"{report.agreement.slug}-form-a-{report.number or report.pk}.pdf"),
        ContentFile(data),
    )
    return name, hashlib.sha256(data).hexdigest()


def compilation_cover_html(compilation: MonthlyCompilation) -> str:
    """The cover memo and the summary (or the written notice for a month without reports)."""
    from reporting.compilation import compilation_context

    return render_to_string("reporting/pdf/compilation.html", compilation_context(compilation))


def form_a_pdf(report: FormA) -> bytes:
    """A received report's stored PDF (stored now if the worker has not yet), else a fresh render."""
    if not report.pdf and report.status == FormA.Status.RECEIVED:
        from reporting.actions import do_store_pdf

        report = do_store_pdf(report)
    if report.pdf:
        with report.pdf.open("rb") as f:
            return f.read()
    return render_form_a(report)


def render_compilation_cover(compilation: MonthlyCompilation) -> bytes:
    """The cover memo and summary alone (the Board packet's core, VII.10)."""
    return write_pdf(compilation_cover_html(compilation))


def render_compilation(compilation: MonthlyCompilation) -> bytes:
    """The compilation as one PDF: the cover memo and summary, then each Form A as its own document.

    A received report is appended from its stored PDF rather than laid out again: the
    compilation then carries exactly the documents that were received, and WeasyPrint (about
    half a second a Form A here) runs only for the cover.
    """
    from reporting.compilation import compiled_reports

    documents = [render_compilation_cover(compilation)]
    documents += [form_a_pdf(report) for report in compiled_reports(compilation)]
    return join_pdfs(documents, title=str(compilation))


def join_pdfs(documents: list[bytes], *, title: str) -> bytes:
    """DOCUMENTS one after the other, each page as it was, in one PDF titled TITLE.

    qpdf (through pikepdf) joins 100 Form As in about a tenth of the time pypdf took. An
    embedded font program found byte for byte in an earlier document is shared rather than
    stored again: WeasyPrint subsets each document's fonts to the glyphs it uses, so reports
    that use the same glyphs carry the same font programs (docs/performance.md).
    """
    import pikepdf

    out = pikepdf.Pdf.new()
    opened = [pikepdf.open(BytesIO(data)) for data in documents]
    for pdf in opened:
        out.pages.extend(pdf.pages)
    shared: dict[bytes, pikepdf.Object] = {}
    seen: set[tuple[int, int]] = set()
    for page in out.pages:
        for font in page.obj.get("/Resources", {}).get("/Font", {}).values():
            for descriptor in _font_descriptors(font):
                if descriptor.objgen in seen:
                    continue
                seen.add(descriptor.objgen)
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in descriptor:
                        program = descriptor[key]
                        digest = hashlib.sha256(program.read_raw_bytes()).digest()
                        descriptor[key] = shared.setdefault(digest, program)
    out.docinfo["/Title"] = title
    buffer = BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for pdf in opened:
        pdf.close()
    return buffer.getvalue()


def _font_descriptors(font: Any) -> list[Any]:
    """The font descriptors of a page's font: its own, or its descendant's (a CID font)."""
    fonts = [font, *font.get("/DescendantFonts", [])]
    return [f["/FontDescriptor"] for f in fonts if "/FontDescriptor" in f]
