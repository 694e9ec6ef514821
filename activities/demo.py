"""A school year of SRO activities for the demo's SROs, logged through the real action (IV.2)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership, Role
from activities.actions import do_log_activity, sro_schools
from activities.models import Activity
from audit.log import Actor

TOPICS = {
    Activity.Kind.PRESENTATION: [
        "Internet safety and social media",
        "Vaping and the law",
        "Students' rights and responsibilities",
        "Dating violence awareness",
        "Safe driving before prom",
    ],
    Activity.Kind.STAFF_TRAINING: ["Lockdown drill debrief", "Recognizing threats online", "Reunification procedures"],
    Activity.Kind.SCHOOL_EVENT: ["Football game", "Spring concert", "Open house", "Career day", "Graduation rehearsal"],
}


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    rng = random.Random(2023)
    today = timezone.localdate()
    start = max(today - timedelta(days=365), agreement.effective_date)
    count = 0
    for sro in Membership.objects.active().filter(agreement=agreement, role=Role.SRO).order_by("user__username"):
        schools = sro_schools(sro)
        day = start
        while day <= today:
            if day.weekday() < 5 and day.month not in (7, 8) and rng.random() < 0.18:
                kind = rng.choice(Activity.Kind.values)
                values = {
                    "kind": kind,
                    "school": schools[0] if rng.random() < 0.8 else rng.choice(schools),
                    "occurred_on": day,
                }
                if kind in Activity.TOPIC_KINDS:
                    values["topic"] = rng.choice(TOPICS[kind])
                if kind in Activity.AUDIENCE_KINDS:
                    values["audience_size"] = rng.randint(12, 240)
                    values["requested_by_superintendent"] = rng.random() < 0.5
                if kind == Activity.Kind.LIAISON_REFERRAL:
                    values["agency_type"] = rng.choice(Activity.Agency.values)
                do_log_activity(actor, sro, values)
                count += 1
            day += timedelta(days=1)
    if stdout:
        stdout.write(f"Activities: {count} logged by the demo's SROs over the past year.")
