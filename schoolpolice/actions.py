"""Every change to section VI's records and the § 10-233h arrest notices goes through here:
each `do_*` checks the rule, writes the change and its audit entry in one transaction, and
sends its notices after the commit (notices.actions.notify)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import POLICE_ROLES, PRINCIPAL_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement, School
from audit.log import Actor, record
from lib.bounds import spell
from notices.actions import notify
from schoolpolice import deadlines
from schoolpolice.models import (
    ENFORCEMENT,
    Acting,
    ArrestNotice,
    CustodyPlace,
    EmergencyAction,
    Kind,
    OffenseClass,
    PoliceActivity,
    Request,
    made_by,
)
from students.actions import do_log_disclosure
from students.models import Disclosure, Student
from students.roster_index import normalize

# Who may enter a record on another officer's behalf (VI.1).
ON_BEHALF_ROLES = frozenset({Role.SRO, Role.CHIEF})
# What the police side is shown of a roster student, and why (L.2).
DISCLOSED_FIELDS = ["name", "school", "grade"]
PURPOSES = {
    "request": "VI.1 request to the principal",
    "emergency": "VI.4 emergency action",
    "arrest": "§ 10-233h arrest notice",
}

NOT_POLICE = "Only a law-enforcement professional of this agreement records police activity at school."
ON_BEHALF_ONLY = "Only the SRO or the Chief may enter this on another officer's behalf."


# -- Who -------------------------------------------------------------------------------------


def building_administration(school: School, agreement: Agreement) -> QuerySet[Membership]:
    """The principal and the principal's designees of SCHOOL: the building administration."""
    return Membership.objects.building_administration(agreement.pk, {school.pk})


def school_ids(membership: Membership) -> set[int]:
    return membership.school_ids()


def is_building_admin(membership: Membership, school_id: int) -> bool:
    return membership.role in PRINCIPAL_ROLES and school_id in school_ids(membership)


def superintendents(agreement: Agreement) -> list:
    return [
        m.user
        for m in Membership.objects.active()
        .filter(agreement=agreement, role__in=SUPERINTENDENT_ROLES)
        .select_related("user")
    ]


def _check_officer(membership: Membership, officer: Membership) -> None:
    if membership.role not in POLICE_ROLES:
        raise PermissionDenied(NOT_POLICE)
    if officer.agreement_id != membership.agreement_id or officer.role not in POLICE_ROLES or not officer.is_active:
        raise ValidationError({"officer": "Choose a law-enforcement professional of this agreement."})
    if officer.pk != membership.pk and membership.role not in ON_BEHALF_ROLES:
        raise ValidationError({"officer": ON_BEHALF_ONLY})


def _check_school(membership: Membership, school: School) -> None:
    if not membership.agreement.schools.filter(pk=school.pk).exists():
        raise ValidationError({"school": "Choose one of this agreement's schools."})


# -- The student ---------------------------------------------------------------------------


def find_student(agreement: Agreement, school: School, name: str, student_id: str = "") -> Student:
    """The one enrolled (active) student of SCHOOL with NAME (every word) and STUDENT_ID, if given.

    Nothing about other students is said: no match and several matches get a message each,
    never a list (minimum necessary, L.2).
    """
    words = [normalize(w) for w in name.split() if w.strip()]
    student_id = student_id.strip()
    if not words and not student_id:
        raise ValidationError({"student_name": "Give the student's name as the school knows it."})
    qs = Student.objects.active().filter(agreement=agreement, school=school)
    if student_id:
        qs = qs.filter(identifier__iexact=student_id)
    for word in words[:6]:
        qs = qs.filter(search_text__contains=word)
    found = list(qs[:2])
    if not found:
        with_id = " and student ID" if student_id else ""
        raise ValidationError(
            {
                "student_name": f"No enrolled student of {school.name} matches that name{with_id}. "
                "Check the spelling and the school, or give the student ID."
            }
        )
    if len(found) > 1:
        raise ValidationError(
            {"student_id": f"More than one student of {school.name} matches that name. Give the student ID as well."}
        )
    return found[0]


