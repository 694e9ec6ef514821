"""The graduated response pages: the school records and asks; the SRO answers; the Chief counts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Role
from agreements.access import member_view
from audit.log import Actor
from lib.bounds import agreement_dates
from lib.text import clean
from response import actions
from response.actions import ALREADY_ANSWERED
from response.forms import FindStudentForm, InterventionForm, OutcomeForm, RequestForm
from response.models import (
    ARREST_FOLLOWS_VI,
    NOT_ARREST,
    OPTIONS,
    SECTION_VI_REFERRAL,
    SRO_NOT_IN_CLASSROOM,
    TRUANCY_REFUSAL,
    Level,
    PoliceRequest,
)
from response.queries import ADMINISTRATORS, POLICE_READERS, administered_schools, requests_for
from students.models import Student

READERS = (*ADMINISTRATORS, *POLICE_READERS)


def _student(membership: Membership, pk: int) -> Student:
    """A student of one of the administrator's schools, or 404."""
    student = (
        Student.objects.active()
        .filter(agreement=membership.agreement, pk=pk, school_id__in=administered_schools(membership))
        .select_related("school")
        .first()
    )
    if student is None:
        raise Http404("No such student.")
    return student


def _request(membership: Membership, pk: int) -> PoliceRequest:
    found = requests_for(membership).filter(pk=pk).select_related("student__school", "answered_by__user").first()
    if found is None:
        raise Http404("No such request.")
    return found


@member_view(*READERS)
@require_GET
@never_cache
def index(request: HttpRequest, membership: Membership) -> HttpResponse:
    """School side: find a student, and the requests made; police side: the requests, without names."""
    requests = requests_for(membership)
    context: dict[str, Any] = {
        "waiting": requests.filter(status=PoliceRequest.Status.WAITING),
        "answered": requests.filter(status=PoliceRequest.Status.ANSWERED)[:50],
        "school_side": membership.role in ADMINISTRATORS,
    }
    if membership.role in ADMINISTRATORS:
        form = FindStudentForm(request.GET if "student_id" in request.GET else None)
        if form.is_bound and form.is_valid():
            wanted = " ".join(clean(form.cleaned_data["student_id"]).split())
            student = (
                Student.objects.active()
                .filter(
                    agreement=membership.agreement,
                    identifier__iexact=wanted,
                    school_id__in=administered_schools(membership),
                )
                .first()
                if wanted
                else None
            )
            if student is not None:
                return redirect("response:student", slug=membership.agreement.slug, student=student.pk)
            form.add_error("student_id", "No active student with that student ID at your schools.")
        context["find"] = form
    return render(request, "response/index.html", context)


@member_view()
@require_GET
def levels(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The four levels of section V and their options, in the MOU's words (V.1)."""
    return render(
        request,
        "response/levels.html",
        {
            "levels": [(lv, OPTIONS[lv]) for lv in Level],
            "sro_not_in_classroom": SRO_NOT_IN_CLASSROOM,
            "truancy": TRUANCY_REFUSAL,
            "not_arrest": NOT_ARREST,
            "arrest_follows_vi": ARREST_FOLLOWS_VI,
        },
    )


@member_view(*ADMINISTRATORS)
@require_GET
@never_cache
def student(request: HttpRequest, membership: Membership, student: int) -> HttpResponse:
    """The school's record for one student: interventions at the school's levels, and requests."""
    found = _student(membership, student)
    return render(
        request,
        "response/student.html",
        {
            "student": found,
            "interventions": found.interventions.select_related("recorded_by__user"),
            "requests": found.police_requests.all(),
        },
    )


@member_view(*ADMINISTRATORS)
@require_http_methods(["GET", "POST"])
@never_cache
def record_intervention(request: HttpRequest, membership: Membership, student: int) -> HttpResponse:
    found = _student(membership, student)
    earliest, _ = agreement_dates(membership.agreement)
    form = InterventionForm(
        request.POST or None, earliest=earliest, latest=timezone.localdate(), initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_intervention(Actor.from_request(request), membership, found, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Intervention recorded.")
            return redirect("response:student", slug=membership.agreement.slug, student=found.pk)
    return render(request, "response/intervention_form.html", {"form": form, "student": found})


@member_view(*ADMINISTRATORS)
@require_http_methods(["GET", "POST"])
@never_cache
def new_request(request: HttpRequest, membership: Membership, student: int) -> HttpResponse:
    """The gate (V.3): no request without one of the three grounds and its particulars."""
    found = _student(membership, student)
    form = RequestForm(request.POST or None, student=found, initial={"determined_by": membership.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.do_request_police_involvement(
                Actor.from_request(request), membership, found, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{made} sent to the SRO(s) of {made.school}.")
            return redirect("response:request", slug=membership.agreement.slug, pk=made.pk)
    return render(request, "response/request_form.html", {"form": form, "student": found})


def _render_request(request: HttpRequest, membership: Membership, found: PoliceRequest, form=None) -> HttpResponse:
    police = membership.role in POLICE_READERS
    context: dict[str, Any] = {
        "req": found,
        "police": police,
        "arrest_follows_vi": ARREST_FOLLOWS_VI,
        "section_vi": SECTION_VI_REFERRAL,
        "not_arrest": NOT_ARREST,
    }
    if police:
        # Each display of whom the request is about, to the police, is a logged disclosure (L.2).
        context["student"] = actions.show_to_police(Actor.from_request(request), membership, found)
    else:
        context["student"] = found.student
        context["interventions"] = found.interventions.all()
    if membership.role == Role.SRO and found.is_waiting:
        context["form"] = form or OutcomeForm()
    return render(request, "response/request.html", context)


@member_view(*READERS)
@require_GET
@never_cache
def request_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    return _render_request(request, membership, _request(membership, pk))


@member_view(Role.SRO)
@require_POST
@never_cache
def outcome(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The SRO records the law-enforcement option taken and its outcome (V.3, V.5)."""
    found = _request(membership, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid() and found.is_waiting:
        try:
            actions.do_record_law_enforcement_option(
                Actor.from_request(request), membership, found, **form.cleaned_data
            )
        except ValidationError as e:
            form.add_error(None, e)
            found.refresh_from_db()
        else:
            messages.success(request, "Law-enforcement option recorded.")
            return redirect("response:request", slug=membership.agreement.slug, pk=found.pk)
    if not found.is_waiting:
        messages.error(request, ALREADY_ANSWERED)
        return redirect("response:request", slug=membership.agreement.slug, pk=found.pk)
    response = _render_request(request, membership, found, form)
    return response


def _waiting(membership: Membership) -> QuerySet[PoliceRequest]:
    """Requests waiting that this person sees (the Chief's panel count and the SRO's nav badge)."""
    return requests_for(membership).filter(status=PoliceRequest.Status.WAITING)


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """The Chief's card counts the requests waiting; an SRO's lists those waiting for them, and an
    administrator's the open ones they made."""
    if membership.role == Role.CHIEF:
        return {"count": _waiting(membership).count()}
    mine = _waiting(membership)
    if membership.role in ADMINISTRATORS:
        mine = mine.filter(made_by=membership)
    return {"waiting": list(mine[:10])}


def _waiting_badge(request: HttpRequest, membership: Membership) -> QuerySet[PoliceRequest] | int:
    if membership.role != Role.SRO:
        return 0
    return _waiting(membership)


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(
        NavLink(
            "Graduated response",
            "response:index",
            order=33,
            shows=lambda m: m.role in READERS,
            badge=_waiting_badge,
            badge_label="waiting",
        )
    )
    register(Panel("response/panel.html", frozenset(READERS), order=22, context=_panel))
