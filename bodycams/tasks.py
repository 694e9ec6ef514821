"""Daily step (III.1): an activation started but not logged by the end of its school day reminds
the SRO, each morning until it is logged."""

from __future__ import annotations

from datetime import date, datetime, time

from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement
from bodycams.models import Activation
from notices.actions import notify


@task
def remind_unlogged_activations(agreement_id: int, day: str) -> int:
    """Remind the SRO of each activation started before DAY and still not logged; once per activation per day."""
    agreement = Agreement.objects.get(id=agreement_id)
    today = date.fromisoformat(day)
    # Its school day is over once the day it started is over.
    before = timezone.make_aware(datetime.combine(today, time.min))
    sent = 0
    for activation in (
        Activation.objects.open()
        .filter(agreement=agreement, started_at__lt=before)
        .select_related("sro__user", "school")
    ):
        sent += len(
            notify(
                [activation.sro.user],
                agreement=agreement,
                kind="bodycam_unlogged",
                key=f"bodycam_unlogged:{activation.pk}:{today.isoformat()}",
                context={"activation": activation},
                url=reverse("bodycams:complete", args=[agreement.slug, activation.pk]),
            )
        )
    return sent
