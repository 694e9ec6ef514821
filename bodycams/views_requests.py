"""Requests to view a recording, the Chief's decision and the viewings (III.3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Role
from agreements.access import member_view
from audit.log import Actor
from bodycams import actions
from bodycams.access import (
    PARTIES,
    get_activation,
    get_request,
)
from bodycams.actions import PRINCIPAL_ROLES, REQUESTER_ROLES
from bodycams.forms import (
    DecisionForm,
    RequestForm,
    ViewingForm,
)
from bodycams.models import ViewingRequest
from lib.forms import show_errors


@member_view(*REQUESTER_ROLES)
@require_http_methods(["GET", "POST"])
def new_request(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_activation(membership, pk)
    form = RequestForm(request.POST or None, agreement=membership.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.do_request_viewing(Actor.from_request(request), membership, item.pk, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Request sent to the Chief of Police.")
            return redirect("bodycams:request", membership.agreement.slug, made.pk)
    return render(request, "bodycams/request_new.html", {"form": form, "activation": item})


def _request_page(request: HttpRequest, membership: Membership, item: ViewingRequest, **forms_: Any) -> HttpResponse:
    decision = forms_.get("decision")
    if decision is None and membership.role == Role.CHIEF and item.status == ViewingRequest.Status.PENDING:
        decision = DecisionForm(
            agreement=membership.agreement, initial={"evidence_number": item.activation.evidence_number}
        )
    viewing = forms_.get("viewing")
    may_log = item.status == ViewingRequest.Status.APPROVED and (
        membership.role == Role.CHIEF or item.requested_by_id == membership.pk
    )
    if viewing is None and may_log:
        viewing = ViewingForm(agreement=membership.agreement, initial={"place": item.viewing_place})
    context = {
        "req": item,
        "decision": decision,
        "viewing": viewing if may_log else None,
        "viewings": item.viewings.select_related("logged_by__user"),
    }
    return render(request, "bodycams/request.html", context)


@member_view(*PARTIES, *PRINCIPAL_ROLES)
@require_GET
@never_cache
def request_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _request_page(request, membership, get_request(membership, pk))


@member_view(Role.CHIEF)
@require_POST
def decide(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_request(membership, pk)
    form = DecisionForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_decide_viewing(
                Actor.from_request(request),
                membership,
                item.pk,
                approve=data["decision"] == "approve",
                reason=data["reason"],
                law_note=data["law_note"],
                viewing_at=data["viewing_at"],
                viewing_place=data["viewing_place"],
                evidence_number=data["evidence_number"],
            )
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Decision recorded; the person who asked was told.")
            return redirect("bodycams:request", membership.agreement.slug, item.pk)
    return _request_page(request, membership, item, decision=form)


@member_view(*PARTIES, *PRINCIPAL_ROLES)
@require_POST
def log_viewing(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_request(membership, pk)
    form = ViewingForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        try:
            actions.do_log_viewing(Actor.from_request(request), membership, item.pk, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Viewing logged.")
            return redirect("bodycams:request", membership.agreement.slug, item.pk)
    return _request_page(request, membership, item, viewing=form)
