"""VIII.2's access window: may this person view this school's video at this moment, and why.

    verdict = window.check(agreement, "sro", "Staples High School", when)
    verdict.allowed, verdict.reason

The SRO's window is the assignment and the confirmed schedule (assignments.queries.scheduled_at,
which also reads absences and the school calendar); the SSU officer's is the SSU schedule in
force that day. Every moment is judged on the district's local clock, so the hours hold across
daylight saving time. A question that cannot be answered (no calendar for the date) is refused,
never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement, School
from assignments.models import Absence
from assignments.queries import assignment_on, entries_of, schedule_on, scheduled_at
from lib import text
from lib.requestcache import per_request
from schoolcalendar.days import CalendarGap, for_district
from schoolvideo.models import SSUSchedule

WINDOW_ROLES = (Role.SRO, Role.SSU)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str
    person: Membership | None = None
    school: School | None = None


def _hours(start: time, end: time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def _moment(local: datetime) -> str:
    return f"{WEEKDAYS[local.weekday()]} {local:%Y-%m-%d %H:%M} ({local.tzname()})"


def parse_moment(value: str) -> datetime:
    """An ISO 8601 date and time as an aware datetime. A time without an offset is read on the
    district's clock, unless that local time does not exist or happens twice (daylight saving)."""
    raw = " ".join(text.clean(str(value)).split())
    if not raw:
        raise ValueError("Give the date and time, e.g. 2026-11-24T07:00-05:00.")
    if not re.search(r"\d[T ]\d", raw):
        raise ValueError(f"“{raw[:40]}” has no time of day; write it as 2026-11-24T07:00-05:00.")
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00") if raw.endswith("Z") else raw)
    except ValueError:
        raise ValueError(f"“{raw[:40]}” is not a date and time; write it as 2026-11-24T07:00-05:00.") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"Give a date from {EARLIEST_YEAR} to {LATEST_YEAR}.")
    if timezone.is_aware(moment):
        return moment
    zone = timezone.get_current_timezone()
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        back = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back != moment:
            raise ValueError(
                f"{raw} does not exist on the district's clock (the clocks moved forward); give an offset."
            )
        raise ValueError(f"{raw} happens twice on the district's clock (the clocks moved back); give an offset.")
    return first


def find_school(agreement: Agreement, value: str) -> School | None:
    """The agreement's school named by VALUE: its name (any case and spacing), its sourced id, or its id."""
    wanted = " ".join(text.clean(str(value)).split()).casefold()
    if not wanted:
        return None
    schools = list(agreement.schools.all())
    for school in schools:
        if school.name.casefold() == wanted or (school.sourced_id and school.sourced_id.casefold() == wanted):
            return school
    if re.fullmatch(r"\d{1,12}", wanted):
        return next((s for s in schools if s.pk == int(wanted)), None)
    return None


