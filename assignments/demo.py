"""The demo's SROs as the agreement's initial state (II.1–II.3), through the real actions.

`sro` and `sro2` hold the SRO role from set-up. Here the Chief nominates each for the schools
their role names, the Superintendent approves, and the two parties set each SRO's schedule
(7:00–15:30 on school days at every assigned school). The actions stamp today's date; the
assignments and schedules are then moved back to the agreement's effective date, so that the
demo's earlier Form As find their schools. The audit entries keep the moment of loading.
"""

from __future__ import annotations

from datetime import time

from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement
from assignments import actions
from assignments.models import Assignment, Nomination, Schedule
from audit.log import Actor

SRO_USERNAMES = ("sro", "sro2")
SCHOOL_WEEK = range(5)
HOURS = (time(7, 0), time(15, 30))


def load(agreement: Agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    people = {
        m.user.username: m
        for m in Membership.objects.active().filter(agreement=agreement).select_related("user", "primary_school")
    }
    chief, superintendent = people["chief"], people["superintendent"]
    start = timezone.make_aware(timezone.datetime.combine(agreement.effective_date, time(9, 0)))
    for username in SRO_USERNAMES:
        sro = people[username]
        if sro.role != Role.SRO:
            continue
        primary = sro.primary_school
        assists = [s for s in sro.schools.order_by("name") if s.pk != primary.pk]
        nomination = actions.do_nominate(actor, chief, sro, primary_school=primary, assist_schools=assists)
        assignment = actions.do_approve_nomination(actor, superintendent, nomination)
        Nomination.objects.filter(pk=nomination.pk).update(nominated_at=start, decided_at=start)
        Assignment.objects.filter(pk=assignment.pk).update(starts_on=agreement.effective_date)

        entries = [actions.Entry(school, day, *HOURS) for school in assignment.schools() for day in SCHOOL_WEEK]
        schedule = actions.do_propose_schedule(actor, chief, sro, effective_from=timezone.localdate(), entries=entries)
        actions.do_confirm_schedule(actor, superintendent, schedule)
        Schedule.objects.filter(pk=schedule.pk).update(
            effective_from=agreement.effective_date, proposed_at=start, decided_at=start
        )
        if stdout is not None:
            names = ", ".join(s.name for s in assignment.schools())
            stdout.write(f"SRO {sro.display_name}: approved for {names}; 7:00–15:30 on school days.")
