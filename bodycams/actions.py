"""Every change to the camera records goes through here, with its audit entry (III.1–III.4)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import PRINCIPAL_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import School
from assignments.queries import schedule_on, schools_on
from audit.log import Actor, record
from bodycams.models import (
    ATTENDEES_MAX,
    DETAIL_MAX,
    EVIDENCE_MAX,
    LAW_MAX,
    PLACE_MAX,
    POSITION_MAX,
    REASON_MAX,
    Activation,
    ActivationNotice,
    Dispute,
    Party,
    Purpose,
    Viewing,
    ViewingRequest,
)
from bodycams.purpose import REFUSAL, not_law_enforcement
from lib import text as lib_text
from lib.bounds import spell
from notices.actions import notify
from schoolcalendar.days import CalendarGap, for_district

REQUESTER_ROLES = frozenset({*PRINCIPAL_ROLES, *SUPERINTENDENT_ROLES})
# An activation longer than this is a typing mistake, not a camera left on.
LONGEST = timedelta(hours=12)


# -- who ------------------------------------------------------------------------------------


def party_of(membership: Membership) -> str | None:
    """The side a person speaks for in a dispute about camera use (III.4)."""
    if membership.role in (Role.SRO, Role.CHIEF):
        return Party.POLICE
    if membership.role in REQUESTER_ROLES:
        return Party.DISTRICT
    return None


def deciding_party(membership: Membership) -> str | None:
    """The side a person may record a position and resolve for: the Chief, or the Superintendent's office."""
    if membership.role == Role.CHIEF:
        return Party.POLICE
    if membership.role in SUPERINTENDENT_ROLES:
        return Party.DISTRICT
    return None


def principal_schools(membership: Membership) -> set[int]:
    return membership.school_ids()


def assigned_schools(activation: Activation) -> list[School]:
    """The schools the SRO was assigned to on the day of the activation, primary first."""
    return schools_on(activation.sro, timezone.localtime(activation.started_at).date())


def principals_of(agreement, school_ids: set[int]) -> list[Membership]:
    return list(Membership.objects.building_administration(agreement.pk, school_ids))


def _people(agreement, roles) -> list:
    return [
        m.user for m in Membership.objects.active().filter(agreement=agreement, role__in=roles).select_related("user")
    ]


# -- input ----------------------------------------------------------------------------------


def tidy(value: str, field: str, limit: int, *, required: bool = True, what: str = "Write it.") -> str:
    """Text as pasted, made plain: NFKC, invisible characters gone, spaces collapsed per line."""
    text = lib_text.clean(value or "")
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    text = "".join(c for c in text if c == "\n" or c >= " ")
    if required and not text:
        raise ValidationError({field: what})
    if len(text) > limit:
        raise ValidationError({field: f"Up to {limit:,} characters, please (this is {len(text):,})."})
    return text


def _evidence(value: str, *, required: bool = False) -> str:
    number = tidy(
        value, "evidence_number", EVIDENCE_MAX, required=required, what="Enter the department's evidence number."
    )
    if number and not all(c.isalnum() or c in "-_./# " for c in number):
        raise ValidationError({"evidence_number": "An evidence number has letters, digits and - _ . / # only."})
    return number


