"""The Superintendent's submissions to the Board (VII.10) and the annual program review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from activities.models import school_year_of
from agreements.access import member_view
from audit.log import Actor, record
from board import actions, review
from board.models import BoardSubmission
from lib.pdf import write_pdf
from reporting.models import MonthlyCompilation

READERS = (*SUPERINTENDENT_ROLES, Role.CHIEF)


class SubmitForm(forms.Form):
    meeting_on = forms.DateField(label="Date of the Board meeting", widget=forms.DateInput(attrs={"type": "date"}))
    includes_form_as = forms.BooleanField(label="The Board's policy asks for the Form As themselves", required=False)


@member_view(*SUPERINTENDENT_ROLES)
@require_GET
def submissions(request: HttpRequest, membership: Membership) -> HttpResponse:
    compilations = (
        MonthlyCompilation.objects.filter(agreement=membership.agreement, status__in=actions.RECEIVED)
        .select_related("board_submission")
        .order_by("-month", "supplement")[:36]
    )
    last = BoardSubmission.objects.filter(compilation__agreement=membership.agreement).order_by("-recorded_at").first()
    form = SubmitForm(initial={"includes_form_as": last.includes_form_as if last else False})
    return render(request, "board/submissions.html", {"compilations": compilations, "form": form})


def _compilation(membership: Membership, pk: int) -> MonthlyCompilation:
    compilation = MonthlyCompilation.objects.filter(agreement=membership.agreement, pk=pk).first()
    if compilation is None:
        raise Http404("No such compilation.")
    return compilation


@member_view(*SUPERINTENDENT_ROLES)
@require_POST
def submit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    compilation = _compilation(membership, pk)
    form = SubmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the date of the Board meeting.")
        return redirect("board:submissions", membership.agreement.slug)
    try:
        actions.do_submit_to_board(Actor.from_request(request), membership, compilation, **form.cleaned_data)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"{compilation} recorded as submitted to the Board for its meeting.")
    return redirect("board:submissions", membership.agreement.slug)


@member_view(*SUPERINTENDENT_ROLES)
@require_GET
def packet(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    submission = BoardSubmission.objects.filter(compilation__agreement=membership.agreement, compilation__pk=pk).first()
    if submission is None or not submission.packet:
        raise Http404("No Board packet for this compilation.")
    record(
        Actor.from_request(request),
        "board.packet_downloaded",
        submission,
        agreement=membership.agreement,
        changes={"sha256": submission.packet_sha256},
    )
    response = FileResponse(
        submission.packet.open("rb"), content_type="application/pdf", filename=submission.packet.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "no-store"
    return response


def _year(request: HttpRequest) -> int:
    current = school_year_of(timezone.localdate())
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if current - 20 <= year <= current else current


@member_view(*READERS)
@require_GET
@never_cache
def annual(request: HttpRequest, membership: Membership) -> HttpResponse:
    year = _year(request)
    current = school_year_of(timezone.localdate())
    first = max(membership.agreement.effective_date.year - 1, current - 5)
    context: dict[str, Any] = {
        "review": review.build(membership.agreement, year),
        "years": [(y, f"{y}–{y + 1}") for y in range(current, first - 1, -1)],
    }
    return render(request, "board/annual.html", context)


@member_view(*READERS)
@require_GET
def annual_pdf(request: HttpRequest, membership: Membership) -> HttpResponse:
    the_review = review.build(membership.agreement, _year(request))
    data = write_pdf(render_to_string("board/pdf/annual.html", {"review": the_review}))
    record(
        Actor.from_request(request),
        "board.annual_review_downloaded",
        None,
        agreement=membership.agreement,
        changes={"school_year": the_review.label},
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{membership.agreement.slug}-annual-review-{the_review.start.year}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    waiting = MonthlyCompilation.objects.filter(
        agreement=membership.agreement, status__in=actions.RECEIVED, board_submission__isnull=True
    ).count()
    return {"waiting": waiting}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("Board", "board:submissions", order=42, shows=lambda m: m.role in SUPERINTENDENT_ROLES))
    register_link(NavLink("Annual review", "board:annual", order=43, shows=lambda m: m.role == Role.CHIEF))
    register(Panel("board/panel.html", frozenset(SUPERINTENDENT_ROLES), order=22, context=_panel))
