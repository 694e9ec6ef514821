"""The camera pages of the activation log (III.1, III.2) and the dashboards; requests to view
a recording are in views_requests.py (III.3), disputes in views_disputes.py (III.4). Views parse,
call, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Role
from agreements.access import member_view
from agreements.models import School
from assignments.queries import schools_on
from audit.log import Actor
from bodycams import actions
from bodycams.access import (
    LIST_MAX,
    PARTIES,
    READERS,
    activations_for,
    disputes_for,
    get_activation,
    requests_for,
)
from bodycams.actions import PRINCIPAL_ROLES, REQUESTER_ROLES, principal_schools
from bodycams.forms import (
    ActivationForm,
    ExportForm,
    StartForm,
)
from bodycams.models import Activation, ActivationNotice, ViewingRequest
from lib.forms import show_errors
from lib.prepared import Prepared


def _school_choices(form: forms.Form, membership: Membership) -> None:
    ids = {s.pk for s in schools_on(membership, timezone.localdate())}
    ids |= set(membership.schools.values_list("pk", flat=True))
    form.fields["school"].queryset = School.objects.filter(pk__in=ids).order_by("name")


def _sros(membership: Membership):
    field_qs = Membership.objects.active().filter(agreement=membership.agreement, role=Role.SRO).select_related("user")
    return field_qs


@member_view(*READERS)
@require_GET
@never_cache
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    activations = list(activations_for(membership).prefetch_related("notices__school")[:LIST_MAX])
    mine = set(principal_schools(membership)) if membership.role in PRINCIPAL_ROLES else set()
    for a in activations:
        a.to_acknowledge = [n for n in a.notices.all() if n.school_id in mine and n.acknowledged_at is None]
    context = {
        "activations": activations,
        "requests": list(requests_for(membership)[:LIST_MAX]),
        "disputes": list(disputes_for(membership)[:LIST_MAX]),
        "is_sro": membership.role == Role.SRO,
        "is_chief": membership.role == Role.CHIEF,
    }
    return render(request, "bodycams/overview.html", context)


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ActivationForm(request.POST or None, agreement=membership.agreement, initial={"day": timezone.localdate()})
    _school_choices(form, membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activation = actions.do_log_activation(
                Actor.from_request(request),
                membership,
                school=data["school"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                purpose=data["purpose"],
                purpose_detail=data["purpose_detail"],
                evidence_number=data["evidence_number"],
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Activation logged; the principals of your schools were notified.")
            return redirect("bodycams:activation", membership.agreement.slug, activation.pk)
    return render(request, "bodycams/log.html", {"form": form, "activation": None})


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, membership: Membership) -> HttpResponse:
    now = timezone.localtime()
    form = StartForm(
        request.POST or None,
        agreement=membership.agreement,
        initial={"day": now.date(), "started_at": now.time().replace(second=0, microsecond=0)},
    )
    _school_choices(form, membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_start_activation(
                Actor.from_request(request),
                membership,
                school=data["school"],
                started_at=data["started_at"],
                evidence_number=data["evidence_number"],
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Camera-on recorded. Log the activation by the end of the school day.")
            return redirect("bodycams:overview", membership.agreement.slug)
    return render(request, "bodycams/start.html", {"form": form})


@member_view(Role.CHIEF)
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ExportForm(request.POST or None, agreement=membership.agreement, initial={"day": timezone.localdate()})
    form.fields["sro"].queryset = _sros(membership)
    form.fields["sro"].label_from_instance = lambda m: m.display_name
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_export(
                Actor.from_request(request),
                membership,
                sro=data["sro"],
                started_at=data["started_at"],
                evidence_number=data["evidence_number"],
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Activation entered; the SRO was asked to log it.")
            return redirect("bodycams:overview", membership.agreement.slug)
    return render(request, "bodycams/export.html", {"form": form})


@member_view(*READERS)
@require_GET
@never_cache
def activation(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_activation(membership, pk)
    notices = list(item.notices.select_related("school", "acknowledged_by__user"))
    mine = principal_schools(membership) if membership.role in PRINCIPAL_ROLES else set()
    context: dict[str, Any] = {
        "activation": item,
        "notices": notices,
        "may_acknowledge": any(n.school_id in mine and n.acknowledged_at is None for n in notices),
        "may_request": membership.role in REQUESTER_ROLES and actions.may_request(membership, item),
        "may_complete": membership.role == Role.SRO and not item.is_logged,
        "requests": requests_for(membership).filter(activation=item),
    }
    return render(request, "bodycams/activation.html", context)


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_activation(membership, pk)
    if item.is_logged:
        return redirect("bodycams:activation", membership.agreement.slug, item.pk)
    local = timezone.localtime(item.started_at)
    initial = {
        "school": item.school_id,
        "day": local.date(),
        "started_at": local.time().replace(second=0, microsecond=0),
        "evidence_number": item.evidence_number,
    }
    form = ActivationForm(request.POST or None, agreement=membership.agreement, initial=initial)
    _school_choices(form, membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_log_activation(
                Actor.from_request(request),
                membership,
                activation_id=item.pk,
                school=data["school"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                purpose=data["purpose"],
                purpose_detail=data["purpose_detail"],
                evidence_number=data["evidence_number"],
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Activation logged; the principals of your schools were notified.")
            return redirect("bodycams:activation", membership.agreement.slug, item.pk)
    return render(request, "bodycams/log.html", {"form": form, "activation": item})


@member_view(*PRINCIPAL_ROLES)
@require_POST
def acknowledge(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_activation(membership, pk)
    try:
        actions.do_acknowledge(Actor.from_request(request), membership, item.pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Notice acknowledged.")
    return redirect("bodycams:activation", membership.agreement.slug, item.pk)


# -- dashboards -------------------------------------------------------------------------------------


# The SRO's card, on every SRO's dashboard: compiled once per process (lib/prepared.py).
_SRO_OPEN = Prepared(
    lambda agreement_id, user_id: (
        Activation.objects.open().filter(agreement_id=agreement_id, sro__user_id=user_id).select_related("school")
    ),
    agreement_id=int,
    user_id=int,
)
_SRO_RECENT = Prepared(
    lambda agreement_id, user_id: (
        Activation.objects.logged().filter(agreement_id=agreement_id, sro__user_id=user_id).select_related("school")[:5]
    ),
    agreement_id=int,
    user_id=int,
)


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    agreement = membership.agreement
    result: dict[str, Any] = {}
    if membership.role == Role.SRO:
        ids = {"agreement_id": agreement.pk, "user_id": membership.user_id}
        result["open"] = _SRO_OPEN.all(**ids)
        result["recent"] = _SRO_RECENT.all(**ids)
    if membership.role in PRINCIPAL_ROLES:
        result["to_acknowledge"] = list(
            ActivationNotice.objects.filter(
                activation__agreement=agreement,
                school_id__in=principal_schools(membership),
                acknowledged_at__isnull=True,
            ).select_related("activation__sro__user", "school")
        )
    # The card shows each request's recording date and requester, each dispute's date and side:
    # only those rows are joined.
    requests = requests_for(membership).select_related(None).select_related("activation", "requested_by__user")
    if membership.role in REQUESTER_ROLES:
        result["requests"] = list(requests.exclude(status=ViewingRequest.Status.DECLINED)[:10])
    if membership.role == Role.CHIEF:
        result["to_decide"] = list(requests.filter(status=ViewingRequest.Status.PENDING))
        result["unlogged"] = Activation.objects.open().filter(agreement=agreement).count()
    if membership.role in PARTIES:
        result["disputes"] = list(disputes_for(membership).select_related(None).filter(resolved_at__isnull=True))
    result["any"] = any(v for v in result.values())
    return result


def _sro_badge(request: HttpRequest, membership: Membership) -> QuerySet[Activation]:
    """The SRO's activations not yet logged (counted with the nav's other badges)."""
    return Activation.objects.open().filter(agreement=membership.agreement, sro__user_id=membership.user_id)


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(
        NavLink(
            "Body cameras",
            "bodycams:overview",
            order=37,
            shows=lambda m: m.role in READERS,
            badge=lambda request, m: _sro_badge(request, m) if m.role == Role.SRO else 0,
            badge_label="not logged",
        )
    )
    register(Panel("bodycams/panel.html", frozenset(READERS), order=27, context=_panel))
