"""Training: who is out of compliance and since when; the catalogue; recording completions (IV.3, X.3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor
from training import actions
from training.forms import CompletionForm, CourseForm
from training.models import Completion, Course, Standing

MANAGERS = (Role.CHIEF, *SUPERINTENDENT_ROLES)


@member_view()
@require_GET
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Everyone sees their own standing; the Chief and the Superintendent see everyone's."""
    agreement = membership.agreement
    tables = []
    titles = {
        Course.Audience.SRO: "School Resource Officers (section IV)",
        Course.Audience.AGREEMENT: "Training on the agreement (section X)",
    }
    for audience, (courses, rows) in actions.compliance_of(agreement, tuple(titles)).items():
        title = titles[audience]
        if not actions.may_manage(membership):
            rows = [r for r in rows if r.person.pk == membership.pk]
        if courses and rows:
            tables.append({"title": title, "courses": courses, "rows": rows})
    mine = Completion.objects.filter(person=membership).select_related("course")[:50]
    return render(
        request,
        "training/overview.html",
        {
            "tables": tables,
            "mine": mine,
            "manager": actions.may_manage(membership),
            "standing": Standing,
            "has_catalogue": Course.objects.filter(agreement=agreement).exists(),
        },
    )


@member_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def record_completion(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = CompletionForm(request.POST or None, recorder=membership)
    if request.method == "POST" and form.is_valid():
        try:
            completion, warning = actions.do_record_completion(
                Actor.from_request(request), membership, **form.cleaned_data
            )
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(
                request,
                f"{completion.person.display_name}: {completion.course.name} on {completion.completed_on:%B %-d, %Y} recorded.",
            )
            if warning:
                messages.warning(request, warning)
            return redirect("training:overview", membership.agreement.slug)
    return render(request, "training/record.html", {"form": form, "today": timezone.localdate()})


@member_view(*MANAGERS)
@require_http_methods(["GET", "POST"])
def courses(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = CourseForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            course = actions.do_add_course(Actor.from_request(request), membership, form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"“{course.name}” added to the catalogue.")
            return redirect("training:courses", membership.agreement.slug)
    catalogue = Course.objects.filter(agreement=membership.agreement)
    missing_mou = {name for name, _, _ in actions.MOU_COURSES} - set(catalogue.values_list("name", flat=True))
    context: dict[str, Any] = {"form": form, "catalogue": catalogue, "missing_mou": sorted(missing_mou)}
    return render(request, "training/courses.html", context)


@member_view(*SUPERINTENDENT_ROLES, Role.CHIEF)
@require_POST
def add_mou_courses(request: HttpRequest, membership: Membership) -> HttpResponse:
    added = actions.do_add_mou_courses(Actor.from_request(request), membership.agreement)
    messages.success(request, f"{len(added)} of the agreement's trainings added." if added else "They are all there.")
    return redirect("training:courses", membership.agreement.slug)


# -- Dashboard panels and nav ---------------------------------------------------------------------


def _manager_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    out = []
    for _, rows in actions.compliance_of(
        membership.agreement, (Course.Audience.SRO, Course.Audience.AGREEMENT)
    ).values():
        out += [r for r in rows if r.out_since is not None]
    return {"out": out}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("Training", "training:overview", order=45, shows=lambda m: m.role != Role.SYSADMIN))
    register(Panel("training/panel_manager.html", frozenset(MANAGERS), order=60, context=_manager_panel))
