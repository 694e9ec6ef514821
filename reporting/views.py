"""Form A pages: the SRO files (VII.1, VII.3 to VII.5, VII.7), the Chief or Superintendent
receives (VII.8, VII.10).

Every response that carries report content is sent with Cache-Control: no-store (VII.7), and
every view of a filed report's content is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, QuerySet, When, Window
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from agreements.models import Agreement
from audit.log import Actor
from lib.prepared import Counting, Prepared, counts_of
from reporting import actions
from reporting.forms import (
    CERTIFICATION,
    CONFIDENTIALITY,
    FREE_TEXT_FIELDS,
    GATE_REFUSAL,
    NAMES_CONFIRMATION,
    FormAForm,
    GateForm,
    InboxFilterForm,
    ReturnForm,
    SignatureForm,
    apply_problems,
    check_report,
    confirm_findings,
    confirm_message,
    report_values,
    student_formset,
    student_values,
)
from reporting.models import FormA, MonthlyCompilation
from reporting.routes import receiver_roles, receiver_title

RECEIVERS = (Role.CHIEF, *SUPERINTENDENT_ROLES)
# 25 rows fill a laptop screen and keep the page well inside its 50 ms budget (docs/performance.md).
INBOX_PAGE_SIZE = 25
RECEIPTS_PAGE_SIZE = 50


# -- Access helpers -------------------------------------------------------------------------------


def _own_report(membership: Membership, pk: int) -> FormA:
    """The SRO's own draft, or a report returned to them. Once submitted, the SRO cannot open
    it: 404, as if it did not exist (VII.7)."""
    report = get_object_or_404(
        FormA.objects.editable().select_related("school", "agreement__district"),
        pk=pk,
        agreement=membership.agreement,
        sro=membership,
    )
    report.sro = membership  # the same row, already read with its user: spares the page two queries
    return report


def _require_receiver(membership: Membership) -> None:
    if membership.role not in receiver_roles(membership.agreement):
        raise PermissionDenied("Under this agreement's route, Form As go to someone else.")


def receiver_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """member_view for whoever receives Form As under the agreement's route; 403 for the others."""

    @member_view(*RECEIVERS)
    @wraps(view)
    def wrapper(request: HttpRequest, membership: Membership, *args: Any, **kwargs: Any) -> HttpResponse:
        _require_receiver(membership)
        return view(request, membership, *args, **kwargs)

    return wrapper


def _filed_report(membership: Membership, pk: int) -> FormA:
    """A filed report, for whoever receives Form As under the agreement's route (VII.10)."""
    _require_receiver(membership)
    return get_object_or_404(
        FormA.objects.filed().select_related("school", "sro__user", "agreement__police_department"),
        pk=pk,
        agreement=membership.agreement,
    )


# -- Deadlines ------------------------------------------------------------------------------------


def school_days_left(agreement: Agreement, reports: list[FormA], today: date | None = None) -> dict[int, int | None]:
    """For each report with a due date: school days until it (negative once past), or None."""
    today = today or timezone.localdate()
    result: dict[int, int | None] = {r.pk: None for r in reports}
    dated = [r for r in reports if r.due_date]
    if not dated:
        return result
    from schoolcalendar.days import CalendarGap, for_district

    try:
        calendar = for_district(agreement.district)
    except CalendarGap:
        return result
    for report in dated:
        try:
            if today <= report.due_date:
                result[report.pk] = calendar.school_days_between(today, report.due_date)
            else:
                result[report.pk] = -calendar.school_days_between(report.due_date, today)
        except CalendarGap:
            pass
    return result


def _drafts_of(agreement_id: int, sro_id: int) -> QuerySet[FormA]:
    """The SRO's drafts, reports returned for correction first, then by due date."""
    return (
        FormA.objects.editable()
        .filter(agreement_id=agreement_id, sro_id=sro_id)
        .select_related("school", "agreement")
        .annotate(
            student_count=Count("students"),
            returned_first=Case(When(status=FormA.Status.RETURNED, then=0), default=1),
        )
        .order_by("returned_first", "due_date", "created_at")
    )


