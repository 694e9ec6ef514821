"""Every step of ending (XI.1) or modifying (XI.2) an agreement goes through here, with its audit entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.actions import do_update_agreement, raise_version
from agreements.forms import MONTH_DAY, ParametersForm
from agreements.models import Agreement
from audit.log import Actor, record, snapshot
from lib.text import clean
from notices.actions import notify
from term.models import (
    MODIFIABLE,
    TEXT_MAX,
    AgreementVersion,
    Modification,
    Party,
    Termination,
    notice_effective_date,
    on,
    parameter_label,
)

FIELDS = ["kind", "party", "given_on", "effective_on", "status", "note"]


def party_of(membership: Membership) -> str | None:
    """Which party this person acts for: the Chief for the Police Department, the Superintendent's
    office for the Board of Education."""
    if membership.role == Role.CHIEF:
        return Party.POLICE
    if membership.role in SUPERINTENDENT_ROLES:
        return Party.BOARD
    return None


def _party(membership: Membership) -> str:
    party = party_of(membership)
    if party is None:
        raise ValidationError("Only the Chief of Police or the Superintendent acts for a party to the agreement.")
    if membership.agreement.has_ended():
        raise ValidationError("This agreement has ended.")
    return party


def _people_of(agreement: Agreement, party: str) -> list:
    roles = [Role.CHIEF] if party == Party.POLICE else list(SUPERINTENDENT_ROLES)
    return [
        m.user for m in Membership.objects.active().filter(agreement=agreement, role__in=roles).select_related("user")
    ]


def _end_on(agreement: Agreement, effective_on: date) -> None:
    """The agreement ends on the earliest termination in force."""
    locked = Agreement.objects.select_for_update(no_key=True).get(pk=agreement.pk)
    if locked.ends_on is None or effective_on < locked.ends_on:
        locked.ends_on = effective_on
        locked.save(update_fields=["ends_on"])
        agreement.ends_on = effective_on


def _tell(termination: Termination, recipients_party: str, kind: str) -> None:
    agreement = termination.agreement
    notify(
        _people_of(agreement, recipients_party),
        agreement=agreement,
        kind=kind,
        key=f"{kind}:{termination.pk}:{termination.status}",
        context={"termination": termination},
        url=reverse("term:overview", args=[agreement.slug]),
    )


@transaction.atomic
def do_give_notice(actor: Actor, membership: Membership, *, given_on: date, note: str = "") -> Termination:
    """Record a party's written notice of termination and compute when it takes effect."""
    party = _party(membership)
    agreement = membership.agreement
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "Record a notice once it has been given, not before."})
    if given_on < agreement.signed_on:
        raise ValidationError({"given_on": "The notice cannot predate the agreement."})
    termination = Termination.objects.create(
        agreement=agreement,
        kind=Termination.Kind.NOTICE,
        party=party,
        given_on=given_on,
        effective_on=notice_effective_date(agreement, given_on),
        status=Termination.Status.IN_FORCE,
        note=" ".join(note.split()),
        recorded_by=actor.user or membership.user,
    )
    _end_on(agreement, termination.effective_on)
    record(actor, "term.notice_given", termination, agreement=agreement, changes=snapshot(termination, FIELDS))
    _tell(termination, termination.other_party, "termination_notice")
    return termination


@transaction.atomic
def do_propose_mutual(actor: Actor, membership: Membership, *, effective_on: date, note: str = "") -> Termination:
    """One party proposes ending the agreement by mutual agreement on EFFECTIVE_ON."""
    party = _party(membership)
    agreement = membership.agreement
    today = timezone.localdate()
    if effective_on < today:
        raise ValidationError({"effective_on": "Choose today or a later date."})
    if effective_on > on(today.year + 5, today.month, today.day):
        raise ValidationError({"effective_on": "Choose a date within five years."})
    termination = Termination.objects.create(
        agreement=agreement,
        kind=Termination.Kind.MUTUAL,
        party=party,
        given_on=today,
        effective_on=effective_on,
        status=Termination.Status.PROPOSED,
        note=" ".join(note.split()),
        recorded_by=actor.user or membership.user,
    )
    record(actor, "term.mutual_proposed", termination, agreement=agreement, changes=snapshot(termination, FIELDS))
    _tell(termination, termination.other_party, "termination_proposed")
    return termination


