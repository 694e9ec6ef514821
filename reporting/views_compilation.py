"""VII.9: the monthly compilations, for the Chief and the Superintendent (or designee)."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor, record
from lib.bounds import MonthField, MonthSelect, bound_dates
from reporting import compilation as compiling
from reporting.models import FormA, MonthlyCompilation
from reporting.routes import Document, receiver_roles

READERS = (Role.CHIEF, Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE)


class CompileMonthForm(forms.Form):
    month = MonthField(label="Month to compile (a month that has ended)")


def visible_compilations(membership: Membership) -> QuerySet[MonthlyCompilation]:
    """The compilations this person may see: the Chief all of them (on the Chief route), the
    Superintendent those delivered to the Superintendent."""
    agreement = membership.agreement
    found = MonthlyCompilation.objects.filter(agreement=agreement)
    if membership.role in receiver_roles(agreement, Document.COMPILATION_REVIEW):
        return found
    if membership.role in receiver_roles(agreement, Document.COMPILATION):
        return found.exclude(status=MonthlyCompilation.Status.PREPARED)
    if membership.role == Role.CHIEF:
        raise PermissionDenied("On this agreement's route Form As go to the Superintendent, not the Chief.")
    raise PermissionDenied("Your role does not allow this.")


def get_compilation_for(membership: Membership, compilation_id: int) -> MonthlyCompilation:
    """The compilation, or 404 for one this person may not know exists."""
    compilation = visible_compilations(membership).select_related("agreement").filter(id=compilation_id).first()
    if compilation is None:
        raise Http404("No such compilation.")
    return compilation


def parse_month(value: str) -> date:
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValidationError(f"“{value}” is not a month; use the form YYYY-MM, for example 2026-10.") from None


@never_cache
@member_view(*READERS)
@require_GET
def compilation_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    compilations = list(
        visible_compilations(membership).annotate(count=Count("entries")).order_by("-month", "supplement")
    )
    for c in compilations:
        c.status_label = c.status_for(membership.role)
    can_prepare = membership.role == Role.CHIEF or (
        membership.role in SUPERINTENDENT_ROLES and not compiling.goes_to_chief(membership.agreement)
    )
    form = CompileMonthForm(initial={"month": compiling.previous_month(timezone.localdate())})
    bound_dates(form, membership.agreement)
    return render(
        request,
        "reporting/compilation/list.html",
        {"compilations": compilations, "can_prepare": can_prepare, "form": form},
    )


@member_view(*READERS)
@require_POST
def prepare(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Compile a month on demand: what the scheduler does on the first school day."""
    visible_compilations(membership)  # the Chief on the Superintendent route may not
    if membership.role != Role.CHIEF and compiling.goes_to_chief(membership.agreement):
        raise PermissionDenied("The Chief prepares the compilation.")
    try:
        month = parse_month(MonthSelect().value_from_datadict(request.POST, None, "month") or "")
        compilation = compiling.do_prepare_compilation(Actor.from_request(request), membership.agreement, month)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
        return redirect("compilations:list", membership.agreement.slug)
    if compilation is None:
        messages.info(request, f"{month:%B %Y} is already compiled and no report was filed for it since.")
        return redirect("compilations:list", membership.agreement.slug)
    messages.success(request, f"{compilation} prepared.")
    return redirect("compilations:detail", membership.agreement.slug, compilation.id)


@never_cache
@member_view(*READERS)
@require_GET
def detail(request: HttpRequest, membership: Membership, compilation_id: int) -> HttpResponse:
    compilation = get_compilation_for(membership, compilation_id)
    record(Actor.from_request(request), "compilation.view", compilation, agreement=membership.agreement)
    context = compiling.compilation_context(compilation)
    context |= {
        "can_send": membership.role == Role.CHIEF and compilation.status == MonthlyCompilation.Status.PREPARED,
        "unsendable": compiling.unsendable_reason(compilation),
        "can_acknowledge": membership.role in SUPERINTENDENT_ROLES
        and compilation.status == MonthlyCompilation.Status.SENT,
        "statuses": FormA.Status,
        "status_label": compilation.status_for(membership.role),
        "compilation_name": str(compilation),
        "for_superintendent": membership.role in SUPERINTENDENT_ROLES,
    }
    return render(request, "reporting/compilation/detail.html", context)


@member_view(Role.CHIEF)
@require_POST
def send(request: HttpRequest, membership: Membership, compilation_id: int) -> HttpResponse:
    compilation = get_compilation_for(membership, compilation_id)
    try:
        compiling.do_send_compilation(Actor.from_request(request), compilation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"{compilation} sent to the Superintendent.")
    return redirect("compilations:detail", membership.agreement.slug, compilation.id)


@member_view(Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE)
@require_POST
def acknowledge(request: HttpRequest, membership: Membership, compilation_id: int) -> HttpResponse:
    compilation = get_compilation_for(membership, compilation_id)
    try:
        compiling.do_acknowledge_compilation(Actor.from_request(request), compilation)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"Receipt of {compilation} acknowledged.")
    return redirect("compilations:detail", membership.agreement.slug, compilation.id)


@never_cache
@member_view(*READERS)
@require_GET
def pdf(request: HttpRequest, membership: Membership, compilation_id: int) -> HttpResponse:
    """The stored PDF once sent; before that, the Chief's preview rendered now."""
    from reporting.pdf import render_compilation

    compilation = get_compilation_for(membership, compilation_id)
    name = f"{membership.agreement.slug}-compilation-{compilation.month:%Y-%m}"
    if compilation.supplement:
        name += f"-supplement-{compilation.supplement}"
    if compilation.pdf:
        stored = compilation.pdf.open("rb")
    else:
        stored = ContentFile(render_compilation(compilation))
    record(
        Actor.from_request(request),
        "compilation.download",
        compilation,
        agreement=membership.agreement,
        changes={"pdf_sha256": compilation.pdf_sha256 or "preview"},
    )
    return FileResponse(stored, as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf")