def find_person(agreement: Agreement, username: str, day: date) -> Membership | None:
    """The person's role in the agreement on DAY, an SRO or SSU role first."""
    name = text.clean(str(username)).strip()
    if not name or len(name) > 150:
        return None
    roles = (
        Membership.objects.filter(agreement=agreement, user__username__iexact=name, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("user", "agreement__district")
    )
    found = list(roles)
    return next((m for m in found if m.role in WINDOW_ROLES), found[0] if found else None)


def check(agreement: Agreement, username: str, school_name: str, when: datetime) -> Verdict:
    """VIII.2: whether USERNAME may view SCHOOL_NAME's video at WHEN (aware), with the reason."""
    if timezone.is_naive(when):
        raise ValueError("The access window needs an aware datetime.")
    local = timezone.localtime(when)
    if agreement.has_ended(local.date()):
        return Verdict(
            False, f"The agreement ended on {agreement.ends_on:%Y-%m-%d}: it gives no access to video after that."
        )
    person = find_person(agreement, username, local.date())
    if person is None:
        return Verdict(False, f"No person “{str(username)[:40]}” holds a role in this agreement on {local:%Y-%m-%d}.")
    school = find_school(agreement, school_name)
    if school is None:
        return Verdict(False, f"“{str(school_name)[:60]}” is not one of this agreement's schools.", person)
    return window(person, school, when)


def window(person: Membership, school: School, when: datetime) -> Verdict:
    """The verdict for a known person and school."""
    local = timezone.localtime(when)
    who = person.display_name
    if person.role == Role.SRO:
        verdict = _sro(person, school, local)
    elif person.role == Role.SSU:
        verdict = _ssu(person, school, local)
    else:
        verdict = (
            False,
            f"{who} is {person.get_role_display()}; the agreement lets only the SRO and SSU officers "
            "view district video during their assignment.",
        )
    allowed, reason = verdict
    return Verdict(allowed, reason, person, school)


def _not_a_school_day(person: Membership, day: date) -> str | None:
    """Why DAY has no students, or None when it is a school day."""
    try:
        if for_district(person.agreement.district).is_school_day(day):
            return None
    except CalendarGap:
        return f"the school calendar does not cover {day:%Y-%m-%d}, so the window is refused rather than guessed"
    return f"{day:%A %Y-%m-%d} is not a school day (no students)"


def _sro(person: Membership, school: School, local: datetime) -> tuple[bool, str]:
    who, day, moment = person.display_name, local.date(), local.time()
    assignment = assignment_on(person, day)
    if assignment is None:
        return False, f"{who} has no SRO assignment on {day:%Y-%m-%d}."
    if school.pk not in {s.pk for s in assignment.schools()}:
        return False, f"{who} is not assigned to {school.name} on {day:%Y-%m-%d}."
    if Absence.objects.filter(agreement_id=person.agreement_id, sro__user_id=person.user_id, on=day).exists():
        return False, f"{who} is recorded as absent on {day:%Y-%m-%d}."
    schedule = schedule_on(person, day)
    if schedule is None:
        return False, f"{who} has no confirmed schedule in force on {day:%Y-%m-%d}."
    today = list(schedule.entries.filter(school=school, weekday=day.weekday()).order_by("starts_at"))
    entry = next((e for e in today if e.starts_at <= moment < e.ends_at), None)
    if entry is None:
        hours = ", ".join(_hours(e.starts_at, e.ends_at) for e in today) or "none"
        return False, (
            f"{_moment(local)} is outside {who}'s scheduled hours at {school.name} "
            f"(that {WEEKDAYS[day.weekday()]}: {hours})."
        )
    if not entry.on_days_without_students and (why := _not_a_school_day(person, day)):
        return False, f"Refused: {why}; {who}'s hours at {school.name} are on school days."
    if not scheduled_at(person, school, local):  # the assignment workflow's own answer has the last word
        return False, f"{who} is not scheduled at {school.name} at {_moment(local)}."
    return True, (
        f"{who} (SRO) is scheduled at {school.name} {_hours(entry.starts_at, entry.ends_at)} "
        f"on {WEEKDAYS[day.weekday()]}s; {_moment(local)} is within it."
    )


@per_request
def ssu_schedule_on(person: Membership, day: date) -> SSUSchedule | None:
    """The SSU schedule in force on DAY: the latest to take effect on or before it."""
    return (
        SSUSchedule.objects.filter(
            agreement_id=person.agreement_id, officer__user_id=person.user_id, effective_from__lte=day
        )
        .order_by("-effective_from", "-id")
        .first()
    )


def _ssu(person: Membership, school: School, local: datetime) -> tuple[bool, str]:
    who, day, moment = person.display_name, local.date(), local.time()
    schedule = ssu_schedule_on(person, day)
    if schedule is None:
        return False, f"{who} has no SSU schedule in force on {day:%Y-%m-%d}."
    today = list(schedule.shifts.filter(school=school, weekday=day.weekday()).order_by("starts_at"))
    shift = next((s for s in today if s.starts_at <= moment < s.ends_at), None)
    if shift is None:
        hours = ", ".join(_hours(s.starts_at, s.ends_at) for s in today) or "none"
        return False, (
            f"{_moment(local)} is outside {who}'s SSU hours at {school.name} "
            f"(that {WEEKDAYS[day.weekday()]}: {hours}; schedule from {schedule.effective_from:%Y-%m-%d})."
        )
    if not shift.on_days_without_students and (why := _not_a_school_day(person, day)):
        return False, f"Refused: {why}; {who}'s SSU hours at {school.name} are on school days."
    return True, (
        f"{who} (SSU officer) is assigned to {school.name} {_hours(shift.starts_at, shift.ends_at)} "
        f"on {WEEKDAYS[day.weekday()]}s (schedule from {schedule.effective_from:%Y-%m-%d}); {_moment(local)} is within it."
    )


def today_for(person: Membership, day: date | None = None) -> list[tuple[School, str]]:
    """The person's hours per school on DAY (today), for their dashboard."""
    day = day or timezone.localdate()
    rows: list[tuple[School, str]] = []
    if person.role == Role.SRO:
        assignment = assignment_on(person, day)
        schedule = schedule_on(person, day)
        if assignment is None or schedule is None:
            return []
        assigned = {s.pk for s in assignment.schools()}
        entries = [e for e in entries_of(schedule) if e.weekday == day.weekday() and e.school_id in assigned]
        off = _not_a_school_day(person, day)
        for e in entries:
            note = f" (not today: {off})" if off and not e.on_days_without_students else ""
            rows.append((e.school, _hours(e.starts_at, e.ends_at) + note))
    elif person.role == Role.SSU:
        schedule = ssu_schedule_on(person, day)
        if schedule is None:
            return []
        off = _not_a_school_day(person, day)
        for s in schedule.shifts.filter(weekday=day.weekday()).select_related("school"):
            note = f" (not today: {off})" if off and not s.on_days_without_students else ""
            rows.append((s.school, _hours(s.starts_at, s.ends_at) + note))
    return rows
