"""The § 10-233h arrest notice (L.1): recorded by the police, told to the Superintendent orally
and in writing (a PDF), acknowledged by the Superintendent's office."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import POLICE_ROLES, SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor
from lib.bounds import is_id
from schoolpolice import actions
from schoolpolice.actions import disclose, find_student
from schoolpolice.forms import ArrestForm, OralNoticeForm, WrittenNoticeForm, local
from schoolpolice.models import ArrestNotice, EmergencyAction, Kind, Request, made_by
from schoolpolice.views import activity_for, arrest_notice_of

POLICE = tuple(POLICE_ROLES)


def _arrest_for(membership: Membership, pk: int) -> ArrestNotice:
    """An arrest notice: its officer, whoever entered it, the Chief and the Superintendent's office."""
    notice = (
        ArrestNotice.objects.filter(agreement=membership.agreement, pk=pk)
        .select_related("school", "student", "officer__user", "entered_by__user", "oral_recorded_by__user")
        .first()
    )
    if notice is None:
        raise Http404("No such arrest notice.")
    if membership.role in (Role.CHIEF, *SUPERINTENDENT_ROLES) or membership.pk in (
        notice.officer_id,
        notice.entered_by_id,
    ):
        return notice
    raise Http404("No such arrest notice.")


# -- L.1 arrest notices ----------------------------------------------------------------------


@member_view(*POLICE)
@require_http_methods(["GET", "POST"])
def arrest_new(request: HttpRequest, membership: Membership) -> HttpResponse:
    source = _source(request, membership)
    initial = {}
    if source is not None:
        initial = {
            "officer": source.officer_id,
            "school": source.school_id,
            "student_name": source.student.display_name,
            "student_id": source.student.identifier,
        }
        if isinstance(source, EmergencyAction):
            at = timezone.localtime(source.occurred_at)
            initial |= {"arrested_date": at.date(), "arrested_time": at.time().replace(second=0, microsecond=0)}
    form = ArrestForm(request.POST or None, membership=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            student = find_student(membership.agreement, d["school"], d["student_name"], d["student_id"])
            if source is not None and student.pk != source.student_id:
                raise ValidationError({"student_name": "This arrest comes from a record about another student."})
            notice = actions.do_record_arrest(
                Actor.from_request(request),
                membership,
                officer=form.chosen_officer,
                school=d["school"],
                student=student,
                arrested_at=local(d["arrested_date"], d["arrested_time"]),
                offense_class=d["offense_class"],
                request=source if isinstance(source, Request) else None,
                emergency=source if isinstance(source, EmergencyAction) else None,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Arrest recorded. Give the Superintendent the oral notice, then the written one.")
            return redirect("schoolpolice:arrest", slug=membership.agreement.slug, pk=notice.pk)
    return render(request, "schoolpolice/arrest_new.html", {"form": form, "source": source})


def _source(request: HttpRequest, membership: Membership) -> Request | EmergencyAction | None:
    """The arrest request or emergency arrest this notice comes from (?request=ID or ?emergency=ID):
    one the person may see, about a named student, with no arrest notice yet; else 404."""
    for name, model in (("request", Request), ("emergency", EmergencyAction)):
        value = request.GET.get(name)
        if value is None:
            continue
        if not is_id(value):
            raise Http404("No such record.")
        source = activity_for(model, membership, int(value))
        if source.kind != Kind.ARREST or source.student_id is None or arrest_notice_of(source) is not None:
            raise Http404("No arrest to record from that record.")
        return source
    return None


def _arrest_context(membership: Membership, notice: ArrestNotice, **forms: Any) -> dict[str, Any]:
    party = membership.role in POLICE_ROLES and (membership.role == Role.CHIEF or made_by(notice, membership))
    agreement = membership.agreement
    return {
        "notice": notice,
        "oral_form": forms.get("oral_form")
        or (OralNoticeForm(agreement=agreement) if party and notice.oral_given_at is None else None),
        "written_form": forms.get("written_form")
        or (WrittenNoticeForm(agreement=agreement) if party and notice.written_at is None else None),
        "can_acknowledge": membership.role in SUPERINTENDENT_ROLES
        and notice.written_at is not None
        and notice.acknowledged_at is None,
        # A felony or class A misdemeanor arrest constitutes a crime: Form A may be owed (VII).
        "offer_form_a": membership.role == Role.SRO,
    }


@member_view(*POLICE, *SUPERINTENDENT_ROLES)
@require_GET
def arrest_detail(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    notice = _arrest_for(membership, pk)
    disclose(Actor.from_request(request), membership, notice.student, "arrest", notice)
    return render(request, "schoolpolice/arrest.html", _arrest_context(membership, notice))


@member_view(*POLICE)
@require_POST
def oral_notice(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    notice = _arrest_for(membership, pk)
    form = OralNoticeForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        d = form.cleaned_data
        try:
            notice = actions.do_record_oral_notice(
                Actor.from_request(request),
                membership,
                notice,
                given_at=local(d["oral_date"], d["oral_time"]),
                to=d["oral_to"],
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Oral notice recorded." + (" It was late." if notice.oral_late else ""))
            return redirect("schoolpolice:arrest", slug=membership.agreement.slug, pk=notice.pk)
    notice.refresh_from_db()
    context = _arrest_context(membership, notice, oral_form=form if notice.oral_given_at is None else None)
    return render(request, "schoolpolice/arrest.html", context, status=400)


@member_view(*POLICE)
@require_POST
def written_notice(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    notice = _arrest_for(membership, pk)
    form = WrittenNoticeForm(request.POST, agreement=membership.agreement)
    if form.is_valid():
        try:
            notice = actions.do_write_notice(
                Actor.from_request(request), membership, notice, description=form.cleaned_data["description"]
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Written notice sent to the Superintendent.")
            return redirect("schoolpolice:arrest", slug=membership.agreement.slug, pk=notice.pk)
    notice.refresh_from_db()
    context = _arrest_context(membership, notice, written_form=form if notice.written_at is None else None)
    return render(request, "schoolpolice/arrest.html", context, status=400)


@member_view(*POLICE, *SUPERINTENDENT_ROLES)
@require_GET
def arrest_pdf(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    notice = _arrest_for(membership, pk)
    if not notice.written_pdf:
        raise Http404("The written notice has not been sent yet.")
    return FileResponse(
        notice.written_pdf.open("rb"), content_type="application/pdf", filename=f"arrest-notice-{notice.pk}.pdf"
    )


@member_view(*SUPERINTENDENT_ROLES)
@require_POST
def acknowledge(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    notice = _arrest_for(membership, pk)
    try:
        actions.do_acknowledge(Actor.from_request(request), membership, notice)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Arrest notice acknowledged; the officer has been told.")
    return redirect("schoolpolice:arrest", slug=membership.agreement.slug, pk=notice.pk)
