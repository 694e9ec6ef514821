"""The roster's pages: the data steward's import, mapping and settings; the disclosure log for
the Superintendent and the steward; the SRO's lookup inside a Form A student block (VII.6, L.2)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership, Role
from agreements.access import member_view
from audit.log import Actor
from reporting.models import FormA, student_letter
from students import actions, tasks
from students.forms import MappingForm, SettingsForm, UploadForm
from students.models import Disclosure, OrgMapping, RosterImport, Student

STEWARD = Role.DATA_STEWARD
LOG_READERS = (Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE, Role.DATA_STEWARD)
# Uploads up to this size are imported while the steward waits; larger ones go to the worker.
INLINE_IMPORT_BYTES = 1_000_000


def _import(membership: Membership, pk: int) -> RosterImport:
    return get_object_or_404(RosterImport, pk=pk, agreement=membership.agreement)


def _mapping(membership: Membership, pk: int) -> OrgMapping:
    return get_object_or_404(OrgMapping, pk=pk, agreement=membership.agreement)


def _draft(membership: Membership, pk: int) -> FormA:
    """The SRO's own report while the SRO may still edit it; 404 otherwise (VII.7)."""
    return get_object_or_404(FormA.objects.editable(), pk=pk, agreement=membership.agreement, sro=membership)


def _lookup_student(membership: Membership, pk: int) -> Student:
    """An active student of the SRO's assigned schools, or 404."""
    return get_object_or_404(
        Student.objects.active().select_related("school"),
        pk=pk,
        agreement=membership.agreement,
        school_id__in=actions.lookup_schools(membership),
    )


# -- The data steward ----------------------------------------------------------------------


def roster_panel(request: HttpRequest, membership: Membership) -> dict[str, object]:
    """The dashboard's roster panel: the last import, and the disclosures this month."""
    agreement = membership.agreement
    month_start = timezone.localdate().replace(day=1)
    return {
        "steward": membership.role == STEWARD,
        "active": Student.objects.filter(agreement=agreement, active=True).count(),
        # Not the import's error and warning lists: a refused file's can be long.
        "last": RosterImport.objects.filter(agreement=agreement).only("created_at", "status").first(),
        "disclosures": Disclosure.objects.filter(agreement=agreement, at__date__gte=month_start).count(),
    }


@member_view(STEWARD)
@require_GET
def roster(request: HttpRequest, membership: Membership) -> HttpResponse:
    agreement = membership.agreement
    actions.do_fail_stalled_imports(agreement)
    per_school = (
        Student.objects.filter(agreement=agreement)
        .values("school__name")
        .annotate(n_active=Count("id", filter=Q(active=True)), n_inactive=Count("id", filter=Q(active=False)))
        .order_by("school__name")
    )
    return render(
        request,
        "students/roster.html",
        {
            "per_school": per_school,
            "imports": RosterImport.objects.filter(agreement=agreement).select_related("by")[:10],
            "unmapped": OrgMapping.objects.filter(agreement=agreement, school__isnull=True).count(),
            "has_demographics": actions.roster_for(agreement).has_demographics,
            "upload_form": UploadForm(),
            "settings_form": SettingsForm(initial={"other_gender": actions.roster_for(agreement).other_gender}),
        },
    )


