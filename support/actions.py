"""Every change to the district-support checklist goes through here, with its audit entry (IX.1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from audit.log import Actor, record, snapshot
from support.models import PROVISIONS, Checklist

FIELDS = [key for key, _ in PROVISIONS] + ["note"]


@transaction.atomic
def do_update_checklist(
    actor: Actor, membership: Membership, *, sro: Membership, school_year: int, values: dict[str, Any]
) -> Checklist:
    """The Superintendent's office records what the district provides SRO in SCHOOL_YEAR."""
    if membership.role not in SUPERINTENDENT_ROLES:
        raise ValidationError("Only the Superintendent's office completes the district-support checklist.")
    if sro.agreement_id != membership.agreement_id or sro.role != Role.SRO:
        raise ValidationError("Choose one of this agreement's School Resource Officers.")
    current = timezone.localdate().year
    if not (membership.agreement.effective_date.year - 1 <= school_year <= current + 1):
        raise ValidationError("Choose a school year within the agreement's life.")
    note = " ".join(str(values.get("note", "")).split())
    checklist = Checklist.objects.select_for_update().filter(sro=sro, school_year=school_year).first()
    before = snapshot(checklist, FIELDS) if checklist else {}
    if checklist is None:
        checklist = Checklist(agreement=membership.agreement, sro=sro, school_year=school_year)
    for key, _ in PROVISIONS:
        setattr(checklist, key, bool(values.get(key)))
    checklist.note = note
    checklist.updated_by = actor.user or membership.user
    checklist.updated_at = timezone.now()
    checklist.full_clean(exclude=["agreement", "sro", "updated_by"])
    after = snapshot(checklist, FIELDS)
    if before == after:
        return checklist
    checklist.save()
    changes = {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v}
    record(actor, "support.checklist_updated", checklist, agreement=membership.agreement, changes=changes)
    return checklist