@transaction.atomic
def do_answer_mutual(actor: Actor, membership: Membership, termination_id: int, *, consent: bool) -> Termination:
    """The other party consents to (or declines) a proposed mutual termination."""
    party = _party(membership)
    termination = (
        Termination.objects.select_for_update()
        .filter(pk=termination_id, agreement=membership.agreement, kind=Termination.Kind.MUTUAL)
        .first()
    )
    if termination is None or termination.status != Termination.Status.PROPOSED:
        raise ValidationError("That proposal is no longer waiting for an answer.")
    if termination.party == party:
        raise ValidationError("The other party answers a proposal; a party cannot consent to its own.")
    if consent and termination.effective_on < timezone.localdate():
        raise ValidationError("The proposed date has passed; propose a new date instead.")
    termination.status = Termination.Status.IN_FORCE if consent else Termination.Status.DECLINED
    termination.answered_by = actor.user or membership.user
    termination.answered_at = timezone.now()
    termination.save(update_fields=["status", "answered_by", "answered_at"])
    if consent:
        _end_on(termination.agreement, termination.effective_on)
    record(
        actor,
        "term.mutual_consented" if consent else "term.mutual_declined",
        termination,
        agreement=membership.agreement,
        changes={"status": termination.status},
    )
    _tell(termination, termination.party, "termination_answered")
    return termination


# XI.2: modifications in writing, by consent of the parties.

MODIFICATION_FIELDS = ["party", "text", "changes", "effective_on", "status"]


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The parameter changes, each validated as the administrator's settings form validates it."""
    unknown = sorted(set(changes) - set(MODIFIABLE))
    if unknown:
        raise ValidationError(f"A modification cannot change: {', '.join(unknown)}.")
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name in MODIFIABLE:
        if name not in changes:
            continue
        try:
            value = ParametersForm.base_fields[name].clean(changes[name])
            if name.endswith("_month_day") and not MONTH_DAY.match(value):
                raise forms.ValidationError("Enter a month and day like 07-01.")
        except forms.ValidationError as e:
            errors[name] = [f"{parameter_label(name)}: {m}" for m in e.messages]
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _current(agreement: Agreement) -> dict[str, Any]:
    return {name: getattr(agreement, name) for name in MODIFIABLE}


def _tell_modification(modification: Modification, recipients_party: str, kind: str) -> None:
    agreement = modification.agreement
    notify(
        _people_of(agreement, recipients_party),
        agreement=agreement,
        kind=kind,
        key=f"{kind}:{modification.pk}:{modification.status}",
        context={"modification": modification},
        url=reverse("term:overview", args=[agreement.slug]),
    )


@transaction.atomic
def do_propose_modification(
    actor: Actor, membership: Membership, *, text: str, changes: dict[str, Any], effective_on: date
) -> Modification:
    """One party proposes a written modification; it takes effect only with the other party's consent."""
    party = _party(membership)
    agreement = membership.agreement
    today = timezone.localdate()
    text = clean(text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the modification's text."})
    if len(text) > TEXT_MAX:
        raise ValidationError({"text": f"Keep the text to {TEXT_MAX} characters or fewer."})
    if effective_on < today:
        raise ValidationError({"effective_on": "Choose today or a later date."})
    if effective_on > on(today.year + 2, today.month, today.day):
        raise ValidationError({"effective_on": "Choose a date within two years."})
    changes = clean_changes(changes)
    modification = Modification.objects.create(
        agreement=agreement,
        party=party,
        text=text,
        changes=changes,
        effective_on=effective_on,
        proposed_by=actor.user or membership.user,
    )
    record(
        actor,
        "term.modification_proposed",
        modification,
        agreement=agreement,
        changes=snapshot(modification, MODIFICATION_FIELDS),
    )
    _tell_modification(modification, modification.other_party, "modification_proposed")
    return modification


def _pending(membership: Membership, modification_id: int) -> Modification:
    modification = (
        Modification.objects.select_for_update().filter(pk=modification_id, agreement=membership.agreement).first()
    )
    if modification is None or modification.status != Modification.Status.PROPOSED:
        raise ValidationError("That modification is no longer waiting for an answer.")
    return modification


def _keep_version(agreement: Agreement, reason: str, modification: Modification | None = None) -> AgreementVersion:
    """Keep the agreement as of its current version: parameters (with the modification's changes),
    schools, signatories and the modification's text."""
    parameters = _current(agreement)
    # Consented changes still waiting for their date belong to this version's terms as well.
    waiting = Modification.objects.filter(
        agreement=agreement, status=Modification.Status.CONSENTED, applied_at__isnull=True
    ).order_by("version")
    for earlier in waiting:
        if modification is None or earlier.pk != modification.pk:
            parameters |= earlier.changes
    parameters |= modification.changes if modification else {}
    return AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.version,
        reason=reason,
        modification=modification,
        parameters=parameters,
        schools=[{"name": s.name, "level": s.get_level_display()} for s in agreement.schools.order_by("name")],
        signatories=[
            {"name": s.name, "title": s.title, "organization": s.organization, "signed_on": s.signed_on.isoformat()}
            for s in agreement.signatories.all()
        ],
        text=modification.text if modification else "",
        effective_on=modification.effective_on if modification else None,
    )


