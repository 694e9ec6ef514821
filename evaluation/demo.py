"""The demo's evaluation records: a year of feedback on both SROs, and one set of written concerns
with a synthetic memo, decided by the Chief (X.1, X.2)."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

from django.utils import timezone
from pypdf import PdfWriter

from accounts.models import Membership
from audit.log import Actor
from evaluation.actions import Document, do_decide_concerns, do_record_feedback, do_send_concerns

FEEDBACK = [
    (
        "superintendent",
        "sro",
        "formal",
        300,
        "Mid-year review: presentations well received; attends every Climate Committee meeting.",
    ),
    ("principal", "sro", "informal", 200, "Visible at arrival and dismissal; staff value the lockdown drill debrief."),
    ("principal", "sro", "informal", 45, "Quick, calm support during the fire alarm evacuation."),
    ("superintendent", "sro2", "formal", 300, "Mid-year review: good rapport with students; documentation often late."),
]


def _memo() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.add_metadata({"/Title": "Synthetic memo for the demo"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    today = timezone.localdate()
    people = {
        m.user.username: m for m in Membership.objects.active().filter(agreement=agreement).select_related("user")
    }
    for giver, sro, kind, days_ago, summary in FEEDBACK:
        do_record_feedback(
            actor, people[giver], sro=people[sro], kind=kind, given_on=today - timedelta(days=days_ago), summary=summary
        )
    memo = _memo()
    concern = do_send_concerns(
        actor,
        people["superintendent"],
        sro=people["sro2"],
        written_on=today - timedelta(days=40),
        summary="Form A reports were filed late three times this term, and two School Climate Committee meetings were missed.",
        documents=[Document("Memo on SRO reports.pdf", "application/pdf", memo, hashlib.sha256(memo).hexdigest())],
    )
    do_decide_concerns(
        actor,
        people["chief"],
        concern.pk,
        decision="no_change",
        decided_on=today - timedelta(days=30),
        note="Discussed with the officer; reports are now reviewed by the shift sergeant before the deadline.",
        considered=True,
    )
