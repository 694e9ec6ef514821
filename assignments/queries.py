"""What other parts of the agreement ask about assignments and schedules (II.2, II.3, VIII.2).

assignment_on(membership, date)              # the SRO's assignment that day, or None
schools_on(membership, date)                 # the schools to offer on Form A, primary first
scheduled_at(membership, school, when)       # is the SRO scheduled there then (VIII.2)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from assignments.models import Absence, Assignment, Schedule, ScheduleEntry
from lib.prepared import Prepared
from lib.requestcache import per_request
from schoolcalendar.days import CalendarGap, for_district

if TYPE_CHECKING:
    from accounts.models import Membership
    from agreements.models import School


@per_request
def assignment_on(membership: Membership, day: date) -> Assignment | None:
    """The person's assignment in the membership's agreement on DAY, or None."""
    return (
        Assignment.objects.of(membership)
        .on(day)
        .select_related("primary_school")
        .prefetch_related("assist_schools")
        .order_by("-starts_on", "-id")
        .first()
    )


def schools_on(membership: Membership, day: date) -> list[School]:
    """The schools an SRO reports for on DAY: the assignment's, primary first.

    An SRO with no assignment that day (one set up before this part of the agreement existed)
    keeps the schools of their role, primary first.
    """
    assignment = assignment_on(membership, day)
    if assignment is not None:
        return assignment.schools()
    schools = {s.pk: s for s in membership.schools.all()}
    if membership.primary_school is not None:
        schools[membership.primary_school.pk] = membership.primary_school
    return sorted(schools.values(), key=lambda s: (s.pk != membership.primary_school_id, s.name))


# Asked on every SRO's dashboard and Form A: compiled once per process (lib/prepared.py).
_SCHEDULE_ON = Prepared(
    lambda agreement_id, user_id, day: Schedule.objects.filter(
        agreement_id=agreement_id, sro__user_id=user_id, status=Schedule.Status.CONFIRMED, effective_from__lte=day
    ).order_by("-effective_from", "-decided_at", "-id"),
    agreement_id=int,
    user_id=int,
    day=date,
)
_ENTRIES = Prepared(
    lambda schedule_id: ScheduleEntry.objects.filter(schedule_id=schedule_id).select_related("school"),
    schedule_id=int,
)


@per_request
def schedule_on(membership: Membership, day: date) -> Schedule | None:
    """The confirmed schedule in force on DAY: the one with the latest start on or before it."""
    return _SCHEDULE_ON.first(agreement_id=membership.agreement_id, user_id=membership.user_id, day=day)


@per_request
def entries_of(schedule: Schedule) -> list[ScheduleEntry]:
    """A schedule's entries with their schools, by weekday and start (asked once a page:
    the SRO's assignment card and video window both show today's)."""
    return _ENTRIES.all(schedule_id=schedule.pk)


def scheduled_at(membership: Membership, school: School, when: datetime) -> bool:
    """Whether the SRO is scheduled at SCHOOL at the moment WHEN (VIII.2's video-access window).

    True only when all hold on that local date: an assignment includes the school, no absence
    is recorded, the confirmed schedule has an entry for the school, weekday and time (start
    included, end excluded), and students are in school, unless the entry is marked for days
    without students. A date the school calendar does not cover counts as a day without
    students: access is refused rather than guessed.
    """
    if timezone.is_naive(when):
        raise ValueError("scheduled_at needs an aware datetime.")
    local = timezone.localtime(when)
    day, moment = local.date(), local.time()
    assignment = assignment_on(membership, day)
    if assignment is None or school.pk not in {s.pk for s in assignment.schools()}:
        return False
    absent = Absence.objects.filter(
        Q(agreement_id=membership.agreement_id), sro__user_id=membership.user_id, on=day
    ).exists()
    if absent:
        return False
    schedule = schedule_on(membership, day)
    if schedule is None:
        return False
    entries = list(
        schedule.entries.filter(school=school, weekday=day.weekday(), starts_at__lte=moment, ends_at__gt=moment)
    )
    if not entries:
        return False
    if any(e.on_days_without_students for e in entries):
        return True
    try:
        return for_district(membership.agreement.district).is_school_day(day)
    except CalendarGap:
        return False
