"""Every change to section VIII's records goes through here, with its audit entry."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import POLICE_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement, School
from audit.log import Actor, record
from audit.models import AuditEntry
from lib import text
from lib.bounds import spell
from lib.requestcache import per_request
from notices.actions import notify
from schoolvideo import window
from schoolvideo.models import (
    CASE_MAX,
    DUTIES,
    REASON_MAX,
    SHORT_MAX,
    TEXT_MAX,
    AccessRequest,
    ApiToken,
    Designation,
    Kind,
    SSUSchedule,
    SSUShift,
    VideoAccess,
    VideoDisclosure,
)
from students.actions import do_log_disclosures
from students.models import Student

# Who may be designated to decide requests: the district's certified administrators in the system.
DESIGNABLE = frozenset({Role.SUPERINTENDENT_DESIGNEE, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE})
TOKEN_PREFIX = "svt_"
MAX_PERIOD_DAYS = 366


def tidy(value: str, field: str, limit: int, *, required: bool = True) -> str:
    """Pasted text made storable once (NFKC, invisible characters out, runs of spaces one space)."""
    cleaned = "\n".join(" ".join(line.split()) for line in text.clean(str(value or "")).strip().splitlines()).strip()
    cleaned = cleaned.replace("\x00", "")
    if required and not cleaned:
        raise ValidationError({field: "This is needed."})
    if len(cleaned) > limit:
        raise ValidationError({field: f"Up to {limit:,} characters, please ({len(cleaned):,} given)."})
    return cleaned


def _people(agreement: Agreement, *roles: str) -> list:
    return [
        m.user for m in Membership.objects.active().filter(agreement=agreement, role__in=roles).select_related("user")
    ]


# -- VIII.1: who decides ------------------------------------------------------------------------


@per_request
def active_designation(membership: Membership) -> Designation | None:
    """The membership's designation to decide (VIII.1), if one is in force (asked once a page:
    the nav and the dashboard's card both ask)."""
    return Designation.objects.filter(
        agreement_id=membership.agreement_id, designee_id=membership.pk, revoked_at__isnull=True
    ).first()


def may_decide(membership: Membership) -> bool:
    """VIII.1: the Superintendent, or a certified administrator the Superintendent designated."""
    return membership.role == Role.SUPERINTENDENT or (
        membership.role in DESIGNABLE and active_designation(membership) is not None
    )


def may_disclose(membership: Membership) -> bool:
    """VIII.3: the Superintendent or designee."""
    return membership.role in SUPERINTENDENT_ROLES or may_decide(membership)


@transaction.atomic
def do_designate(actor: Actor, membership: Membership, designee: Membership, *, certification: str) -> Designation:
    """The Superintendent designates a certified administrator to decide VIII.1 requests."""
    if membership.role != Role.SUPERINTENDENT:
        raise PermissionDenied("Only the Superintendent designates who may grant access to district video.")
    if designee.agreement_id != membership.agreement_id or designee.role not in DESIGNABLE:
        raise ValidationError({"designee": "Choose an administrator of this district (designee or principal)."})
    if not Membership.objects.active().filter(pk=designee.pk).exists():
        raise ValidationError({"designee": "That person no longer holds the role."})
    certification = tidy(certification, "certification", SHORT_MAX)
    if Designation.objects.select_for_update().filter(designee=designee, revoked_at__isnull=True).exists():
        raise ValidationError({"designee": f"{designee.display_name} is already designated."})
    designation = Designation.objects.create(
        agreement=membership.agreement, designee=designee, certification=certification, designated_by=membership
    )
    record(
        actor,
        "video.designated",
        designation,
        agreement=membership.agreement,
        changes={"designee": designee.user.username, "certification": certification},
    )
    return designation


