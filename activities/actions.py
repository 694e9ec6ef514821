"""Every change to the activity log goes through here, with its audit entry (IV.2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Role
from activities.models import Activity
from agreements.models import School
from audit.log import Actor, record, snapshot
from students import guard

FIELDS = ["kind", "school", "occurred_on", "topic", "audience_size", "requested_by_superintendent", "agency_type"]


def sro_schools(membership: Membership) -> list[School]:
    """The schools the SRO may log an activity at: their own, primary first."""
    schools = list(membership.schools.order_by("name"))
    if membership.primary_school and membership.primary_school not in schools:
        schools.append(membership.primary_school)
    schools.sort(key=lambda s: (s.pk != membership.primary_school_id, s.name))
    return schools


def check(membership: Membership, values: dict[str, Any]) -> dict[str, str]:
    """What is wrong with VALUES for this SRO, by field; empty when the entry may be saved."""
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in Activity.Kind.values:
        return {"kind": "Choose what kind of activity this was."}
    school = values.get("school")
    if school is None or school not in sro_schools(membership):
        errors["school"] = "Choose one of your schools."
    occurred_on: date | None = values.get("occurred_on")
    today = timezone.localdate()
    if occurred_on is None:
        errors["occurred_on"] = "Enter the date of the activity."
    elif occurred_on > today:
        errors["occurred_on"] = "The date cannot be in the future: log an activity once it has happened."
    elif occurred_on < membership.agreement.effective_date:
        errors["occurred_on"] = (
            f"The date is before the agreement took effect ({membership.agreement.effective_date:%B %-d, %Y})."
        )
    topic = values.get("topic", "")
    if kind in Activity.TOPIC_KINDS:
        if not topic:
            errors["topic"] = "Say what it was about, in a few words."
        else:
            findings = guard.scan(membership.agreement, topic)
            if findings:
                words = ", ".join(sorted({f.label for f in findings}))
                errors["topic"] = (
                    f"The topic may not name a student: it contains {words}. Describe the subject instead."
                )
    elif topic:
        errors["topic"] = "This kind of activity has no topic."
    audience = values.get("audience_size")
    if kind in Activity.AUDIENCE_KINDS:
        if audience is None:
            errors["audience_size"] = "Enter about how many people attended."
    elif audience is not None:
        errors["audience_size"] = "This kind of activity has no audience size."
    if values.get("requested_by_superintendent") and kind not in Activity.REQUEST_KINDS:
        errors["requested_by_superintendent"] = "Only presentations and staff training are given on request."
    agency = values.get("agency_type", "")
    if kind == Activity.Kind.LIAISON_REFERRAL:
        if agency not in Activity.Agency.values:
            errors["agency_type"] = "Choose the kind of agency (never the student or family)."
    elif agency:
        errors["agency_type"] = "Only a liaison referral names a kind of agency."
    return errors


@transaction.atomic
def do_log_activity(actor: Actor, membership: Membership, values: dict[str, Any]) -> Activity:
    """Record one activity by the SRO (IV.2)."""
    if membership.role != Role.SRO:
        raise ValidationError("Only a School Resource Officer logs SRO activities.")
    errors = check(membership, values)
    if errors:
        raise ValidationError(errors)
    activity = Activity.objects.create(
        agreement=membership.agreement,
        sro=membership,
        kind=values["kind"],
        school=values["school"],
        occurred_on=values["occurred_on"],
        topic=values.get("topic", ""),
        audience_size=values.get("audience_size"),
        requested_by_superintendent=bool(values.get("requested_by_superintendent")),
        agency_type=values.get("agency_type", ""),
    )
    record(actor, "activity.logged", activity, agreement=membership.agreement, changes=snapshot(activity, FIELDS))
    return activity


@transaction.atomic
def do_remove_activity(actor: Actor, membership: Membership, activity_id: int) -> None:
    """The SRO removes an entry of their own logged by mistake; the audit entry keeps what it said."""
    activity = Activity.objects.select_for_update().filter(pk=activity_id, sro=membership).first()
    if activity is None:
        raise ValidationError("That activity is not one of yours.")
    record(actor, "activity.removed", activity, agreement=membership.agreement, changes=snapshot(activity, FIELDS))
    activity.delete()
