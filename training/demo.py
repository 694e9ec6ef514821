"""The demo's training catalogue and a year of completions, through the real actions (IV.3, X.3).

One SRO is current on everything; the other let restraint and seclusion lapse, so the
Superintendent's dashboard has someone out of compliance to show.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from training.actions import do_add_course, do_add_mou_courses, do_record_completion
from training.models import Course


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    today = timezone.localdate()
    people = {
        m.user.username: m for m in Membership.objects.active().filter(agreement=agreement).select_related("user")
    }
    do_add_mou_courses(actor, agreement)
    do_add_course(
        actor,
        people["chief"],
        {"name": "Active threat response", "source": Course.Source.DEPARTMENT, "audience": "sro", "valid_months": 12},
    )
    do_add_course(
        actor,
        people["superintendent"],
        {"name": "Trauma-informed practices", "source": Course.Source.DISTRICT, "audience": "sro", "valid_months": 24},
    )
    courses = {c.name.split(" (")[0]: c for c in Course.objects.filter(agreement=agreement)}
    summer = today.replace(month=7, day=22) if today.month > 7 else today.replace(year=today.year - 1, month=7, day=22)
    plan = [
        ("superintendent", "sro", "Social-emotional learning and restorative practices", summer, "6"),
        ("superintendent", "sro", "Physical restraint and seclusion", summer + timedelta(days=1), "4"),
        ("chief", "sro", "Active threat response", summer + timedelta(days=8), "8"),
        ("superintendent", "sro", "Trauma-informed practices", summer + timedelta(days=2), "3"),
        ("superintendent", "sro2", "Social-emotional learning and restorative practices", summer, "6"),
        # Lapsed: a year and two months ago.
        ("superintendent", "sro2", "Physical restraint and seclusion", today - timedelta(days=430), "4"),
        ("chief", "sro2", "Active threat response", summer + timedelta(days=8), "8"),
    ]
    for who in ("sro", "sro2", "chief", "ssu", "superintendent", "principal"):
        recorder = "chief" if who in ("sro", "sro2", "chief", "ssu") else "superintendent"
        plan.append((recorder, who, "The SRO agreement and its purpose", summer + timedelta(days=14), "1.5"))
    for recorder, who, course, day, hours in plan:
        do_record_completion(
            actor, people[recorder], person=people[who], course=courses[course], completed_on=day, hours=Decimal(hours)
        )
    if stdout:
        stdout.write(f"Training: {len(courses)} courses, {len(plan)} completions.")