@transaction.atomic
def do_answer_modification(
    actor: Actor, membership: Membership, modification_id: int, *, consent: bool
) -> Modification:
    """The other party consents to (or declines) a proposed modification. Consent raises the
    agreement's version once and keeps that version; the changes apply on the effective date."""
    party = _party(membership)
    modification = _pending(membership, modification_id)
    if modification.party == party:
        raise ValidationError("The other party answers a proposal; a party cannot consent to its own.")
    today = timezone.localdate()
    if consent and modification.effective_on < today:
        raise ValidationError("The proposed date has passed; propose the modification again with a new date.")
    modification.status = Modification.Status.CONSENTED if consent else Modification.Status.DECLINED
    modification.answered_by = actor.user or membership.user
    modification.answered_at = timezone.now()
    fields = ["status", "answered_by", "answered_at"]
    changes: dict[str, Any] = {"status": modification.status}
    if consent:
        agreement = Agreement.objects.select_for_update(no_key=True).get(pk=membership.agreement_id)
        if not AgreementVersion.objects.filter(agreement=agreement, number=agreement.version).exists():
            # The version this modification replaces is kept too, so every version stays readable.
            _keep_version(agreement, f"As it stood before version {agreement.version + 1}")
        modification.version = raise_version(agreement)
        fields.append("version")
        changes["version"] = [modification.version - 1, modification.version]
    modification.save(update_fields=fields)
    if consent:
        _keep_version(agreement, f"Modification proposed by the {modification.get_party_display()}", modification)
    record(
        actor,
        "term.modification_consented" if consent else "term.modification_declined",
        modification,
        agreement=membership.agreement,
        changes=changes,
    )
    if consent and modification.effective_on <= today and _apply(actor, modification):
        modification.refresh_from_db(fields=["applied_at"])
    _tell_modification(modification, modification.party, "modification_answered")
    return modification


@transaction.atomic
def do_withdraw_modification(actor: Actor, membership: Membership, modification_id: int) -> Modification:
    """The proposing party withdraws its proposal while it waits for an answer."""
    party = _party(membership)
    modification = _pending(membership, modification_id)
    if modification.party != party:
        raise ValidationError("Only the party that proposed a modification may withdraw it.")
    modification.status = Modification.Status.WITHDRAWN
    modification.answered_by = actor.user or membership.user
    modification.answered_at = timezone.now()
    modification.save(update_fields=["status", "answered_by", "answered_at"])
    record(
        actor,
        "term.modification_withdrawn",
        modification,
        agreement=membership.agreement,
        changes={"status": modification.status},
    )
    _tell_modification(modification, modification.other_party, "modification_withdrawn")
    return modification


def _apply(actor: Actor, modification: Modification) -> bool:
    """Apply a consented modification's changes once: claim it with a conditional update."""
    claimed = Modification.objects.filter(
        pk=modification.pk, status=Modification.Status.CONSENTED, applied_at__isnull=True
    ).update(applied_at=timezone.now())
    if claimed != 1:
        return False
    agreement = Agreement.objects.get(pk=modification.agreement_id)
    # The consent raised the version already; applying the changes does not raise it again.
    do_update_agreement(actor, agreement, new_version=False, **modification.changes)
    record(
        actor,
        "term.modification_applied",
        modification,
        agreement=agreement,
        changes={"changes": modification.changes, "version": modification.version},
    )
    return True


@transaction.atomic
def do_apply_modifications(actor: Actor, agreement: Agreement, today: date) -> int:
    """Apply every consented modification whose effective date has come; return how many."""
    applied = 0
    due = Modification.objects.filter(
        agreement=agreement, status=Modification.Status.CONSENTED, applied_at__isnull=True, effective_on__lte=today
    ).order_by("effective_on", "version")
    for modification in due:
        applied += _apply(actor, modification)
    return applied
