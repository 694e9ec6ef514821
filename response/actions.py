"""Every change to the graduated response goes through here, with its audit entry (V.1-V.5)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from audit.log import Actor, record
from lib.text import clean
from notices.actions import notify
from response.models import (
    LAW_ENFORCEMENT_OPTIONS,
    OPTIONS,
    OUT_OF_SCHOOL,
    SCHOOL_LEVELS,
    SRO_NOT_IN_CLASSROOM,
    TEXT_MAX,
    TRUANCY_REFUSAL,
    Intervention,
    Level,
    PoliceRequest,
)
from response.queries import ADMINISTRATORS, POLICE_READERS, administered_schools, requests_for, sro_schools, sros_of
from students.actions import do_log_disclosure
from students.models import Student

if TYPE_CHECKING:
    from collections.abc import Iterable

NEEDS_GROUND = (
    "A request for police involvement needs one of the three grounds of section V: classroom, school and "
    "community options found ineffective; police involvement deemed appropriate by the administration; or an "
    "emergency."
)
NEEDS_INTERVENTIONS = (
    "Choose the interventions that were tried and found ineffective: each of this student's, at a lower level, "
    "with its date and outcome. Record them first if they are not listed."
)
NEEDS_DETERMINATION = "Say who in the administration determined that police involvement is appropriate, and why."
NEEDS_EMERGENCY = "Say what the emergency is."
ALREADY_ANSWERED = "The law-enforcement option for this request has already been recorded."
NEEDS_ASKED = "Say what the school asks of the police in this intervention."
# What the police are shown of a request, and logged as shown (L.2).
SHOWN_TO_POLICE = ["name", "student_id", "school", "grade"]
DISCLOSURE_PURPOSE = "Request for police involvement (V.3)"


def _text(value: object, limit: int = TEXT_MAX) -> str:
    """Text as pasted, made storable: NFKC, no invisible characters, no outer whitespace."""
    text = clean(str(value or "")).replace("\r\n", "\n").strip()
    if len(text) > limit:
        raise ValidationError(f"Keep it to {limit:,} characters; this is {len(text):,}.")
    return text


def _student_for_administrator(membership: Membership, student: Student) -> Student:
    if membership.role not in ADMINISTRATORS:
        raise PermissionDenied("Only a school administrator records interventions and asks for police involvement.")
    if (
        student.agreement_id != membership.agreement_id
        or not student.active
        or student.school_id not in administered_schools(membership)
    ):
        raise PermissionDenied("That student is not on the roster of one of your schools.")
    return student


def check_intervention(level: str, option: str, *, truancy_only: bool, sro_took_part: bool) -> None:
    """The rules of section V for one school-level intervention; raises with the MOU's words."""
    if level not in SCHOOL_LEVELS:
        if level == Level.LAW_ENFORCEMENT:
            raise ValidationError(
                {"level": "The Law Enforcement level is managed by the police: make a request for police involvement."}
            )
        raise ValidationError({"level": "Choose one of the levels."})
    if option not in dict(OPTIONS[level]):
        raise ValidationError({"option": f"Choose one of the options of the {Level(level).label} level."})
    if level == Level.CLASSROOM and sro_took_part:
        raise ValidationError({"sro_took_part": f"{SRO_NOT_IN_CLASSROOM} (Classroom Intervention, section V)"})
    if truancy_only and option in OUT_OF_SCHOOL:
        raise ValidationError({"option": TRUANCY_REFUSAL})


@transaction.atomic
def do_record_intervention(
    actor: Actor,
    membership: Membership,
    student: Student,
    *,
    level: str,
    option: str,
    on: date,
    outcome: str,
    truancy_only: bool = False,
    sro_took_part: bool = False,
) -> Intervention:
    """A school administrator records one intervention for STUDENT at a school level (V.1, V.2, V.4)."""
    _student_for_administrator(membership, student)
    check_intervention(level, option, truancy_only=truancy_only, sro_took_part=sro_took_part)
    if on > timezone.localdate() or on < membership.agreement.effective_date:
        raise ValidationError({"on": "Choose a date from the agreement's start to today."})
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": "Say what came of the intervention."})
    intervention = Intervention.objects.create(
        agreement=membership.agreement,
        student=student,
        school_id=student.school_id,
        level=level,
        option=option,
        on=on,
        truancy_only=truancy_only,
        sro_took_part=sro_took_part,
        outcome=outcome,
        recorded_by=membership,
    )
    record(
        actor,
        "response.intervention_recorded",
        intervention,
        agreement=membership.agreement,
        # The audit trail, which the Chief reads, says that the school recorded one, not what:
        # the school's record of interventions stays with the school.
        changes={"school": student.school_id},
        object_repr=f"Intervention #{intervention.pk}",
    )
    return intervention


