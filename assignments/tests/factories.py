"""Nominations, assignments and schedules for tests, made through the real actions."""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone

from accounts.models import Membership, Role
from agreements import actions as agreement_actions
from agreements.models import School
from assignments import actions
from assignments.models import Assignment, Nomination, Schedule
from assignments.queries import assignment_on
from audit.log import Actor

ACTOR = Actor.system("test")
STAPLES, BEDFORD, COLEYTOWN = "Staples High School", "Bedford Middle School", "Coleytown Middle School"


def school(name: str) -> School:
    return School.objects.get(name=name)


def person(agreement_slug: str, username: str) -> Membership:
    return (
        Membership.objects.active()
        .select_related("user", "agreement")
        .get(user__username=username, agreement__slug=agreement_slug)
    )


def add_officer(chief: Membership, username: str = "officer1", *, badge: str = "1400", role: str = Role.OFFICER):
    """A sworn officer of the chief's agreement who is not (yet) an SRO. Synthetic."""
    return agreement_actions.do_add_person(
        ACTOR,
        chief.agreement,
        username=username,
        first_name="Riley",
        last_name=f"Quinlan{username[-1]}",
        email=f"{username}@westport.example.org",
        password="not-used-here-4815",
        role=role,
        title="Officer",
        badge_number=badge,
        starts_on=date(2024, 1, 8),
    )


def nominate_officer(
    chief: Membership, officer: Membership | None = None, primary: str = STAPLES, assists: tuple[str, ...] = (BEDFORD,)
) -> Nomination:
    if officer is None:
        existing = Membership.objects.active().filter(agreement=chief.agreement, role=Role.OFFICER).first()
        officer = existing or add_officer(chief)
    return actions.do_nominate(
        ACTOR, chief, officer, primary_school=school(primary), assist_schools=[school(n) for n in assists]
    )


def assign(sro: Membership, primary: str | None = None, assists: tuple[str, ...] | None = None) -> Assignment:
    """Nominate and approve SRO for PRIMARY (default: their role's primary school) and ASSISTS."""
    chief = person(sro.agreement.slug, "chief")
    superintendent = person(sro.agreement.slug, "superintendent")
    primary = primary or sro.primary_school.name
    if assists is None:
        assists = tuple(s.name for s in sro.schools.exclude(name=primary))
    nomination = nominate_officer(chief, sro, primary, assists)
    return actions.do_approve_nomination(ACTOR, superintendent, nomination)


def propose_schedule(sro: Membership, by: str = "chief") -> Schedule:
    """A weekday 7:00–15:30 schedule at the SRO's primary school, proposed today by BY."""
    current = assignment_on(sro, timezone.localdate()) or assign(sro)
    entries = [actions.Entry(current.primary_school, day, time(7, 0), time(15, 30)) for day in range(5)]
    return actions.do_propose_schedule(
        ACTOR, person(sro.agreement.slug, by), sro, effective_from=timezone.localdate(), entries=entries
    )
