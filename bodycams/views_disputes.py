"""Disputes about camera use, resolved jointly by the Chief and the Superintendent (III.4)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership
from agreements.access import member_view
from audit.log import Actor
from bodycams import actions
from bodycams.access import (
    PARTIES,
    RAISERS,
    activations_for,
    get_dispute,
)
from bodycams.forms import (
    DisputeForm,
    PositionForm,
    ResolutionForm,
)
from bodycams.models import Dispute
from lib.forms import show_errors


@member_view(*RAISERS)
@require_http_methods(["GET", "POST"])
def new_dispute(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = DisputeForm(request.POST or None, agreement=membership.agreement)
    form.fields["activation"].queryset = activations_for(membership).filter(logged_at__isnull=False)
    form.fields["activation"].label = "Activation (optional)"
    form.fields["activation"].label_from_instance = lambda a: (
        f"{timezone.localtime(a.started_at):%b %-d, %Y %H:%M}, {a.sro.display_name}, {a.school.name if a.school else ''}"
    )
    if request.method == "POST" and form.is_valid():
        try:
            dispute = actions.do_raise_dispute(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Dispute recorded; the Chief and the Superintendent were told.")
            return redirect("bodycams:dispute", membership.agreement.slug, dispute.pk)
    return render(request, "bodycams/dispute_new.html", {"form": form})


def _dispute_page(request: HttpRequest, membership: Membership, item: Dispute, **forms_: Any) -> HttpResponse:
    party = actions.deciding_party(membership)
    open_ = item.resolved_at is None and party is not None
    context = {
        "dispute": item,
        "party": party,
        "position_form": forms_.get("position")
        or (
            PositionForm(agreement=membership.agreement, initial={"position": item.position(party)}) if open_ else None
        ),
        "resolution_form": forms_.get("resolution")
        or (
            ResolutionForm(agreement=membership.agreement)
            if open_ and item.police_position and item.district_position
            else None
        ),
        "may_agree": open_ and bool(item.resolution) and item.resolution_proposed_by_party != party,
    }
    return render(request, "bodycams/dispute.html", context)


@member_view(*RAISERS)
@require_GET
@never_cache
def dispute(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _dispute_page(request, membership, get_dispute(membership, pk))


@member_view(*PARTIES)
@require_POST
def position(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_dispute(membership, pk)
    form = PositionForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        try:
            actions.do_record_position(Actor.from_request(request), membership, item.pk, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Position recorded.")
            return redirect("bodycams:dispute", membership.agreement.slug, item.pk)
    return _dispute_page(request, membership, item, position=form)


@member_view(*PARTIES)
@require_POST
def propose(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_dispute(membership, pk)
    form = ResolutionForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        try:
            actions.do_propose_resolution(Actor.from_request(request), membership, item.pk, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Resolution proposed; the other side was asked to agree.")
            return redirect("bodycams:dispute", membership.agreement.slug, item.pk)
    return _dispute_page(request, membership, item, resolution=form)


@member_view(*PARTIES)
@require_POST
def agree(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = get_dispute(membership, pk)
    try:
        actions.do_agree_resolution(Actor.from_request(request), membership, item.pk)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Resolution agreed: the dispute is resolved.")
    return redirect("bodycams:dispute", membership.agreement.slug, item.pk)