# The dashboard shows the drafts most urgent (returned first, then the soonest due); "All your
# Form As" lists every one. An SRO with dozens open still gets a short card on a phone.
DASHBOARD_DRAFTS = 5
# The dashboard's first drafts, each carrying `drafts_total` (how many there are in all), and the
# last receipts: compiled once per process (lib/prepared.py).
_FIRST_DRAFTS = Prepared(
    lambda agreement_id, sro_id: _drafts_of(agreement_id, sro_id).annotate(drafts_total=Window(Count("pk")))[
        :DASHBOARD_DRAFTS
    ],
    agreement_id=int,
    sro_id=int,
)


def _drafts(membership: Membership, *, dashboard: bool = False) -> list[FormA]:
    """The SRO's drafts (the dashboard's first few), each with its school days left."""
    if dashboard:
        drafts = _FIRST_DRAFTS.all(agreement_id=membership.agreement_id, sro_id=membership.pk)
    else:
        drafts = list(_drafts_of(membership.agreement_id, membership.pk))
    left = school_days_left(membership.agreement, drafts)
    for draft in drafts:
        draft.days_left = left[draft.pk]
    return drafts


def _receipts_of(agreement_id: int, sro_id: int) -> QuerySet[FormA]:
    """The SRO's receipt list: the number, school, date and status, never the content."""
    return (
        FormA.objects.filed()
        .filter(agreement_id=agreement_id, sro_id=sro_id)
        .select_related("school")
        .only("number", "school__name", "first_submitted_at", "status", "school_days_late", "agreement_id", "sro_id")
        .order_by("-first_submitted_at")
    )


_LAST_RECEIPTS = Prepared(
    lambda agreement_id, sro_id: _receipts_of(agreement_id, sro_id)[:5], agreement_id=int, sro_id=int
)


def _receipts(membership: Membership) -> QuerySet[FormA]:
    return _receipts_of(membership.agreement_id, membership.pk)


# -- Filing, for the SRO --------------------------------------------------------------------------


