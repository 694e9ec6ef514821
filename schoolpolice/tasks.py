"""The daily step for § 10-233h arrest notices (L.1), enqueued by `manage.py run_scheduler`."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from agreements.models import Agreement
from schoolpolice import actions


@task
def send_arrest_notice_reminders(agreement_id: int, day: str) -> int:
    """L.1: reminders for arrest notices due, and the permanent late flag for deadlines missed."""
    agreement = Agreement.objects.get(id=agreement_id)
    return actions.send_arrest_notice_reminders(agreement, date.fromisoformat(day))
