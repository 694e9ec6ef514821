"""Every change to nominations, assignments, schedules and absences goes through here (II.1–II.3).

Each action checks the rule, writes the change and its audit entry in one transaction, and
notifies the other party after commit (notices send their email on commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role, User
from agreements.models import Agreement, School
from assignments.models import NOTE_MAX, REASON_MAX, Absence, Assignment, Nomination, Party, Schedule, ScheduleEntry
from assignments.queries import assignment_on
from audit.log import Actor, record
from notices.actions import notify
from schoolcalendar.days import CalendarGap, for_district

# A sworn officer is a person with a police role in the agreement. The Chief does not nominate
# the Chief; an SRO is nominated again to be reassigned (II.2).
NOMINABLE_ROLES = frozenset({Role.OFFICER, Role.SSU, Role.SRO})
MAX_ENTRIES = 100
HORIZON = timedelta(days=366)
TRAINING_ON_A_SCHOOL_DAY = (
    "Students are in school on {day}. The agreement asks that training take place when school is "
    "not in session, whenever possible (Section II)."
)


# -- who is told ---------------------------------------------------------------------------------


def party_of(membership: Membership) -> Party | None:
    """Which party a person acts for on the SRO's schedule: the Chief for the Police Department,
    the Superintendent or designee for the district (II.3)."""
    if membership.role == Role.CHIEF:
        return Party.POLICE
    if membership.role in SUPERINTENDENT_ROLES:
        return Party.DISTRICT
    return None


def _people(agreement: Agreement, roles: frozenset[str] | set[str]) -> list[User]:
    found = Membership.objects.active().filter(agreement=agreement, role__in=roles).select_related("user")
    return list({m.user_id: m.user for m in found}.values())


def chiefs(agreement: Agreement) -> list[User]:
    return _people(agreement, {Role.CHIEF})


def approvers(agreement: Agreement) -> list[User]:
    """The Superintendent approves SROs: the MOU names no designee for this (II.1)."""
    return _people(agreement, {Role.SUPERINTENDENT})


def party_people(agreement: Agreement, party: str) -> list[User]:
    return chiefs(agreement) if party == Party.POLICE else _people(agreement, SUPERINTENDENT_ROLES)


def _url(name: str, agreement: Agreement, **kwargs: object) -> str:
    return reverse(name, kwargs={"slug": agreement.slug, **kwargs})


# -- II.1 nomination and approval ----------------------------------------------------------------


def _check_schools(agreement: Agreement, primary: School | None, assists: list[School]) -> None:
    if primary is None:
        raise ValidationError("Choose the primary school.")
    known = set(agreement.schools.values_list("pk", flat=True))
    foreign = [s.name for s in [primary, *assists] if s.pk not in known]
    if foreign:
        raise ValidationError(f"Not schools of this agreement: {', '.join(foreign)}.")
    if primary.pk in {s.pk for s in assists}:
        raise ValidationError(f"{primary.name} is the primary school; do not list it as an assist school too.")


@transaction.atomic
def do_nominate(
    actor: Actor, chief: Membership, officer: Membership, *, primary_school: School | None, assist_schools: list[School]
) -> Nomination:
    """The Chief nominates a sworn officer as SRO with the schools proposed (II.1)."""
    if chief.role != Role.CHIEF:
        raise ValidationError("Only the Chief of Police nominates an SRO.")
    agreement = chief.agreement
    locked = Membership.objects.active().select_for_update().filter(pk=officer.pk, agreement=agreement).first()
    if locked is None or locked.role not in NOMINABLE_ROLES:
        raise ValidationError("Only a sworn officer of this agreement's Police Department can be nominated as SRO.")
    if not locked.badge_number:
        raise ValidationError(f"{locked.display_name} has no badge number: record it on their role first.")
    _check_schools(agreement, primary_school, assist_schools)
    if Nomination.objects.filter(officer=locked, status=Nomination.Status.PENDING).exists():
        raise ValidationError(f"{locked.display_name} already has a nomination waiting for the Superintendent.")
    nomination = Nomination.objects.create(
        agreement=agreement, officer=locked, primary_school=primary_school, nominated_by=chief.user
    )
    nomination.assist_schools.set(assist_schools)
    schools = [s.name for s in nomination.schools()]
    record(
        actor,
        "nomination.created",
        nomination,
        agreement=agreement,
        changes={"officer": locked.user.username, "role": locked.role, "schools": schools},
    )
    notify(
        approvers(agreement),
        agreement=agreement,
        kind="sro_nominated",
        key=f"nomination:{nomination.pk}:created",
        context={"officer": locked.display_name, "chief": chief.display_name, "schools": schools},
        url=_url("assignments:nomination", agreement, nomination_id=nomination.pk),
    )
    return nomination


def _claim(nomination: Nomination, superintendent: Membership, status: str, **fields: object) -> Nomination:
    if superintendent.role != Role.SUPERINTENDENT:
        raise ValidationError("Only the Superintendent approves or declines an SRO.")
    claimed = Nomination.objects.filter(
        pk=nomination.pk, agreement=superintendent.agreement, status=Nomination.Status.PENDING
    ).update(status=status, decided_by=superintendent.user, decided_at=timezone.now(), **fields)
    if claimed != 1:
        raise ValidationError("This nomination has already been decided.")
    return Nomination.objects.select_related("officer__user", "primary_school").get(pk=nomination.pk)


@transaction.atomic
def do_approve_nomination(actor: Actor, superintendent: Membership, nomination: Nomination) -> Assignment:
    """Approve: the officer becomes an SRO (their police role ends, history kept) and the
    assignment starts today, ending any assignment they held (II.1, II.2)."""
    nomination = _claim(nomination, superintendent, Nomination.Status.APPROVED)
    agreement = nomination.agreement
    today = timezone.localdate()
    officer = Membership.objects.active().select_for_update().filter(pk=nomination.officer_id).first()
    if officer is None:
        raise ValidationError("The officer's role has ended since the nomination; the Chief must nominate again.")
    schools = nomination.schools()
    sro = _make_sro(actor, officer, schools, today)
    previous = Assignment.objects.of(sro).filter(ends_on__isnull=True).select_for_update().first()
    if previous is not None:
        previous.ends_on = max(today, previous.starts_on)
        previous.save(update_fields=["ends_on"])
        record(actor, "assignment.ended", previous, agreement=agreement, changes={"ends_on": previous.ends_on})
    assignment = Assignment.objects.create(
        agreement=agreement, sro=sro, nomination=nomination, primary_school=schools[0], starts_on=today
    )
    assignment.assist_schools.set(schools[1:])
    record(
        actor,
        "nomination.approved",
        nomination,
        agreement=agreement,
        changes={"officer": officer.user.username, "schools": [s.name for s in schools]},
    )
    record(
        actor,
        "assignment.started",
        assignment,
        agreement=agreement,
        changes={
            "sro": sro.user.username,
            "primary_school": schools[0].name,
            "assist_schools": [s.name for s in schools[1:]],
            "starts_on": today,
            "replaces": previous.pk if previous else None,
        },
    )
    context = {"officer": sro.display_name, "decided_by": superintendent.display_name, "approved": True}
    context["schools"] = [s.name for s in schools]
    key = f"nomination:{nomination.pk}:decided"
    notify(
        chiefs(agreement),
        agreement=agreement,
        kind="sro_nomination_decided",
        key=key,
        context=context,
        url=_url("assignments:nomination", agreement, nomination_id=nomination.pk),
    )
    # The new SRO cannot open the nomination (the Chief's and the Superintendent's paper): their
    # notice opens their own page, with the assignment and the schedule to come.
    notify(
        [sro.user],
        agreement=agreement,
        kind="sro_nomination_decided",
        key=key,
        context=context,
        url=_url("assignments:sro", agreement, sro_id=sro.pk),
    )
    return assignment


def _make_sro(actor: Actor, officer: Membership, schools: list[School], today: date) -> Membership:
    """The officer's SRO role with the assigned schools: a new role when they held another one.

    The Membership rows are written here because approval is what grants the SRO role (II.1);
    the old role ends yesterday (today when it began today) and stays as history.
    """
    if officer.role != Role.SRO:
        officer.ends_on = max(today - timedelta(days=1), officer.starts_on)
        officer.save(update_fields=["ends_on"])
        sro = Membership.objects.create(
            user=officer.user,
            agreement=officer.agreement,
            role=Role.SRO,
            title=officer.title,
            badge_number=officer.badge_number,
            primary_school=schools[0],
            starts_on=today,
        )
        record(
            actor,
            "membership.role_changed",
            sro,
            agreement=officer.agreement,
            changes={"from_role": officer.role, "to_role": Role.SRO, "ended_membership": officer.pk},
        )
    else:
        sro = officer
        old = [s.name for s in sro.schools.all()]
        sro.primary_school = schools[0]
        sro.save(update_fields=["primary_school"])
        if old != [s.name for s in schools]:
            record(
                actor,
                "membership.schools_changed",
                sro,
                agreement=sro.agreement,
                changes={"schools": [old, [s.name for s in schools]]},
            )
    # The role's schools follow the assignment: the roster lookup (VII.6) reads them.
    sro.schools.set(schools)
    return sro


@transaction.atomic
def do_decline_nomination(actor: Actor, superintendent: Membership, nomination: Nomination, *, reason: str) -> None:
    """Decline, with the written reason the agreement requires ("shall not unreasonably be withheld")."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Write the reason for declining: approval may not be withheld without one.")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"Keep the reason within {REASON_MAX} characters (it has {len(reason)}).")
    nomination = _claim(nomination, superintendent, Nomination.Status.DECLINED, decline_reason=reason)
    agreement = nomination.agreement
    record(
        actor,
        "nomination.declined",
        nomination,
        agreement=agreement,
        changes={"officer": nomination.officer.user.username, "reason": reason},
    )
    notify(
        chiefs(agreement),
        agreement=agreement,
        kind="sro_nomination_decided",
        key=f"nomination:{nomination.pk}:decided",
        context={
            "officer": nomination.officer.display_name,
            "decided_by": superintendent.display_name,
            "approved": False,
        },
        url=_url("assignments:nomination", agreement, nomination_id=nomination.pk),
    )


