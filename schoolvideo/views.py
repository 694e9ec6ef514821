"""Section VIII's pages: requests for district video (VIII.1), the SRO's and SSU officers' access
window and log (VIII.2), disclosures of video with student information (VIII.3). The token
endpoint for a district's video management system is in api.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor
from lib.forms import show_errors
from lib.prepared import Prepared
from schoolvideo import actions, window
from schoolvideo.forms import (
    AccessForm,
    DecisionForm,
    DesignationForm,
    DisclosureForm,
    RequestForm,
    SSUScheduleForm,
)
from schoolvideo.models import (
    DUTIES,
    AccessRequest,
    ApiToken,
    Designation,
    SSUSchedule,
    VideoAccess,
    VideoDisclosure,
)

PRINCIPALS = (Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE)
VIEWERS = (Role.SRO, Role.SSU)
READERS = (Role.CHIEF, *SUPERINTENDENT_ROLES, *PRINCIPALS)
OVERVIEW = (*READERS, *VIEWERS, Role.SYSADMIN)


def _requests_for(membership: Membership):
    items = AccessRequest.objects.filter(agreement=membership.agreement).select_related(
        "requested_by__user", "decided_by__user"
    )
    if membership.role in PRINCIPALS and not actions.may_decide(membership):
        return items.none()
    return items


@member_view(*OVERVIEW)
@require_GET
@never_cache
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    role = membership.role
    context: dict[str, Any] = {
        "may_request": role == Role.CHIEF,
        "may_decide": actions.may_decide(membership),
        "may_disclose": actions.may_disclose(membership),
        "may_designate": role == Role.SUPERINTENDENT,
        "may_keep_tokens": role in (Role.SYSADMIN, Role.SUPERINTENDENT),
        "reads_log": role in (Role.CHIEF, *SUPERINTENDENT_ROLES, *VIEWERS),
        "reads_ssu": role in (Role.CHIEF, *SUPERINTENDENT_ROLES, Role.SSU),
        "viewer": role in VIEWERS,
    }
    if role in READERS:
        context["requests"] = list(_requests_for(membership)[:50])
    if context["may_disclose"]:
        context["disclosures"] = list(
            VideoDisclosure.objects.filter(agreement=membership.agreement)
            .select_related("recipient__user")
            .prefetch_related("students")[:20]
        )
    if context["viewer"]:
        context["today"] = window.today_for(membership)
        context["form"] = AccessForm(agreement=membership.agreement)
    return render(request, "schoolvideo/overview.html", context)


# -- VIII.1 -------------------------------------------------------------------------------------


@member_view(Role.CHIEF)
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.do_request_access(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Request sent to the Superintendent.")
            return redirect("schoolvideo:request", membership.agreement.slug, item.pk)
    return render(request, "schoolvideo/request_new.html", {"form": form})


def _request(membership: Membership, pk: int) -> AccessRequest:
    item = _requests_for(membership).filter(pk=pk).first()
    if item is None:
        if membership.role in PRINCIPALS:
            raise PermissionDenied("Only a designated administrator sees requests for district video.")
        raise Http404("No such request.")
    return item


def _request_page(request: HttpRequest, membership: Membership, item: AccessRequest, form=None) -> HttpResponse:
    if form is None and item.status == AccessRequest.Status.PENDING and actions.may_decide(membership):
        form = DecisionForm()
    context = {"item": item, "form": form, "duties": DUTIES, "may_acknowledge": membership.role == Role.CHIEF}
    return render(request, "schoolvideo/request.html", context)


@member_view(*READERS)
@require_GET
@never_cache
def request_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _request_page(request, membership, _request(membership, pk))


@member_view(Role.SUPERINTENDENT, *actions.DESIGNABLE)
@require_POST
def decide(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    if not actions.may_decide(membership):
        raise PermissionDenied("Only the Superintendent or a designated certified administrator decides.")
    item = _request(membership, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_request(
                Actor.from_request(request),
                membership,
                item.pk,
                grant=data["decision"] == "grant",
                legal_basis=data["legal_basis"],
                note=data["note"],
            )
        except ValidationError as e:
            if not hasattr(e, "error_dict"):  # decided meanwhile: nothing on the form to mend
                messages.error(request, " ".join(e.messages))
                return redirect("schoolvideo:request", membership.agreement.slug, item.pk)
            show_errors(form, e)
        else:
            messages.success(request, "Decision recorded; the Chief of Police was told.")
            return redirect("schoolvideo:request", membership.agreement.slug, item.pk)
    return _request_page(request, membership, item, form)


@member_view(Role.CHIEF)
@require_POST
def acknowledge(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = _request(membership, pk)
    try:
        actions.do_acknowledge_duties(Actor.from_request(request), membership, item.pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "The Department's duties are acknowledged.")
    return redirect("schoolvideo:request", membership.agreement.slug, item.pk)


@member_view(Role.SUPERINTENDENT)
@require_http_methods(["GET", "POST"])
def designations(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = DesignationForm(request.POST or None, agreement=membership.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_designate(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Designation recorded.")
            return redirect("schoolvideo:designations", membership.agreement.slug)
    items = Designation.objects.filter(agreement=membership.agreement).select_related(
        "designee__user", "designated_by__user", "revoked_by__user"
    )
    return render(request, "schoolvideo/designations.html", {"form": form, "items": items})


@member_view(Role.SUPERINTENDENT)
@require_POST
def revoke_designation(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        actions.do_revoke_designation(Actor.from_request(request), membership, pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Designation revoked.")
    return redirect("schoolvideo:designations", membership.agreement.slug)


# -- VIII.2 -------------------------------------------------------------------------------------


@member_view(Role.CHIEF, *SUPERINTENDENT_ROLES, *VIEWERS)
@require_GET
@never_cache
def access_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    entries = VideoAccess.objects.filter(agreement=membership.agreement).select_related("school", "person__user")
    if membership.role in VIEWERS:
        entries = entries.filter(person__user_id=membership.user_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "schoolvideo/access.html", {"page": page, "viewer": membership.role in VIEWERS})


@member_view(*VIEWERS)
@require_POST
def record_access(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = AccessForm(request.POST, agreement=membership.agreement)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("schoolvideo:overview", membership.agreement.slug)
    data = form.cleaned_data
    try:
        _, verdict = actions.do_log_access(
            Actor.from_request(request),
            membership.agreement,
            username=membership.user.username,
            school=data["school"].name,
            kind=data["kind"],
            reason=data["reason"],
            channel="app",
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        if verdict.allowed:
            messages.success(request, f"Access logged. {verdict.reason}")
        else:
            messages.error(request, f"Refused, and the attempt is logged: {verdict.reason}")
    return redirect("schoolvideo:overview", membership.agreement.slug)


@member_view(Role.CHIEF, *SUPERINTENDENT_ROLES, Role.SSU)
@require_http_methods(["GET", "POST"])
@never_cache
def ssu_schedules(request: HttpRequest, membership: Membership) -> HttpResponse:
    may_set = membership.role in (Role.CHIEF, Role.SUPERINTENDENT)
    if request.method == "POST" and not may_set:
        raise PermissionDenied("The Chief of Police or the Superintendent sets SSU officers' hours.")
    form = SSUScheduleForm(
        request.POST or None, agreement=membership.agreement, initial={"effective_from": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        shifts = [
            actions.Shift(school, day, data["starts_at"], data["ends_at"], not data["school_days_only"])
            for school in data["schools"]
            for day in data["weekdays"]
        ]
        try:
            actions.do_set_ssu_schedule(
                Actor.from_request(request),
                membership,
                data["officer"],
                effective_from=data["effective_from"],
                shifts=shifts,
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "SSU schedule saved.")
            return redirect("schoolvideo:ssu", membership.agreement.slug)
    schedules = SSUSchedule.objects.filter(agreement=membership.agreement).select_related(
        "officer__user", "entered_by__user"
    )
    if membership.role == Role.SSU:
        schedules = schedules.filter(officer__user_id=membership.user_id)
    rows = []
    for schedule in schedules.prefetch_related("shifts__school")[:30]:
        rows.append((schedule, _summary(schedule)))
    return render(
        request, "schoolvideo/ssu.html", {"form": form if may_set else None, "rows": rows, "weekdays": window.WEEKDAYS}
    )


def _summary(schedule: SSUSchedule) -> list[str]:
    """The shifts grouped: "Monday–Sunday 15:00–23:00 at Bedford Middle School, ..."."""
    groups: dict[tuple, list[int]] = {}
    for s in schedule.shifts.all():
        groups.setdefault((s.starts_at, s.ends_at, s.on_days_without_students, s.school.name), []).append(s.weekday)
    by_hours: dict[tuple, list[str]] = {}
    for (start, end, every_day, school), days in sorted(groups.items(), key=lambda kv: kv[0]):
        key = (start, end, every_day, tuple(sorted(days)))
        by_hours.setdefault(key, []).append(school)
    lines = []
    for (start, end, every_day, days), schools in by_hours.items():
        names = "Every day" if len(days) == 7 else ", ".join(window.WEEKDAYS[d][:3] for d in days)
        note = "" if every_day else ", school days only"
        lines.append(f"{names} {start:%H:%M}–{end:%H:%M}{note}: {', '.join(sorted(schools))}")
    return lines


@member_view(Role.SYSADMIN, Role.SUPERINTENDENT)
@require_http_methods(["GET", "POST"])
@never_cache
def tokens(request: HttpRequest, membership: Membership) -> HttpResponse:
    secret = None
    error = ""
    if request.method == "POST":
        try:
            _, secret = actions.do_create_token(
                Actor.from_request(request), membership, label=request.POST.get("label", "")[:1000]
            )
        except ValidationError as e:
            error = " ".join(e.messages)
    items = ApiToken.objects.filter(agreement=membership.agreement).select_related("created_by__user")
    return render(
        request,
        "schoolvideo/tokens.html",
        {"items": items, "secret": secret, "error": error, "label": request.POST.get("label", "")[:100]},
    )


@member_view(Role.SYSADMIN, Role.SUPERINTENDENT)
@require_POST
def revoke_token(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        actions.do_revoke_token(Actor.from_request(request), membership, pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Token revoked: the video management system can no longer ask with it.")
    return redirect("schoolvideo:tokens", membership.agreement.slug)


# -- VIII.3 -------------------------------------------------------------------------------------


@member_view(*SUPERINTENDENT_ROLES, *PRINCIPALS)
@require_http_methods(["GET", "POST"])
def disclose(request: HttpRequest, membership: Membership) -> HttpResponse:
    if not actions.may_disclose(membership):
        raise PermissionDenied("Only the Superintendent or designee discloses district video.")
    form = DisclosureForm(
        request.POST or None, agreement=membership.agreement, initial={"disclosed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            students = actions.find_students(membership.agreement, data.pop("student_ids"))
            item = actions.do_disclose_video(Actor.from_request(request), membership, students=students, **data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(
                request,
                f"Disclosure recorded and logged in the FERPA disclosure log for {item.students.count()} student(s).",
            )
            return redirect("schoolvideo:overview", membership.agreement.slug)
    return render(request, "schoolvideo/disclose.html", {"form": form})


# -- Dashboard and nav --------------------------------------------------------------------------


def _decide_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    if not actions.may_decide(membership):
        return {}
    waiting = AccessRequest.objects.filter(agreement=membership.agreement, status=AccessRequest.Status.PENDING)
    return {"waiting": list(waiting.select_related("requested_by__user")[:20])}


def _chief_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    items = AccessRequest.objects.filter(agreement=membership.agreement).exclude(
        status=AccessRequest.Status.DECLINED, decided_at__lt=timezone.now() - timezone.timedelta(days=30)
    )
    open_items = [i for i in items[:50] if i.status == AccessRequest.Status.PENDING or i.awaits_acknowledgment]
    return {"items": open_items}


# The person's last access, on every SRO's and SSU's dashboard: compiled once per process.
_LAST_ACCESS = Prepared(
    lambda agreement_id, user_id: VideoAccess.objects.filter(
        agreement_id=agreement_id, person__user_id=user_id
    ).order_by("-at", "-pk"),
    agreement_id=int,
    user_id=int,
)


def _window_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    last = _LAST_ACCESS.first(agreement_id=membership.agreement_id, user_id=membership.user_id)
    return {"today": window.today_for(membership), "last": last, "show": True}


def _shows(membership: Membership) -> bool:
    if membership.role in PRINCIPALS:
        return actions.may_decide(membership)
    return membership.role in (Role.CHIEF, *SUPERINTENDENT_ROLES, *VIEWERS, Role.SYSADMIN)


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("School video", "schoolvideo:overview", order=49, shows=_shows))
    register(
        Panel("schoolvideo/panel_decide.html", frozenset({Role.SUPERINTENDENT, *actions.DESIGNABLE}), 20, _decide_panel)
    )
    register(Panel("schoolvideo/panel_chief.html", frozenset({Role.CHIEF}), 20, _chief_panel))
    register(Panel("schoolvideo/panel_window.html", frozenset(VIEWERS), 20, _window_panel))
