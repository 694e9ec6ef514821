"""The district-support checklist per SRO and school year (IX.1): completed by the
Superintendent's office, seen by the Chief and by each SRO for themselves."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from activities.models import school_year_of
from agreements.access import member_view
from audit.log import Actor
from support import actions
from support.models import NOTE_MAX, PROVISIONS, Checklist
from training.actions import compliance
from training.models import Course

READERS = (Role.CHIEF, *SUPERINTENDENT_ROLES, Role.SRO)


def _year(request: HttpRequest, membership: Membership) -> int:
    current = school_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if membership.agreement.effective_date.year - 1 <= year <= current + 1 else current


@member_view(*READERS)
@require_GET
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    year = _year(request, membership)
    sros = Membership.objects.active().filter(agreement=membership.agreement, role=Role.SRO).select_related("user")
    if membership.role == Role.SRO:
        sros = sros.filter(pk=membership.pk)
    checklists = {c.sro_id: c for c in Checklist.objects.filter(agreement=membership.agreement, school_year=year)}
    _, rows = compliance(membership.agreement, Course.Audience.SRO)
    training = {r.person.pk: r.out_since for r in rows}
    entries = [
        {"sro": sro, "checklist": checklists.get(sro.pk), "training_out_since": training.get(sro.pk)}
        for sro in sros.order_by("user__last_name")
    ]
    current = school_year_of(timezone.localdate())
    first = max(membership.agreement.effective_date.year - 1, current - 5)
    return render(
        request,
        "support/overview.html",
        {
            "entries": entries,
            "year": year,
            "year_label": f"{year}–{year + 1}",
            "years": [(y, f"{y}–{y + 1}") for y in range(current + 1, first - 1, -1)],
            "provisions": PROVISIONS,
            "editor": membership.role in SUPERINTENDENT_ROLES,
        },
    )


class ChecklistForm(forms.Form):
    office = forms.BooleanField(required=False, label=PROVISIONS[0][1])
    furniture = forms.BooleanField(required=False, label=PROVISIONS[1][1])
    computer = forms.BooleanField(required=False, label=PROVISIONS[2][1])
    note = forms.CharField(
        required=False, max_length=NOTE_MAX, label="Note", help_text=f"Optional, up to {NOTE_MAX} characters."
    )


@member_view(*SUPERINTENDENT_ROLES)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, membership: Membership, sro: int, year: int) -> HttpResponse:
    person = (
        Membership.objects.filter(agreement=membership.agreement, role=Role.SRO, pk=sro).select_related("user").first()
    )
    if person is None:
        raise Http404("No such SRO.")
    existing = Checklist.objects.filter(sro=person, school_year=year).first()
    initial = {key: getattr(existing, key) for key, _ in PROVISIONS} | {"note": existing.note} if existing else {}
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_checklist(
                Actor.from_request(request), membership, sro=person, school_year=year, values=form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"District support for {person.display_name}, {year}–{year + 1}, saved.")
            return redirect(f"{_overview_url(membership)}?year={year}")
    context: dict[str, Any] = {"form": form, "person": person, "year_label": f"{year}–{year + 1}"}
    return render(request, "support/edit.html", context)


def _overview_url(membership: Membership) -> str:
    from django.urls import reverse

    return reverse("support:overview", args=[membership.agreement.slug])


def register_panels() -> None:
    from agreements.panels import NavLink, register_link

    register_link(NavLink("District support", "support:overview", order=47, shows=lambda m: m.role in READERS))
