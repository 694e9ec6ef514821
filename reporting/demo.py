"""The demo's Form As and monthly compilations for Westport: a school year in progress (VII).

Everything goes through the real actions, as the SRO, the Chief and the Superintendent would
do it: drafts are started, filled in and signed, received (each receipt renders its PDF) or
returned, and the past months are compiled, sent and acknowledged.

The actions stamp each step with the present moment and take no other. So that the history
lands in the months before today, each step's own timestamps are moved back after the step:
the report's creation, submission and receipt, its kept versions, and the compilation's
preparation, sending and acknowledgment; the lateness that submission counted from today is
counted again from the day the report is said to have been submitted. What is sealed keeps the
moment the demo was loaded, because rewriting it would be forging it: the hash-chained audit
entries, the stored PDFs (their SHA-256 is in the audit chain) and the notices already emailed.

Every month the dates are chosen from today and the district's calendar, so the demo stays
alive whenever it is loaded: drafts due in a few school days, a report waiting for the Chief,
one returned for correction, and the three months before this one compiled (the oldest of them,
with no reports, as the written notice).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from audit.log import Actor
from reporting import actions
from reporting.compilation import (
    do_acknowledge_compilation,
    do_prepare_compilation,
    do_send_compilation,
    last_of_month,
    next_month,
    previous_month,
)
from reporting.models import FormA, MonthlyCompilation
from schoolcalendar.days import CalendarGap, for_district

# -- the reports -------------------------------------------------------------------------------
# Synthetic incidents written as an SRO would write them: students by their labels, never a
# name (the name guard scans every word of them on submission, against the demo roster).


@dataclass(frozen=True)
class Incident:
    """One Form A of the demo. DAY is the incident's place among the month's school days (from
    the end, counting today, for this month's); the SRO submits SUBMIT_AFTER school days later
    (None: two school days after the due date, late) and the Chief receives it RECEIVE_AFTER
    school days after that. STUDENTS are the student blocks, Student A first."""

    sro: str
    school: str
    day: int
    at: time
    location: str
    reason_and_nature: str
    dispositions: tuple[str, ...]
    students: tuple[dict[str, Any], ...]
    escalated_to_violence: bool = True
    constitutes_crime: bool = False
    other_text: str = ""
    submit_after: int | None = 1
    receive_after: int = 1


STAPLES, BEDFORD, COLEYTOWN = "Staples High School", "Bedford Middle School", "Coleytown Middle School"

# Two months back: three reports, received, compiled and sent to the Superintendent.
EARLIER_MONTH = [
    Incident(
        sro="sro",
        school=STAPLES,
        day=3,
        at=time(10, 5),
        location="Second-floor hallway outside the science labs",
        reason_and_nature=(
            "During passing time Student A and Student B argued over a seat in the lab, and the argument "
            "turned into a fistfight in the hallway. The SRO separated the two students, checked both for "
            "injuries (none needed treatment) and walked them to the main office, where an assistant "
            "principal took over."
        ),
        dispositions=("referral_admin", "restorative"),
        students=(
            {"age": 16, "gender": "male", "white": True, "known_disability": False},
            {"age": 15, "gender": "male", "hispanic_latino": True, "white": True, "known_disability": False},
        ),
        receive_after=1,
    ),
    Incident(
        sro="sro2",
        school=COLEYTOWN,
        day=8,
        at=time(13, 40),
        location="Locker bay outside the gymnasium",
        reason_and_nature=(
            "A teacher reported that a student's phone had been taken from an unlocked locker. Another "
            "student saw Student A take it. The SRO spoke with Student A with the school counselor present; "
            "Student A returned the phone undamaged and apologized to its owner."
        ),
        dispositions=("referral_admin", "referral_support"),
        students=({"age": 12, "gender": "female", "black": True, "known_disability": True},),
        escalated_to_violence=False,
        constitutes_crime=True,
        submit_after=2,
    ),
    Incident(
        sro="sro",
        school=BEDFORD,
        day=14,
        at=time(15, 10),
        location="Bus loop, after dismissal",
        reason_and_nature=(
            "Three students began fighting at the bus loop after dismissal and a younger student standing "
            "nearby was knocked to the ground. The SRO and two staff members separated the students and "
            "held the buses until it was calm. A staff member reported that Student B had a vape pen; "
            "with an administrator present, the SRO searched Student B's backpack and found nothing."
        ),
        dispositions=("crisis", "referral_admin", "search"),
        students=(
            {"age": 13, "gender": "male", "asian": True, "known_disability": False},
            {"age": 14, "gender": "male", "white": True, "known_disability": False, "searched": True},
            {"age": 13, "gender": "non_binary", "white": True, "known_disability": True},
        ),
    ),
]

# Last month: three reports, one of them late, received and compiled; the compilation waits
# for the Chief's review.
LAST_MONTH = [
    Incident(
        sro="sro",
        school=STAPLES,
        day=1,
        at=time(11, 50),
        location="Cafeteria, near the exit to the courtyard",
        reason_and_nature=(
            "Student A shoved a teacher aside to leave the cafeteria during a lockdown drill and struck the "
            "teacher's arm when the teacher stepped in front of the door. The SRO stopped Student A in the "
            "courtyard, advised Student A of constitutional rights and took Student A into custody. "
            "A parent picked Student A up at the police station."
        ),
        dispositions=("arrest", "referral_admin", "referral_support"),
        students=(
            {
                "age": 17,
                "gender": "male",
                "black": True,
                "known_disability": False,
                "apprised_of_rights": True,
                "arrested": True,
                "detained": True,
                "detained_minutes": 90,
            },
        ),
        constitutes_crime=True,
        submit_after=None,  # the late one: two school days past its due date
    ),
    Incident(
        sro="sro2",
        school=STAPLES,
        day=6,
        at=time(9, 15),
        location="Boys' restroom, first floor, athletic wing",
        reason_and_nature=(
            "Custodial staff found a sink pulled from the wall and water on the floor. Hallway video showed "
            "Student A and Student B leaving the restroom just before. Both admitted the damage when the SRO "
            "spoke with them in the dean's office. The SRO advised both of their rights and issued each a "
            "summons for criminal mischief."
        ),
        dispositions=("citation", "referral_admin"),
        students=(
            {
                "age": 16,
                "gender": "male",
                "hispanic_latino": True,
                "known_disability": False,
                "apprised_of_rights": True,
                "cited": True,
            },
            {
                "age": 17,
                "gender": "male",
                "white": True,
                "known_disability": True,
                "apprised_of_rights": True,
                "cited": True,
            },
        ),
        escalated_to_violence=False,
        constitutes_crime=True,
        submit_after=3,
    ),
    Incident(
        sro="sro2",
        school=COLEYTOWN,
        day=11,
        at=time(12, 25),
        location="Outdoor basketball courts during recess",
        reason_and_nature=(
            "A dispute over a game escalated when Student A threw the ball at Student B's face and the two "
            "students began wrestling on the court. The SRO separated them; neither was hurt. The assistant "
            "principal and the SRO met with both students and agreed on a plan for recess."
        ),
        dispositions=("other", "restorative"),
        other_text="Meeting with both families arranged by the assistant principal",
        students=(
            {"age": 11, "gender": "female", "white": True, "asian": True, "known_disability": False},
            {"age": 12, "gender": "female", "hispanic_latino": True, "known_disability": False},
        ),
        receive_after=2,
    ),
]

# This month: one report waiting for the Chief, one returned for correction.
WAITING = Incident(
    sro="sro",
    school=STAPLES,
    day=-3,
    at=time(14, 5),
    location="Student parking lot, north row",
    reason_and_nature=(
        "A staff member on lot duty saw Student A and Student B fighting beside a car after school. The SRO "
        "separated them. Student A was said to have a pocketknife; with an administrator present, the SRO "
        "searched Student A's jacket and found a multi-tool, which the administrator kept for a parent to "
        "collect."
    ),
    dispositions=("referral_admin", "search"),
    students=(
        {"age": 18, "gender": "male", "white": True, "known_disability": False, "searched": True},
        {"age": 17, "gender": "female", "pacific_islander": True, "known_disability": False},
    ),
)
RETURNED = Incident(
    sro="sro2",
    school=COLEYTOWN,
    day=-2,
    # The mistake the Chief returns it for: the narrative is about lunch, the time says 3:10 a.m.
    at=time(3, 10),
    location="Cafeteria, lunch line",
    reason_and_nature=(
        "During lunch Student A punched another student in the lunch line after an argument about cutting "
        "in. The SRO separated the students, and the school nurse checked the other student, who was not "
        "hurt. Peer mediation was arranged for the next morning with the school counselor."
    ),
    dispositions=("peer_mediation", "referral_admin"),
    students=({"age": 13, "gender": "male", "american_indian": True, "known_disability": False},),
)
RETURN_REASON = (
    "The time of the incident reads 3:10 AM, but the narrative describes the lunch period. "
    "Correct the time and submit the report again."
)

# The SRO's drafts: one due in two school days, half written; one just started.
DRAFT_DUE_SOON = Incident(
    sro="sro",
    school=BEDFORD,
    day=-4,
    at=time(10, 0),
    location="Library, back study area",
    reason_and_nature=(
        "Student A told the librarian that Student B had been following Student A between classes and "
        "pushed Student A into a bookshelf. The SRO"
    ),
    dispositions=(),
    students=({"age": 12, "gender": "female", "known_disability": False}, {"age": 13}),
)
DRAFT_NEW = Incident(
    sro="sro",
    school=STAPLES,
    day=-1,
    at=time(8, 0),
    location="Main entrance, morning arrival",
    reason_and_nature="",
    dispositions=(),
    students=({},),
)


# -- dates -------------------------------------------------------------------------------------


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _school_days(agreement: Agreement, start: date, end: date, *, at_least: int) -> list[date]:
    """The district's school days from START to END; the weekdays when no calendar covers them
    or they are too few (a summer month), so that the demo loads whenever it is run."""
    try:
        days = for_district(agreement.district).school_days_in(start, end)
    except CalendarGap:
        days = []
    if len(days) < at_least:
        days = [start + timedelta(n) for n in range((end - start).days + 1)]
        days = [d for d in days if d.weekday() < 5]
    return days


def _month_days(agreement: Agreement, month: date) -> list[date]:
    return _school_days(agreement, month, last_of_month(month), at_least=12)


def _after(days: list[date], day: date, n: int) -> date:
    """The N-th day of DAYS after DAY, or the last of them."""
    later = [d for d in days if d > day]
    return later[min(n, len(later)) - 1] if later else day


# -- the steps ---------------------------------------------------------------------------------


def _actor(membership: Membership) -> Actor:
    # The person acts; the source says it was the demo loader, not a browser.
    return Actor(user=membership.user, source="system:load_demo", label=membership.user.username)


def _draft(sro: Membership, incident: Incident, day: date) -> FormA:
    """Start a draft as SRO and fill it in as the SRO would."""
    actor = _actor(sro)
    report = actions.do_start_draft(
        actor,
        sro,
        escalated_to_violence=incident.escalated_to_violence,
        constitutes_crime=incident.constitutes_crime,
    )
    for _ in incident.students[1:]:
        actions.do_add_student(actor, report, sro)
    values: dict[str, Any] = {
        "school": School.objects.get(name=incident.school),
        "incident_date": day,
        "incident_time": incident.at,
        "location": incident.location,
        "reason_and_nature": incident.reason_and_nature,
        "disposition_other_text": incident.other_text,
        **{f"disposition_{name}": True for name in incident.dispositions},
    }
    students = list(report.students.order_by("position"))
    actions.do_save_draft(
        actor,
        report,
        sro,
        fields=values,
        students={s.pk: block for s, block in zip(students, incident.students, strict=True)},
    )
    report.refresh_from_db()
    return report


def _backdate(report: FormA, *, started: datetime, submitted: datetime | None = None) -> None:
    """Move the timestamps submission set to now back to SUBMITTED, and count lateness from then."""
    updates: dict[str, Any] = {"created_at": started, "updated_at": submitted or started}
    if submitted is not None:
        late = actions.school_days_late(report.agreement, report.due_date, timezone.localdate(submitted))
        updates |= {"first_submitted_at": submitted, "submitted_at": submitted, "school_days_late": late}
        report.versions.filter(event="submitted").update(at=submitted)
    FormA.objects.filter(pk=report.pk).update(**updates)
    report.refresh_from_db()


def _file_in_month(incident: Incident, days: list[date], people: dict[str, Membership]) -> FormA:
    """One report of a past month: drafted, submitted and received on its own days."""
    sro, chief = people[incident.sro], people["chief"]
    day = days[min(incident.day, len(days) - 1)]
    report = _draft(sro, incident, day)
    report = actions.do_submit(_actor(sro), report, sro, signature="password")
    if incident.submit_after is None and report.due_date is not None:
        submitted_on = _after(days, report.due_date, 2)  # two school days late
    else:
        submitted_on = _after(days, day, incident.submit_after or 1)
    incident_at = _local(day, incident.at)
    _backdate(report, started=incident_at + timedelta(hours=1), submitted=_local(submitted_on, time(15, 35)))
    report = actions.do_receive(_actor(chief), report, chief, signature="password")
    received = _local(_after(days, submitted_on, incident.receive_after), time(9, 20))
    FormA.objects.filter(pk=report.pk).update(received_at=received, updated_at=received)
    report.versions.filter(event="received").update(at=received)
    # The worker would lay out the PDF a moment after the receipt; the demo does it here, once
    # the receipt carries its day, so the stored PDF prints that day.
    return actions.do_store_pdf(report)


def _compile(
    agreement: Agreement,
    month: date,
    people: dict[str, Membership],
    *,
    send: bool,
    acknowledge: bool,
    now: datetime,
) -> MonthlyCompilation:
    """Compile MONTH as the scheduler does on the next month's first school day; the Chief sends
    it the school day after, the Superintendent acknowledges it two school days later."""
    following = _month_days(agreement, next_month(month))
    compilation = do_prepare_compilation(Actor.system("compile_month"), agreement, month)
    if compilation is None:
        raise RuntimeError(f"{month:%B %Y} was compiled already; the demo loads into an empty agreement.")
    # Never later than now: this month's first school day may be today or still to come.
    stamps: dict[str, Any] = {"prepared_at": min(_local(following[0], time(6, 0)), now)}
    if send:
        compilation = do_send_compilation(_actor(people["chief"]), compilation)
        stamps["sent_at"] = _local(following[1], time(10, 30))
    if acknowledge:
        compilation = do_acknowledge_compilation(_actor(people["superintendent"]), compilation)
        stamps["acknowledged_at"] = _local(following[3], time(14, 0))
    MonthlyCompilation.objects.filter(pk=compilation.pk).update(**stamps)
    compilation.refresh_from_db()
    return compilation


def load(agreement: Agreement, stdout=None) -> None:
    """Give Westport (AGREEMENT) a school year in progress: Form As received in the past months,
    their compilations, one report waiting for the Chief, one returned, and `sro`'s drafts.

    Runs after the calendar and the roster: due dates count school days, and the name guard
    checks every narrative against the roster.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    people = {
        m.user.username: m
        for m in Membership.objects.active().filter(agreement=agreement).select_related("user", "primary_school")
    }
    last, earlier = previous_month(today), previous_month(previous_month(today))
    notice_month = previous_month(earlier)

    filed = [_file_in_month(i, _month_days(agreement, earlier), people) for i in EARLIER_MONTH]
    filed += [_file_in_month(i, _month_days(agreement, last), people) for i in LAST_MONTH]

    # The oldest month had no reports: its compilation is the written notice.
    _compile(agreement, notice_month, people, send=True, acknowledge=True, now=now)
    _compile(agreement, earlier, people, send=True, acknowledge=False, now=now)
    _compile(agreement, last, people, send=False, acknowledge=False, now=now)

    # This month, submitted today: one report waits for the Chief, one goes back to its SRO;
    # and the SRO's drafts, one due in two school days.
    recent = _school_days(agreement, today - timedelta(days=30), today, at_least=5)
    # Each started the afternoon of its incident (or now, if that is still to come).
    waiting, returned, *_ = [
        _draft(people[incident.sro], incident, recent[max(incident.day, -len(recent))])
        for incident in (WAITING, RETURNED, DRAFT_DUE_SOON, DRAFT_NEW)
    ]
    for report in FormA.objects.filter(agreement=agreement, status=FormA.Status.DRAFT):
        _backdate(report, started=min(_local(report.incident_date, time(15, 0)), now))
    for report in (waiting, returned):
        actions.do_submit(_actor(report.sro), report, report.sro, signature="password")
    actions.do_return(_actor(people["chief"]), returned, people["chief"], reason=RETURN_REASON)

    if stdout is not None:
        stdout.write(
            f"Form A: {len(filed)} received in {earlier:%B} and {last:%B}, 1 waiting for the Chief, "
            f"1 returned, 2 drafts for sro; compilations for {notice_month:%B} (the notice), "
            f"{earlier:%B} and {last:%B}."
        )