@member_view(Role.SRO)
@require_GET
@never_cache
def mine(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The SRO's drafts, with due dates, and receipts for the reports submitted, a page at a time
    (a fixed number of queries however many the SRO filed)."""
    page = Paginator(_receipts(membership), RECEIPTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/mine.html",
        {"drafts": _drafts(membership), "receipts": page.object_list, "page": page, "today": timezone.localdate()},
    )


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
@never_cache
def new(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The eligibility gate (VII.1): only conduct that escalated to violence or is a crime."""
    form = GateForm(request.POST or None)
    form.fields["escalated_to_violence"].widget.attrs["autofocus"] = True  # the page's one question
    refused = False
    if request.method == "POST" and form.is_valid():
        if form.eligible:
            report = actions.do_start_draft(
                Actor.from_request(request),
                membership,
                escalated_to_violence=form.cleaned_data["escalated_to_violence"],
                constitutes_crime=form.cleaned_data["constitutes_crime"],
            )
            return redirect("reporting:edit", slug=membership.agreement.slug, pk=report.pk)
        refused = True
    return render(request, "reporting/gate.html", {"form": form, "refused": refused, "refusal": GATE_REFUSAL})


def _save_valid(request: HttpRequest, membership: Membership, report: FormA, form, formset) -> list[str]:
    """Save every field that is valid, leave the rest as stored: a draft saves as the SRO types."""
    form.is_valid()
    formset.is_valid()
    fields = dict(form.cleaned_data)
    students: dict[int, dict[str, Any]] = {}
    for student_form in formset.forms:
        data = getattr(student_form, "cleaned_data", None) or {}
        instance = data.pop("id", None)
        if instance is not None:
            students[instance.pk] = data
    return actions.do_save_draft(Actor.from_request(request), report, membership, fields=fields, students=students)


def _edit_context(membership: Membership, report: FormA, form, formset, **extra: Any) -> dict[str, Any]:
    left = school_days_left(membership.agreement, [report])[report.pk]
    gate = ("escalated_to_violence", "constitutes_crime")
    answered = (
        report.escalated_to_violence is not None
        and report.constitutes_crime is not None
        and bool(report.escalated_to_violence or report.constitutes_crime)
        and not any(form.has_error(name) for name in gate)
    )
    return {"report": report, "form": form, "formset": formset, "days_left": left, "answered": answered, **extra}


def problem_links(form, formset) -> list[dict[str, str]]:
    """The error summary: each problem in the page's order, as a link to its field."""

    def anchor(bound) -> str:
        return bound.auto_id

    links: list[dict[str, str]] = []
    for message in form.non_field_errors():
        links.append({"anchor": "students", "text": message})
    for name in form.fields:
        for message in form.errors.get(name, []):
            links.append({"anchor": anchor(form[name]), "text": f"{form[name].label}: {message}"})
    for message in formset.non_form_errors():
        links.append({"anchor": "students", "text": message})
    for student_form in formset.forms:
        for message in student_form.non_field_errors():
            links.append(
                {"anchor": f"student-{student_form.instance.position}", "text": f"{student_form.label}: {message}"}
            )
        for name in student_form.fields:
            if name == "id":
                continue
            for message in student_form.errors.get(name, []):
                links.append(
                    {
                        "anchor": anchor(student_form[name]),
                        "text": f"{student_form.label}, {student_form[name].label}: {message}",
                    }
                )
    return links


def _first_empty(form) -> str | None:
    """The first field of the report still to fill in: it has the focus when the page opens."""
    for name in ("incident_date", "incident_time", "location", "reason_and_nature"):
        if not form.initial.get(name):
            return name
    return None


def _problems(report: FormA) -> list:
    report.refresh_from_db()
    students = list(report.students.order_by("position"))
    return check_report(
        report_values(report),
        [student_values(s) for s in students],
        agreement=report.agreement,
        today=timezone.localdate(),
        sro=report.sro,
    )


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
@never_cache
def edit(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Form A itself. Its buttons save the draft, add or remove a student, or go on to sign.

    Each works without JavaScript; with it, htmx saves as the SRO types and swaps only the
    student blocks when one is added or removed.
    """
    report = _own_report(membership, pk)
    here = reverse("reporting:edit", kwargs={"slug": membership.agreement.slug, "pk": report.pk})
    if request.method == "GET":
        form = FormAForm(instance=report, membership=membership)
        # On reopening, the words the SRO will be asked about stand under their fields again.
        form.names_to_confirm = {name: confirm_message(found) for name, found in confirm_findings(report).items()}
        formset = student_formset(report)
        if first := _first_empty(form):
            form.fields[first].widget.attrs["autofocus"] = True
        return render(request, "reporting/edit.html", _edit_context(membership, report, form, formset))

    form = FormAForm(request.POST, instance=report, membership=membership)
    formset = student_formset(report, request.POST)
    _save_valid(request, membership, report, form, formset)
    actor = Actor.from_request(request)
    if form.over_guard_limit:
        actions.record_guard_limited(actor, report)
    refused = [form[name].label for name in FREE_TEXT_FIELDS if form.has_error(name)]
    # With htmx, "Add a student" and "Remove" swap only the student blocks: the refusal already
    # stands under its field (autosave), and the block is added or removed all the same.
    swapping = request.headers.get("HX-Request") and ("add_student" in request.POST or "remove_student" in request.POST)
    if refused and "review" not in request.POST and not swapping:
        # Without JavaScript, the page itself shows what was not saved and why, under each field.
        messages.error(request, f"Draft saved, except: {', '.join(refused)}.")
        return render(request, "reporting/edit.html", _edit_context(membership, report, form, formset))
    try:
        if "add_student" in request.POST:
            student = actions.do_add_student(actor, report, membership)
            return redirect(f"{here}#student-{student.position}")
        if "remove_student" in request.POST:
            try:
                position = int(request.POST["remove_student"])
            except ValueError:
                position = -1
            actions.do_remove_student(actor, report, membership, position)
            return redirect(f"{here}#students")
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect(here)
    if "review" not in request.POST:
        messages.success(request, "Draft saved.")
        return redirect(here)

    problems = _problems(report)
    if not problems and not form.errors and not any(f.errors for f in formset.forms):
        return redirect("reporting:sign", slug=membership.agreement.slug, pk=report.pk)
    apply_problems(problems, form, formset)
    links = problem_links(form, formset)
    context = _edit_context(membership, report, form, formset, problem_count=len(links), problems=links)
    return render(request, "reporting/edit.html", context)


@member_view(Role.SRO)
@require_POST
@never_cache
def save(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Autosave (htmx): store what is valid, answer with a short status line."""
    report = _own_report(membership, pk)
    form = FormAForm(request.POST, instance=report, membership=membership)
    formset = student_formset(report, request.POST)
    _save_valid(request, membership, report, form, formset)
    if form.over_guard_limit:
        actions.record_guard_limited(Actor.from_request(request), report)
    left = school_days_left(membership.agreement, [report])[report.pk]
    unsaved = [form[name].label for name in form.errors if name in form.fields]
    for student_form in formset.forms:
        unsaved += [
            f"{student_form.label}: {student_form[name].label}"
            for name in student_form.errors
            if name in student_form.fields
        ]
    # Under each free-text field, at once: the words the guard refused or asks about (VII.4).
    guard_fields = [
        {"name": name, "errors": form.errors.get(name), "note": form.names_to_confirm.get(name)}
        for name in FREE_TEXT_FIELDS
    ]
    context = {
        "report": report,
        "days_left": left,
        "unsaved": unsaved,
        "now": timezone.localtime(),
        "guard_fields": guard_fields,
    }
    if request.POST.get("problems_shown"):
        # The page shows the error summary: it lists what is still wrong after this save.
        apply_problems(_problems(report), form, formset)
        context["problems"] = problem_links(form, formset)
        context["summary"] = True
    return render(request, "reporting/_saved.html", context)


@member_view(Role.SRO)
@require_POST
@never_cache
def discard(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    report = _own_report(membership, pk)
    try:
        actions.do_discard_draft(Actor.from_request(request), report, membership)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("reporting:edit", slug=membership.agreement.slug, pk=report.pk)
    messages.success(request, "Draft discarded.")
    return redirect("reporting:mine", slug=membership.agreement.slug)


INCOMPLETE = "Form A is not complete yet. Press “Review and sign” to see what is missing."


@member_view(Role.SRO)
@require_http_methods(["GET", "POST"])
@never_cache
def sign(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Review, then sign under Form A's certification (VII.7). After this the SRO cannot open it."""
    slug = membership.agreement.slug
    if request.method == "POST":
        mine_already = FormA.objects.filed().filter(
            pk=pk,
            agreement=membership.agreement,
            sro=membership,
            status__in=[FormA.Status.SUBMITTED, FormA.Status.RECEIVED],
        )
        if number := mine_already.values_list("number", flat=True).first():
            # A double click or a second tab: the report was filed once, and stays filed once.
            messages.info(request, f"Form A {number} was submitted. You can no longer open it.")
            return redirect("reporting:mine", slug=slug)
    report = _own_report(membership, pk)
    # On a POST, do_submit checks every rule under the report's lock and says what is wrong: the
    # same check here first would only run it twice.
    if request.method == "GET" and _problems(report):
        # Another tab may have changed the draft since "Review and sign": show the page that explains.
        messages.error(request, INCOMPLETE)
        return redirect("reporting:edit", slug=slug, pk=report.pk)
    to_confirm = confirm_findings(report)
    signature = SignatureForm(
        request.user, request.POST or None, actor=Actor.from_request(request), needs_names_confirmation=bool(to_confirm)
    )
    if request.method == "POST":
        if signature.is_valid():
            try:
                filed = actions.do_submit(
                    Actor.from_request(request),
                    report,
                    membership,
                    signature=signature.method,
                    names_confirmed=bool(signature.cleaned_data.get("names_confirmed")),
                )
            except actions.NotEditable:
                messages.info(request, "This report was already submitted. You can no longer open it.")
                return redirect("reporting:mine", slug=slug)
            except actions.Incomplete:
                # Changed in another tab since "Review and sign". The problems may quote words the
                # guard refused: the form lists them beside their fields, not this message.
                messages.error(request, INCOMPLETE)
                return redirect("reporting:edit", slug=slug, pk=report.pk)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
                return redirect("reporting:edit", slug=slug, pk=report.pk)
            to = receiver_title(membership.agreement)
            late = " It was late: it is flagged as such." if filed.is_late else ""
            messages.success(request, f"Form A {filed.number} was submitted to {to}. You can no longer open it.{late}")
            return redirect("reporting:mine", slug=slug)
        if signature.has_error("signature"):
            actions.record_refused_signature(Actor.from_request(request), report, "submit_refused")
    return render(
        request,
        "reporting/sign.html",
        {
            "report": report,
            "students": report.students.order_by("position"),
            "signature": signature,
            "to_confirm": to_confirm,
            "certification": CERTIFICATION,
            "names_confirmation": NAMES_CONFIRMATION,
            "today": timezone.localdate(),
            "days_left": school_days_left(membership.agreement, [report])[report.pk],
        },
    )


# -- Receiving, for the Chief (or the Superintendent on the § 10-233p route) -----------------------


@receiver_view
@require_GET
@never_cache
def inbox(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Filed reports by status, oldest first, late ones flagged; filter by month and school.

    A fixed number of queries whatever the number of reports: one count by status, one page.
    """
    agreement = membership.agreement
    filters = InboxFilterForm(request.GET or None, agreement=agreement)
    qs = FormA.objects.filed().filter(agreement=agreement)
    if filters.is_valid():
        month: date | None = filters.cleaned_data.get("month")
        if month:
            start = timezone.make_aware(timezone.datetime(month.year, month.month, 1))
            end_month = (month.month % 12) + 1
            end = timezone.make_aware(timezone.datetime(month.year + (month.month == 12), end_month, 1))
            qs = qs.filter(first_submitted_at__gte=start, first_submitted_at__lt=end)
        if school := filters.cleaned_data.get("school"):
            qs = qs.filter(school=school)
    status = (filters.cleaned_data.get("status") if filters.is_valid() else "") or FormA.Status.SUBMITTED
    counts = qs.aggregate(
        **{
            s: Count("pk", filter=Q(status=s))
            for s in (FormA.Status.SUBMITTED, FormA.Status.RECEIVED, FormA.Status.RETURNED)
        }
    )
    listed = (
        qs.filter(status=status)
        .select_related("school", "sro__user")
        .only(
            "number",
            "status",
            "first_submitted_at",
            "submitted_at",
            "received_at",
            "due_date",
            "school_days_late",
            "correction_school_days_late",
            "incident_date",
            "school__name",
            "sro__title",
            "sro__user__first_name",
            "sro__user__last_name",
            "sro__user__username",
        )
        .order_by("first_submitted_at", "pk")
    )
    paginator = Paginator(listed, INBOX_PAGE_SIZE)
    paginator.count = counts[status]  # known already: spare the paginator its own COUNT query
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    return render(
        request,
        "reporting/inbox.html",
        {
            "filters": filters,
            "status": status,
            "counts": counts,
            "page": page,
            "query": query.urlencode(),
            "statuses": [
                (s, label, counts[s])
                for s, label in [
                    (FormA.Status.SUBMITTED, "Waiting for receipt"),
                    (FormA.Status.RECEIVED, "Received"),
                    (FormA.Status.RETURNED, "Returned for correction"),
                ]
            ],
        },
    )


def _review_context(request: HttpRequest, membership: Membership, report: FormA, **forms: Any) -> dict[str, Any]:
    agreement = membership.agreement
    if agreement.report_route == Agreement.Route.CHIEF:
        acknowledgment = f"I, the {agreement.police_department.name} Chief of Police, received this report on: "
    else:
        acknowledgment = f"I, the Superintendent of Schools for {agreement.district.name}, received this report on: "
    return {
        "report": report,
        "students": report.students.order_by("position"),
        "versions": report.versions.select_related("by").order_by("at"),
        "receive_form": forms.get("receive_form") or SignatureForm(request.user),
        "return_form": forms.get("return_form") or ReturnForm(report=report),
        "acknowledgment": acknowledgment,
        "confidentiality": CONFIDENTIALITY,
        "today": timezone.localdate(),
        "forward": agreement.report_route == Agreement.Route.SUPERINTENDENT,
    }


@receiver_view
@require_GET
@never_cache
def review(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """One filed report, in full; opening it is audited."""
    report = _filed_report(membership, pk)
    actions.record_view(Actor.from_request(request), report)
    return render(request, "reporting/review.html", _review_context(request, membership, report))


@receiver_view
@require_GET
@never_cache
def pdf(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """The received report's stored PDF, the document signed for (VII.11); audited like a view."""
    report = _filed_report(membership, pk)
    if not report.pdf and report.status == FormA.Status.RECEIVED:
        report = actions.do_store_pdf(report)  # the worker has not laid it out yet
    if not report.pdf:
        raise Http404("The PDF is made when the report is received.")
    actions.record_pdf_download(Actor.from_request(request), report)
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"form-a-{report.number}.pdf",
        content_type="application/pdf",
    )


@receiver_view
@require_POST
@never_cache
def receive(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Record receipt: the date, the signature and Form A's confidentiality acknowledgment (VII.8)."""
    report = _filed_report(membership, pk)
    form = SignatureForm(request.user, request.POST, actor=Actor.from_request(request))
    actor = Actor.from_request(request)
    if form.is_valid():
        try:
            received = actions.do_receive(actor, report, membership, signature=form.method)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("reporting:review", slug=membership.agreement.slug, pk=report.pk)
        messages.success(request, f"Receipt of Form A {received.number} recorded; the Superintendent was notified.")
        return redirect("reporting:inbox", slug=membership.agreement.slug)
    actions.record_refused_signature(actor, report, "receipt_refused")
    actions.record_view(actor, report)
    return render(request, "reporting/review.html", _review_context(request, membership, report, receive_form=form))


@receiver_view
@require_POST
@never_cache
def return_for_correction(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """Send a submitted report back to its SRO, with the reason (VII.8)."""
    report = _filed_report(membership, pk)
    form = ReturnForm(request.POST, report=report, membership=membership)
    if form.is_valid():
        try:
            returned = actions.do_return(
                Actor.from_request(request),
                report,
                membership,
                reason=form.cleaned_data["reason"],
                names_confirmed=form.cleaned_data["names_confirmed"],
            )
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect("reporting:review", slug=membership.agreement.slug, pk=report.pk)
        messages.success(request, f"Form A {returned.number} was returned to the SRO for correction.")
        return redirect("reporting:inbox", slug=membership.agreement.slug)
    if form.over_guard_limit:
        actions.record_guard_limited(Actor.from_request(request), report)
    actions.record_view(Actor.from_request(request), report)
    return render(request, "reporting/review.html", _review_context(request, membership, report, return_form=form))


@member_view(*SUPERINTENDENT_ROLES)
@require_POST
@never_cache
def forward_to_board(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    """On the § 10-233p route, record that the Superintendent forwarded the report to the Board."""
    report = _filed_report(membership, pk)
    try:
        forwarded = actions.do_forward_to_board(Actor.from_request(request), report, membership)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Forwarding of Form A {forwarded.number} to the Board recorded.")
    return redirect("reporting:review", slug=membership.agreement.slug, pk=report.pk)


# -- Dashboard panels -----------------------------------------------------------------------------


def _sro_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    drafts = _drafts(membership, dashboard=True)
    more = drafts[0].drafts_total - len(drafts) if drafts else 0
    receipts = _LAST_RECEIPTS.all(agreement_id=membership.agreement_id, sro_id=membership.pk)
    return {"drafts": drafts, "more_drafts": more, "receipts": receipts}


def _receiver_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    agreement = membership.agreement
    receiver = membership.role in receiver_roles(agreement)
    result: dict[str, Any] = {"receiver": receiver}
    if receiver:
        # Three counts read from the (agreement, status) index in one statement, however many
        # reports the agreement has received.
        ids = {"agreement_id": agreement.pk}
        waiting, late, returned = counts_of(
            [_WAITING.counting(**ids), _LATE.counting(**ids), _FILED_RETURNED.counting(**ids)]
        )
        result["counts"] = {"waiting": waiting, "late": late, "returned": returned}
    if membership.role in SUPERINTENDENT_ROLES:
        # The cc of each receipt: that a report was received, never what it says.
        result["receipts"] = _RECEIPTS_CC.all(agreement_id=agreement.pk)
    return result


def _compilation_panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    from reporting import compilation

    agreement = membership.agreement
    if membership.role in SUPERINTENDENT_ROLES:
        return {
            "for_superintendent": True,
            "waiting": compilation.waiting_acknowledgement(agreement),
            "chief_route": compilation.goes_to_chief(agreement),
        }
    return {"duty": compilation.month_duty(agreement, timezone.localdate())}


def _compilations_waiting(request: HttpRequest, membership: Membership) -> Counting:
    """The nav badge: compilations waiting for this person (the Chief to send, the
    Superintendent to acknowledge)."""
    if membership.role in SUPERINTENDENT_ROLES:
        status = MonthlyCompilation.Status.SENT
    else:
        status = MonthlyCompilation.Status.PREPARED
    return _COMPILATIONS.counting(agreement_id=membership.agreement_id, status=str(status))


def _reports_waiting(request: HttpRequest, membership: Membership) -> Counting:
    """The nav badge: Form As waiting for this receiver's receipt."""
    return _WAITING.counting(agreement_id=membership.agreement_id)


def _returned(request: HttpRequest, membership: Membership) -> Counting:
    """The nav badge: this SRO's reports returned for correction."""
    return _RETURNED.counting(agreement_id=membership.agreement_id, sro_id=membership.pk)


# The nav's counts run on every page: compiled once per process (lib/prepared.py).
_COMPILATIONS = Prepared(
    lambda agreement_id, status: MonthlyCompilation.objects.filter(agreement_id=agreement_id, status=status),
    agreement_id=int,
    status=str,
)
_WAITING = Prepared(
    lambda agreement_id: FormA.objects.filed().filter(agreement_id=agreement_id, status=FormA.Status.SUBMITTED),
    agreement_id=int,
)
_LATE = Prepared(
    lambda agreement_id: FormA.objects.filed().filter(
        agreement_id=agreement_id, status=FormA.Status.SUBMITTED, school_days_late__gt=0
    ),
    agreement_id=int,
)
_FILED_RETURNED = Prepared(
    lambda agreement_id: FormA.objects.filed().filter(agreement_id=agreement_id, status=FormA.Status.RETURNED),
    agreement_id=int,
)
_RECEIPTS_CC = Prepared(
    lambda agreement_id: (
        FormA.objects.filed()
        .filter(agreement_id=agreement_id, status=FormA.Status.RECEIVED)
        .only("number", "received_at", "received_by_name")
        .order_by("-received_at")[:10]
    ),
    agreement_id=int,
)
_RETURNED = Prepared(
    lambda agreement_id, sro_id: FormA.objects.filter(
        agreement_id=agreement_id, sro_id=sro_id, status=FormA.Status.RETURNED
    ),
    agreement_id=int,
    sro_id=int,
)


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link
    from reporting.compilation import goes_to_chief

    register_link(
        NavLink(
            "Form A",
            "reporting:mine",
            order=30,
            shows=lambda m: m.role == Role.SRO,
            badge=_returned,
            badge_label="returned",
        )
    )
    register_link(
        NavLink(
            "Form A inbox",
            "reporting:inbox",
            order=31,
            shows=lambda m: m.role in receiver_roles(m.agreement),
            badge=_reports_waiting,
            badge_label="waiting",
        )
    )
    register_link(
        NavLink(
            "Compilations",
            "compilations:list",
            order=40,
            shows=lambda m: m.role in SUPERINTENDENT_ROLES or (m.role == Role.CHIEF and goes_to_chief(m.agreement)),
            badge=_compilations_waiting,
            badge_label="waiting",
        )
    )
    register(
        Panel(
            "reporting/panel_compilation.html",
            frozenset({Role.CHIEF, *SUPERINTENDENT_ROLES}),
            order=15,
            context=_compilation_panel,
        )
    )

    register(Panel("reporting/panel_sro.html", frozenset({Role.SRO}), order=20, context=_sro_panel))
    register(
        Panel(
            "reporting/panel_receiver.html",
            frozenset({Role.CHIEF, *SUPERINTENDENT_ROLES}),
            order=20,
            context=_receiver_panel,
        )
    )
