"""The term of the agreement (XI.1): notices of termination, mutual termination, and when it ends."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor
from term import actions
from term.models import NOTE_MAX, Termination, month_day_label, notice_effective_date

PARTIES = (Role.CHIEF, *SUPERINTENDENT_ROLES)


class NoticeForm(forms.Form):
    given_on = forms.DateField(label="Date of the written notice", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="Note", required=False, max_length=NOTE_MAX, help_text=f"Optional, up to {NOTE_MAX} characters."
    )


class MutualForm(forms.Form):
    effective_on = forms.DateField(label="End the agreement on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="Note", required=False, max_length=NOTE_MAX, help_text=f"Optional, up to {NOTE_MAX} characters."
    )


@member_view()
@require_GET
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    agreement = membership.agreement
    today = timezone.localdate()
    context: dict[str, Any] = {
        "terminations": Termination.objects.filter(agreement=agreement).select_related("recorded_by", "answered_by"),
        "party": actions.party_of(membership),
        "ended": agreement.has_ended(),
        # What a notice given today would mean, so nobody has to work out the rule by hand.
        "notice_today_effective": notice_effective_date(agreement, today),
        "statuses": Termination.Status,
        "notice_by": month_day_label(agreement.termination_notice_month_day),
        "effective_on": month_day_label(agreement.termination_effective_month_day),
    }
    return render(request, "term/overview.html", context)


def _form_view(request: HttpRequest, membership: Membership, form_class, action, success: str, template: str):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            termination = action(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in (e.message_dict if hasattr(e, "error_dict") else {None: e.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, success.format(date=f"{termination.effective_on:%B %-d, %Y}"))
            return redirect("term:overview", membership.agreement.slug)
    return render(request, template, {"form": form})


@member_view(*PARTIES)
@require_http_methods(["GET", "POST"])
def give_notice(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _form_view(
        request,
        membership,
        NoticeForm,
        actions.do_give_notice,
        "Notice of termination recorded. The agreement ends on {date}.",
        "term/notice.html",
    )


@member_view(*PARTIES)
@require_http_methods(["GET", "POST"])
def propose_mutual(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _form_view(
        request,
        membership,
        MutualForm,
        actions.do_propose_mutual,
        "Proposal to end the agreement on {date} sent to the other party.",
        "term/mutual.html",
    )


@member_view(*PARTIES)
@require_POST
def answer(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    consent = request.POST.get("answer") == "consent"
    try:
        termination = actions.do_answer_mutual(Actor.from_request(request), membership, pk, consent=consent)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request,
            f"Agreed: the agreement ends on {termination.effective_on:%B %-d, %Y}."
            if consent
            else "Proposal declined.",
        )
    return redirect("term:overview", membership.agreement.slug)


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    return {
        "ends_on": membership.agreement.ends_on,
        "proposals": list(
            Termination.objects.filter(agreement=membership.agreement, status=Termination.Status.PROPOSED).exclude(
                party=actions.party_of(membership)
            )
        ),
    }


def register_panels() -> None:
    from agreements.panels import Panel, register

    register(Panel("term/panel.html", frozenset(PARTIES), order=90, context=_panel))
