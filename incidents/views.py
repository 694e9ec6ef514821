"""Section IV's pages: the SRO records a notice (IV.1) or an emergency intervention (IV.4); the
school's principal or designee reads and acknowledges it; the Chief and the Superintendent's
office see counts and late notices. Views parse, call an action, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import admin_view, member_view
from agreements.models import Agreement
from audit.log import Actor
from incidents import actions
from incidents.actions import PRINCIPAL_ROLES, school_ids_of
from incidents.forms import InterventionForm, NoticeForm, SettingsForm
from incidents.models import (
    MOU_RESTRAINT_RULE,
    RESTRAINT_DEFINITION,
    SECLUSION_DEFINITION,
    EmergencyIntervention,
    IncidentNotice,
    PrincipalAlert,
    settings_for,
)
from lib.forms import show_errors
from lib.prepared import counts_of
from schoolcalendar.days import CalendarGap, for_district

OVERSEERS = (Role.CHIEF, *SUPERINTENDENT_ROLES)
READERS = (Role.SRO, *PRINCIPAL_ROLES, *OVERSEERS)
LIST_LIMIT = 100
MODELS = {"notice": IncidentNotice, "intervention": EmergencyIntervention}
# Where an action's error about a moment is shown on the form, which asks for a date and times.
FIELD_FOR = {"occurred_at": "occurred_time", "started_at": "started_time", "ended_at": "ended_time"}


def visible(membership: Membership, model: type[PrincipalAlert]) -> QuerySet[Any]:
    """The records of MODEL this person may read: an SRO their own, a principal their schools',
    the Chief and the Superintendent's office all of the agreement's."""
    qs = model.objects.filter(agreement=membership.agreement).select_related("school", "sro__user")
    if membership.role == Role.SRO:
        return qs.filter(sro=membership)
    if membership.role in PRINCIPAL_ROLES:
        return qs.filter(school_id__in=school_ids_of(membership))
    if membership.role in OVERSEERS:
        return qs
    return qs.none()


def _item(membership: Membership, kind: str, pk: int) -> PrincipalAlert:
    item = visible(membership, MODELS[kind]).filter(pk=pk).first()
    if item is None:
        raise Http404("No such record.")
    return item


def _counts(membership: Membership) -> dict[str, Any]:
    notices = visible(membership, IncidentNotice).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(acknowledged_at__isnull=True)),
        late_count=Count("pk", filter=Q(late=True)),
        unknown=Count("pk", filter=Q(late__isnull=True)),
    )
    interventions = visible(membership, EmergencyIntervention).aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(acknowledged_at__isnull=True)),
        restraints=Count("pk", filter=Q(which=EmergencyIntervention.Which.RESTRAINT)),
        seclusions=Count("pk", filter=Q(which=EmergencyIntervention.Which.SECLUSION)),
        injuries=Count("pk", filter=Q(injury_occurred=True)),
    )
    return {"notices": notices, "interventions": interventions}


@member_view(*READERS)
@require_GET
@never_cache
def index(request: HttpRequest, membership: Membership) -> HttpResponse:
    notices = visible(membership, IncidentNotice)
    interventions = visible(membership, EmergencyIntervention)
    context: dict[str, Any] = {
        "is_sro": membership.role == Role.SRO,
        "is_principal": membership.role in PRINCIPAL_ROLES,
        "is_overseer": membership.role in OVERSEERS,
        "show_sro": membership.role != Role.SRO,
        "counts": _counts(membership),
        "waiting_notices": list(notices.waiting().order_by("recorded_at")[:LIST_LIMIT]),
        "waiting_interventions": list(
            interventions.filter(acknowledged_at__isnull=True).order_by("recorded_at")[:LIST_LIMIT]
        ),
        "notices": list(notices[:LIST_LIMIT]),
        "interventions": list(interventions[:LIST_LIMIT]),
        "late_notices": list(notices.late()[:LIST_LIMIT]),
        "rule": settings_for(membership.agreement).describe(),
    }
    return render(request, "incidents/index.html", context)


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def new_notice(request: HttpRequest, membership: Membership) -> HttpResponse:
    now = timezone.localtime()
    initial = {"occurred_date": now.date(), "occurred_time": now.time().replace(second=0, microsecond=0)}
    # Arriving from an arrest recorded under section VI or L.1: what happened and where come across.
    if request.GET.get("kind") in IncidentNotice.Kind.values:
        initial["kind"] = request.GET["kind"]
    if request.GET.get("school", "").isdigit():
        initial["school"] = request.GET["school"]
    form = NoticeForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notice = actions.do_record_notice(Actor.from_request(request), membership, **form.values())
        except ValidationError as e:
            show_errors(form, e, FIELD_FOR)
        else:
            told = (
                "the principal was told"
                if actions.principals_of(notice.agreement, notice.school)
                else ("but this school has no principal or designee in the system to tell: tell them yourself")
            )
            messages.success(request, f"Notice recorded; {told}.")
            return redirect("incidents:notice", membership.agreement.slug, notice.pk)
    context = {"form": form, "rule": settings_for(membership.agreement).describe()}
    return render(request, "incidents/notice_new.html", context)


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def new_intervention(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = InterventionForm(request.POST or None, membership=membership, initial={"started_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.do_record_intervention(Actor.from_request(request), membership, **form.values())
        except ValidationError as e:
            show_errors(form, e, FIELD_FOR)
        else:
            messages.success(request, "Emergency intervention recorded; the principal was alerted.")
            return redirect("incidents:intervention", membership.agreement.slug, item.pk)
    context = {
        "form": form,
        "restraint_definition": RESTRAINT_DEFINITION,
        "seclusion_definition": SECLUSION_DEFINITION,
        "mou_rule": MOU_RESTRAINT_RULE,
        "next_school_day": _next_school_day(membership.agreement),
    }
    return render(request, "incidents/intervention_new.html", context)


def _next_school_day(agreement: Agreement) -> Any:
    try:
        return for_district(agreement.district).next_school_day(timezone.localdate())
    except CalendarGap:
        return None


def _detail(request: HttpRequest, membership: Membership, kind: str, pk: int) -> HttpResponse:
    item = _item(membership, kind, pk)
    context: dict[str, Any] = {
        "item": item,
        "kind": kind,
        "may_acknowledge": membership.role in PRINCIPAL_ROLES and not item.is_acknowledged,
        "may_start_form_a": item.sro_id == membership.pk and item.offers_form_a,
        "form_a_url": reverse("reporting:edit", args=[membership.agreement.slug, item.form_a_id])
        if item.form_a_id and item.sro_id == membership.pk
        else "",
        "restraint_definition": RESTRAINT_DEFINITION,
        "seclusion_definition": SECLUSION_DEFINITION,
    }
    return render(request, f"incidents/{kind}.html", context)


@member_view(*READERS)
@require_GET
@never_cache
def notice(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _detail(request, membership, "notice", pk)


@member_view(*READERS)
@require_GET
@never_cache
def intervention(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _detail(request, membership, "intervention", pk)


def _acknowledge(request: HttpRequest, membership: Membership, kind: str, pk: int) -> HttpResponse:
    item = _item(membership, kind, pk)
    try:
        actions.do_acknowledge(Actor.from_request(request), membership, item)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Acknowledged; the SRO was told.")
    return redirect(f"incidents:{kind}", membership.agreement.slug, item.pk)


@member_view(*PRINCIPAL_ROLES)
@require_POST
def acknowledge_notice(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _acknowledge(request, membership, "notice", pk)


@member_view(*PRINCIPAL_ROLES)
@require_POST
def acknowledge_intervention(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _acknowledge(request, membership, "intervention", pk)


def _start_form_a(request: HttpRequest, membership: Membership, kind: str, pk: int) -> HttpResponse:
    item = _item(membership, kind, pk)
    try:
        report = actions.do_start_form_a(Actor.from_request(request), membership, item)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(f"incidents:{kind}", membership.agreement.slug, item.pk)
    messages.success(request, "Form A started with the school, date and time. Add the students from the roster.")
    return redirect("reporting:edit", membership.agreement.slug, report.pk)


@member_view(Role.SRO)
@require_POST
def notice_form_a(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _start_form_a(request, membership, "notice", pk)


@member_view(Role.SRO)
@require_POST
def intervention_form_a(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _start_form_a(request, membership, "intervention", pk)


@admin_view
@require_http_methods(["GET", "POST"])
def notice_settings(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    current = settings_for(agreement)
    initial = {"rule": current.rule, "hours": current.hours, "school_day_ends_at": current.school_day_ends_at}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_notice_settings(Actor.from_request(request), agreement, values=form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e, FIELD_FOR)
        else:
            messages.success(request, "Saved. Notices recorded from now on follow this rule; earlier ones keep theirs.")
            return redirect("incidents:settings", agreement.slug)
    return render(
        request, "incidents/settings.html", {"form": form, "agreement": agreement, "rule": current.describe()}
    )


# -- Dashboard ---------------------------------------------------------------------------------


def _waiting(request: HttpRequest, membership: Membership) -> int:
    """Notices and interventions waiting for acknowledgement that this person sees (one statement)."""
    return sum(
        counts_of([visible(membership, model).filter(acknowledged_at__isnull=True) for model in MODELS.values()])
    )


# Each panel reads only what its card shows.


def _sro_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """How many of the SRO's own records wait for the principal."""
    return {"waiting": _waiting(request, membership)}


