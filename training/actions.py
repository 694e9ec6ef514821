"""Every change to the training records goes through here, with its audit entry (IV.3, X.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import POLICE_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement
from audit.log import Actor, record, snapshot
from training.models import Completion, Course, standing

# The MOU's own trainings (IV.3, X.3). How long each stays valid is the agreement's to set; a year is
# the default because the district retrains its certified staff on restraint and seclusion each year.
MOU_COURSES = [
    ("Social-emotional learning and restorative practices", Course.Audience.SRO, 12),
    ("Physical restraint and seclusion (Conn. Gen. Stat. § 10-236b)", Course.Audience.SRO, 12),
    ("The SRO agreement and its purpose", Course.Audience.AGREEMENT, None),
]
SCHOOL_DAY_WARNING = (
    "This training was held on a day school was in session. The agreement asks that training take place "
    "when school is not in session whenever possible."
)


def may_manage(membership: Membership) -> bool:
    return membership.role == Role.CHIEF or membership.role in SUPERINTENDENT_ROLES


def may_record_for(recorder: Membership, person: Membership) -> bool:
    """The Superintendent's office records anyone's training; the Chief records the police's."""
    if recorder.agreement_id != person.agreement_id:
        return False
    if recorder.role in SUPERINTENDENT_ROLES:
        return True
    return recorder.role == Role.CHIEF and person.role in POLICE_ROLES


def sources_for(membership: Membership) -> list[str]:
    """Which kinds of course this person adds to the catalogue."""
    if membership.role in SUPERINTENDENT_ROLES:
        return [Course.Source.MOU, Course.Source.DISTRICT]
    if membership.role == Role.CHIEF:
        return [Course.Source.DEPARTMENT]
    return []


@transaction.atomic
def do_add_mou_courses(actor: Actor, agreement: Agreement) -> list[Course]:
    """Put the agreement's own required trainings in its catalogue, once."""
    added = []
    for name, audience, months in MOU_COURSES:
        course, created = Course.objects.get_or_create(
            agreement=agreement,
            name=name,
            defaults={"audience": audience, "source": Course.Source.MOU, "required": True, "valid_months": months},
        )
        if created:
            record(actor, "training.course_added", course, agreement=agreement, changes=_course_fields(course))
            added.append(course)
    return added


def _course_fields(course: Course) -> dict[str, Any]:
    return snapshot(course, ["name", "audience", "source", "required", "valid_months"])


@transaction.atomic
def do_add_course(actor: Actor, membership: Membership, values: dict[str, Any]) -> Course:
    if values.get("source") not in sources_for(membership):
        raise ValidationError({"source": "You cannot add that kind of training."})
    name = " ".join(str(values.get("name", "")).split())
    if not name:
        raise ValidationError({"name": "Name the training."})
    if Course.objects.filter(agreement=membership.agreement, name__iexact=name).exists():
        raise ValidationError({"name": f"The catalogue already has a training named “{name}”."})
    course = Course.objects.create(
        agreement=membership.agreement,
        name=name,
        audience=values.get("audience") or Course.Audience.SRO,
        source=values["source"],
        required=bool(values.get("required", True)),
        valid_months=values.get("valid_months"),
    )
    record(actor, "training.course_added", course, agreement=membership.agreement, changes=_course_fields(course))
    return course


def _on_school_day(agreement: Agreement, day: date) -> bool:
    from schoolcalendar.days import for_district

    days = for_district(agreement.district)
    return days.knows(day) and days.is_school_day(day)