def disclose(actor: Actor, membership: Membership, student: Student | None, kind: str, obj: Any) -> None:
    """Log the roster student shown to a police member on a record of KIND (L.2), once per person
    and record: showing the same record again discloses nothing new.

    The district side's people (principals, the Superintendent) hold the record already; only the
    police side's views are disclosures.
    """
    if student is None or membership.role not in POLICE_ROLES:
        return
    purpose = PURPOSES[kind]
    if Disclosure.objects.filter(student=student, to=membership, purpose=purpose, report_label=str(obj)[:100]).exists():
        return
    do_log_disclosure(
        actor,
        membership,
        student,
        purpose=purpose,
        report_label=str(obj),
        fields=DISCLOSED_FIELDS,
    )


# -- VI.2 and VI.3, shared by a request and an emergency record --------------------------------


@dataclass(frozen=True)
class Enforcement:
    """Who acts on a citation or arrest (VI.2), and where custody happens (VI.3)."""

    acting: str = ""
    sro_reason: str = ""
    custody_place: str = ""
    custody_reason: str = ""


def check_enforcement(kind: str, e: Enforcement) -> Enforcement:
    """The VI.2/VI.3 answers KIND needs, checked; the answers it does not need, dropped."""
    errors: dict[str, str] = {}
    acting = sro_reason = custody_place = custody_reason = ""
    if kind in ENFORCEMENT:
        acting = e.acting
        if acting not in Acting.values:
            errors["acting"] = "Say who will act: another officer on duty, or the SRO."
        elif acting == Acting.SRO:
            sro_reason = e.sro_reason.strip()
            if not sro_reason:
                errors["sro_reason"] = (
                    "Every reasonable effort is made to have another officer act (section VI): say why the SRO acts."
                )
    if kind == Kind.ARREST:
        custody_place = e.custody_place
        if custody_place not in CustodyPlace.values:
            errors["custody_place"] = "Say where the student will be taken into custody."
        elif custody_place == CustodyPlace.NEITHER:
            custody_reason = e.custody_reason.strip()
            if not custody_reason:
                errors["custody_reason"] = (
                    "Custody is off school premises or out of sight and sound of other students (section VI): "
                    "say why neither is possible."
                )
    if errors:
        raise ValidationError(errors)
    return Enforcement(acting, sro_reason, custody_place, custody_reason)


def _apply(activity: PoliceActivity, e: Enforcement) -> None:
    activity.acting, activity.sro_reason = e.acting, e.sro_reason
    activity.custody_place, activity.custody_reason = e.custody_place, e.custody_reason


def _url(name: str, obj: Any) -> str:
    return reverse(name, kwargs={"slug": obj.agreement.slug, "pk": obj.pk})


def _parties(obj: Any) -> list:
    return [obj.officer.user, obj.entered_by.user]


# -- VI.1 requests to the principal ----------------------------------------------------------


