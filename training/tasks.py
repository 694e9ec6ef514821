"""Daily step: remind people before a required training expires, and when it has (IV.3, X.3)."""

from __future__ import annotations

from datetime import date

from django.tasks import task
from django.urls import reverse

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement
from notices.actions import notify
from training.actions import POLICE_ROLES, expiring

REMIND_DAYS_BEFORE = (30, 7, 0)


@task
def send_expiry_reminders(agreement_id: int, day: str) -> int:
    agreement = Agreement.objects.get(id=agreement_id)
    today = date.fromisoformat(day)
    overseers = list(
        Membership.objects.active()
        .filter(agreement=agreement, role__in=[*SUPERINTENDENT_ROLES, Role.CHIEF])
        .select_related("user")
    )
    sent = 0
    for within in REMIND_DAYS_BEFORE:
        for completion in expiring(agreement, today, within):
            person = completion.person
            # The person, the Superintendent's office, and the Chief for the police's own people.
            recipients = [person.user] + [
                m.user for m in overseers if m.role != Role.CHIEF or person.role in POLICE_ROLES
            ]
            sent += len(
                notify(
                    recipients,
                    agreement=agreement,
                    kind="training_expiring",
                    key=f"training-expiry:{completion.id}:{within}",
                    context={"completion": completion, "person": person, "days": within},
                    url=reverse("training:overview", args=[agreement.slug]),
                )
            )
    return sent
