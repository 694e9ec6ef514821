"""Every change to section IV's notices and emergency-intervention records goes through here,
with its audit entry (IV.1, IV.4).

The SRO records; the school's principal and the principal's designee are told at once (in the
app and by email) and acknowledge; the record stays waiting until one of them does. Nothing
here names a student: each text passes the no-names guard before anything is stored, and the
emails say only that something happened, with a link.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import PRINCIPAL_ROLES, Membership, Role
from agreements.models import Agreement, School
from assignments.queries import schools_on
from audit.log import Actor, record, snapshot
from incidents.deadlines import district_report_due, notice_deadline
from incidents.models import (
    DESCRIPTION_LENGTH,
    INJURY_LENGTH,
    JUSTIFICATION_LENGTH,
    MAX_INTERVENTION,
    NOT_LEAST_FORCE,
    NOT_TO_PREVENT_INJURY,
    EmergencyIntervention,
    IncidentNotice,
    NoticeSettings,
    PrincipalAlert,
    settings_for,
)
from lib.bounds import spell
from lib.text import clean
from notices.actions import notify
from reporting import actions as reporting_actions
from reporting.forms import GATE_REFUSAL
from reporting.models import FormA
from schoolcalendar.days import for_district
from students import guard

if TYPE_CHECKING:
    from accounts.models import User

# Control characters other than the line break and the tab: never stored (PostgreSQL refuses NUL).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def principals_of(agreement: Agreement, school: School) -> list[User]:
    """Who is told of what happens at SCHOOL: its principal and the principal's designee."""
    members = Membership.objects.building_administration(agreement.pk, {school.pk})
    return [m.user for m in members.order_by("role", "user__last_name", "pk")]


def school_ids_of(membership: Membership) -> set[int]:
    """The schools a principal or designee answers for."""
    return membership.school_ids()


def tidy(value: Any, field: str, *, limit: int, required: bool = True, label: str = "") -> str:
    """Text as pasted, made storable: NFKC, no invisible or control characters, runs of spaces
    made one, lines kept. Refused when empty (if REQUIRED) or longer than LIMIT."""
    text = CONTROL.sub("", clean(str(value or "")))
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    if required and not text:
        raise ValidationError({field: f"Write {label or 'this'}."})
    if len(text) > limit:
        raise ValidationError({field: f"Shorten this to at most {limit:,} characters (it has {len(text):,})."})
    return text


def names_problem(agreement: Agreement, text: str, school: School | None) -> str:
    """What the guard blocks in TEXT, as a message, or ""."""
    blocking = [f for f in guard.scan(agreement, text, school=school) if f.severity == guard.BLOCK]
    if not blocking:
        return ""
    found = ", ".join(f"“{f.text}” ({f.label})" for f in blocking)
    return f"Remove these words: this record may not identify a student. {found}. Refer to “a student”, “Student A”."


def _guarded(agreement: Agreement, school: School | None, texts: dict[str, str]) -> None:
    refused = {
        name: problem for name, text in texts.items() if text and (problem := names_problem(agreement, text, school))
    }
    if refused:
        raise ValidationError(refused)


def _moment(agreement: Agreement, value: Any, field: str, what: str) -> datetime:
    """An aware moment no later than now and no earlier than the agreement's effective date."""
    if not isinstance(value, datetime) or timezone.is_naive(value):
        raise ValidationError({field: f"Enter the date and time {what}."})
    if value > timezone.now():
        raise ValidationError({field: f"The time {what} cannot be in the future."})
    if timezone.localdate(value) < agreement.effective_date:
        raise ValidationError(
            {field: f"The date {what} cannot be before the agreement took effect ({spell(agreement.effective_date)})."}
        )
    return value


def _school(membership: Membership, school: Any, day: Any) -> School:
    """One of the schools the SRO was assigned to on DAY (II.2): the SRO tells that school's principal."""
    if membership.role != Role.SRO:
        raise ValidationError("Only a School Resource Officer records these.")
    offered = {s.pk: s for s in schools_on(membership, day)}
    if not isinstance(school, School) or school.pk not in offered:
        raise ValidationError({"school": "Choose one of the schools you were assigned to on that date."})
    return offered[school.pk]


def _alert(record_: PrincipalAlert, kind: str, context: dict[str, Any]) -> int:
    """Tell the school's principal and designee, once each (IV.1, IV.4)."""
    url = reverse(f"incidents:{_route(record_)}", args=[record_.agreement.slug, record_.pk])
    return len(
        notify(
            principals_of(record_.agreement, record_.school),
            agreement=record_.agreement,
            kind=kind,
            key=f"{kind}:{record_.pk}",
            context={"record": record_, **context},
            url=url,
        )
    )


def _route(item: PrincipalAlert) -> str:
    return "notice" if isinstance(item, IncidentNotice) else "intervention"


# -- IV.1 --------------------------------------------------------------------------------------


