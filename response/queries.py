"""Who may see what of the graduated response: one answer, one place (V.3, minimum necessary)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from assignments.queries import schools_on
from response.models import PoliceRequest

# The school side: who records interventions and asks for police involvement.
ADMINISTRATORS = frozenset({Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE, *SUPERINTENDENT_ROLES})
# The police side: sees requests (the gate and its ground, and whom it is about), never the
# school's record of lower-level interventions.
POLICE_READERS = frozenset({Role.SRO, Role.CHIEF})


def administered_schools(membership: Membership) -> list[int]:
    """The schools whose students an administrator may record and ask about."""
    if membership.role in SUPERINTENDENT_ROLES:
        return list(membership.agreement.schools.values_list("pk", flat=True))
    if membership.role not in ADMINISTRATORS:
        return []
    return sorted(membership.school_ids())


def sro_schools(membership: Membership) -> list[int]:
    """The schools an SRO is assigned to today."""
    if membership.role != Role.SRO:
        return []
    return [s.pk for s in schools_on(membership, timezone.localdate())]


def requests_for(membership: Membership) -> QuerySet[PoliceRequest]:
    """The requests for police involvement MEMBERSHIP may see."""
    qs = PoliceRequest.objects.filter(agreement=membership.agreement).select_related("school", "made_by__user")
    if membership.role == Role.CHIEF:
        return qs
    if membership.role == Role.SRO:
        return qs.filter(school_id__in=sro_schools(membership))
    if membership.role in SUPERINTENDENT_ROLES:  # the agreement's schools, as a subquery
        return qs.filter(school_id__in=membership.agreement.schools.values("pk"))
    if membership.role in ADMINISTRATORS:
        return qs.filter(school_id__in=administered_schools(membership))
    return qs.none()


def sros_of(school_id: int, agreement_id: int) -> list[Membership]:
    """The SROs assigned to a school today: they see its requests and are notified of them."""
    candidates = Membership.objects.active().filter(agreement_id=agreement_id, role=Role.SRO).select_related("user")
    return [m for m in candidates if school_id in sro_schools(m)]
