"""Section VI at school: requests to the principal (VI.1) and emergency records (VI.4), the
overview of each role, and the dashboard panel. Thin views that parse, call an action, render;
who may see a record is decided by one access helper per record type. The § 10-233h arrest
notices are in views_arrests.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import POLICE_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor
from schoolpolice import actions
from schoolpolice.actions import PRINCIPAL_ROLES, Enforcement, disclose, find_student, is_building_admin, school_ids
from schoolpolice.forms import DecisionForm, EmergencyForm, RequestForm, local
from schoolpolice.models import ArrestNotice, EmergencyAction, Kind, Request, late_condition, made_by

POLICE = tuple(POLICE_ROLES)
READERS = (*POLICE, *PRINCIPAL_ROLES, *SUPERINTENDENT_ROLES)
LIST_LIMIT = 50


# -- Access: the record or 404 ----------------------------------------------------------------


def activity_for(model: type, membership: Membership, pk: int) -> Any:
    """A request or emergency record: its officer, whoever entered it, the Chief, and the
    building administration of its school may see it; for anyone else it does not exist."""
    obj = (
        model.objects.filter(agreement=membership.agreement, pk=pk)
        .select_related("school", "student", "officer__user", "entered_by__user")
        .first()
    )
    if obj is None:
        raise Http404("No such record.")
    if membership.role == Role.CHIEF or made_by(obj, membership):
        return obj
    if is_building_admin(membership, obj.school_id):
        return obj
    raise Http404("No such record.")


def arrest_notice_of(source: Request | EmergencyAction) -> ArrestNotice | None:
    """The arrest notice recorded from SOURCE, if any."""
    field = "request" if isinstance(source, Request) else "emergency"
    return ArrestNotice.objects.filter(**{field: source}).first()


def arrest_step(membership: Membership, source: Request | EmergencyAction) -> dict[str, Any] | None:
    """For an arrest of a named student, the § 10-233h notice: a link to it, or to record it (L.1)."""
    if source.kind != Kind.ARREST or source.student_id is None or membership.role not in POLICE_ROLES:
        return None
    if isinstance(source, Request) and source.status != Request.Status.AGREED:
        return None
    notice = arrest_notice_of(source)
    if notice is not None:
        return {"notice": notice}
    if membership.role != Role.CHIEF and not made_by(source, membership):
        return None
    return {"new": "request" if isinstance(source, Request) else "emergency", "pk": source.pk}


def _mine(qs: QuerySet, membership: Membership) -> QuerySet:
    return qs.filter(Q(officer=membership) | Q(entered_by=membership))


# -- The overview: each role's own list --------------------------------------------------------


def _scoped(membership: Membership) -> tuple[QuerySet | None, QuerySet | None, QuerySet | None]:
    """The requests, emergency actions and arrest notices this person may see (None: none)."""
    agreement = membership.agreement
    requests = Request.objects.filter(agreement=agreement).select_related("school", "student", "officer__user")
    emergencies = EmergencyAction.objects.filter(agreement=agreement).select_related("school", "student")
    arrests = ArrestNotice.objects.filter(agreement=agreement).select_related("school", "student", "officer__user")
    role = membership.role
    if role in PRINCIPAL_ROLES:
        ids = school_ids(membership)
        return requests.filter(school__in=ids), emergencies.filter(school__in=ids), None
    if role in SUPERINTENDENT_ROLES:
        return None, None, arrests
    if role != Role.CHIEF:
        return _mine(requests, membership), _mine(emergencies, membership), _mine(arrests, membership)
    return requests, emergencies, arrests


def lists_for(membership: Membership) -> dict[str, Any]:
    """What this person sees: the principal their school's requests, the Superintendent the arrest
    notices, the Chief everything open, an officer their own records."""
    role = membership.role
    requests, emergencies, arrests = _scoped(membership)
    result: dict[str, Any] = {"requests": None, "waiting": None, "emergencies": None, "arrests": None}
    if requests is not None:
        result["waiting"] = list(requests.filter(status=Request.Status.WAITING).order_by("proposed_at")[:LIST_LIMIT])
        result["requests"] = list(requests.exclude(status=Request.Status.WAITING)[:LIST_LIMIT])
    if emergencies is not None:
        result["emergencies"] = list(emergencies[:LIST_LIMIT])
    if arrests is not None:
        result["arrests_open"] = list(arrests.open().order_by("oral_due_at")[:LIST_LIMIT])
        result["arrests_late"] = list(arrests.late().order_by("-arrested_at")[:LIST_LIMIT])
        result["to_acknowledge"] = list(
            arrests.open().filter(written_at__isnull=False).order_by("written_at")[:LIST_LIMIT]
        )
        result["arrests"] = list(arrests.exclude(acknowledged_at__isnull=True)[:LIST_LIMIT])
    # Student names on a list only for the district side: the police see them on each record,
    # where the disclosure is logged (L.2).
    result["show_names"] = role in PRINCIPAL_ROLES or role in SUPERINTENDENT_ROLES
    return result


@member_view(*READERS)
@require_GET
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    context = lists_for(membership) | {
        "police": membership.role in POLICE_ROLES,
        "superintendent": membership.role in SUPERINTENDENT_ROLES,
        "principal": membership.role in PRINCIPAL_ROLES,
    }
    return render(request, "schoolpolice/overview.html", context)


# -- VI.1 requests ---------------------------------------------------------------------------


def _enforcement(data: dict[str, Any]) -> Enforcement:
    return Enforcement(
        acting=data.get("acting", ""),
        sro_reason=data.get("sro_reason", ""),
        custody_place=data.get("custody_place", ""),
        custody_reason=data.get("custody_reason", ""),
    )


@member_view(*POLICE)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    # Arriving from a graduated-response request whose option was arrest (V.5): the kind and the
    # school come across in the address; the student is named again here, never in a URL.
    initial = {}
    if request.GET.get("kind") in Kind.values:
        initial["kind"] = request.GET["kind"]
    if request.GET.get("school", "").isdigit():
        initial["school"] = request.GET["school"]
    form = RequestForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            student = find_student(membership.agreement, d["school"], d["student_name"], d["student_id"])
            req = actions.do_request(
                Actor.from_request(request),
                membership,
                officer=form.chosen_officer,
                school=d["school"],
                student=student,
                kind=d["kind"],
                proposed_at=local(d["proposed_date"], d["proposed_time"]),
                place=d["place"],
                danger=d["danger"],
                evidence=d["evidence"],
                elsewhere=d["elsewhere"],
                enforcement=_enforcement(d),
                escalated=d["escalated"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Request sent to the building principal of {req.school.name}.")
            return redirect("schoolpolice:request", slug=membership.agreement.slug, pk=req.pk)
    return render(request, "schoolpolice/request_new.html", {"form": form})


@member_view(*POLICE, *PRINCIPAL_ROLES)
@require_GET
def request_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    req = activity_for(Request, membership, pk)
    disclose(Actor.from_request(request), membership, req.student, "request", req)
    can_decide = req.status == Request.Status.WAITING and is_building_admin(membership, req.school_id)
    form = DecisionForm(agreement=membership.agreement) if can_decide else None
    return render(request, "schoolpolice/request.html", _request_context(membership, req, form))


def _request_context(membership: Membership, req: Request, form: DecisionForm | None) -> dict[str, Any]:
    return {
        "req": req,
        "form": form,
        # The requester answers the principal's other time or place (or makes a new request).
        "can_accept": req.status == Request.Status.OTHER_TIME and made_by(req, membership),
        "offer_form_a": membership.role == Role.SRO and req.escalated and req.status == Request.Status.AGREED,
        "arrest_step": arrest_step(membership, req),
    }


@member_view(*PRINCIPAL_ROLES)
@require_POST
def decide(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    req = activity_for(Request, membership, pk)
    form = DecisionForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_decide(
                Actor.from_request(request),
                membership,
                req,
                decision=d["decision"],
                note=d["note"],
                other_at=form.other_at,
                other_place=d["other_place"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            req.refresh_from_db()
            messages.success(request, f"Decision recorded: {req.get_status_display()}. The officer has been told.")
            return redirect("schoolpolice:request", slug=membership.agreement.slug, pk=req.pk)
    req.refresh_from_db()
    if req.status != Request.Status.WAITING:
        form = None
    return render(request, "schoolpolice/request.html", _request_context(membership, req, form), status=400)


@member_view(*POLICE)
@require_POST
def accept_other(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    req = activity_for(Request, membership, pk)
    try:
        actions.do_accept_other(Actor.from_request(request), membership, req)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Agreed at the other time or place. The building administration has been told.")
    return redirect("schoolpolice:request", slug=membership.agreement.slug, pk=req.pk)


# -- VI.4 emergency actions ------------------------------------------------------------------


@member_view(*POLICE)
@require_http_methods(["GET", "POST"])
def emergency_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = EmergencyForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            student = None
            if d["student_name"] or d["student_id"]:
                student = find_student(membership.agreement, d["school"], d["student_name"], d["student_id"])
            action = actions.do_record_emergency(
                Actor.from_request(request),
                membership,
                officer=form.chosen_officer,
                school=d["school"],
                student=student,
                kind=d["kind"],
                occurred_at=local(d["occurred_date"], d["occurred_time"]),
                emergency=d["emergency"],
                description=d["description"],
                enforcement=_enforcement(d),
                escalated=d["escalated"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(
                request,
                f"Emergency action recorded; the building administration of {action.school.name} has been told.",
            )
            return redirect("schoolpolice:emergency", slug=membership.agreement.slug, pk=action.pk)
    return render(request, "schoolpolice/emergency_new.html", {"form": form})


@member_view(*POLICE, *PRINCIPAL_ROLES)
@require_GET
def emergency_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    action = activity_for(EmergencyAction, membership, pk)
    disclose(Actor.from_request(request), membership, action.student, "emergency", action)
    return render(
        request,
        "schoolpolice/emergency.html",
        {
            "action": action,
            "offer_form_a": membership.role == Role.SRO and action.escalated,
            "arrest_step": arrest_step(membership, action),
        },
    )


# -- Dashboard and nav -----------------------------------------------------------------------


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    """The counts behind the dashboard's line: two aggregate queries, whatever the numbers."""
    requests, _, arrests = _scoped(membership)
    counts = {"waiting": 0, "to_acknowledge": 0, "late": 0, "open": 0}
    if requests is not None:
        counts["waiting"] = requests.filter(status=Request.Status.WAITING).count()
    if arrests is not None:
        open_ = Q(acknowledged_at__isnull=True)
        counts |= arrests.aggregate(
            open=Count("pk", filter=open_),
            to_acknowledge=Count("pk", filter=open_ & Q(written_at__isnull=False)),
            late=Count("pk", filter=late_condition()),
        )
    return counts | {
        "principal": membership.role in PRINCIPAL_ROLES,
        "superintendent": membership.role in SUPERINTENDENT_ROLES,
        "police": membership.role in POLICE_ROLES,
    }


def _badge(request: HttpRequest, membership: Membership) -> QuerySet[Any] | int:
    """Items waiting for this person (counted with the nav's other badges): a principal's
    decisions, the Superintendent's acknowledgements."""
    agreement = membership.agreement
    if membership.role in PRINCIPAL_ROLES:
        return Request.objects.filter(
            agreement=agreement, status=Request.Status.WAITING, school__in=school_ids(membership)
        )
    if membership.role in SUPERINTENDENT_ROLES:
        return ArrestNotice.objects.filter(agreement=agreement).open().filter(written_at__isnull=False)
    return 0


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(
        NavLink(
            "Police at school",
            "schoolpolice:overview",
            order=38,
            shows=lambda m: m.role in READERS,
            badge=_badge,
            badge_label="waiting",
        )
    )
    register(Panel("schoolpolice/panel.html", frozenset(READERS), order=24, context=_panel))
