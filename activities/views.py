"""The SRO logs activities in a few taps; the Superintendent, the Chief and principals read the
per-school, per-month summary (IV.2)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from activities import actions
from activities.forms import ActivityForm
from activities.models import Activity, school_year_bounds, school_year_of
from agreements.access import member_view
from audit.log import Actor

READERS = (Role.CHIEF, *SUPERINTENDENT_ROLES, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE)


@member_view(Role.SRO)
@require_GET
def mine(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The SRO's own activities this school year, newest first."""
    start, end = school_year_bounds(school_year_of(timezone.localdate()))
    activities = Activity.objects.filter(sro=membership, occurred_on__range=(start, end)).select_related("school")
    return render(
        request,
        "activities/mine.html",
        {"activities": activities[:200], "kinds": Activity.Kind.choices, "year": f"{start.year}–{end.year}"},
    )


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, membership: Membership) -> HttpResponse:
    """First tap: the kind of activity; then only the fields that kind asks for, with today and the
    SRO's primary school already filled in."""
    kind = request.GET.get("kind") or request.POST.get("kind", "")
    if kind not in Activity.Kind.values:
        return render(request, "activities/kinds.html", {"kinds": Activity.Kind.choices})
    form = ActivityForm(request.POST or None, membership=membership, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            activity = actions.do_log_activity(
                Actor.from_request(request), membership, {"kind": kind, **form.cleaned_data}
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{activity.get_kind_display()} on {activity.occurred_on:%B %-d} logged.")
            return redirect("activities:mine", membership.agreement.slug)
    return render(request, "activities/new.html", {"form": form, "kind": kind, "kind_label": Activity.Kind(kind).label})


@member_view(Role.SRO)
@require_POST
def remove(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    try:
        actions.do_remove_activity(Actor.from_request(request), membership, pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Activity removed.")
    return redirect("activities:mine", membership.agreement.slug)


def _visible(membership: Membership):
    """The activities this reader may count: all of the agreement's, or a principal's own schools."""
    qs = Activity.objects.filter(agreement=membership.agreement)
    if membership.role in (Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE):
        qs = qs.filter(school_id__in=membership.school_ids())
    return qs


def _year_param(request: HttpRequest) -> int:
    """?year=2025 (the school year 2025–2026); today's school year when absent or implausible."""
    current = school_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if current - 20 <= year <= current else current


@member_view(*READERS)
@require_GET
def summary(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Per school and month, how many of each kind of activity, for one school year."""
    year = _year_param(request)
    start, end = school_year_bounds(year)
    rows = (
        _visible(membership)
        .filter(occurred_on__range=(start, end))
        .annotate(month=TruncMonth("occurred_on"))
        .values("school__name", "month", "kind")
        .annotate(n=Count("pk"))
        .order_by("school__name", "month")
    )
    kinds = Activity.Kind.choices
    schools: dict[str, dict[date, Counter]] = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        schools.setdefault(row["school__name"], {}).setdefault(month, Counter())[row["kind"]] += row["n"]
    tables = [
        {
            "school": school,
            "months": [
                {
                    "month": month,
                    "counts": [(label, counts.get(k, 0)) for k, label in kinds],
                    "total": sum(counts.values()),
                }
                for month, counts in sorted(months.items())
            ],
        }
        for school, months in schools.items()
    ]
    current = school_year_of(timezone.localdate())
    context: dict[str, Any] = {
        "tables": tables,
        "kinds": kinds,
        "year": year,
        "year_label": f"{start.year}–{end.year}",
        "years": [
            (y, f"{y}–{y + 1}")
            for y in range(current, max(current - 5, membership.agreement.effective_date.year - 1), -1)
        ],
    }
    return render(request, "activities/summary.html", context)


# -- Dashboard panels and nav ---------------------------------------------------------------------


def _sro_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    today = timezone.localdate()
    return {"this_month": Activity.objects.filter(sro=membership, occurred_on__gte=today.replace(day=1)).count()}


def _reader_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    today = timezone.localdate()
    return {"this_month": _visible(membership).filter(occurred_on__gte=today.replace(day=1)).count()}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("Activities", "activities:mine", order=35, shows=lambda m: m.role == Role.SRO))
    register_link(NavLink("Activities", "activities:summary", order=35, shows=lambda m: m.role in READERS))
    register(Panel("activities/panel_sro.html", frozenset({Role.SRO}), order=30, context=_sro_panel))
    register(Panel("activities/panel_reader.html", frozenset(READERS), order=70, context=_reader_panel))