@transaction.atomic
def do_record_notice(
    actor: Actor,
    membership: Membership,
    *,
    school: School,
    kind: str,
    occurred_at: datetime,
    description: str,
    escalated_to_violence: bool = False,
    constitutes_crime: bool = False,
) -> IncidentNotice:
    """IV.1: the SRO's notice to the principal of a juvenile delinquency, incident, charge or
    arrest at SCHOOL. Its deadline is the agreement's rule from the event; late stays late."""
    agreement = membership.agreement
    if membership.role != Role.SRO:
        raise ValidationError("Only a School Resource Officer records these.")
    if kind not in IncidentNotice.Kind.values:
        raise ValidationError({"kind": "Choose juvenile delinquency, incident, charge or arrest."})
    occurred_at = _moment(agreement, occurred_at, "occurred_at", "it happened")
    school = _school(membership, school, timezone.localdate(occurred_at))
    text = tidy(description, "description", limit=DESCRIPTION_LENGTH, label="a short description")
    _guarded(agreement, school, {"description": text})
    rule = settings_for(agreement)
    now = timezone.now()
    deadline = notice_deadline(rule, for_district(agreement.district), occurred_at)
    notice = IncidentNotice.objects.create(
        agreement=agreement,
        sro=membership,
        school=school,
        kind=kind,
        occurred_at=occurred_at,
        description=text,
        escalated_to_violence=bool(escalated_to_violence),
        constitutes_crime=bool(constitutes_crime),
        recorded_at=now,
        deadline=deadline,
        deadline_rule=rule.describe(),
        late=None if deadline is None else now > deadline,
    )
    record(
        actor,
        "incidents.notice_recorded",
        notice,
        agreement=agreement,
        changes={
            "school": school.name,
            "kind": kind,
            "occurred_at": occurred_at,
            "deadline": deadline,
            "late": notice.late,
        },
    )
    _alert(notice, "incident_notice", {"kind": notice.get_kind_display(), "sro_name": membership.display_name})
    return notice


# -- IV.4 --------------------------------------------------------------------------------------