# -- II.3 schedule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    school: School
    weekday: int
    starts_at: time
    ends_at: time
    on_days_without_students: bool = False


def _acting_party(membership: Membership) -> Party:
    party = party_of(membership)
    if party is None:
        raise ValidationError("Only the Chief and the Superintendent or designee set the SRO's schedule.")
    return party


def _sro_of(agreement: Agreement, sro: Membership) -> Membership:
    found = Membership.objects.active().filter(pk=sro.pk, agreement=agreement, role=Role.SRO).first()
    if found is None:
        raise ValidationError("Choose a current SRO of this agreement.")
    return found


def check_entries(sro: Membership, effective_from: date, entries: list[Entry]) -> None:
    """The entries fit the SRO's assignment on EFFECTIVE_FROM and never overlap."""
    if not entries:
        raise ValidationError("Add at least one day with hours.")
    if len(entries) > MAX_ENTRIES:
        raise ValidationError(f"A schedule holds at most {MAX_ENTRIES} entries (this one has {len(entries)}).")
    assignment = assignment_on(sro, effective_from)
    if assignment is None:
        raise ValidationError(
            f"{sro.display_name} has no assignment on {effective_from:%B} {effective_from.day}, "
            f"{effective_from.year}: the Superintendent approves an assignment first."
        )
    assigned = {s.pk for s in assignment.schools()}
    names = {s.pk: s.name for s in assignment.schools()}
    for e in entries:
        if e.school.pk not in assigned:
            raise ValidationError(
                f"{e.school.name} is not one of the SRO's assigned schools ({', '.join(names.values())})."
            )
        if not 0 <= e.weekday <= 6:
            raise ValidationError("Choose a day of the week.")
        if e.ends_at <= e.starts_at:
            raise ValidationError(f"{e.school.name}: the hours must end after they start ({e.starts_at:%H:%M}).")
    # Hours at different schools may overlap: an SRO based at one school is on call for the
    # schools they assist. Two ranges for the same school and day that overlap are a mistake.
    by_day = sorted(entries, key=lambda e: (e.school.pk, e.weekday, e.starts_at))
    for a, b in pairwise(by_day):
        if a.school.pk == b.school.pk and a.weekday == b.weekday and b.starts_at < a.ends_at:
            day = ScheduleEntry.Weekday(a.weekday).label
            raise ValidationError(
                f"{day} at {a.school.name}: {a.starts_at:%H:%M}–{a.ends_at:%H:%M} overlaps "
                f"{b.starts_at:%H:%M}–{b.ends_at:%H:%M}. Give each day's hours at a school once."
            )