def _principal_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """What waits for this principal's acknowledgement, oldest first."""
    notices = visible(membership, IncidentNotice)
    interventions = visible(membership, EmergencyIntervention)
    return {
        "waiting_notices": list(notices.waiting().order_by("recorded_at")[:10]),
        "waiting_interventions": list(interventions.filter(acknowledged_at__isnull=True).order_by("recorded_at")[:10]),
    }


def _overseer_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """The agreement's counts, for the Chief and the Superintendent's office."""
    return {"counts": _counts(membership)}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(
        NavLink(
            "Incidents",
            "incidents:index",
            order=33,
            shows=lambda m: m.role in READERS,
            badge=lambda request, m: _waiting(request, m) if m.role in PRINCIPAL_ROLES else 0,
            badge_label="to acknowledge",
        )
    )
    register_link(NavLink("Incident notices", "incidents:settings", order=86, shows=lambda m: m.role == Role.SYSADMIN))
    register(Panel("incidents/panel_principal.html", frozenset(PRINCIPAL_ROLES), order=12, context=_principal_panel))
    register(Panel("incidents/panel_sro.html", frozenset({Role.SRO}), order=21, context=_sro_panel))
    register(Panel("incidents/panel_overseer.html", frozenset(OVERSEERS), order=21, context=_overseer_panel))
