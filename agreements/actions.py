"""State changes to agreements, schools and memberships, each with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

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


# Editing an agreement (P.1): every change is audited with before and after and raises the
# agreement's version; the parties' consented modifications (XI.2) go through term.actions.

EDITABLE_PARAMETERS = [
    "title",
    "signed_on",
    "effective_date",
    "report_deadline_school_days",
    "chief_post_certified",
    "termination_notice_month_day",
    "termination_effective_month_day",
]
SCHOOL_FIELDS = ["name", "level", "sourced_id"]
SIGNATORY_FIELDS = ["name", "title", "organization", "signed_on"]


def raise_version(agreement: Agreement) -> int:
    """Add one to the agreement's version; the caller writes the audit entry in its transaction."""
    Agreement.objects.filter(pk=agreement.pk).update(version=models.F("version") + 1)
    agreement.refresh_from_db(fields=["version"])
    return agreement.version


def _locked(agreement: Agreement) -> Agreement:
    # FOR NO KEY UPDATE, as everywhere the agreement row is locked: rows being inserted that point
    # at the agreement (audit entries, reports) take FOR KEY SHARE, which FOR UPDATE would block,
    # and two such transactions deadlocked under load (docs/performance.md).
    return Agreement.objects.select_for_update(no_key=True).get(pk=agreement.pk)


@transaction.atomic
def do_update_agreement(actor: Actor, agreement: Agreement, *, new_version: bool = True, **values: Any) -> list[str]:
    """Change the agreement's parameters; return the names of the fields that changed.

    With NEW_VERSION false the version stays: a consented modification (XI.2) raised it already
    and its changes take effect later."""
    unknown = set(values) - set(EDITABLE_PARAMETERS)
    if unknown:
        raise ValidationError(f"Not an editable parameter: {', '.join(sorted(unknown))}.")
    agreement = _locked(agreement)
    before = snapshot(agreement, EDITABLE_PARAMETERS)
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    after = snapshot(agreement, EDITABLE_PARAMETERS)
    changed = [name for name in EDITABLE_PARAMETERS if before[name] != after[name]]
    if not changed:
        return []
    agreement.save(update_fields=changed)
    version = raise_version(agreement) if new_version else agreement.version
    record(
        actor,
        "agreement.changed",
        agreement,
        agreement=agreement,
        changes={name: [before[name], after[name]] for name in changed}
        | ({"version": [version - 1, version]} if new_version else {"version": version}),
    )
    return changed


@transaction.atomic
def do_save_school(actor: Actor, agreement: Agreement, school: School | None, **fields: Any) -> School | None:
    """Add a school of the agreement's district to the agreement, or change one; None if nothing changed."""
    agreement = _locked(agreement)
    if school is None:
        school = School.objects.filter(district=agreement.district, name=fields.get("name", "")).first()
        if school is not None and agreement.schools.filter(pk=school.pk).exists():
            raise ValidationError({"name": f"{school.name} is already one of this agreement's schools."})
    if school is not None and school.district_id != agreement.district_id:
        raise ValidationError("That school belongs to another district.")
    before = snapshot(school, SCHOOL_FIELDS) if school is not None and school.pk else {}
    added = school is None or not agreement.schools.filter(pk=school.pk).exists()
    school = school or School(district=agreement.district)
    for name, value in fields.items():
        setattr(school, name, value)
    school.full_clean()
    after = snapshot(school, SCHOOL_FIELDS)
    if not added and before == after:
        return None
    school.save()
    agreement.schools.add(school)
    version = raise_version(agreement)
    changes = {k: [before.get(k), after[k]] for k in SCHOOL_FIELDS if before.get(k) != after[k]}
    record(
        actor,
        "agreement.school_added" if added else "agreement.school_changed",
        school,
        agreement=agreement,
        changes=changes | {"version": [version - 1, version]},
    )
    return school


@transaction.atomic
def do_remove_school(actor: Actor, agreement: Agreement, school: School) -> None:
    """Take a school out of the agreement (it stays in the district, and in past records)."""
    agreement = _locked(agreement)
    if not agreement.schools.filter(pk=school.pk).exists():
        raise ValidationError(f"{school.name} is not one of this agreement's schools.")
    holders = Membership.objects.active().filter(agreement=agreement, schools=school).select_related("user")
    if holders.exists():
        names = ", ".join(sorted({m.user.username for m in holders}))
        raise ValidationError(f"{school.name} is still assigned to {names}; change their schools first.")
    agreement.schools.remove(school)
    version = raise_version(agreement)
    record(
        actor,
        "agreement.school_removed",
        school,
        agreement=agreement,
        changes={"name": [school.name, None], "version": [version - 1, version]},
    )


@transaction.atomic
def do_save_signatory(
    actor: Actor, agreement: Agreement, signatory: Signatory | None, **fields: Any
) -> Signatory | None:
    """Add a signatory or change one; None if nothing changed."""
    agreement = _locked(agreement)
    if signatory is not None and signatory.agreement_id != agreement.pk:
        raise ValidationError("That signatory belongs to another agreement.")
    before = snapshot(signatory, SIGNATORY_FIELDS) if signatory is not None else {}
    signatory = signatory or Signatory(agreement=agreement)
    for name, value in fields.items():
        setattr(signatory, name, value)
    signatory.full_clean()
    after = snapshot(signatory, SIGNATORY_FIELDS)
    if before == after:
        return None
    added = signatory.pk is None
    signatory.save()
    version = raise_version(agreement)
    record(
        actor,
        "agreement.signatory_added" if added else "agreement.signatory_changed",
        signatory,
        agreement=agreement,
        changes={k: [before.get(k), after[k]] for k in SIGNATORY_FIELDS if before.get(k) != after[k]}
        | {"version": [version - 1, version]},
    )
    return signatory


@transaction.atomic
def do_remove_signatory(actor: Actor, agreement: Agreement, signatory: Signatory) -> None:
    agreement = _locked(agreement)
    if signatory.agreement_id != agreement.pk:
        raise ValidationError("That signatory belongs to another agreement.")
    before = snapshot(signatory, SIGNATORY_FIELDS)
    signatory.delete()
    version = raise_version(agreement)
    record(
        actor,
        "agreement.signatory_removed",
        None,
        agreement=agreement,
        object_repr=f"{before['name']}, {before['title']}",
        changes={k: [before[k], None] for k in SIGNATORY_FIELDS} | {"version": [version - 1, version]},
    )
