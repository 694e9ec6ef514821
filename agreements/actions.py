"""State changes to agreements, schools and memberships, each with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Membership, User
from agreements.models import Agreement, PoliceDepartment, School, SchoolDistrict, Signatory
from audit.log import Actor, record, snapshot

AGREEMENT_PARAMETERS = [
    "title",
    "signed_on",
    "effective_date",
    "version",
    "report_deadline_school_days",
    "compilation_cadence",
    "chief_post_certified",
    "termination_notice_month_day",
    "termination_effective_month_day",
]


@transaction.atomic
def do_create_agreement(
    actor: Actor,
    *,
    slug: str,
    police_department: PoliceDepartment,
    district: SchoolDistrict,
    schools: list[School],
    signatories: list[dict[str, Any]],
    **parameters: Any,
) -> Agreement:
    agreement = Agreement(slug=slug, police_department=police_department, district=district, **parameters)
    agreement.full_clean()
    agreement.save()
    agreement.schools.set(schools)
    for s in signatories:
        Signatory.objects.create(agreement=agreement, **s)
    record(
        actor,
        "agreement.created",
        agreement,
        agreement=agreement,
        changes=snapshot(agreement, AGREEMENT_PARAMETERS) | {"schools": [s.name for s in schools]},
    )
    return agreement


@transaction.atomic
def do_create_party(actor: Actor, model: type[PoliceDepartment] | type[SchoolDistrict], **fields: Any):
    party = model.objects.create(**fields)
    record(actor, f"{model._meta.model_name}.created", party, changes=fields)
    return party


@transaction.atomic
def do_add_school(actor: Actor, district: SchoolDistrict, **fields: Any) -> School:
    school = School(district=district, **fields)
    school.full_clean()
    school.save()
    record(actor, "school.created", school, changes=fields)
    return school


@transaction.atomic
def do_add_person(
    actor: Actor,
    agreement: Agreement,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
    title: str = "",
    badge_number: str = "",
    primary_school: School | None = None,
    schools: list[School] | None = None,
    starts_on: date | None = None,
) -> Membership:
    """Create a person's account and their role in the agreement."""
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = Membership(
        user=user, agreement=agreement, role=role, title=title, badge_number=badge_number, primary_school=primary_school
    )
    if starts_on:
        membership.starts_on = starts_on
    membership.full_clean()
    assigned = schools or ([primary_school] if primary_school else [])
    foreign = [s.name for s in assigned if not agreement.schools.filter(pk=s.pk).exists()]
    if foreign:
        raise ValidationError({"schools": f"Not schools of this agreement: {', '.join(foreign)}."})
    membership.save()
    membership.schools.set(assigned)
    record(
        actor,
        "membership.created",
        membership,
        agreement=agreement,
        changes={
            "username": username,
            "role": role,
            "badge_number": badge_number,
            "schools": [s.name for s in membership.schools.all()],
        },
    )
    return membership
