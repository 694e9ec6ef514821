"""Access helpers: find the object or refuse. 404 for those who may not know it exists, 403
for those who may see it but not do this (S.1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement
from lib.prepared import Prepared

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


# Every page under /<slug>/ asks this first: compiled once per process (lib/prepared.py).
_MEMBERSHIP = Prepared(
    lambda user_id, slug, today: (
        Membership.objects.active(on=today)
        .filter(user_id=user_id, agreement__slug=slug)
        .select_related("agreement__district", "agreement__police_department", "primary_school", "user")
        .order_by(F("ends_on").desc(nulls_first=True), "-starts_on", "-pk")
    ),
    user_id=int,
    slug=str,
    today=date,
)


def get_membership(request: HttpRequest, slug: str) -> Membership:
    """The signed-in person's current membership in the agreement SLUG, or 404.

    A person holds one open role per agreement (a database constraint), so the URL's agreement
    decides what they may do. On the day a role changes (an officer approved as SRO), the role
    that ended today is still active: the open one wins.
    """
    if not isinstance(slug, str) or not isinstance(request.user.pk, int):
        raise Http404("No such agreement.")
    membership = _MEMBERSHIP.first(user_id=request.user.pk, slug=slug, today=timezone.localdate())
    if membership is None:
        raise Http404("No such agreement.")
    return membership


def member_view(*roles: Role) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view under /<slug>/: sign-in required, membership or 404, role or 403.

    With no roles, any member may use the view. The view receives `membership` as its
    second argument, in place of the slug.
    """

    allowed = frozenset(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = get_membership(request, slug)
            if allowed and membership.role not in allowed:
                raise PermissionDenied("Your role does not allow this.")
            if request.method not in SAFE_METHODS and membership.agreement.has_ended():
                # XI.1: once a termination takes effect the agreement's records stay, read-only.
                raise PermissionDenied(
                    f"This agreement ended on {membership.agreement.ends_on:%B %-d, %Y}; its records are read-only."
                )
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


def admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate a view that sets up the agreement SLUG: its system administrator, or the
    installation's operator (who holds no role in any agreement); 404 for others outside the
    agreement, 403 for its other members. The view receives the `Agreement` as its second argument.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_operator:
            agreement = Agreement.objects.filter(slug=slug).select_related("district", "police_department").first()
            if agreement is None:
                raise Http404("No such agreement.")
            request.membership = None  # type: ignore[attr-defined]
            return view(request, agreement, *args, **kwargs)
        membership = get_membership(request, slug)
        if membership.role != Role.SYSADMIN:
            raise PermissionDenied("Only the agreement's system administrator may do this.")
        request.membership = membership  # type: ignore[attr-defined]
        return view(request, membership.agreement, *args, **kwargs)

    return wrapper
