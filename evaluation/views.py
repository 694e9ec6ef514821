"""Feedback on the SRO (X.1) and the Superintendent's written concerns with the Chief's
decision (X.2). Concerns and their documents are for the two parties only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.access import member_view
from audit.log import Actor, record
from evaluation import actions
from evaluation.models import (
    CONCERN_MAX,
    DECISION_NOTE_MAX,
    DOCUMENTS_MAX,
    SUMMARY_MAX,
    Concern,
    ConcernDocument,
    Feedback,
)
from lib.forms import show_errors

PARTIES = (Role.CHIEF, *SUPERINTENDENT_ROLES)
# X.1: the district gives feedback on the SRO: the Superintendent's office and the principals.
FEEDBACK_GIVERS = (*SUPERINTENDENT_ROLES, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE)
READERS = (*PARTIES, Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE)


def _sro_field() -> forms.ModelChoiceField:
    field = forms.ModelChoiceField(queryset=Membership.objects.none(), label="SRO", empty_label="Choose…")
    field.label_from_instance = lambda m: m.display_name
    return field


class FeedbackForm(forms.Form):
    sro = _sro_field()
    kind = forms.ChoiceField(choices=Feedback.Kind.choices, widget=forms.RadioSelect, label="Kind of feedback")
    given_on = forms.DateField(label="Given on", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label="Feedback",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea,
        help_text=f"About the SRO's performance, up to {SUMMARY_MAX} characters. Leave students out.",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ConcernForm(forms.Form):
    sro = _sro_field()
    written_on = forms.DateField(label="Date of the written concerns", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(
        label="Concerns",
        max_length=CONCERN_MAX,
        widget=forms.Textarea,
        help_text=f"Why the SRO is not effectively performing the SRO's duties, up to {CONCERN_MAX} characters.",
    )
    documents = MultipleFileField(
        label="Documentation",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        help_text=f"PDF, PNG or JPEG, up to 10 MB each, at most {DOCUMENTS_MAX}.",
    )

    def clean_documents(self) -> list[actions.Document]:
        uploads = self.cleaned_data.get("documents") or []
        try:
            return [actions.read_document(u) for u in uploads]
        except ValidationError as e:
            raise ValidationError(e.message_dict["documents"]) from None


class DecisionForm(forms.Form):
    considered = forms.BooleanField(
        label="I have considered the Superintendent's concerns and documentation", required=False
    )
    decision = forms.ChoiceField(choices=Concern.Decision.choices, widget=forms.RadioSelect, label="Decision")
    decided_on = forms.DateField(label="Decided on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=DECISION_NOTE_MAX,
        widget=forms.Textarea,
        help_text=f"Optional, up to {DECISION_NOTE_MAX} characters.",
    )


def _sros(membership: Membership):
    return Membership.objects.active().filter(agreement=membership.agreement, role=Role.SRO).select_related("user")


@member_view(*READERS)
@require_GET
@never_cache
def overview(request: HttpRequest, membership: Membership) -> HttpResponse:
    feedback = Feedback.objects.filter(agreement=membership.agreement).select_related("sro__user", "given_by__user")
    if membership.role in (Role.PRINCIPAL, Role.PRINCIPAL_DESIGNEE):
        feedback = feedback.filter(given_by=membership)  # a principal sees what they gave
    concerns = Concern.objects.none()
    if membership.role in PARTIES:
        concerns = Concern.objects.filter(agreement=membership.agreement).select_related("sro__user")
    return render(
        request,
        "evaluation/overview.html",
        {
            "feedback": feedback[:100],
            "concerns": concerns,
            "may_send": membership.role in SUPERINTENDENT_ROLES,
            "may_record": membership.role in FEEDBACK_GIVERS,
        },
    )


@member_view(*FEEDBACK_GIVERS)
@require_http_methods(["GET", "POST"])
def new_feedback(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = FeedbackForm(request.POST or None, initial={"given_on": timezone.localdate()})
    form.fields["sro"].queryset = _sros(membership)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_feedback(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Feedback recorded; the Chief of Police was told.")
            return redirect("evaluation:overview", membership.agreement.slug)
    return render(request, "evaluation/feedback.html", {"form": form})


@member_view(*SUPERINTENDENT_ROLES)
@require_http_methods(["GET", "POST"])
def new_concerns(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ConcernForm(request.POST or None, request.FILES or None, initial={"written_on": timezone.localdate()})
    form.fields["sro"].queryset = _sros(membership)
    if request.method == "POST" and form.is_valid():
        try:
            concern = actions.do_send_concerns(Actor.from_request(request), membership, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Concerns sent to the Chief of Police.")
            return redirect("evaluation:concern", membership.agreement.slug, concern.pk)
    return render(request, "evaluation/concerns_new.html", {"form": form})


def _concern(membership: Membership, pk: int) -> Concern:
    concern = (
        Concern.objects.filter(agreement=membership.agreement, pk=pk)
        .select_related("sro__user", "sent_by__user", "decided_by__user")
        .first()
    )
    if concern is None:
        raise Http404("No such concerns.")
    return concern


@member_view(*PARTIES)
@require_GET
@never_cache
def concern(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = _concern(membership, pk)
    form = None
    if membership.role == Role.CHIEF and not item.decision:
        form = DecisionForm(initial={"decided_on": timezone.localdate()})
    return render(request, "evaluation/concern.html", _concern_context(item, form))


def _concern_context(item: Concern, form: DecisionForm | None) -> dict[str, Any]:
    from reporting.deadlines import unfiled_of

    context: dict[str, Any] = {"concern": item, "form": form, "documents": item.documents.all()}
    if form is not None and item.sro.is_active:
        # Reassigning or dismissing ends the SRO role: the Chief sees first what it leaves unfiled.
        context["unfiled"] = unfiled_of(item.sro)
    return context


@member_view(Role.CHIEF)
@require_POST
def decide(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    item = _concern(membership, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.do_decide_concerns(Actor.from_request(request), membership, item.pk, **form.cleaned_data)
        except ValidationError as e:
            show_errors(form, e)
        else:
            messages.success(request, "Decision recorded; the Superintendent was told.")
            return redirect("evaluation:concern", membership.agreement.slug, item.pk)
    return render(request, "evaluation/concern.html", _concern_context(item, form), status=200)


@member_view(*PARTIES)
@require_GET
def document(request: HttpRequest, membership: Membership, pk: int, doc: int) -> HttpResponse:
    item = ConcernDocument.objects.filter(pk=doc, concern__pk=pk, concern__agreement=membership.agreement).first()
    if item is None:
        raise Http404("No such document.")
    record(
        Actor.from_request(request),
        "evaluation.document_viewed",
        item,
        agreement=membership.agreement,
        changes={"sha256": item.sha256},
    )
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.name
    )
    response["Cache-Control"] = "no-store"
    return response


def _panel(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    waiting = Concern.objects.filter(agreement=membership.agreement, decision="")
    return {"waiting": list(waiting.select_related("sro__user"))}


def register_panels() -> None:
    from agreements.panels import NavLink, Panel, register, register_link

    register_link(NavLink("Evaluation", "evaluation:overview", order=48, shows=lambda m: m.role in READERS))
    register(Panel("evaluation/panel.html", frozenset(PARTIES), order=25, context=_panel))