@transaction.atomic
def do_request(
    actor: Actor,
    membership: Membership,
    *,
    officer: Membership,
    school: School,
    student: Student,
    kind: str,
    proposed_at: datetime,
    place: str,
    danger: str,
    evidence: str,
    elsewhere: str,
    enforcement: Enforcement = Enforcement(),
    escalated: bool = False,
) -> Request:
    """A law-enforcement professional asks the building principal for a formal interview,
    interrogation, citation or arrest of STUDENT at SCHOOL (VI.1); the principal is told."""
    _check_officer(membership, officer)
    _check_school(membership, school)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what you are asking for."})
    if student.agreement_id != membership.agreement_id or student.school_id != school.pk or not student.active:
        raise ValidationError({"student_name": f"The student must be enrolled at {school.name}."})
    now = timezone.now()
    if proposed_at < now - timedelta(hours=1):
        raise ValidationError({"proposed_date": "A request comes before the action: propose a time from now on."})
    if proposed_at > now + timedelta(days=365):
        raise ValidationError({"proposed_date": "Propose a time within the coming year."})
    considerations = {"danger": danger.strip(), "evidence": evidence.strip(), "elsewhere": elsewhere.strip()}
    missing = {
        k: "Section VI asks you to consider this: say what you found." for k, v in considerations.items() if not v
    }
    if not place.strip():
        missing["place"] = "Say where you propose to do it."
    if missing:
        raise ValidationError(missing)
    e = check_enforcement(kind, enforcement)
    req = Request(
        agreement=membership.agreement,
        school=school,
        student=student,
        kind=kind,
        officer=officer,
        entered_by=membership,
        proposed_at=proposed_at,
        place=place.strip(),
        escalated=escalated,
        **considerations,
    )
    _apply(req, e)
    req.full_clean(exclude=["agreement", "school", "student", "officer", "entered_by"])
    req.save()
    record(
        actor,
        "police_request.made",
        req,
        agreement=membership.agreement,
        changes={
            "kind": kind,
            "school": school.pk,
            "officer": officer.pk,
            "acting": e.acting,
            "custody": e.custody_place,
        },
    )
    disclose(actor, membership, student, "request", req)
    if officer.pk != membership.pk:
        disclose(actor, officer, student, "request", req)
    admins = [m.user for m in building_administration(school, membership.agreement)]
    notify(
        admins,
        agreement=membership.agreement,
        kind="police_request",
        key=f"police_request:{req.pk}:made",
        context={"request": req, "school": school.name, "kind": req.get_kind_display()},
        url=_url("schoolpolice:request", req),
    )
    return req


@transaction.atomic
def do_decide(
    actor: Actor,
    membership: Membership,
    req: Request,
    *,
    decision: str,
    note: str = "",
    other_at: datetime | None = None,
    other_place: str = "",
) -> Request:
    """The building principal (or designee) agrees, proposes another time or place, or declines;
    the requester is told (VI.1)."""
    if not is_building_admin(membership, req.school_id):
        raise PermissionDenied("Only the principal or the principal's designee of that school decides.")
    if decision not in (Request.Status.AGREED, Request.Status.OTHER_TIME, Request.Status.DECLINED):
        raise ValidationError({"decision": "Choose: agree, propose another time or place, or decline."})
    note, other_place = note.strip(), other_place.strip()
    if decision == Request.Status.OTHER_TIME:
        if other_at is None and not other_place:
            raise ValidationError({"other_date": "Propose another date and time, another place, or both."})
        if other_at is not None and not timezone.now() - timedelta(hours=1) <= other_at <= timezone.now() + timedelta(
            days=365
        ):
            raise ValidationError({"other_date": "Propose a time from now on, within the coming year."})
    else:
        other_at, other_place = None, ""
    if decision == Request.Status.DECLINED and not note:
        raise ValidationError({"note": "Say why you decline, so the officer can plan another way."})
    now = timezone.now()
    changed = Request.objects.filter(pk=req.pk, status=Request.Status.WAITING).update(
        status=decision,
        decided_by=membership,
        decided_at=now,
        decision_note=note,
        other_at=other_at,
        other_place=other_place,
    )
    if changed != 1:
        raise ValidationError("This request has already been decided.")
    req.refresh_from_db()
    record(
        actor,
        "police_request.decided",
        req,
        agreement=req.agreement,
        changes={"status": ["waiting", decision], "other_at": other_at, "other_place": other_place, "note": note},
    )
    notify(
        _parties(req),
        agreement=req.agreement,
        kind="police_request_decided",
        key=f"police_request:{req.pk}:decided",
        context={"request": req, "school": req.school.name, "decision": req.get_status_display()},
        url=_url("schoolpolice:request", req),
    )
    return req


