"""Daily step: consented modifications take effect on their effective date (XI.2)."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from agreements.models import Agreement
from audit.log import Actor
from term.actions import do_apply_modifications


@task
def apply_modifications(agreement_id: int, day: str) -> int:
    agreement = Agreement.objects.get(id=agreement_id)
    if agreement.has_ended(date.fromisoformat(day)):
        return 0  # XI.1: an ended agreement's records stay as they were.
    return do_apply_modifications(Actor.system("term.apply_modifications"), agreement, date.fromisoformat(day))
