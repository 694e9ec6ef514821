"""The system administrator's pages for an agreement's people: invitations, roles and sign-in state (S.2).

The system administrator (and the installation's operator) manage accounts and read no report
content, so these pages show roles, schools and sign-in state only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import actions
from accounts.forms import EndRoleForm, InviteForm, RoleForm
from accounts.models import Membership, Role, User, role_rank
from agreements.access import admin_view
from agreements.models import Agreement, School
from audit.log import Actor


def get_person(request: HttpRequest, agreement: Agreement, user_id: int) -> User:
    """A person whose account this agreement's administrator may manage: 404 for someone not in
    the agreement, 403 for someone who also holds a role in another agreement (their account is
    shared, so one town's administrator must not change it alone; the operator may)."""
    if not 0 < user_id < 2**63:  # a tampered URL: no such row, rather than an overflow
        raise Http404("No such person in this agreement.")
    user = User.objects.filter(pk=user_id, memberships__agreement=agreement).distinct().first()
    if user is None:
        raise Http404("No such person in this agreement.")
    if (
        not request.user.is_operator
        and Membership.objects.active().filter(user=user).exclude(agreement=agreement).exists()
    ):
        raise PermissionDenied(
            "This person also holds a role under another agreement; ask the installation's operator."
        )
    return user


def grantable_roles(request: HttpRequest) -> list[Role]:
    """The roles the signed-in person may grant: none above their own."""
    own = 100 if request.user.is_operator else role_rank(Role.SYSADMIN)
    return [role for role in Role if role_rank(role) <= own]


def _name(person: User) -> str:
    return person.get_full_name() or person.username


def _back(agreement: Agreement, person: User | None = None) -> HttpResponse:
    if person is None:
        return redirect("people:list", slug=agreement.slug)
    return redirect("people:person", slug=agreement.slug, user_id=person.pk)


@admin_view
@require_GET
def people(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    """Everyone in the agreement, with role, schools, and lock, MFA and last sign-in state."""
    rows = (
        Membership.objects.filter(agreement=agreement)
        .select_related("user")
        .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
        .order_by("user__last_name", "user__first_name", "role")
    )
    return render(request, "people/list.html", {"rows": rows, "agreement": agreement})


@admin_view
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    """Invite a person by name, email, role and schools; show the one-time link once."""
    form = InviteForm(agreement, grantable_roles(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invited = actions.do_invite(
                Actor.from_request(request),
                agreement,
                username=data["username"],
                name=data["name"],
                email=data["email"],
                role=data["role"],
                schools=data["schools"],
                badge_number=data["badge_number"],
                title=data["title"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        except PermissionDenied as e:
            form.add_error("role", str(e))
        else:
            if invited is None:
                messages.info(request, f"{data['username']} already holds that role; nothing changed.")
                return _back(agreement)
            return render(
                request,
                "people/invited.html",
                {"agreement": agreement, "person": invited.membership.user, "link": invited.link},
            )
    return render(
        request, "people/invite.html", {"form": form, "agreement": agreement}, status=400 if form.errors else 200
    )


def _person_page(
    request: HttpRequest,
    agreement: Agreement,
    person: User,
    *,
    role_form: RoleForm | None = None,
    end_form: EndRoleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    history = list(
        Membership.objects.filter(user=person, agreement=agreement)
        .prefetch_related(Prefetch("schools", queryset=School.objects.order_by("name")))
        .order_by("-starts_on", "-pk")
    )
    current = next((m for m in history if m.is_active), None)
    if role_form is None and current is not None:
        role_form = RoleForm(
            agreement,
            grantable_roles(request),
            initial={
                "role": current.role,
                "schools": list(current.schools.all()),
                "primary_school": current.primary_school,
                "badge_number": current.badge_number,
                "title": current.title,
            },
        )
    from reporting.deadlines import unfiled_of

    context = {
        "agreement": agreement,
        "person": person,
        "history": history,
        "current": current,
        # Ending an SRO's role, changing it or deactivating the account strands their open Form As.
        "unfiled": unfiled_of(current) if current is not None else None,
        "role_form": role_form,
        "end_form": end_form or EndRoleForm(),
        "invitation": person.invitations.first(),
        "person_name": f"{person.get_full_name() or person.username} ({person.username})",
    }
    return render(request, "people/person.html", context, status=status)


@admin_view
@require_GET
def person(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """One person: their roles in this agreement with dates, their sign-in link, and what can change."""
    return _person_page(request, agreement, get_person(request, agreement, user_id))


def _current(agreement: Agreement, person: User) -> Membership:
    membership = Membership.objects.active().filter(user=person, agreement=agreement).first()
    if membership is None:
        raise Http404("This person holds no current role in this agreement.")
    return membership


@admin_view
@require_POST
def change_role(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Change the person's role, schools, badge number or title."""
    person = get_person(request, agreement, user_id)
    membership = _current(agreement, person)
    form = RoleForm(agreement, grantable_roles(request), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_change_role(
                Actor.from_request(request),
                agreement,
                membership,
                role=data["role"],
                schools=data["schools"],
                badge_number=data["badge_number"],
                title=data["title"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Changed the role of {_name(person)}.")
            return _back(agreement, person)
    return _person_page(request, agreement, person, role_form=form, status=400)


@admin_view
@require_POST
def end_role(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """End the person's current role (it stays in the history, with its dates)."""
    person = get_person(request, agreement, user_id)
    membership = _current(agreement, person)
    form = EndRoleForm(request.POST)
    if form.is_valid():
        try:
            actions.do_end_role(Actor.from_request(request), agreement, membership, form.cleaned_data["ends_on"])
        except ValidationError as e:
            _add_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, f"Ended the role of {_name(person)}.")
            return _back(agreement, person)
    return _person_page(request, agreement, person, end_form=form, status=400)


def _simple(request: HttpRequest, agreement: Agreement, person: User, action, done: str) -> HttpResponse:
    try:
        result = action()
    except (ValidationError, PermissionDenied) as e:
        messages.error(request, e.messages[0] if isinstance(e, ValidationError) else str(e))
        return _back(agreement, person)
    if getattr(result, "link", ""):
        return render(
            request,
            "people/invited.html",
            {"agreement": agreement, "person": person, "link": result.link, "done": done},
        )
    messages.success(request, done)
    return _back(agreement, person)


@admin_view
@require_POST
def deactivate(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Stop the person signing in and sign them out everywhere."""
    person = get_person(request, agreement, user_id)
    return _simple(
        request,
        agreement,
        person,
        lambda: actions.do_deactivate(Actor.from_request(request), agreement, person),
        f"Deactivated {_name(person)}: they are signed out everywhere and cannot sign in.",
    )


@admin_view
@require_POST
def resend(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Replace the person's one-time link with a new one and send it."""
    person = get_person(request, agreement, user_id)
    return _simple(
        request,
        agreement,
        person,
        lambda: actions.do_resend_invitation(Actor.from_request(request), agreement, person),
        f"Sent {_name(person)} a new link; the old one no longer works.",
    )


@admin_view
@require_POST
def revoke(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Stop the person's one-time link from working."""
    person = get_person(request, agreement, user_id)
    return _simple(
        request,
        agreement,
        person,
        lambda: actions.do_revoke_invitation(Actor.from_request(request), agreement, person),
        f"Withdrew the link sent to {_name(person)}.",
    )


@admin_view
@require_POST
def unlock(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Release a locked account before its lock runs out."""
    person = get_person(request, agreement, user_id)
    try:
        actions.do_unlock(Actor.from_request(request), person, agreement=agreement)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        messages.success(request, f"Unlocked {_name(person)}; they can sign in again.")
    return _back(agreement)


@admin_view
@require_http_methods(["GET", "POST"])
def reset_mfa(request: HttpRequest, agreement: Agreement, user_id: int) -> HttpResponse:
    """Ask first, then clear a person's authenticator (a lost phone) and give them a one-time link."""
    person = get_person(request, agreement, user_id)
    if request.method == "GET":
        return render(request, "people/reset_mfa.html", {"agreement": agreement, "person": person})
    return _simple(
        request,
        agreement,
        person,
        lambda: actions.do_reset_authenticator(Actor.from_request(request), agreement, person),
        f"Reset multi-factor sign-in for {_name(person)}: their old authenticator and recovery codes no longer work.",
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