@transaction.atomic
def do_accept_other(actor: Actor, membership: Membership, req: Request) -> Request:
    """The requester takes the other time or place the principal proposed (VI.1): the request is
    agreed at it, and the building administration is told."""
    if not made_by(req, membership):
        raise PermissionDenied("Only the officer who asked, or who entered the request, takes the other time.")
    now = timezone.now()
    changed = Request.objects.filter(pk=req.pk, status=Request.Status.OTHER_TIME).update(
        status=Request.Status.AGREED, accepted_by=membership, accepted_at=now
    )
    if changed != 1:
        raise ValidationError("This request has no other time or place waiting for your answer.")
    req.refresh_from_db()
    record(
        actor,
        "police_request.other_time_accepted",
        req,
        agreement=req.agreement,
        changes={"status": ["other_time", "agreed"], "at": req.other_at, "place": req.other_place},
    )
    admins = [m.user for m in building_administration(req.school, req.agreement)]
    notify(
        admins,
        agreement=req.agreement,
        kind="police_request_accepted",
        key=f"police_request:{req.pk}:accepted",
        context={"request": req, "school": req.school.name, "officer": membership.display_name},
        url=_url("schoolpolice:request", req),
    )
    return req


# -- VI.4 emergency actions --------------------------------------------------------------


@transaction.atomic
def do_record_emergency(
    actor: Actor,
    membership: Membership,
    *,
    officer: Membership,
    school: School,
    student: Student | None,
    kind: str,
    occurred_at: datetime,
    emergency: str,
    description: str,
    enforcement: Enforcement = Enforcement(),
    escalated: bool = False,
) -> EmergencyAction:
    """An action taken in an emergency, recorded after the fact; the building administration is
    told at once (VI.4)."""
    _check_officer(membership, officer)
    _check_school(membership, school)
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what was done."})
    if student is not None and (student.agreement_id != membership.agreement_id or student.school_id != school.pk):
        raise ValidationError({"student_name": f"The student must be enrolled at {school.name}."})
    if occurred_at > timezone.now():
        raise ValidationError({"occurred_date": "An emergency action is recorded after the fact: not in the future."})
    if timezone.localtime(occurred_at).date() < membership.agreement.effective_date:
        raise ValidationError({"occurred_date": f"Choose a date from {spell(membership.agreement.effective_date)} on."})
    if not emergency.strip():
        raise ValidationError({"emergency": "State the emergency: without one, section VI asks for a request first."})
    if not description.strip():
        raise ValidationError({"description": "Say what was done."})
    e = check_enforcement(kind, enforcement)
    action = EmergencyAction(
        agreement=membership.agreement,
        school=school,
        student=student,
        kind=kind,
        officer=officer,
        entered_by=membership,
        occurred_at=occurred_at,
        emergency=emergency.strip(),
        description=description.strip(),
        escalated=escalated,
    )
    _apply(action, e)
    action.full_clean(exclude=["agreement", "school", "student", "officer", "entered_by"])
    action.save()
    record(
        actor,
        "police_emergency.recorded",
        action,
        agreement=membership.agreement,
        changes={"kind": kind, "school": school.pk, "officer": officer.pk, "occurred_at": occurred_at},
    )
    disclose(actor, membership, student, "emergency", action)
    if officer.pk != membership.pk:
        disclose(actor, officer, student, "emergency", action)
    notify(
        [m.user for m in building_administration(school, membership.agreement)],
        agreement=membership.agreement,
        kind="police_emergency",
        key=f"police_emergency:{action.pk}",
        context={"action": action, "school": school.name, "kind": action.get_kind_display()},
        url=_url("schoolpolice:emergency", action),
    )
    return action


# -- L.1 the § 10-233h arrest notice ---------------------------------------------------------


