"""II. The SROs' nominations, assignments and schedules, for the Chief and the Superintendent (or designee).

Views parse, call an action, render. The SRO reads their own assignment and schedule.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from assignments import actions
from assignments.forms import AbsenceForm, DeclineForm, NominationForm, ScheduleForm, schedule_rows
from assignments.models import Absence, Assignment, Nomination, Schedule, ScheduleEntry
from assignments.queries import assignment_on, entries_of, schedule_on
from audit.log import Actor

PARTIES = (Role.CHIEF, *SUPERINTENDENT_ROLES)


def _nomination_for(membership: Membership, nomination_id: int) -> Nomination:
    nomination = (
        Nomination.objects.filter(agreement=membership.agreement, pk=nomination_id)
        .select_related("officer__user", "primary_school", "nominated_by", "decided_by")
        .first()
    )
    if nomination is None:
        raise Http404("No such nomination.")
    return nomination


def _sro_for(membership: Membership, sro_id: int) -> Membership:
    """An SRO of the agreement (current or past); an SRO may open only their own."""
    sro = (
        Membership.objects.filter(agreement=membership.agreement, pk=sro_id, role=Role.SRO)
        .select_related("user")
        .first()
    )
    if sro is None or (membership.role == Role.SRO and sro.user_id != membership.user_id):
        raise Http404("No such SRO.")
    return sro


def _schedule_for(membership: Membership, schedule_id: int) -> Schedule:
    schedule = Schedule.objects.filter(agreement=membership.agreement, pk=schedule_id).select_related("sro").first()
    if schedule is None:
        raise Http404("No such schedule.")
    return schedule


@member_view(*PARTIES)
@require_GET
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The program's SROs, where they are assigned, and the nominations."""
    agreement = membership.agreement
    today = timezone.localdate()
    sros = list(
        Membership.objects.active()
        .filter(agreement=agreement, role=Role.SRO)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    current = {
        a.sro.user_id: a
        for a in Assignment.objects.filter(agreement=agreement)
        .on(today)
        .select_related("sro", "primary_school")
        .prefetch_related("assist_schools")
    }
    nominations = (
        Nomination.objects.filter(agreement=agreement)
        .select_related("officer__user", "primary_school")
        .prefetch_related("assist_schools")
        .order_by("-nominated_at", "-id")[:50]
    )
    return render(
        request,
        "assignments/overview.html",
        {
            "rows": [(sro, current.get(sro.user_id)) for sro in sros],
            "nominations": nominations,
            "can_nominate": membership.role == Role.CHIEF,
        },
    )


@member_view(Role.CHIEF)
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, membership: Membership) -> HttpResponse:
    agreement = membership.agreement
    form = NominationForm(request.POST or None, agreement=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = actions.do_nominate(
                Actor.from_request(request),
                membership,
                form.cleaned_data["officer"],
                primary_school=form.cleaned_data["primary_school"],
                assist_schools=list(form.cleaned_data["assist_schools"]),
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{nomination.officer.display_name} nominated; the Superintendent is notified.")
            return redirect("assignments:nomination", agreement.slug, nomination.pk)
    return render(request, "assignments/nominate.html", {"form": form})


@member_view(*PARTIES)
@require_GET
def nomination_detail(request: HttpRequest, membership: Membership, nomination_id: int) -> HttpResponse:
    nomination = _nomination_for(membership, nomination_id)
    return _nomination_page(request, membership, nomination, DeclineForm())


def _nomination_page(
    request: HttpRequest, membership: Membership, nomination: Nomination, decline: DeclineForm
) -> HttpResponse:
    can_decide = membership.role == Role.SUPERINTENDENT and nomination.status == Nomination.Status.PENDING
    assignment = Assignment.objects.filter(nomination=nomination).select_related("sro").first()
    return render(
        request,
        "assignments/nomination.html",
        {"nomination": nomination, "can_decide": can_decide, "decline": decline, "assignment": assignment},
    )


@member_view(Role.SUPERINTENDENT)
@require_POST
def approve(request: HttpRequest, membership: Membership, nomination_id: int) -> HttpResponse:
    nomination = _nomination_for(membership, nomination_id)
    try:
        assignment = actions.do_approve_nomination(Actor.from_request(request), membership, nomination)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"Approved: {assignment.sro.display_name} is an SRO from today; the Chief is notified."
        )
    return redirect("assignments:nomination", membership.agreement.slug, nomination.pk)


@member_view(Role.SUPERINTENDENT)
@require_POST
def decline(request: HttpRequest, membership: Membership, nomination_id: int) -> HttpResponse:
    nomination = _nomination_for(membership, nomination_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            actions.do_decline_nomination(
                Actor.from_request(request), membership, nomination, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, "Declined; the Chief is notified with your reason.")
        return redirect("assignments:nomination", membership.agreement.slug, nomination.pk)
    return _nomination_page(request, membership, nomination, form)


def _schedule_lines(schedule: Schedule | None) -> list[dict]:
    """A schedule's entries as lines: the same school and hours on several days are one line."""
    if schedule is None:
        return []

    def key(e: ScheduleEntry):
        return (e.school.name, e.starts_at, e.ends_at, e.on_days_without_students)

    entries = sorted(entries_of(schedule), key=lambda e: (*key(e), e.weekday))
    lines = []
    for (_, starts_at, ends_at, flag), group in groupby(entries, key=key):
        group = list(group)
        lines.append(
            {
                "school": group[0].school,
                "weekdays": [e.weekday for e in group],
                "days": ", ".join(e.get_weekday_display() for e in group),
                "starts_at": starts_at,
                "ends_at": ends_at,
                "on_days_without_students": flag,
            }
        )
    return lines


@member_view(*PARTIES, Role.SRO)
@require_GET
def sro_detail(request: HttpRequest, membership: Membership, sro_id: int) -> HttpResponse:
    """One SRO: assignment history, the schedule in force, proposals, absences (II.2, II.3)."""
    sro = _sro_for(membership, sro_id)
    today = timezone.localdate()
    entries = Prefetch("entries", queryset=ScheduleEntry.objects.select_related("school"))
    schedules = list(
        Schedule.objects.filter(agreement=sro.agreement, sro__user_id=sro.user_id)
        .select_related("proposed_by", "decided_by")
        .prefetch_related(entries)
    )
    in_force = schedule_on(sro, today)
    party = actions.party_of(membership)
    return render(
        request,
        "assignments/sro.html",
        {
            "sro": sro,
            "current": assignment_on(sro, today),
            "history": Assignment.objects.of(sro)
            .select_related("primary_school")
            .prefetch_related("assist_schools")
            .order_by("-starts_on", "-id"),
            "in_force": in_force,
            "in_force_lines": _schedule_lines(in_force),
            "proposed": [s for s in schedules if s.status == Schedule.Status.PROPOSED],
            "upcoming": [s for s in schedules if s.status == Schedule.Status.CONFIRMED and s.effective_from > today],
            "party": party,
            "absences": Absence.objects.filter(agreement=sro.agreement, sro__user_id=sro.user_id).order_by("-on")[:30],
            "absence_form": AbsenceForm() if party else None,
            "lines_of": _schedule_lines,
        },
    )


@member_view(*PARTIES)
@require_http_methods(["GET", "POST"])
def propose_schedule(request: HttpRequest, membership: Membership, sro_id: int) -> HttpResponse:
    sro = _sro_for(membership, sro_id)
    today = timezone.localdate()
    current = assignment_on(sro, today)
    if current is None:
        messages.error(request, f"{sro.display_name} has no assignment today: the Superintendent approves one first.")
        return redirect("assignments:sro", membership.agreement.slug, sro.pk)
    schools = current.schools()
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        rows = schedule_rows(schools, request.POST)
        if form.is_valid() and rows.is_valid():
            entries = [e for row in rows.forms for e in row.entries()]
            try:
                actions.do_propose_schedule(
                    Actor.from_request(request),
                    membership,
                    sro,
                    effective_from=form.cleaned_data["effective_from"],
                    entries=entries,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Schedule proposed; the other party is asked to confirm it.")
                return redirect("assignments:sro", membership.agreement.slug, sro.pk)
    else:
        form = ScheduleForm(initial={"effective_from": today})
        lines = _schedule_lines(schedule_on(sro, today))
        initial = [
            {k: line[k] for k in ("school", "weekdays", "starts_at", "ends_at", "on_days_without_students")}
            for line in lines
            if line["school"].pk in {s.pk for s in schools}
        ]
        rows = schedule_rows(schools, initial=initial)
    return render(request, "assignments/propose_schedule.html", {"sro": sro, "form": form, "rows": rows})


@member_view(*PARTIES)
@require_POST
def confirm_schedule(request: HttpRequest, membership: Membership, schedule_id: int) -> HttpResponse:
    schedule = _schedule_for(membership, schedule_id)
    try:
        actions.do_confirm_schedule(Actor.from_request(request), membership, schedule)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, f"Schedule confirmed from {schedule.effective_from:%B} {schedule.effective_from.day}."
        )
    return redirect("assignments:sro", membership.agreement.slug, schedule.sro_id)


@member_view(*PARTIES)
@require_POST
def set_aside_schedule(request: HttpRequest, membership: Membership, schedule_id: int) -> HttpResponse:
    schedule = _schedule_for(membership, schedule_id)
    try:
        actions.do_set_aside_schedule(Actor.from_request(request), membership, schedule)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "The proposed schedule was set aside.")
    return redirect("assignments:sro", membership.agreement.slug, schedule.sro_id)


@member_view(*PARTIES)
@require_POST
def record_absence(request: HttpRequest, membership: Membership, sro_id: int) -> HttpResponse:
    sro = _sro_for(membership, sro_id)
    form = AbsenceForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("assignments:sro", membership.agreement.slug, sro.pk)
    try:
        absence = actions.do_record_absence(Actor.from_request(request), membership, sro, **form.cleaned_data)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("assignments:sro", membership.agreement.slug, sro.pk)
    messages.success(request, f"{absence.get_kind_display()} recorded for {absence.on:%B} {absence.on.day}.")
    if absence.on_school_day:
        messages.warning(request, actions.TRAINING_ON_A_SCHOOL_DAY.format(day=f"{absence.on:%A, %B} {absence.on.day}"))
    return redirect("assignments:sro", membership.agreement.slug, sro.pk)


# -- dashboard panels and nav ------------------------------------------------------------------------


def _parties_panel(request: HttpRequest, membership: Membership) -> dict:
    agreement = membership.agreement
    pending = list(
        Nomination.objects.filter(agreement=agreement, status=Nomination.Status.PENDING)
        .select_related("officer__user", "primary_school")
        .order_by("nominated_at")
    )
    party = actions.party_of(membership)
    schedules = list(
        Schedule.objects.filter(agreement=agreement, status=Schedule.Status.PROPOSED)
        .exclude(proposed_by_party=party)
        .select_related("sro__user")
    )
    return {"pending": pending, "schedules": schedules, "approver": membership.role == Role.SUPERINTENDENT}


def _sro_panel(request: HttpRequest, membership: Membership) -> dict:
    today = timezone.localdate()
    return {
        "current": assignment_on(membership, today),
        "in_force_lines": _schedule_lines(schedule_on(membership, today)),
    }


def _told_panel(request: HttpRequest, membership: Membership) -> dict:
    """What a principal or a police officer will be told, and by whom; for a principal, the SROs
    assigned to their schools."""
    today = timezone.localdate()
    principal = membership.role in (Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE)
    school_ids = membership.school_ids() if principal else set()
    assigned = []
    if school_ids:
        for a in (
            Assignment.objects.filter(agreement=membership.agreement)
            .on(today)
            .select_related("sro__user", "primary_school")
            .prefetch_related("assist_schools")
        ):
            here = [s for s in a.schools() if s.pk in school_ids]
            if here:
                assigned.append({"sro": a.sro, "schools": here, "primary": a.primary_school_id in school_ids})
    return {"principal": principal, "assigned": assigned}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("SROs", "assignments:overview", order=36, shows=lambda m: m.role in PARTIES))
    register(Panel("assignments/panel_parties.html", frozenset(PARTIES), order=15, context=_parties_panel))
    register(Panel("assignments/panel_sro.html", frozenset({Role.SRO}), order=15, context=_sro_panel))
    register(
        Panel(
            "assignments/panel_told.html",
            frozenset({Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE, Role.SSU, Role.OFFICER}),
            order=15,
            context=_told_panel,
        )
    )