@member_view(STEWARD)
@require_POST
def upload(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Take a bundle or a disability extract; import it now if small, in the worker if large."""
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("bundle", []):
            messages.error(request, error)
        if "confirm_deactivate" in form.errors:
            return HttpResponseBadRequest("The confirmation is not a count of students.")
        return redirect("students:roster", membership.agreement.slug)
    upload_file = form.cleaned_data["bundle"]
    kind = "disability" if upload_file.name.lower().endswith(".csv") else "oneroster"
    actor = Actor.from_request(request)
    roster_import = RosterImport.objects.create(
        agreement=membership.agreement,
        by=request.user,
        by_label=actor.label,
        filename=upload_file.name[:255],
        kind=kind,
        total=upload_file.size,
        to_deactivate=form.cleaned_data["confirm_deactivate"] or 0,
    )
    if upload_file.size <= INLINE_IMPORT_BYTES:
        tasks.run_import(roster_import.pk, data=upload_file.read())
    else:
        roster_import.upload.save(f"{roster_import.pk}.upload", upload_file, save=True)
        transaction.on_commit(lambda: tasks.enqueue_import(roster_import.pk))
    return redirect("students:import", membership.agreement.slug, roster_import.pk)


@member_view(STEWARD)
@require_GET
def import_status(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """One import: progress while it runs (the page polls), then its outcome or its problems."""
    actions.do_fail_stalled_imports(membership.agreement)
    item = _import(membership, pk)
    context: dict[str, object] = {"item": item}
    if item.status == RosterImport.Status.CONFIRM:
        context["question"] = actions.deactivation_question(item.to_deactivate, item.total)
        context["confirm_form"] = UploadForm(initial={"confirm_deactivate": item.to_deactivate})
    return render(request, "students/import.html", context)


@member_view(STEWARD)
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Which of the agreement's schools each OneRoster org is, for those not matched by themselves."""
    agreement = membership.agreement
    mappings = OrgMapping.objects.filter(agreement=agreement).select_related("school").order_by("school", "name")
    if request.method == "POST":
        item = _mapping(membership, _int(request.POST.get("mapping")))
        form = MappingForm(request.POST, agreement=agreement)
        if form.is_valid():
            actions.do_map_org(Actor.from_request(request), agreement, item, form.cleaned_data["school"])
            messages.success(request, f"{item} is now mapped to {form.cleaned_data['school'] or 'no school'}.")
            return redirect("students:mapping", agreement.slug)
        messages.error(request, "Choose one of this agreement's schools, or none.")
    rows = [(m, MappingForm(agreement=agreement, initial={"mapping": m.pk, "school": m.school_id})) for m in mappings]
    return render(request, "students/mapping.html", {"rows": rows})


@member_view(STEWARD)
@require_POST
def roster_settings(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        actions.do_set_other_gender(
            Actor.from_request(request), membership.agreement, form.cleaned_data["other_gender"]
        )
        messages.success(request, "Setting saved.")
    else:
        messages.error(request, "Choose how Form A reports OneRoster's 'other' and 'unspecified'.")
    return redirect("students:roster", membership.agreement.slug)


# -- The disclosure log (L.2) ---------------------------------------------------------------


@member_view(*LOG_READERS)
@require_GET
@never_cache
def disclosures(request: HttpRequest, membership: Membership) -> HttpResponse:
    """FERPA 34 CFR 99.32: each disclosure of a student's information, newest first."""
    entries = (
        Disclosure.objects.filter(agreement=membership.agreement)
        .select_related("student__school", "to__user")
        .order_by("-at", "-id")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "students/disclosures.html", {"page": page})


# -- The SRO, inside a Form A student block (VII.6) ----------------------------------------


@member_view(Role.SRO)
@require_GET
@never_cache
def lookup(request: HttpRequest, membership: Membership, report: int, position: int) -> HttpResponse:
    """Students of the SRO's schools matching the search: name, grade and school only, the likeliest first."""
    draft = _draft(membership, report)
    if not draft.students.filter(position=position).exists():
        raise Http404("No such student block.")
    query = request.GET.get("q", "").strip()[:100]
    context = {"report": draft, "position": position, "query": query, "students": []}
    if query:
        found = actions.do_search_roster(Actor.from_request(request), membership, query)
        if found is None:
            context["limited"] = True
            return render(request, "students/_lookup_results.html", context, status=429)
        context["students"] = found
    return render(request, "students/_lookup_results.html", context)


@member_view(Role.SRO)
@require_POST
@never_cache
def fill(request: HttpRequest, membership: Membership, report: int, position: int, student: int) -> HttpResponse:
    """Fill a student block from the roster and log the disclosure; nothing but Form A's fields."""
    draft = _draft(membership, report)
    block = get_object_or_404(draft.students, position=position)
    chosen = _lookup_student(membership, student)
    if not actions.claim_lookup(membership):
        return render(request, "students/_lookup_results.html", {"limited": True, "students": []}, status=429)
    # The age is taken on the report's stored incident date, never a date from the request (the
    # page autosaves the date as it is typed); without one, nothing is disclosed. The message is
    # a 200 so that htmx shows it in the block.
    try:
        values = actions.do_fill_student_block(Actor.from_request(request), membership, chosen, block)
    except ValidationError as e:
        return render(request, "students/_lookup_results.html", {"refusal": " ".join(e.messages), "students": []})
    incident_date = FormA.objects.filter(pk=draft.pk).values_list("incident_date", flat=True).get()
    return render(
        request,
        "students/_filled.html",
        {
            "values": values,
            "values_json": json.dumps(values),
            "label": f"Student {student_letter(position)}",
            "incident_date": incident_date,
            "ask_gender": not values.get("gender"),
            "ask_age": values.get("age") is None,
            "race_unknown": "white" not in values,
            "by_hand": not actions.supplied_in_full(chosen),
            "initials": actions.initials(chosen),
            "grade": chosen.grade,
            "school": chosen.school.name if chosen.school else "",
        },
    )


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise Http404("No such item.") from None
