"""Every change to the district's feedback and concerns goes through here, with its audit entry
(X.1, X.2)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from audit.log import Actor, record
from evaluation.models import (
    DOCUMENT_MAX_BYTES,
    DOCUMENT_NAME_MAX,
    DOCUMENTS_MAX,
    Concern,
    ConcernDocument,
    Feedback,
)
from notices.actions import notify
from students import guard

FEEDBACK_ROLES = frozenset({*SUPERINTENDENT_ROLES, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE})
# What a document may be, told by its first bytes rather than by its name.
SIGNATURES = [(b"%PDF-", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")]


def _chiefs(membership: Membership) -> list:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agreement=membership.agreement, role=Role.CHIEF)
        .select_related("user")
    ]


def _sro(membership: Membership, sro: Membership) -> Membership:
    if sro.agreement_id != membership.agreement_id or sro.role != Role.SRO:
        raise ValidationError({"sro": "Choose one of this agreement's School Resource Officers."})
    return sro


def _date(value: date, membership: Membership, field: str) -> date:
    if value > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})
    if value < membership.agreement.signed_on:
        raise ValidationError({field: "The date is before the agreement was signed."})
    return value


def _text(value: str, membership: Membership, field: str) -> str:
    """Tidy pasted text and keep students out of it: these records are about the SRO."""
    text = "\n".join(" ".join(line.split()) for line in value.strip().splitlines()).strip()
    if not text:
        raise ValidationError({field: "Write what it says."})
    findings = [f for f in guard.scan(membership.agreement, text) if f.severity == guard.BLOCK]
    if findings:
        words = ", ".join(sorted({f.label for f in findings}))
        raise ValidationError({field: f"Leave students out: the text contains {words}."})
    return text


@transaction.atomic
def do_record_feedback(
    actor: Actor, membership: Membership, *, sro: Membership, kind: str, given_on: date, summary: str
) -> Feedback:
    """X.1: the district's feedback on the SRO's performance, for the Chief."""
    if membership.role not in FEEDBACK_ROLES:
        raise ValidationError("Feedback on the SRO comes from the Superintendent's office or a principal.")
    if kind not in Feedback.Kind.values:
        raise ValidationError({"kind": "Choose formal or informal."})
    feedback = Feedback.objects.create(
        agreement=membership.agreement,
        sro=_sro(membership, sro),
        kind=kind,
        given_on=_date(given_on, membership, "given_on"),
        given_by=membership,
        summary=_text(summary, membership, "summary"),
    )
    record(
        actor,
        "evaluation.feedback_recorded",
        feedback,
        agreement=membership.agreement,
        changes={"sro": sro.user.username, "kind": kind, "given_on": given_on},
    )
    notify(
        _chiefs(membership),
        agreement=membership.agreement,
        kind="sro_feedback",
        key=f"sro_feedback:{feedback.pk}",
        context={"feedback": feedback},
        url=reverse("evaluation:overview", args=[membership.agreement.slug]),
    )
    return feedback


@dataclass(frozen=True)
class Document:
    name: str
    content_type: str
    data: bytes
    sha256: str


def read_document(upload: Any) -> Document:
    """Check one uploaded file: size, kind by its first bytes, a safe name; hash it."""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"documents": f"“{upload.name}” is larger than 10 MB."})
    digest = hashlib.sha256()
    chunks = []
    total = 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > DOCUMENT_MAX_BYTES:
            raise ValidationError({"documents": f"“{upload.name}” is larger than 10 MB."})
        digest.update(chunk)
        chunks.append(chunk)
    data = b"".join(chunks)
    kind = next((t for magic, t in SIGNATURES if data.startswith(magic)), None)
    if kind is None:
        raise ValidationError({"documents": f"“{upload.name}” is not a PDF, PNG or JPEG file."})
    return Document(_safe_name(upload.name), kind, data, digest.hexdigest())


def _safe_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[^\w .()-]+", "_", name).strip(" .") or "document"
    return name[-DOCUMENT_NAME_MAX:]


def do_send_concerns(
    actor: Actor,
    membership: Membership,
    *,
    sro: Membership,
    written_on: date,
    summary: str,
    documents: list[Document],
) -> Concern:
    """X.2: the Superintendent's written concerns, with documentation, to the Chief. All or nothing."""
    if membership.role not in SUPERINTENDENT_ROLES:
        raise ValidationError("Written concerns about the SRO come from the Superintendent's office.")
    if len(documents) > DOCUMENTS_MAX:
        raise ValidationError({"documents": f"Attach at most {DOCUMENTS_MAX} documents."})
    _sro(membership, sro)
    _date(written_on, membership, "written_on")
    text = _text(summary, membership, "summary")
    # Files first, outside the transaction (no write lock held while writing them); removed on failure.
    stored: list[tuple[Document, str]] = []
    try:
        for doc in documents:
            path = f"evaluation/{membership.agreement_id}/{doc.sha256}"
            if not default_storage.exists(path):
                path = default_storage.save(path, ContentFile(doc.data))
            stored.append((doc, path))
        with transaction.atomic():
            concern = Concern.objects.create(
                agreement=membership.agreement, sro=sro, written_on=written_on, summary=text, sent_by=membership
            )
            for doc, path in stored:
                ConcernDocument.objects.create(
                    concern=concern,
                    name=doc.name,
                    content_type=doc.content_type,
                    size=len(doc.data),
                    sha256=doc.sha256,
                    file=path,
                )
            record(
                actor,
                "evaluation.concerns_sent",
                concern,
                agreement=membership.agreement,
                changes={
                    "sro": sro.user.username,
                    "written_on": written_on,
                    "documents": [{"name": d.name, "sha256": d.sha256} for d, _ in stored],
                },
            )
            notify(
                _chiefs(membership),
                agreement=membership.agreement,
                kind="sro_concerns",
                key=f"sro_concerns:{concern.pk}",
                context={"concern": concern},
                url=reverse("evaluation:concern", args=[membership.agreement.slug, concern.pk]),
            )
    except Exception:
        for _, path in stored:
            if not ConcernDocument.objects.filter(file=path).exists():
                default_storage.delete(path)
        raise
    return concern


