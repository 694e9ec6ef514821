"""Who may see which camera record: one helper per object type returns it or 404s (S.1)."""

from __future__ import annotations

from django.http import Http404

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from bodycams.actions import PRINCIPAL_ROLES, principal_schools
from bodycams.models import Activation, Dispute, ViewingRequest

PARTIES = (Role.CHIEF, *SUPERINTENDENT_ROLES)
READERS = (Role.SRO, *PARTIES, *PRINCIPAL_ROLES)
RAISERS = READERS
LIST_MAX = 100


def activations_for(membership: Membership):
    """The activations this person may see: an SRO their own, a principal those of SROs assigned
    to their schools, the Chief and the Superintendent's office all of the agreement's."""
    qs = Activation.objects.filter(agreement=membership.agreement).select_related("sro__user", "school")
    if membership.role == Role.SRO:
        return qs.filter(sro__user_id=membership.user_id)
    if membership.role in PRINCIPAL_ROLES:
        return qs.filter(notices__school_id__in=principal_schools(membership)).distinct()
    if membership.role in PARTIES:
        return qs
    return qs.none()


def get_activation(membership: Membership, pk: int) -> Activation:
    item = activations_for(membership).filter(pk=pk).first()
    if item is None:
        raise Http404("No such activation.")
    return item


def requests_for(membership: Membership):
    qs = ViewingRequest.objects.filter(agreement=membership.agreement).select_related(
        "activation__sro__user", "activation__school", "requested_by__user", "decided_by__user"
    )
    if membership.role in PARTIES:
        return qs
    return qs.filter(requested_by=membership)


def get_request(membership: Membership, pk: int) -> ViewingRequest:
    item = requests_for(membership).filter(pk=pk).first()
    if item is None:
        raise Http404("No such request.")
    return item


def disputes_for(membership: Membership):
    qs = Dispute.objects.filter(agreement=membership.agreement).select_related("raised_by__user", "activation")
    if membership.role in PARTIES:
        return qs
    return qs.filter(raised_by=membership)


def get_dispute(membership: Membership, pk: int) -> Dispute:
    item = disputes_for(membership).filter(pk=pk).first()
    if item is None:
        raise Http404("No such dispute.")
    return item