@transaction.atomic
def do_propose_schedule(
    actor: Actor, membership: Membership, sro: Membership, *, effective_from: date, entries: list[Entry]
) -> Schedule:
    """One party proposes the SRO's schedule from a date; the other confirms it (II.3)."""
    party = _acting_party(membership)
    agreement = membership.agreement
    sro = _sro_of(agreement, sro)
    today = timezone.localdate()
    if effective_from < today:
        raise ValidationError("A schedule starts today or later: it cannot change days already past.")
    if effective_from > today + HORIZON:
        raise ValidationError("A schedule starts within a year from today.")
    check_entries(sro, effective_from, entries)
    # Lock the SRO's row so two proposals at once cannot both pass the check below.
    Membership.objects.select_for_update().filter(pk=sro.pk).first()
    if Schedule.objects.filter(sro=sro, status=Schedule.Status.PROPOSED).exists():
        raise ValidationError(
            f"A schedule for {sro.display_name} is already waiting for confirmation: confirm or set it aside first."
        )
    schedule = Schedule.objects.create(
        agreement=agreement,
        sro=sro,
        effective_from=effective_from,
        proposed_by=membership.user,
        proposed_by_party=party,
    )
    ScheduleEntry.objects.bulk_create(
        ScheduleEntry(
            schedule=schedule,
            school=e.school,
            weekday=e.weekday,
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            on_days_without_students=e.on_days_without_students,
        )
        for e in entries
    )
    record(
        actor,
        "schedule.proposed",
        schedule,
        agreement=agreement,
        changes={
            "sro": sro.user.username,
            "effective_from": effective_from,
            "party": party,
            "entries": [
                [e.school.name, e.weekday, f"{e.starts_at:%H:%M}", f"{e.ends_at:%H:%M}", e.on_days_without_students]
                for e in entries
            ],
        },
    )
    other = Party.DISTRICT if party == Party.POLICE else Party.POLICE
    notify(
        party_people(agreement, other),
        agreement=agreement,
        kind="sro_schedule_proposed",
        key=f"schedule:{schedule.pk}:proposed",
        context={"sro": sro.display_name, "proposed_by": membership.display_name, "effective_from": effective_from},
        url=_url("assignments:sro", agreement, sro_id=sro.pk),
    )
    return schedule


