"""The system administrator's view of an agreement's people: who they are, and whether they can sign in.

The system administrator manages accounts and reads no report content, so these pages show
roles, schools and sign-in state only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import actions
from accounts.models import Membership, Role, User
from agreements.access import member_view
from agreements.models import School
from audit.log import Actor


def get_person(membership: Membership, user_id: int) -> User:
    """A person whose account this agreement's administrator may manage: 404 for someone not in
    the agreement, 403 for someone who also holds a role in another agreement (their account is
    shared, so one town's administrator must not unlock or reset it alone)."""
    user = User.objects.filter(pk=user_id, memberships__agreement=membership.agreement).distinct().first()
    if user is None:
        raise Http404("No such person in this agreement.")
    if Membership.objects.active().filter(user=user).exclude(agreement=membership.agreement).exists():
        raise PermissionDenied(
            "This person also holds a role under another agreement; ask the installation's administrators."
        )
    return user


@member_view(Role.SYSADMIN)
@require_GET
def people(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Everyone in the agreement, with role, schools, and lock, MFA and last sign-in state."""
    rows = (
        Membership.objects.filter(agreement=membership.agreement)
        .select_related("user")
        .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "role")
    )
    return render(request, "people/list.html", {"rows": rows})


@member_view(Role.SYSADMIN)
@require_POST
def unlock(request: HttpRequest, membership: Membership, user_id: int) -> HttpResponse:
    """Release a locked account before its lock runs out."""
    person = get_person(membership, user_id)
    try:
        actions.do_unlock(Actor.from_request(request), person, agreement=membership.agreement)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, f"Unlocked {person.get_full_name() or person.username}; they can sign in again.")
    return redirect("people:list", slug=membership.agreement.slug)


@member_view(Role.SYSADMIN)
@require_POST
def reset_mfa(request: HttpRequest, membership: Membership, user_id: int) -> HttpResponse:
    """Clear a person's authenticator and recovery codes, e.g. after a lost phone."""
    person = get_person(membership, user_id)
    actions.do_reset_mfa(Actor.from_request(request), person, agreement=membership.agreement)
    messages.success(
        request,
        f"Reset multi-factor sign-in for {person.get_full_name() or person.username}: "
        "they will set up a new authenticator at their next sign-in.",
    )
    return redirect("people:list", slug=membership.agreement.slug)
