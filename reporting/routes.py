"""Who receives what under an agreement's route (VII.8 to VII.10, Conn. Gen. Stat. § 10-233p).

The one answer to "who receives Form As and compilations here": every notice, page and action
asks `receiver_roles` or `receivers`, never the route itself.

- Chief route: Form As go to the Chief; the Chief reviews the monthly compilation and sends it
  to the Superintendent (or designee).
- § 10-233p route (Chief not POST-certified): Form As and compilations go straight to the
  Superintendent (or designee); the Chief sees neither.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement

if TYPE_CHECKING:
    from accounts.models import User


class Document(StrEnum):
    FORM_A = "form_a"  # receives and signs for each Form A (VII.8)
    COMPILATION = "compilation"  # receives the monthly compilation (VII.9)
    COMPILATION_REVIEW = "compilation_review"  # reviews the compilation before it is sent (Chief route only)


def receiver_roles(agreement: Agreement, document: Document = Document.FORM_A) -> frozenset[str]:
    """The roles that receive DOCUMENT under the agreement's route."""
    chief_route = agreement.report_route == Agreement.Route.CHIEF
    if document == Document.FORM_A:
        return frozenset({Role.CHIEF}) if chief_route else frozenset(SUPERINTENDENT_ROLES)
    if document == Document.COMPILATION:
        return frozenset(SUPERINTENDENT_ROLES)
    return frozenset({Role.CHIEF}) if chief_route else frozenset()


def receiver_title(agreement: Agreement) -> str:
    """Who receives Form As here, as a sentence names them: "the Chief of Police" or "the Superintendent"."""
    return "the Chief of Police" if Role.CHIEF in receiver_roles(agreement) else "the Superintendent"


def receivers(agreement: Agreement, document: Document = Document.FORM_A, *, besides: User | None = None) -> list[User]:
    """The people holding an open receiver role for DOCUMENT today, each once, BESIDES excluded."""
    roles = receiver_roles(agreement, document)
    if not roles:
        return []
    memberships = (
        Membership.objects.active().filter(agreement=agreement, role__in=roles).select_related("user").order_by("id")
    )
    users = {m.user_id: m.user for m in memberships}
    return [u for u in users.values() if besides is None or u.pk != besides.pk]