@transaction.atomic
def do_record_arrest(
    actor: Actor,
    membership: Membership,
    *,
    officer: Membership,
    school: School,
    student: Student,
    arrested_at: datetime,
    offense_class: str,
    request: Request | None = None,
    emergency: EmergencyAction | None = None,
) -> ArrestNotice:
    """Open the § 10-233h workflow for the arrest of an enrolled student for a felony or class A
    misdemeanor: both deadlines are fixed now (L.1)."""
    _check_officer(membership, officer)
    _check_school(membership, school)
    if offense_class not in OffenseClass.values:
        raise ValidationError(
            {"offense_class": "§ 10-233h covers felonies and class A misdemeanors: choose one of them."}
        )
    if student.agreement_id != membership.agreement_id or student.school_id != school.pk or not student.active:
        raise ValidationError({"student_name": f"The student must be enrolled at {school.name}."})
    if arrested_at > timezone.now():
        raise ValidationError({"arrested_date": "Record an arrest once it has happened: not in the future."})
    if timezone.localtime(arrested_at).date() < membership.agreement.effective_date:
        raise ValidationError({"arrested_date": f"Choose a date from {spell(membership.agreement.effective_date)} on."})
    for source in (request, emergency):
        if source is not None and (
            source.agreement_id != membership.agreement_id
            or source.kind != Kind.ARREST
            or source.student_id != student.pk
        ):
            raise ValidationError("The arrest must come from an arrest of the same student.")
    notice = ArrestNotice.objects.create(
        agreement=membership.agreement,
        school=school,
        student=student,
        officer=officer,
        entered_by=membership,
        arrested_at=arrested_at,
        offense_class=offense_class,
        request=request,
        emergency=emergency,
        oral_due_at=deadlines.oral_due(arrested_at),
        written_due_at=deadlines.written_due(arrested_at),
    )
    record(
        actor,
        "arrest_notice.opened",
        notice,
        agreement=membership.agreement,
        changes={
            "arrested_at": arrested_at,
            "offense_class": offense_class,
            "oral_due_at": notice.oral_due_at,
            "written_due_at": notice.written_due_at,
        },
    )
    disclose(actor, membership, student, "arrest", notice)
    if officer.pk != membership.pk:
        disclose(actor, officer, student, "arrest", notice)
    return notice


def _check_party(membership: Membership, notice: ArrestNotice) -> None:
    if membership.role not in POLICE_ROLES:
        raise PermissionDenied("Only the police give the § 10-233h notices.")
    if not made_by(notice, membership) and membership.role != Role.CHIEF:
        raise PermissionDenied("Only the arresting officer, whoever entered the arrest, or the Chief records this.")


@transaction.atomic
def do_record_oral_notice(
    actor: Actor, membership: Membership, notice: ArrestNotice, *, given_at: datetime, to: str
) -> ArrestNotice:
    """The officer records when, and to whom, the oral notice was given; late is for good (L.1)."""
    _check_party(membership, notice)
    to = to.strip()
    if not to:
        raise ValidationError({"oral_to": "Say whom you told: the Superintendent or the designee, by name."})
    if given_at > timezone.now():
        raise ValidationError({"oral_date": "Record the oral notice once it has been given: not in the future."})
    if given_at < notice.arrested_at:
        raise ValidationError({"oral_date": "The oral notice cannot come before the arrest."})
    late = deadlines.is_late(given_at, notice.oral_due_at)
    changed = ArrestNotice.objects.filter(pk=notice.pk, oral_given_at__isnull=True).update(
        oral_given_at=given_at, oral_to=to, oral_recorded_by=membership
    )
    if changed != 1:
        raise ValidationError("The oral notice has already been recorded.")
    if late:
        ArrestNotice.objects.filter(pk=notice.pk).update(oral_late=True)
    notice.refresh_from_db()
    record(
        actor,
        "arrest_notice.oral_recorded",
        notice,
        agreement=notice.agreement,
        changes={"oral_given_at": given_at, "oral_to": to, "late": late},
    )
    return notice


def render_written_pdf(notice: ArrestNotice, *, written_at: datetime, description: str, by: Membership) -> bytes:
    from django.template.loader import render_to_string

    from lib.pdf import write_pdf

    html = render_to_string(
        "schoolpolice/pdf/written_notice.html",
        {"notice": notice, "written_at": written_at, "description": description, "by": by},
    )
    return write_pdf(html)


