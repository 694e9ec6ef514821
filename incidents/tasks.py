"""Daily step: remind the principal of what waits for acknowledgement (IV.1, IV.4).

Runs every day for every agreement (`lib.daily`); reminds on school days only, or on any day
the school calendar does not cover (a reminder too many beats one missed). Each reminder has a
key per record and day, so running the step twice sends it once.
"""

from __future__ import annotations

import logging
from datetime import date, time

from django.db import transaction
from django.tasks import task
from django.urls import reverse

from agreements.models import Agreement
from incidents.actions import principals_of
from incidents.deadlines import at
from incidents.models import EmergencyIntervention, IncidentNotice
from notices.actions import notify
from schoolcalendar.days import CalendarGap, for_district

log = logging.getLogger(__name__)


def send_reminders(agreement: Agreement, today: date) -> int:
    """Remind each school's principal and designee of every record recorded before TODAY and
    not yet acknowledged; return how many notices went out."""
    try:
        if not for_district(agreement.district).is_school_day(today):
            return 0
    except CalendarGap as gap:
        log.warning("Incident reminders for %s on %s sent without a calendar: %s", agreement.slug, today, gap)
    start_of_today = at(today, time.min)
    sent = 0
    for model, route in ((IncidentNotice, "notice"), (EmergencyIntervention, "intervention")):
        waiting = (
            model.objects.filter(agreement=agreement, acknowledged_at__isnull=True, recorded_at__lt=start_of_today)
            .select_related("school", "sro__user")
            .order_by("id")
        )
        for item in waiting:
            with transaction.atomic():
                sent += len(
                    notify(
                        principals_of(agreement, item.school),
                        agreement=agreement,
                        kind="incident_reminder",
                        key=f"incident_reminder:{route}:{item.pk}:{today.isoformat()}",
                        context={"record": item, "what": str(item), "recorded_at": item.recorded_at},
                        url=reverse(f"incidents:{route}", args=[agreement.slug, item.pk]),
                    )
                )
    return sent


@task
def remind_principals(agreement_id: int, day: str) -> int:
    """IV.1, IV.4: the day's reminders of records waiting for the principal's acknowledgement."""
    agreement = Agreement.objects.get(id=agreement_id)
    return send_reminders(agreement, date.fromisoformat(day))