def do_record_completion(
    actor: Actor, recorder: Membership, *, person: Membership, course: Course, completed_on: date, hours: Decimal
) -> tuple[Completion, str]:
    """Record that PERSON completed COURSE; return it with a warning when it fell on a school day."""
    agreement = recorder.agreement
    if course.agreement_id != agreement.id:
        raise ValidationError({"course": "Choose a training from this agreement's catalogue."})
    if not may_record_for(recorder, person):
        raise ValidationError({"person": "You cannot record training for that person."})
    if course.audience == Course.Audience.SRO and person.role != Role.SRO:
        raise ValidationError({"course": "That training is for School Resource Officers."})
    today = timezone.localdate()
    if completed_on > today:
        raise ValidationError({"completed_on": "Record a training once it has been completed, not before."})
    if completed_on < today - timedelta(days=3653):
        raise ValidationError({"completed_on": "That date is more than ten years ago."})
    school_day = _on_school_day(agreement, completed_on)  # reads the calendar before the write transaction
    try:
        with transaction.atomic():
            completion = Completion.objects.create(
                course=course,
                person=person,
                completed_on=completed_on,
                hours=hours,
                expires_on=course.expiry_for(completed_on),
                on_school_day=school_day,
                recorded_by=actor.user if actor.user else recorder.user,
            )
            record(
                actor,
                "training.completed",
                completion,
                agreement=agreement,
                changes={
                    "course": course.name,
                    "person": person.user.username,
                    **snapshot(completion, ["completed_on", "hours", "expires_on", "on_school_day"]),
                },
            )
    except IntegrityError:
        raise ValidationError(
            {"completed_on": f"{person.display_name}'s completion of this training on that day is already recorded."}
        ) from None
    return completion, SCHOOL_DAY_WARNING if school_day else ""


@dataclass(frozen=True)
class Row:
    person: Membership
    cells: list[tuple[Course, str, date | None, Completion | None]]

    @property
    def out_since(self) -> date | None:
        """The earliest date since which this person has been out of compliance, if they are."""
        dates = [since for _, _, since, _ in self.cells if since is not None]
        return min(dates) if dates else None


def compliance(agreement: Agreement, audience: str, today: date | None = None) -> tuple[list[Course], list[Row]]:
    """The required courses for AUDIENCE and, for each person they apply to, where they stand."""
    return compliance_of(agreement, (audience,), today)[audience]


def compliance_of(
    agreement: Agreement, audiences: tuple[str, ...], today: date | None = None
) -> dict[str, tuple[list[Course], list[Row]]]:
    """`compliance` for each of AUDIENCES, from three reads whatever their number (none of
    people when no course is required): the courses, the people, their completions."""
    today = today or timezone.localdate()
    courses = list(Course.objects.filter(agreement=agreement, audience__in=audiences, required=True))
    people: list[Membership] = []
    latest: dict[tuple[int, int], Completion] = {}
    if courses:
        people = list(
            Membership.objects.active()
            .filter(agreement=agreement)
            .exclude(role=Role.SYSADMIN)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        for c in Completion.objects.filter(course__in=courses, person__in=people).order_by("completed_on"):
            latest[(c.course_id, c.person_id)] = c
    out = {}
    for audience in audiences:
        theirs = [c for c in courses if c.audience == audience]
        rows = []
        for person in people if audience != Course.Audience.SRO else [p for p in people if p.role == Role.SRO]:
            cells = []
            for course in theirs:
                done = latest.get((course.id, person.id))
                state, since = standing(course, person, done, today)
                cells.append((course, state, since, done))
            rows.append(Row(person, cells))
        out[audience] = (theirs, rows)
    return out


def expiring(agreement: Agreement, day: date, within: int) -> list[Completion]:
    """Latest completions of required courses that expire exactly WITHIN days after DAY."""
    target = day + timedelta(days=within)
    candidates = (
        Completion.objects.filter(course__agreement=agreement, course__required=True, expires_on=target)
        .select_related("course", "person__user")
        .exclude(Q(person__ends_on__lt=day))
    )
    # A later completion of the same course renews it: no reminder for the old one.
    return [
        c
        for c in candidates
        if not Completion.objects.filter(course=c.course, person=c.person, completed_on__gt=c.completed_on).exists()
    ]