@transaction.atomic
def do_request_police_involvement(
    actor: Actor,
    membership: Membership,
    student: Student,
    *,
    asked: str,
    ground: str,
    interventions: Iterable[Intervention] = (),
    determined_by: str = "",
    determination: str = "",
    emergency: str = "",
) -> PoliceRequest:
    """An administrator asks for police involvement in an intervention for STUDENT, on one of
    the three grounds of section V (V.3); the SROs of the student's school are told."""
    _student_for_administrator(membership, student)
    errors: dict[str, str] = {}
    asked = _text(asked)
    if not asked:
        errors["asked"] = NEEDS_ASKED
    chosen: list[Intervention] = []
    determined_by, determination, emergency = _text(determined_by, 200), _text(determination), _text(emergency)
    if ground == PoliceRequest.Ground.LOWER_LEVELS_INEFFECTIVE:
        ids = {i.pk for i in interventions}
        chosen = list(
            Intervention.objects.filter(
                pk__in=ids, student=student, level__in=SCHOOL_LEVELS, on__lte=timezone.localdate()
            ).exclude(outcome="")
        )
        if not chosen or len(chosen) != len(ids):
            errors["interventions"] = NEEDS_INTERVENTIONS
        determined_by = determination = emergency = ""
    elif ground == PoliceRequest.Ground.ADMINISTRATION:
        if not determined_by or not determination:
            errors["determination"] = NEEDS_DETERMINATION
        emergency = ""
    elif ground == PoliceRequest.Ground.EMERGENCY:
        if not emergency:
            errors["emergency"] = NEEDS_EMERGENCY
        determined_by = determination = ""
    else:
        errors["ground"] = NEEDS_GROUND
    if errors:
        raise ValidationError(errors)
    request = PoliceRequest.objects.create(
        agreement=membership.agreement,
        school_id=student.school_id,
        student=student,
        made_by=membership,
        asked=asked,
        ground=ground,
        determined_by=determined_by,
        determination=determination,
        emergency=emergency,
    )
    request.interventions.set(chosen)
    record(
        actor,
        "response.police_requested",
        request,
        agreement=membership.agreement,
        changes={"ground": ground, "school": student.school_id, "interventions": sorted(i.pk for i in chosen)},
    )
    url = reverse("response:request", args=[membership.agreement.slug, request.pk])
    # The notice says a request is waiting, where, and on which ground; never whom it is about.
    notify(
        [m.user for m in sros_of(student.school_id, membership.agreement_id)],
        agreement=membership.agreement,
        kind="police_request_made",
        key=f"police_request:{request.pk}",
        context={"request": request, "school": request.school, "ground": request.get_ground_display()},
        url=url,
    )
    return request


@transaction.atomic
def do_record_law_enforcement_option(
    actor: Actor,
    membership: Membership,
    request: PoliceRequest,
    *,
    option: str,
    outcome: str,
    escalated_to_violence: bool = False,
    constitutes_crime: bool = False,
) -> PoliceRequest:
    """The SRO records the law-enforcement option taken and its outcome (V.3, V.5): one of the
    Law Enforcement level's options, chosen, never defaulted; arrest among them, under VI."""
    if membership.role != Role.SRO:
        raise PermissionDenied("Only a School Resource Officer records the law-enforcement option taken.")
    if request.agreement_id != membership.agreement_id or request.school_id not in sro_schools(membership):
        raise PermissionDenied("That request is not for one of your schools.")
    errors: dict[str, str] = {}
    if option not in dict(LAW_ENFORCEMENT_OPTIONS):
        errors["option"] = "Choose the law-enforcement option taken; none is chosen for you."
    outcome = _text(outcome)
    if not outcome:
        errors["outcome"] = "Say what came of it."
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    claimed = PoliceRequest.objects.filter(pk=request.pk, status=PoliceRequest.Status.WAITING).update(
        status=PoliceRequest.Status.ANSWERED,
        option=option,
        outcome=outcome,
        escalated_to_violence=bool(escalated_to_violence),
        constitutes_crime=bool(constitutes_crime),
        answered_by=membership,
        answered_at=now,
    )
    if claimed != 1:
        raise ValidationError(ALREADY_ANSWERED)
    request.refresh_from_db()
    record(
        actor,
        "response.option_recorded",
        request,
        agreement=membership.agreement,
        changes={
            "option": option,
            "escalated_to_violence": request.escalated_to_violence,
            "constitutes_crime": request.constitutes_crime,
        },
    )
    return request


def show_to_police(actor: Actor, membership: Membership, request: PoliceRequest) -> Student:
    """The student a request is about, for the SRO or the Chief, each time logged as a
    disclosure (L.2). Without a request there is nothing to show."""
    if membership.role not in POLICE_READERS or not requests_for(membership).filter(pk=request.pk).exists():
        raise PermissionDenied("That request is not one you may see.")
    do_log_disclosure(
        actor,
        membership,
        request.student,
        purpose=DISCLOSURE_PURPOSE,
        fields=SHOWN_TO_POLICE,
        report_label=str(request),
    )
    return request.student