def _decide_schedule(membership: Membership, schedule: Schedule, status: str) -> Schedule:
    claimed = Schedule.objects.filter(
        pk=schedule.pk, agreement=membership.agreement, status=Schedule.Status.PROPOSED
    ).update(status=status, decided_by=membership.user, decided_at=timezone.now())
    if claimed != 1:
        raise ValidationError("This schedule is no longer waiting for confirmation.")
    return Schedule.objects.select_related("sro__user").get(pk=schedule.pk)


@transaction.atomic
def do_confirm_schedule(actor: Actor, membership: Membership, schedule: Schedule) -> Schedule:
    """The other party confirms: from its date, the schedule is the SRO's (II.3)."""
    party = _acting_party(membership)
    if party == schedule.proposed_by_party:
        raise ValidationError(
            f"The {Party(party).label} proposed this schedule; the other party confirms it (the schedule is set jointly)."
        )
    schedule = _decide_schedule(membership, schedule, Schedule.Status.CONFIRMED)
    agreement = schedule.agreement
    record(actor, "schedule.confirmed", schedule, agreement=agreement, changes={"party": party})
    notify(
        [*party_people(agreement, schedule.proposed_by_party), schedule.sro.user],
        agreement=agreement,
        kind="sro_schedule_confirmed",
        key=f"schedule:{schedule.pk}:confirmed",
        context={
            "sro": schedule.sro.display_name,
            "confirmed_by": membership.display_name,
            "effective_from": schedule.effective_from,
        },
        url=_url("assignments:sro", agreement, sro_id=schedule.sro_id),
    )
    return schedule


