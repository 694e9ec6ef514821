"""The demo's graduated response at Staples High School, made through the real actions: a few
lower-level interventions, and three requests for police involvement, one on each ground (V)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from response import actions
from students.models import Student


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    principal = Membership.objects.active().get(agreement=agreement, user__username="principal")
    superintendent = Membership.objects.active().get(agreement=agreement, user__username="superintendent")
    sro = Membership.objects.active().get(agreement=agreement, user__username="sro")
    students = list(
        Student.objects.active().filter(agreement=agreement, school=principal.schools.first()).order_by("pk")[:3]
    )
    if len(students) < 3:
        return
    first, second, third = students
    today = timezone.localdate()
    tried = [
        actions.do_record_intervention(
            actor, principal, first, level="classroom", option="moving_seats", on=today - timedelta(days=40),
            outcome="Disruption continued in the following lessons.",
        ),
        actions.do_record_intervention(
            actor, principal, first, level="school_administration", option="parent_conference",
            on=today - timedelta(days=25), outcome="Behavior improved for a week, then the threats resumed.",
        ),
        actions.do_record_intervention(
            actor, principal, first, level="assessment", option="jrb_referral", on=today - timedelta(days=10),
            outcome="Referred; the student did not attend the juvenile review board meeting.",
        ),
    ]  # fmt: skip
    actions.do_record_intervention(
        actor, principal, second, level="school_administration", option="after_school_detention",
        on=today - timedelta(days=5), truancy_only=True, outcome="Attended; attendance improving.",
    )  # fmt: skip
    answered = actions.do_request_police_involvement(
        actor, principal, first, ground="ineffective", interventions=tried,
        asked="A conference with the student and parents about the threats made to classmates.",
    )  # fmt: skip
    actions.do_record_law_enforcement_option(
        actor, sro, answered, option="conference",
        outcome="Met the student and a parent with the assistant principal; agreed a safety plan.",
    )  # fmt: skip
    actions.do_request_police_involvement(
        actor, principal, second, ground="administration", determined_by="Janet Lindqvist, Principal",
        determination="Repeated damage to school buses; the bus company asked for a police conversation.",
        asked="A verbal warning about damage to school property.",
    )  # fmt: skip
    actions.do_request_police_involvement(
        actor, superintendent, third, ground="emergency",
        emergency="A student reported seeing a knife in a backpack in the courtyard.",
        asked="Attend the courtyard now and speak with the student.",
    )  # fmt: skip
    if stdout is not None:
        stdout.write("Graduated response: 4 interventions and 3 requests for police involvement at Staples.")