@transaction.atomic
def do_record_intervention(
    actor: Actor,
    membership: Membership,
    *,
    school: School,
    which: str,
    started_at: datetime,
    ended_at: datetime,
    imminent_injury_affirmed: bool,
    imminent_injury: str,
    least_force_affirmed: bool,
    least_force: str,
    injury_occurred: bool | None,
    injured: str = "",
    injury_description: str = "",
    escalated_to_violence: bool = False,
    constitutes_crime: bool = False,
) -> EmergencyIntervention:
    """IV.4: a physical restraint or seclusion by the SRO, recorded as an emergency intervention
    with its justification; the principal is alerted at once, with the date the district's
    own restraint report is due (the next school day)."""
    agreement = membership.agreement
    if membership.role != Role.SRO:
        raise ValidationError("Only a School Resource Officer records these.")
    if which not in EmergencyIntervention.Which.values:
        raise ValidationError({"which": "Choose physical restraint or seclusion."})
    started_at = _moment(agreement, started_at, "started_at", "it started")
    ended_at = _moment(agreement, ended_at, "ended_at", "it ended")
    if ended_at <= started_at:
        raise ValidationError({"ended_at": "The end must come after the start."})
    if ended_at - started_at > MAX_INTERVENTION:
        hours = int(MAX_INTERVENTION.total_seconds() // 3600)
        raise ValidationError(
            {"ended_at": f"An emergency intervention this long (over {hours} hours) cannot be right: check the times."}
        )
    school = _school(membership, school, timezone.localdate(started_at))
    errors: dict[str, str] = {}
    if not imminent_injury_affirmed:
        errors["imminent_injury_affirmed"] = NOT_TO_PREVENT_INJURY
    if not least_force_affirmed:
        errors["least_force_affirmed"] = NOT_LEAST_FORCE
    if injury_occurred is None:
        errors["injury_occurred"] = "Say whether an injury occurred."
    elif injury_occurred and injured not in EmergencyIntervention.Injured.values:
        errors["injured"] = "Say who was injured: the student, others, or both."
    if errors:
        raise ValidationError(errors)
    texts = {
        "imminent_injury": tidy(
            imminent_injury, "imminent_injury", limit=JUSTIFICATION_LENGTH, label="the injury it prevented"
        ),
        "least_force": tidy(
            least_force, "least_force", limit=JUSTIFICATION_LENGTH, label="why the force was the least necessary"
        ),
        "injury_description": tidy(
            injury_description,
            "injury_description",
            limit=INJURY_LENGTH,
            required=bool(injury_occurred),
            label="the injury",
        ),
    }
    if not injury_occurred and (injured or texts["injury_description"]):
        raise ValidationError({"injured": "You said no injury occurred: leave who was injured and the injury empty."})
    _guarded(agreement, school, texts)
    days = for_district(agreement.district)
    item = EmergencyIntervention.objects.create(
        agreement=agreement,
        sro=membership,
        school=school,
        which=which,
        started_at=started_at,
        ended_at=ended_at,
        injury_occurred=bool(injury_occurred),
        injured=injured if injury_occurred else "",
        escalated_to_violence=bool(escalated_to_violence),
        constitutes_crime=bool(constitutes_crime),
        recorded_at=timezone.now(),
        district_report_due=district_report_due(days, started_at),
        **texts,
    )
    record(
        actor,
        "incidents.intervention_recorded",
        item,
        agreement=agreement,
        changes={
            "school": school.name,
            "which": which,
            "started_at": started_at,
            "ended_at": ended_at,
            "injury_occurred": item.injury_occurred,
            "district_report_due": item.district_report_due,
        },
    )
    _alert(
        item,
        "restraint_alert",
        {"which": item.get_which_display(), "sro_name": membership.display_name, "due": item.district_report_due},
    )
    return item


# -- Both --------------------------------------------------------------------------------------


@transaction.atomic
def do_acknowledge(actor: Actor, membership: Membership, item: PrincipalAlert) -> PrincipalAlert:
    """The principal (or designee) of the record's school acknowledges it, once."""
    if membership.role not in PRINCIPAL_ROLES or item.school_id not in school_ids_of(membership):
        raise ValidationError("Only the principal of this school, or the principal's designee, acknowledges it.")
    now = timezone.now()
    model = type(item)
    changed = model.objects.filter(pk=item.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=membership.user, acknowledged_by_name=membership.display_name
    )
    if not changed:
        raise ValidationError("This was acknowledged already.")
    item.refresh_from_db()
    record(actor, f"incidents.{_route(item)}_acknowledged", item, agreement=item.agreement)
    notify(
        [item.sro.user],
        agreement=item.agreement,
        kind="incident_acknowledged",
        key=f"incident_acknowledged:{_route(item)}:{item.pk}",
        context={"record": item, "by": membership.display_name},
        url=reverse(f"incidents:{_route(item)}", args=[item.agreement.slug, item.pk]),
    )
    return item


@transaction.atomic
def do_start_form_a(actor: Actor, membership: Membership, item: PrincipalAlert) -> FormA:
    """Start a Form A from a record that escalated to violence or constitutes a crime (VII.1).

    The draft gets the gate's answers, the school, and the date and time: nothing that could
    identify a student. The SRO adds the students from the roster (VII.6) and writes the narrative.
    """
    locked = type(item).objects.select_for_update().filter(pk=item.pk, sro=membership).first()
    if locked is None:
        raise ValidationError("Only the SRO who recorded this may start a Form A from it.")
    if not (locked.escalated_to_violence or locked.constitutes_crime):
        raise ValidationError(GATE_REFUSAL)
    if locked.form_a_id is not None:
        raise ValidationError("A Form A was started from this record already.")
    report = reporting_actions.do_start_draft(
        actor,
        membership,
        escalated_to_violence=locked.escalated_to_violence,
        constitutes_crime=locked.constitutes_crime,
    )
    moment = timezone.localtime(locked.occurred_at if isinstance(locked, IncidentNotice) else locked.started_at)
    reporting_actions.do_save_draft(
        actor,
        report,
        membership,
        fields={
            "school": locked.school,
            "incident_date": moment.date(),
            "incident_time": moment.time().replace(second=0, microsecond=0),
        },
    )
    type(item).objects.filter(pk=locked.pk).update(form_a=report)
    record(
        actor,
        f"incidents.{_route(locked)}_form_a_started",
        locked,
        agreement=locked.agreement,
        changes={"form_a": report.pk},
    )
    return report


# -- The agreement's parameter -----------------------------------------------------------------

SETTINGS_FIELDS = ["rule", "hours", "school_day_ends_at"]


@transaction.atomic
def do_update_notice_settings(actor: Actor, agreement: Agreement, *, values: dict[str, Any]) -> NoticeSettings:
    """Set when IV.1's notice is due. Notices already recorded keep the deadline they had."""
    current = NoticeSettings.objects.select_for_update().filter(agreement=agreement).first()
    item = current or NoticeSettings(agreement=agreement)
    before = snapshot(item, SETTINGS_FIELDS)
    if values.get("rule") not in NoticeSettings.Rule.values:
        raise ValidationError({"rule": "Choose when the notice is due."})
    item.rule = values["rule"]
    if values.get("hours") is not None:
        item.hours = values["hours"]
    if values.get("school_day_ends_at") is not None:
        item.school_day_ends_at = values["school_day_ends_at"]
    item.full_clean(exclude=["agreement", "updated_by"])
    after = snapshot(item, SETTINGS_FIELDS)
    if current is not None and before == after:
        return item
    item.updated_by = actor.user
    item.updated_at = timezone.now()
    item.save()
    changes = {k: {"from": before.get(k), "to": v} for k, v in after.items() if before.get(k) != v or current is None}
    record(actor, "incidents.notice_settings_updated", item, agreement=agreement, changes=changes)
    return item
