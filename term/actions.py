"""Every step of ending an agreement goes through here, with its audit entry (XI.1)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement
from audit.log import Actor, record, snapshot
from notices.actions import notify
from term.models import Party, Termination, notice_effective_date, on

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
    locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
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
