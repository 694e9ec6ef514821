"""The demo's section IV records, made through the real actions: notices to Staples High School's
principal (one acknowledged and late, two waiting) and one emergency intervention (IV.1, IV.4)."""

from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from incidents import actions
from incidents.deadlines import at


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")

    def member(username: str) -> Membership:
        return Membership.objects.active().get(agreement=agreement, user__username=username)

    sro, sro2, principal = member("sro"), member("sro2"), member("principal")
    staples = agreement.schools.get(name="Staples High School")
    now = timezone.now()
    today = timezone.localdate()
    late = actions.do_record_notice(
        actor,
        sro,
        school=staples,
        kind="arrest",
        occurred_at=at(today - timedelta(days=3), time(10, 15)),
        description="A student was arrested in the east parking lot for possession of a stolen phone; "
        "the arrest was made off school premises after school.",
        constitutes_crime=True,
    )
    actions.do_acknowledge(actor, principal, late)
    actions.do_record_notice(
        actor,
        sro2,
        school=staples,
        kind="charge",
        occurred_at=at(today - timedelta(days=1), time(13, 40)),
        description="A juvenile summons was issued for vandalism of the field house (spray paint). "
        "The student's parent was present.",
        constitutes_crime=True,
    )
    actions.do_record_notice(
        actor,
        sro,
        school=staples,
        kind="incident",
        occurred_at=now - timedelta(minutes=50),
        description="Two students fought near the cafeteria; staff and the SRO separated them. No weapon.",
        escalated_to_violence=True,
    )
    actions.do_record_intervention(
        actor,
        sro,
        school=staples,
        which="restraint",
        started_at=now - timedelta(minutes=95),
        ended_at=now - timedelta(minutes=91),
        imminent_injury_affirmed=True,
        imminent_injury="A student was striking another student's head against a locker in the B-wing hallway.",
        least_force_affirmed=True,
        least_force="Verbal commands were given first and ignored. The SRO held the student's arms from behind "
        "until the student calmed and was released to the assistant principal.",
        injury_occurred=True,
        injured="others",
        injury_description="A bruise to the other student's forehead; seen by the school nurse.",
        escalated_to_violence=True,
    )