@transaction.atomic
def do_decide_concerns(
    actor: Actor,
    membership: Membership,
    concern_id: int,
    *,
    decision: str,
    decided_on: date,
    note: str,
    considered: bool,
) -> Concern:
    """X.2: the Chief's decision after considering the Superintendent's concerns and documentation."""
    if membership.role != Role.CHIEF:
        raise ValidationError("The Chief of Police decides on the Superintendent's concerns.")
    concern = Concern.objects.select_for_update().filter(pk=concern_id, agreement=membership.agreement).first()
    if concern is None or concern.decision:
        raise ValidationError("A decision on these concerns is already recorded.")
    if not considered:
        raise ValidationError({"considered": "Confirm that you considered the concerns and their documentation."})
    if decision not in Concern.Decision.values:
        raise ValidationError({"decision": "Choose no change, reassign or dismiss."})
    _date(decided_on, membership, "decided_on")
    if decided_on < concern.written_on:
        raise ValidationError({"decided_on": "The decision cannot come before the concerns were written."})
    concern.decision = decision
    concern.decided_on = decided_on
    concern.decision_note = _text(note, membership, "note") if note.strip() else ""
    concern.decided_by = membership
    concern.save(update_fields=["decision", "decided_on", "decision_note", "decided_by"])
    record(
        actor,
        "evaluation.concerns_decided",
        concern,
        agreement=membership.agreement,
        changes={"decision": decision, "decided_on": decided_on},
    )
    notify(
        [concern.sent_by.user],
        agreement=membership.agreement,
        kind="sro_concerns_decided",
        key=f"sro_concerns_decided:{concern.pk}",
        context={"concern": concern},
        url=reverse("evaluation:concern", args=[membership.agreement.slug, concern.pk]),
    )
    return concern