def _when(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _school_day(sro: Membership, school: School | None, started_at: datetime, ended_at: datetime | None) -> None:
    """Refuse an activation that is not during the school day: a day with students in the
    district's calendar, and, when the SRO has a confirmed schedule for that school and weekday,
    within its hours (III.1 asks for the log of school-day activations only)."""
    now = timezone.now()
    if started_at > now:
        raise ValidationError({"started_at": "The camera-on time is in the future."})
    if ended_at is not None:
        if ended_at <= started_at:
            raise ValidationError({"ended_at": "The camera-off time must come after the camera-on time."})
        if ended_at > now:
            raise ValidationError({"ended_at": "The camera-off time is in the future."})
        if ended_at - started_at > LONGEST:
            raise ValidationError({"ended_at": "An activation cannot last more than 12 hours; check the times."})
    local = timezone.localtime(started_at)
    day = local.date()
    if day < sro.agreement.effective_date:
        raise ValidationError({"started_at": f"The agreement took effect on {spell(sro.agreement.effective_date)}."})
    try:
        in_session = for_district(sro.agreement.district).is_school_day(day)
    except CalendarGap as gap:
        raise ValidationError({"started_at": str(gap)}) from None
    if not in_session:
        raise ValidationError(
            {
                "started_at": f"{local:%A}, {spell(day)} is not a school day, so this activation is outside "
                "the school day and is not logged here (MOU section III covers the school day)."
            }
        )
    if school is None:
        return
    schedule = schedule_on(sro, day)
    if schedule is None:
        return
    entries = list(schedule.entries.filter(school=school, weekday=day.weekday()))
    if not entries:
        return
    first, last = min(e.starts_at for e in entries), max(e.ends_at for e in entries)
    if not first <= local.time() < last:
        raise ValidationError(
            {
                "started_at": f"{local:%H:%M} is outside the school day at {school.name} "
                f"({first:%H:%M}–{last:%H:%M} in the SRO's schedule), so it is not logged here."
            }
        )


def _school(sro: Membership, school: School | None, day: date) -> School:
    if school is None:
        raise ValidationError({"school": "Choose the school."})
    if school.pk not in {s.pk for s in schools_on(sro, day)}:
        raise ValidationError({"school": "Choose one of the schools the SRO is assigned to."})
    return school


def _purpose(purpose: str, detail: str) -> tuple[str, str]:
    if purpose not in Purpose.values:
        if purpose and not_law_enforcement(purpose.replace("_", " ")) is not None:
            raise ValidationError({"purpose": REFUSAL})
        raise ValidationError({"purpose": "Choose the law-enforcement purpose."})
    text = tidy(detail, "purpose_detail", DETAIL_MAX, what="Say what law-enforcement action the recording was for.")
    found = not_law_enforcement(text)
    if found is not None:
        raise ValidationError({"purpose_detail": f"“{found}”: {REFUSAL}"})
    return purpose, text


# -- III.1, III.2 activations ------------------------------------------------------------------


@transaction.atomic
def do_start_activation(
    actor: Actor, membership: Membership, *, school: School | None, started_at: datetime, evidence_number: str = ""
) -> Activation:
    """III.1: the SRO's "camera on" entry, completed later; until then it reminds the SRO each morning."""
    if membership.role != Role.SRO:
        raise ValidationError("Only the SRO records their own camera activations.")
    day = timezone.localtime(started_at).date()
    school = _school(membership, school, day)
    _school_day(membership, school, started_at, None)
    activation = Activation.objects.create(
        agreement=membership.agreement,
        sro=membership,
        school=school,
        started_at=started_at,
        evidence_number=_evidence(evidence_number),
        entered_by=actor.user or membership.user,
    )
    record(
        actor,
        "bodycams.activation_started",
        activation,
        agreement=membership.agreement,
        changes={"school": school.name, "started_at": started_at.isoformat()},
    )
    return activation


@transaction.atomic
def do_record_export(
    actor: Actor, membership: Membership, *, sro: Membership, started_at: datetime, evidence_number: str
) -> Activation:
    """III.1: the Chief enters an activation from the department's camera export, for the SRO to log."""
    if membership.role != Role.CHIEF:
        raise ValidationError("The Chief of Police enters activations from the department's export.")
    if sro.agreement_id != membership.agreement_id or sro.role != Role.SRO:
        raise ValidationError({"sro": "Choose one of this agreement's School Resource Officers."})
    number = _evidence(evidence_number, required=True)
    if Activation.objects.filter(agreement=membership.agreement, evidence_number=number).exists():
        raise ValidationError({"evidence_number": f"Evidence number {number} is already in the log."})
    _school_day(sro, None, started_at, None)
    activation = Activation.objects.create(
        agreement=membership.agreement,
        sro=sro,
        started_at=started_at,
        evidence_number=number,
        entered_by=actor.user or membership.user,
    )
    record(
        actor,
        "bodycams.activation_exported",
        activation,
        agreement=membership.agreement,
        changes={"sro": sro.user.username, "started_at": started_at.isoformat(), "evidence_number": number},
    )
    notify(
        [sro.user],
        agreement=membership.agreement,
        kind="bodycam_to_log",
        key=f"bodycam_to_log:{activation.pk}",
        context={"activation": activation},
        url=reverse("bodycams:complete", args=[membership.agreement.slug, activation.pk]),
    )
    return activation


@transaction.atomic
def do_log_activation(
    actor: Actor,
    membership: Membership,
    *,
    activation_id: int | None = None,
    school: School | None,
    started_at: datetime,
    ended_at: datetime,
    purpose: str,
    purpose_detail: str,
    evidence_number: str = "",
) -> Activation:
    """III.1, III.2: the complete log entry (a new one, or a started one completed); the principal
    (or designee) of each school the SRO is assigned to is told at once, and the notice is
    tracked until acknowledged."""
    if membership.role != Role.SRO:
        raise ValidationError("Only the SRO logs their own camera activations.")
    activation = None
    if activation_id is not None:
        activation = (
            Activation.objects.select_for_update()
            .filter(pk=activation_id, agreement=membership.agreement, sro__user_id=membership.user_id)
            .first()
        )
        if activation is None or activation.is_logged:
            raise ValidationError("This activation is already logged.")
    purpose, detail = _purpose(purpose, purpose_detail)
    day = timezone.localtime(started_at).date()
    school = _school(membership, school, day)
    _school_day(membership, school, started_at, ended_at)
    number = _evidence(evidence_number)
    if activation is not None and activation.evidence_number and number != activation.evidence_number:
        raise ValidationError({"evidence_number": "The department's evidence number cannot be changed here."})
    if (
        number
        and Activation.objects.filter(agreement=membership.agreement, evidence_number=number)
        .exclude(pk=getattr(activation, "pk", None))
        .exists()
    ):
        raise ValidationError({"evidence_number": f"Evidence number {number} is already in the log."})
    now = timezone.now()
    if activation is None:
        activation = Activation(
            agreement=membership.agreement, sro=membership, entered_by=actor.user or membership.user
        )
    activation.school = school
    activation.started_at = started_at
    activation.ended_at = ended_at
    activation.purpose = purpose
    activation.purpose_detail = detail
    activation.evidence_number = number
    activation.logged_at = now
    activation.save()
    record(
        actor,
        "bodycams.activation_logged",
        activation,
        agreement=membership.agreement,
        changes={
            "school": school.name,
            "started_at": started_at.isoformat(),
            "ended_at": ended_at.isoformat(),
            "purpose": purpose,
            "evidence_number": number,
        },
    )
    schools = assigned_schools(activation)
    for s in schools:
        ActivationNotice.objects.create(activation=activation, school=s, notified_at=now)
    url = reverse("bodycams:activation", args=[membership.agreement.slug, activation.pk])
    notify(
        [p.user for p in principals_of(membership.agreement, {s.pk for s in schools})],
        agreement=membership.agreement,
        kind="bodycam_activation",
        key=f"bodycam_activation:{activation.pk}",
        context={"activation": activation},
        url=url,
    )
    return activation


@transaction.atomic
def do_acknowledge(actor: Actor, membership: Membership, activation_id: int) -> int:
    """III.1: the principal (or designee) acknowledges the notice for their schools; returns how many."""
    if membership.role not in PRINCIPAL_ROLES:
        raise ValidationError("The building principal or the principal's designee acknowledges the notice.")
    now = timezone.now()
    changed = ActivationNotice.objects.filter(
        activation_id=activation_id,
        activation__agreement=membership.agreement,
        school_id__in=principal_schools(membership),
        acknowledged_at__isnull=True,
    ).update(acknowledged_by=membership, acknowledged_at=now)
    if not changed:
        raise ValidationError("There is no notice of this activation for your school left to acknowledge.")
    activation = Activation.objects.get(pk=activation_id)
    record(
        actor, "bodycams.notice_acknowledged", activation, agreement=membership.agreement, changes={"schools": changed}
    )
    return changed


# -- III.3 viewing a recording ----------------------------------------------------------------------


def may_request(membership: Membership, activation: Activation) -> bool:
    """The principal of a building the SRO is assigned to, or the Superintendent or designee."""
    if not activation.is_logged:
        return False
    if membership.role in SUPERINTENDENT_ROLES:
        return True
    if membership.role in PRINCIPAL_ROLES:
        return bool(principal_schools(membership) & {s.pk for s in assigned_schools(activation)})
    return False


@transaction.atomic
def do_request_viewing(actor: Actor, membership: Membership, activation_id: int, *, reason: str) -> ViewingRequest:
    """III.3: ask the Chief to view a recording the SRO captured while performing SRO duties."""
    activation = Activation.objects.filter(pk=activation_id, agreement=membership.agreement).first()
    if activation is None or not may_request(membership, activation):
        raise ValidationError(
            "A recording may be requested by the principal of a school the SRO is assigned to, or by the "
            "Superintendent or designee, once the activation is logged."
        )
    if ViewingRequest.objects.filter(
        activation=activation, requested_by=membership, status=ViewingRequest.Status.PENDING
    ).exists():
        raise ValidationError("You already asked to view this recording; the Chief has not decided yet.")
    request = ViewingRequest.objects.create(
        agreement=membership.agreement,
        activation=activation,
        requested_by=membership,
        reason=tidy(reason, "reason", REASON_MAX, what="Say why you ask to view the recording."),
    )
    record(
        actor,
        "bodycams.viewing_requested",
        request,
        agreement=membership.agreement,
        changes={"activation": activation.pk},
    )
    notify(
        _people(membership.agreement, [Role.CHIEF]),
        agreement=membership.agreement,
        kind="bodycam_view_requested",
        key=f"bodycam_view_requested:{request.pk}",
        context={"request": request},
        url=reverse("bodycams:request", args=[membership.agreement.slug, request.pk]),
    )
    return request


@transaction.atomic
def do_decide_viewing(
    actor: Actor,
    membership: Membership,
    request_id: int,
    *,
    approve: bool,
    reason: str,
    law_note: str = "",
    viewing_at: datetime | None = None,
    viewing_place: str = "",
    evidence_number: str = "",
) -> ViewingRequest:
    """III.3: the Chief approves (with when and where the viewing happens) or declines, with a reason,
    noting FOIA or other law where it applies. The recording stays the department's: only its
    evidence number is kept."""
    if membership.role != Role.CHIEF:
        raise ValidationError("The Chief of Police approves or declines a request to view a recording.")
    request = (
        ViewingRequest.objects.select_for_update()
        .filter(pk=request_id, agreement=membership.agreement)
        .select_related("activation")
        .first()
    )
    if request is None or request.status != ViewingRequest.Status.PENDING:
        raise ValidationError("This request is already decided.")
    why = tidy(reason, "reason", REASON_MAX, what="Give the reason for the decision.")
    law = tidy(law_note, "law_note", LAW_MAX, required=False)
    changes: dict = {"approve": approve, "law_note": law}
    if approve:
        if viewing_at is None:
            raise ValidationError({"viewing_at": "Say when the viewing happens."})
        if viewing_at < timezone.now() - timedelta(days=1):
            raise ValidationError({"viewing_at": "The viewing cannot be set in the past."})
        if viewing_at > timezone.now() + timedelta(days=366):
            raise ValidationError({"viewing_at": "Set the viewing within a year."})
        place = tidy(viewing_place, "viewing_place", PLACE_MAX, what="Say where the viewing happens.")
        activation = Activation.objects.select_for_update().get(pk=request.activation_id)
        number = _evidence(evidence_number) or activation.evidence_number
        if not number:
            raise ValidationError({"evidence_number": "Enter the department's evidence number of the recording."})
        if activation.evidence_number and number != activation.evidence_number:
            raise ValidationError(
                {
                    "evidence_number": f"The recording's evidence number is {activation.evidence_number}; it cannot be changed."
                }
            )
        if not activation.evidence_number:
            if Activation.objects.filter(agreement=membership.agreement, evidence_number=number).exists():
                raise ValidationError({"evidence_number": f"Evidence number {number} belongs to another activation."})
            activation.evidence_number = number
            activation.save(update_fields=["evidence_number"])
        request.status = ViewingRequest.Status.APPROVED
        request.viewing_at, request.viewing_place = viewing_at, place
        changes |= {"viewing_at": viewing_at.isoformat(), "viewing_place": place, "evidence_number": number}
    else:
        request.status = ViewingRequest.Status.DECLINED
    request.decision_reason, request.law_note = why, law
    request.decided_by, request.decided_at = membership, timezone.now()
    request.save()
    record(actor, "bodycams.viewing_decided", request, agreement=membership.agreement, changes=changes)
    notify(
        [request.requested_by.user],
        agreement=membership.agreement,
        kind="bodycam_view_decided",
        key=f"bodycam_view_decided:{request.pk}",
        context={"request": request},
        url=reverse("bodycams:request", args=[membership.agreement.slug, request.pk]),
    )
    return request


@transaction.atomic
def do_log_viewing(
    actor: Actor, membership: Membership, request_id: int, *, viewed_at: datetime, place: str, attendees: str
) -> Viewing:
    """III.3: each viewing of an approved request, with who attended; by the Chief or the requester."""
    request = ViewingRequest.objects.select_for_update().filter(pk=request_id, agreement=membership.agreement).first()
    if request is None or request.status != ViewingRequest.Status.APPROVED:
        raise ValidationError("Only a viewing the Chief approved is logged.")
    if membership.role != Role.CHIEF and request.requested_by_id != membership.pk:
        raise ValidationError("The Chief of Police or the person who asked logs the viewing.")
    if viewed_at > timezone.now():
        raise ValidationError({"viewed_at": "Log a viewing once it has happened."})
    if viewed_at < request.decided_at - timedelta(minutes=1):
        raise ValidationError({"viewed_at": "The viewing cannot come before the Chief approved it."})
    viewing = Viewing.objects.create(
        request=request,
        viewed_at=viewed_at,
        place=tidy(place, "place", PLACE_MAX, what="Say where the recording was viewed."),
        attendees=tidy(attendees, "attendees", ATTENDEES_MAX, what="Say who attended."),
        logged_by=membership,
    )
    record(
        actor,
        "bodycams.recording_viewed",
        viewing,
        agreement=membership.agreement,
        changes={"request": request.pk, "viewed_at": viewed_at.isoformat(), "attendees": viewing.attendees},
    )
    return viewing


# -- III.4 disputes ---------------------------------------------------------------------------------


def _other_side(agreement, party: str) -> list:
    return _people(agreement, [Role.CHIEF] if party == Party.DISTRICT else list(SUPERINTENDENT_ROLES))


def _dispute_notice(dispute: Dispute, recipients: list, what: str) -> None:
    notify(
        recipients,
        agreement=dispute.agreement,
        kind="bodycam_dispute",
        key=f"bodycam_dispute:{dispute.pk}:{what}",
        context={"dispute": dispute, "what": what},
        url=reverse("bodycams:dispute", args=[dispute.agreement.slug, dispute.pk]),
    )


@transaction.atomic
def do_raise_dispute(
    actor: Actor, membership: Membership, *, summary: str, activation: Activation | None = None
) -> Dispute:
    """III.4: either side records a dispute about camera use."""
    party = party_of(membership)
    if party is None:
        raise ValidationError("A dispute is raised by the police side (SRO, Chief) or the district side.")
    if activation is not None and activation.agreement_id != membership.agreement_id:
        raise ValidationError({"activation": "Choose one of this agreement's activations."})
    dispute = Dispute.objects.create(
        agreement=membership.agreement,
        activation=activation,
        raised_by=membership,
        raised_by_party=party,
        summary=tidy(summary, "summary", POSITION_MAX, what="Say what the dispute is about."),
    )
    record(actor, "bodycams.dispute_raised", dispute, agreement=membership.agreement, changes={"party": party})
    _dispute_notice(dispute, _people(membership.agreement, [Role.CHIEF, *SUPERINTENDENT_ROLES]), "raised")
    return dispute


def _open_dispute(membership: Membership, dispute_id: int) -> tuple[Dispute, str]:
    party = deciding_party(membership)
    if party is None:
        raise ValidationError("The Chief of Police and the Superintendent (or designee) resolve disputes jointly.")
    dispute = Dispute.objects.select_for_update().filter(pk=dispute_id, agreement=membership.agreement).first()
    if dispute is None or dispute.resolved_at is not None:
        raise ValidationError("This dispute is already resolved.")
    return dispute, party


@transaction.atomic
def do_record_position(actor: Actor, membership: Membership, dispute_id: int, *, position: str) -> Dispute:
    """III.4: the Chief's or the Superintendent's position; changing it withdraws a proposed resolution."""
    dispute, party = _open_dispute(membership, dispute_id)
    text = tidy(position, "position", POSITION_MAX, what="Write your side's position.")
    if party == Party.POLICE:
        dispute.police_position, dispute.police_position_by = text, membership
    else:
        dispute.district_position, dispute.district_position_by = text, membership
    dispute.resolution, dispute.resolution_proposed_by, dispute.resolution_proposed_by_party = "", None, ""
    dispute.save()
    record(actor, "bodycams.dispute_position", dispute, agreement=membership.agreement, changes={"party": party})
    _dispute_notice(
        dispute, _other_side(membership.agreement, party), f"position:{party}:{timezone.now():%Y%m%d%H%M%S%f}"
    )
    return dispute


@transaction.atomic
def do_propose_resolution(actor: Actor, membership: Membership, dispute_id: int, *, resolution: str) -> Dispute:
    """III.4: one side proposes the joint resolution once both positions are recorded."""
    dispute, party = _open_dispute(membership, dispute_id)
    if not dispute.police_position or not dispute.district_position:
        raise ValidationError("Both the Police Department and the Superintendent record their positions first.")
    dispute.resolution = tidy(resolution, "resolution", POSITION_MAX, what="Write the resolution.")
    dispute.resolution_proposed_by, dispute.resolution_proposed_by_party = membership, party
    dispute.save()
    record(actor, "bodycams.resolution_proposed", dispute, agreement=membership.agreement, changes={"party": party})
    _dispute_notice(dispute, _other_side(membership.agreement, party), f"proposed:{timezone.now():%Y%m%d%H%M%S%f}")
    return dispute


@transaction.atomic
def do_agree_resolution(actor: Actor, membership: Membership, dispute_id: int) -> Dispute:
    """III.4: the other side agrees, and only then is the dispute resolved."""
    dispute, party = _open_dispute(membership, dispute_id)
    if not dispute.resolution:
        raise ValidationError("No resolution is proposed yet.")
    if dispute.resolution_proposed_by_party == party:
        raise ValidationError("Your side proposed this resolution: the other side must agree before it is resolved.")
    dispute.resolution_agreed_by = membership
    dispute.resolved_at = timezone.now()
    dispute.save()
    record(actor, "bodycams.dispute_resolved", dispute, agreement=membership.agreement, changes={"party": party})
    _dispute_notice(dispute, _other_side(membership.agreement, party), "resolved")
    return dispute