@transaction.atomic
def do_revoke_designation(actor: Actor, membership: Membership, designation_id: int) -> Designation:
    if membership.role != Role.SUPERINTENDENT:
        raise PermissionDenied("Only the Superintendent revokes a designation.")
    changed = Designation.objects.filter(
        pk=designation_id, agreement=membership.agreement, revoked_at__isnull=True
    ).update(revoked_at=timezone.now(), revoked_by=membership)
    if changed != 1:
        raise ValidationError("That designation is not in force.")
    designation = Designation.objects.select_related("designee__user").get(pk=designation_id)
    record(
        actor,
        "video.designation_revoked",
        designation,
        agreement=membership.agreement,
        changes={"designee": designation.designee.user.username},
    )
    return designation


# -- VIII.1: the request and its decision --------------------------------------------------------


@transaction.atomic
def do_request_access(
    actor: Actor,
    membership: Membership,
    *,
    other_agency: str = "",
    case_number: str = "",
    footage: str,
    sought: str,
    places: str,
    period_start: datetime,
    period_end: datetime,
    reason: str,
    criminal_investigation: bool,
) -> AccessRequest:
    """VIII.1: the Police Department (or another agency, entered by the Chief) asks the Superintendent."""
    if membership.role != Role.CHIEF:
        raise PermissionDenied("The Chief of Police makes requests for district video.")
    if not criminal_investigation:
        raise ValidationError(
            {"criminal_investigation": "The agreement allows these requests only in a criminal investigation."}
        )
    if footage not in AccessRequest.Footage.values:
        raise ValidationError({"footage": "Choose live, recorded, or both."})
    if timezone.is_naive(period_start) or timezone.is_naive(period_end):
        raise ValidationError("The period needs a time zone.")
    if period_end <= period_start:
        raise ValidationError({"period_end": "The period must end after it starts."})
    earliest = timezone.make_aware(datetime.combine(membership.agreement.effective_date, time(0, 0)))
    if period_start < earliest:
        raise ValidationError({"period_start": f"The period cannot start before {spell(earliest.date())}."})
    if (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise ValidationError({"period_end": f"Ask for at most {MAX_PERIOD_DAYS} days at a time."})
    now = timezone.now()
    if footage == AccessRequest.Footage.RECORDED and period_start > now:
        raise ValidationError({"period_start": "Recorded video is from the past: the period must start before now."})
    if footage != AccessRequest.Footage.RECORDED and period_end < now:
        raise ValidationError({"period_end": "Live video is from now on: the period must end in the future."})
    agency = tidy(other_agency, "other_agency", SHORT_MAX, required=False) or str(
        membership.agreement.police_department
    )
    item = AccessRequest.objects.create(
        agreement=membership.agreement,
        agency=agency,
        case_number=tidy(case_number, "case_number", CASE_MAX, required=False),
        footage=footage,
        sought=tidy(sought, "sought", TEXT_MAX),
        places=tidy(places, "places", TEXT_MAX),
        period_start=period_start,
        period_end=period_end,
        reason=tidy(reason, "reason", TEXT_MAX),
        requested_by=membership,
    )
    record(
        actor,
        "video.requested",
        item,
        agreement=membership.agreement,
        changes={"agency": agency, "footage": footage, "period": [period_start, period_end]},
    )
    notify(
        _people(membership.agreement, Role.SUPERINTENDENT),
        agreement=membership.agreement,
        kind="video_requested",
        key=f"video_requested:{item.pk}",
        context={"item": item},
        url=reverse("schoolvideo:request", args=[membership.agreement.slug, item.pk]),
    )
    return item


@transaction.atomic
def do_decide_request(
    actor: Actor, membership: Membership, request_id: int, *, grant: bool, legal_basis: str, note: str = ""
) -> AccessRequest:
    """VIII.1: the Superintendent (or a designated certified administrator) grants or declines, with the legal basis."""
    if not may_decide(membership):
        raise PermissionDenied(
            "Only the Superintendent, or a certified administrator the Superintendent designated, decides."
        )
    basis = tidy(legal_basis, "legal_basis", TEXT_MAX)
    note = tidy(note, "note", TEXT_MAX, required=False)
    status = AccessRequest.Status.GRANTED if grant else AccessRequest.Status.DECLINED
    changed = AccessRequest.objects.filter(
        pk=request_id, agreement=membership.agreement, status=AccessRequest.Status.PENDING
    ).update(status=status, decided_by=membership, decided_at=timezone.now(), legal_basis=basis, decision_note=note)
    if changed != 1:
        raise ValidationError("This request is no longer waiting for a decision.")
    item = AccessRequest.objects.get(pk=request_id)
    designation = active_designation(membership)
    record(
        actor,
        "video.request_granted" if grant else "video.request_declined",
        item,
        agreement=membership.agreement,
        changes={
            "legal_basis": basis,
            "decided_as": "Superintendent" if membership.role == Role.SUPERINTENDENT else f"designee #{designation.pk}",
        },
    )
    notify(
        [item.requested_by.user],
        agreement=membership.agreement,
        kind="video_decided",
        key=f"video_decided:{item.pk}",
        context={"item": item, "duties": DUTIES},
        url=reverse("schoolvideo:request", args=[membership.agreement.slug, item.pk]),
    )
    return item


@transaction.atomic
def do_acknowledge_duties(actor: Actor, membership: Membership, request_id: int) -> AccessRequest:
    """VIII.1: on a grant, the Police Department acknowledges its duties (evidence, juvenile records, PII)."""
    if membership.role != Role.CHIEF:
        raise PermissionDenied("The Chief of Police acknowledges for the Department.")
    changed = AccessRequest.objects.filter(
        pk=request_id,
        agreement=membership.agreement,
        status=AccessRequest.Status.GRANTED,
        duties_acknowledged_at__isnull=True,
    ).update(duties_acknowledged_by=membership, duties_acknowledged_at=timezone.now())
    if changed != 1:
        raise ValidationError("Only a granted request not yet acknowledged can be acknowledged.")
    item = AccessRequest.objects.get(pk=request_id)
    record(actor, "video.duties_acknowledged", item, agreement=membership.agreement, changes={"duties": DUTIES})
    return item


# -- VIII.2: SSU schedules, the access log, the API tokens -------------------------------------------


@dataclass(frozen=True)
class Shift:
    school: School
    weekday: int
    starts_at: time
    ends_at: time
    on_days_without_students: bool = True


@transaction.atomic
def do_set_ssu_schedule(
    actor: Actor, membership: Membership, officer: Membership, *, effective_from: date, shifts: list[Shift]
) -> SSUSchedule:
    """VIII.2: the SSU officer's schools, weekdays and hours from EFFECTIVE_FROM (no shifts: no window)."""
    if membership.role not in (Role.CHIEF, Role.SUPERINTENDENT):
        raise PermissionDenied("The Chief of Police or the Superintendent sets SSU officers' hours.")
    if officer.agreement_id != membership.agreement_id or officer.role != Role.SSU:
        raise ValidationError({"officer": "Choose one of this agreement's SSU officers."})
    if effective_from < timezone.localdate():
        raise ValidationError({"effective_from": "A schedule cannot change days already past."})
    schools = {s.pk for s in membership.agreement.schools.all()}
    seen: dict[tuple[int, int], list[Shift]] = {}
    for shift in shifts:
        if shift.school.pk not in schools:
            raise ValidationError({"shifts": "Choose schools of this agreement."})
        if not 0 <= shift.weekday <= 6:
            raise ValidationError({"shifts": "Choose weekdays from Monday to Sunday."})
        if shift.ends_at <= shift.starts_at:
            raise ValidationError({"shifts": "The hours must end after they start."})
        for other in seen.get((shift.school.pk, shift.weekday), []):
            if shift.starts_at < other.ends_at and other.starts_at < shift.ends_at:
                raise ValidationError(
                    {"shifts": f"Hours overlap on {window.WEEKDAYS[shift.weekday]} at {shift.school.name}."}
                )
        seen.setdefault((shift.school.pk, shift.weekday), []).append(shift)
    schedule = SSUSchedule.objects.create(
        agreement=membership.agreement, officer=officer, effective_from=effective_from, entered_by=membership
    )
    SSUShift.objects.bulk_create(
        SSUShift(
            schedule=schedule,
            school=s.school,
            weekday=s.weekday,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            on_days_without_students=s.on_days_without_students,
        )
        for s in shifts
    )
    record(
        actor,
        "video.ssu_schedule_set",
        schedule,
        agreement=membership.agreement,
        changes={
            "officer": officer.user.username,
            "effective_from": effective_from,
            "shifts": [[s.school.pk, s.weekday, s.starts_at, s.ends_at, s.on_days_without_students] for s in shifts],
        },
    )
    return schedule


@transaction.atomic
def do_log_access(
    actor: Actor,
    agreement: Agreement,
    *,
    username: str,
    school: str,
    kind: str,
    reason: str,
    channel: str,
    token: ApiToken | None = None,
    when: datetime | None = None,
) -> tuple[VideoAccess, window.Verdict]:
    """VIII.2: judge one attempt to view district video against the window, and log it either way."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "Say whether the video is live or recorded."})
    reason = tidy(reason, "reason", REASON_MAX)
    username = text.clean(str(username)).strip()
    if not username or len(username) > 150:
        raise ValidationError({"username": "Give the person's username (up to 150 characters)."})
    school_label = " ".join(text.clean(str(school)).split())
    if not school_label or len(school_label) > SHORT_MAX:
        raise ValidationError({"school": f"Give the school's name (up to {SHORT_MAX} characters)."})
    when = when or timezone.now()
    verdict = window.check(agreement, username, school_label, when)
    access = VideoAccess.objects.create(
        agreement=agreement,
        person=verdict.person,
        username=username,
        school=verdict.school,
        school_label=verdict.school.name if verdict.school else school_label,
        at=when,
        kind=kind,
        reason=reason,
        allowed=verdict.allowed,
        explanation=verdict.reason[:400],
        channel=channel,
        token=token,
        source=actor.source[:100],
    )
    record(
        actor,
        "video.access_allowed" if verdict.allowed else "video.access_refused",
        access,
        agreement=agreement,
        changes={"username": username, "school": access.school_label, "kind": kind, "reason": reason},
        outcome=AuditEntry.Outcome.OK if verdict.allowed else AuditEntry.Outcome.REFUSED,
    )
    return access, verdict


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _token_keepers(membership: Membership) -> None:
    if membership.role not in (Role.SYSADMIN, Role.SUPERINTENDENT):
        raise PermissionDenied("The agreement's system administrator or the Superintendent manages API tokens.")


@transaction.atomic
def do_create_token(actor: Actor, membership: Membership, *, label: str) -> tuple[ApiToken, str]:
    """A new token for a video management system; the token itself is returned once and never kept."""
    _token_keepers(membership)
    label = tidy(label, "label", 100)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        agreement=membership.agreement, label=label, digest=_digest(secret), prefix=secret[:10], created_by=membership
    )
    record(actor, "video.token_created", token, agreement=membership.agreement, changes={"label": label})
    return token, secret


@transaction.atomic
def do_revoke_token(actor: Actor, membership: Membership, token_id: int) -> ApiToken:
    _token_keepers(membership)
    changed = ApiToken.objects.filter(pk=token_id, agreement=membership.agreement, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_by=membership
    )
    if changed != 1:
        raise ValidationError("That token is already revoked.")
    token = ApiToken.objects.get(pk=token_id)
    record(actor, "video.token_revoked", token, agreement=membership.agreement, changes={"label": token.label})
    return token


def token_for(agreement: Agreement, presented: str) -> ApiToken | None:
    """The agreement's live token matching PRESENTED, compared in constant time."""
    if not presented or len(presented) > 200 or not presented.isascii():
        return None
    digest = _digest(presented)
    found = None
    for token in ApiToken.objects.filter(agreement=agreement, revoked_at__isnull=True):
        if hmac.compare_digest(token.digest, digest):
            found = token
    return found


# -- VIII.3: disclosure of video with student information --------------------------------------------


def find_students(agreement: Agreement, identifiers: str) -> list[Student]:
    """The roster's students named by their student IDs (one per line, or separated by commas)."""
    wanted = [w for w in text.clean(identifiers).replace(",", " ").replace(";", " ").split() if w]
    if not wanted:
        raise ValidationError({"student_ids": "Give the student ID of each student identifiable in the video."})
    if len(wanted) > 100:
        raise ValidationError({"student_ids": "At most 100 students in one disclosure."})
    if any(len(w) > 40 for w in wanted):
        raise ValidationError({"student_ids": "A student ID is at most 40 characters."})
    found = {s.identifier: s for s in Student.objects.filter(agreement=agreement, identifier__in=wanted)}
    missing = [w for w in wanted if w not in found]
    if missing:
        raise ValidationError({"student_ids": f"Not in the district's roster: {', '.join(missing[:10])}."})
    return list(dict.fromkeys(found[w] for w in wanted))


@transaction.atomic
def do_disclose_video(
    actor: Actor,
    membership: Membership,
    *,
    basis: str,
    threat: str,
    footage: str,
    recipient: Membership,
    other_recipients: str,
    students: list[Student],
    disclosed_on: date,
) -> VideoDisclosure:
    """VIII.3: record a disclosure of video with student information to the Police Department, and
    log it in the FERPA disclosure log for each student (34 CFR 99.32(a)(5))."""
    if not may_disclose(membership):
        raise PermissionDenied("Only the Superintendent or designee discloses district video.")
    if basis not in VideoDisclosure.Basis.values:
        raise ValidationError({"basis": "Choose the ground for the disclosure."})
    if recipient.agreement_id != membership.agreement_id or recipient.role not in POLICE_ROLES:
        raise ValidationError({"recipient": "Choose a member of the Police Department."})
    if disclosed_on > timezone.localdate() or disclosed_on < membership.agreement.effective_date:
        raise ValidationError(
            {"disclosed_on": f"Choose a date from {spell(membership.agreement.effective_date)} to today."}
        )
    if not students or any(s.agreement_id != membership.agreement_id for s in students):
        raise ValidationError({"student_ids": "Give the students identifiable in the video."})
    item = VideoDisclosure.objects.create(
        agreement=membership.agreement,
        disclosed_on=disclosed_on,
        basis=basis,
        threat=tidy(threat, "threat", TEXT_MAX),
        footage=tidy(footage, "footage", TEXT_MAX),
        recipient=recipient,
        other_recipients=tidy(other_recipients, "other_recipients", SHORT_MAX, required=False),
        disclosed_by=membership,
    )
    item.students.set(students)
    purpose = (
        "School video: health or safety emergency (34 CFR 99.36)"
        if basis == VideoDisclosure.Basis.THREAT
        else "School video: as allowed by law"
    )
    do_log_disclosures(
        actor,
        membership.agreement,
        students,
        to=recipient,
        to_label=item.recipients[:300],
        purpose=f"{purpose}: {item.threat}"[:200],
        report_label=f"Video disclosure #{item.pk}",
        fields=["video images"],
        as_of=disclosed_on,
        at=timezone.make_aware(datetime.combine(disclosed_on, time(12, 0)))
        if disclosed_on != timezone.localdate()
        else None,
    )
    record(
        actor,
        "video.disclosed",
        item,
        agreement=membership.agreement,
        changes={"basis": basis, "recipient": recipient.user.username, "students": len(students)},
        object_repr=f"Video disclosure #{item.pk} (see the disclosure log)",
    )
    return item