def do_write_notice(actor: Actor, membership: Membership, notice: ArrestNotice, *, description: str) -> ArrestNotice:
    """The written notice with a brief description of the incident, as a PDF; late is for good;
    the Superintendent is told it is waiting for acknowledgement (L.1).

    The PDF is rendered before the transaction: no write lock is held while it renders."""
    _check_party(membership, notice)
    description = description.strip()
    if not description:
        raise ValidationError({"description": "Give a brief description of the incident."})
    if notice.written_at is not None:
        raise ValidationError("The written notice has already been sent.")
    written_at = timezone.now()
    pdf = render_written_pdf(notice, written_at=written_at, description=description, by=membership)
    with transaction.atomic():
        locked = ArrestNotice.objects.select_for_update().get(pk=notice.pk)
        if locked.written_at is not None:
            raise ValidationError("The written notice has already been sent.")
        late = deadlines.is_late(written_at, locked.written_due_at)
        locked.description = description
        locked.written_at = written_at
        locked.written_by = membership
        locked.written_late = locked.written_late or late
        locked.written_pdf.save(f"arrest-notice-{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.save()
        record(
            actor,
            "arrest_notice.written_sent",
            locked,
            agreement=locked.agreement,
            changes={"written_at": written_at, "late": late},
        )
        notify(
            superintendents(locked.agreement),
            agreement=locked.agreement,
            kind="arrest_notice_written",
            key=f"arrest_notice:{locked.pk}:written",
            context={"notice": locked, "school": locked.school.name, "late": locked.written_late},
            url=_url("schoolpolice:arrest", locked),
        )
    return locked


@transaction.atomic
def do_acknowledge(actor: Actor, membership: Membership, notice: ArrestNotice) -> ArrestNotice:
    """The Superintendent (or designee) acknowledges the written notice (L.1)."""
    if membership.role not in SUPERINTENDENT_ROLES:
        raise PermissionDenied("Only the Superintendent's office acknowledges an arrest notice.")
    if notice.written_at is None:
        raise ValidationError("There is no written notice to acknowledge yet.")
    changed = ArrestNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=membership
    )
    if changed != 1:
        raise ValidationError("This arrest notice has already been acknowledged.")
    notice.refresh_from_db()
    record(actor, "arrest_notice.acknowledged", notice, agreement=notice.agreement)
    notify(
        _parties(notice),
        agreement=notice.agreement,
        kind="arrest_notice_acknowledged",
        key=f"arrest_notice:{notice.pk}:acknowledged",
        context={"notice": notice, "school": notice.school.name},
        url=_url("schoolpolice:arrest", notice),
    )
    return notice


def send_arrest_notice_reminders(agreement: Agreement, today: date) -> int:
    """The day's reminders for notices due today, and the late flag and notice for deadlines
    passed (L.1). Idempotent: each notice has a key per stage, each flag is set once.

    Runs every day, weekends included: the oral deadline is counted in weekdays, not school days.
    """
    actor = Actor.system("arrest_notice_reminders")
    now = timezone.now()
    sent = 0
    chiefs = [m.user for m in Membership.objects.active().filter(agreement=agreement, role=Role.CHIEF)]
    pending = (
        ArrestNotice.objects.filter(agreement=agreement)
        .filter(Q(oral_given_at__isnull=True) | Q(written_at__isnull=True))
        .select_related("officer__user", "entered_by__user", "school", "agreement")
        .order_by("pk")
    )
    for notice in pending:
        for stage, given, due, flag in (
            ("oral", notice.oral_given_at, notice.oral_due_at, "oral_late"),
            ("written", notice.written_at, notice.written_due_at, "written_late"),
        ):
            if given is not None:
                continue
            context = {"notice": notice, "school": notice.school.name, "stage": stage, "due_at": due}
            url = _url("schoolpolice:arrest", notice)
            with transaction.atomic():
                if now > due:
                    if ArrestNotice.objects.filter(pk=notice.pk, **{flag: False}).update(**{flag: True}):
                        record(actor, f"arrest_notice.{stage}_late", notice, agreement=agreement, changes={flag: True})
                    sent += len(
                        notify(
                            [*_parties(notice), *chiefs],
                            agreement=agreement,
                            kind="arrest_notice_late",
                            key=f"arrest_notice:{notice.pk}:{stage}:late",
                            context=context,
                            url=url,
                        )
                    )
                elif timezone.localtime(due).date() <= today + timedelta(days=1):
                    sent += len(
                        notify(
                            _parties(notice),
                            agreement=agreement,
                            kind="arrest_notice_due",
                            key=f"arrest_notice:{notice.pk}:{stage}:due",
                            context=context,
                            url=url,
                        )
                    )
    return sent
