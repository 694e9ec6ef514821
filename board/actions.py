"""Submitting compilations to the Board of Education, with their packets (VII.10)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership
from audit.log import Actor, record
from board.models import BoardSubmission
from lib.pdf import write_pdf
from reporting.compilation import last_of_month
from reporting.models import MonthlyCompilation

RECEIVED = (MonthlyCompilation.Status.SENT, MonthlyCompilation.Status.ACKNOWLEDGED)


def render_packet(compilation: MonthlyCompilation, *, meeting_on: date, includes_form_as: bool) -> bytes:
    """The Board packet: a cover page for the Board, then the compilation's memo and summary (or its
    notice), then each Form A as received where the Board's policy asks for them."""
    from pypdf import PdfWriter

    from reporting.pdf import render_compilation, render_compilation_cover

    agreement = compilation.agreement
    cover = write_pdf(
        render_to_string(
            "board/pdf/packet_cover.html",
            {
                "compilation": compilation,
                "agreement": agreement,
                "meeting_on": meeting_on,
                "includes": includes_form_as,
            },
        )
    )
    writer = PdfWriter()
    writer.append(BytesIO(cover))
    body = render_compilation(compilation) if includes_form_as else render_compilation_cover(compilation)
    writer.append(BytesIO(body))
    writer.add_metadata({"/Title": f"{compilation}: Board packet"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def do_submit_to_board(
    actor: Actor, membership: Membership, compilation: MonthlyCompilation, *, meeting_on: date, includes_form_as: bool
) -> BoardSubmission:
    """The Superintendent records submitting a received compilation to the Board, on either route."""
    if membership.role not in SUPERINTENDENT_ROLES:
        raise ValidationError("The Superintendent submits compilations to the Board.")
    if compilation.agreement_id != membership.agreement_id or compilation.status not in RECEIVED:
        raise ValidationError("Only a compilation the Superintendent has received goes to the Board.")
    if BoardSubmission.objects.filter(compilation=compilation).exists():
        raise ValidationError(f"{compilation} was already submitted to the Board.")
    if meeting_on <= last_of_month(compilation.month):
        raise ValidationError({"meeting_on": "The meeting must come after the month the compilation covers."})
    if meeting_on > timezone.localdate() + timedelta(days=366):
        raise ValidationError({"meeting_on": "Choose a meeting within the coming year."})
    # Render first, outside any transaction: no write lock is held for the second or two it takes.
    data = render_packet(compilation, meeting_on=meeting_on, includes_form_as=includes_form_as)
    digest = hashlib.sha256(data).hexdigest()
    try:
        with transaction.atomic():
            submission = BoardSubmission(
                compilation=compilation,
                meeting_on=meeting_on,
                includes_form_as=includes_form_as,
                recorded_by=membership,
            )
            submission.packet.save(
                f"{compilation.agreement.slug}-board-{compilation.month:%Y-%m}-{compilation.supplement}.pdf",
                ContentFile(data),
                save=False,
            )
            submission.packet_sha256 = digest
            submission.save()
            record(
                actor,
                "board.compilation_submitted",
                submission,
                agreement=membership.agreement,
                changes={
                    "compilation": str(compilation),
                    "meeting_on": meeting_on,
                    "includes_form_as": includes_form_as,
                    "sha256": digest,
                },
            )
    except IntegrityError:
        raise ValidationError(f"{compilation} was already submitted to the Board.") from None
    return submission