@transaction.atomic
def do_set_aside_schedule(actor: Actor, membership: Membership, schedule: Schedule) -> Schedule:
    """Either party sets a proposal aside (withdrawn by its author, or not agreed by the other)."""
    party = _acting_party(membership)
    schedule = _decide_schedule(membership, schedule, Schedule.Status.SET_ASIDE)
    agreement = schedule.agreement
    record(actor, "schedule.set_aside", schedule, agreement=agreement, changes={"party": party})
    other = Party.DISTRICT if party == Party.POLICE else Party.POLICE
    notify(
        party_people(agreement, other),
        agreement=agreement,
        kind="sro_schedule_set_aside",
        key=f"schedule:{schedule.pk}:set_aside",
        context={
            "sro": schedule.sro.display_name,
            "by": membership.display_name,
            "effective_from": schedule.effective_from,
        },
        url=_url("assignments:sro", agreement, sro_id=schedule.sro_id),
    )
    return schedule


@transaction.atomic
def do_record_absence(
    actor: Actor, membership: Membership, sro: Membership, *, on: date, kind: str, note: str = ""
) -> Absence:
    """Record a day the SRO is away (training or another absence). On a school day it is kept,
    with `on_school_day` set: the caller warns that training belongs when school is out (II.3)."""
    _acting_party(membership)
    agreement = membership.agreement
    sro = _sro_of(agreement, sro)
    if kind not in Absence.Kind.values:
        raise ValidationError("Choose Training or Other absence.")
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"Keep the note within {NOTE_MAX} characters (it has {len(note)}).")
    today = timezone.localdate()
    if on < agreement.effective_date or on > today + HORIZON:
        raise ValidationError(
            f"Choose a date from the agreement's start ({agreement.effective_date:%Y-%m-%d}) to a year from today."
        )
    if Absence.objects.filter(sro__user_id=sro.user_id, agreement=agreement, on=on).exists():
        raise ValidationError(f"{sro.display_name} already has an absence on {on:%Y-%m-%d}.")
    try:
        on_school_day = for_district(agreement.district).is_school_day(on)
    except CalendarGap:
        on_school_day = False
    absence = Absence.objects.create(
        agreement=agreement,
        sro=sro,
        on=on,
        kind=kind,
        note=note,
        on_school_day=on_school_day,
        entered_by=membership.user,
    )
    record(
        actor,
        "absence.recorded",
        absence,
        agreement=agreement,
        changes={"sro": sro.user.username, "on": on, "kind": kind, "note": note, "on_school_day": on_school_day},
    )
    return absence


@transaction.atomic
def do_end_sro_role(
    actor: Actor, chief: Membership, sro: Membership, *, reason: str, dismissed: bool
) -> Membership | None:
    """X.2: the Police Department reassigns the SRO to other duties, or dismisses them from the
    program. The assignment ends today and the SRO role ends (history kept); a reassigned officer
    keeps a Police officer role, so the Chief may nominate them again later. Returns that role."""
    if chief.role != Role.CHIEF:
        raise ValidationError("The Chief of Police reassigns or dismisses an SRO.")
    sro = (
        Membership.objects.active()
        .select_for_update()
        .filter(pk=sro.pk, agreement=chief.agreement, role=Role.SRO)
        .first()
    )
    if sro is None:
        raise ValidationError("That person no longer holds the SRO role.")
    today = timezone.localdate()
    current = Assignment.objects.of(sro).filter(ends_on__isnull=True).select_for_update().first()
    if current is not None:
        current.ends_on = max(today, current.starts_on)
        current.save(update_fields=["ends_on"])
        record(
            actor,
            "assignment.ended",
            current,
            agreement=sro.agreement,
            changes={"ends_on": current.ends_on, "reason": reason},
        )
    sro.ends_on = max(today - timedelta(days=1), sro.starts_on)
    sro.save(update_fields=["ends_on"])
    officer = None
    if not dismissed:
        officer = Membership.objects.create(
            user=sro.user,
            agreement=sro.agreement,
            role=Role.OFFICER,
            title=sro.title,
            badge_number=sro.badge_number,
            starts_on=today,
        )
    record(
        actor,
        "membership.role_changed",
        sro,
        agreement=sro.agreement,
        changes={"from_role": Role.SRO, "to_role": Role.OFFICER if officer else None, "reason": reason},
    )
    return officer
