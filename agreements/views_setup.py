"""The agreement's set-up page: parameters, schools and signatories (P.1).

Its system administrator and the installation's operator use it; neither reads report
content here. Every change goes through an action that audits before and after and raises the
agreement's version.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from agreements import actions
from agreements.access import admin_view
from agreements.forms import ParametersForm, SchoolForm, SignatoryForm
from agreements.models import Agreement, School, Signatory
from audit.log import Actor


def _parameters(agreement: Agreement) -> dict[str, Any]:
    return {name: getattr(agreement, name) for name in actions.EDITABLE_PARAMETERS}


def _page(request: HttpRequest, agreement: Agreement, status: int = 200, **forms: Any) -> HttpResponse:
    schools = list(agreement.schools.order_by("name"))
    signatories = list(agreement.signatories.all())
    school_forms = forms.pop("school_forms", {})
    signatory_forms = forms.pop("signatory_forms", {})
    context = {
        "agreement": agreement,
        "form": forms.get("form") or ParametersForm(initial=_parameters(agreement)),
        "new_school": forms.get("new_school") or SchoolForm(prefix="new-school"),
        "new_signatory": forms.get("new_signatory") or SignatoryForm(prefix="new-signatory"),
        "schools": [
            (s, school_forms.get(s.pk) or SchoolForm(prefix=f"school-{s.pk}", initial=_fields(s, SchoolForm)))
            for s in schools
        ],
        "signatories": [
            (
                s,
                signatory_forms.get(s.pk)
                or SignatoryForm(prefix=f"signatory-{s.pk}", initial=_fields(s, SignatoryForm)),
            )
            for s in signatories
        ],
    }
    return render(request, "agreements/settings.html", context, status=status)


def _fields(obj: Any, form: type) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in form.base_fields}


def _back(agreement: Agreement) -> HttpResponse:
    return redirect("agreement:settings", slug=agreement.slug)


def _changed(request: HttpRequest, agreement: Agreement, what: str) -> None:
    agreement.refresh_from_db(fields=["version"])
    messages.success(request, f"{what} The agreement is now version {agreement.version}.")


@admin_view
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    """The agreement's parameters, schools and signatories, each editable."""
    if request.method == "GET":
        return _page(request, agreement)
    form = ParametersForm(request.POST)
    if form.is_valid():
        try:
            changed = actions.do_update_agreement(Actor.from_request(request), agreement, **form.cleaned_data)
        except ValidationError as e:
            for field, errors in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if changed:
                _changed(request, agreement, "Saved the agreement's parameters.")
            else:
                messages.info(request, "Nothing changed.")
            return _back(agreement)
    return _page(request, agreement, status=400, form=form)


def _school_of(agreement: Agreement, school_id: int | None) -> School | None:
    if school_id is None:
        return None
    if not 0 < school_id < 2**63:  # a tampered URL: no such row, rather than an overflow
        raise Http404("No such school in this agreement.")
    school = agreement.schools.filter(pk=school_id).first()
    if school is None:
        raise Http404("No such school in this agreement.")
    return school


@admin_view
@require_POST
def school(request: HttpRequest, agreement: Agreement, school_id: int | None = None) -> HttpResponse:
    """Add a school to the agreement, or change one."""
    current = _school_of(agreement, school_id)
    prefix = f"school-{current.pk}" if current else "new-school"
    form = SchoolForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            saved = actions.do_save_school(Actor.from_request(request), agreement, current, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            if saved is None:
                messages.info(request, "Nothing changed.")
            else:
                _changed(request, agreement, f"Saved {saved.name}.")
            return _back(agreement)
    if current is None:
        return _page(request, agreement, status=400, new_school=form)
    return _page(request, agreement, status=400, school_forms={current.pk: form})


@admin_view
@require_POST
def remove_school(request: HttpRequest, agreement: Agreement, school_id: int) -> HttpResponse:
    current = _school_of(agreement, school_id)
    try:
        actions.do_remove_school(Actor.from_request(request), agreement, current)
    except ValidationError as e:
        messages.error(request, e.messages[0])
    else:
        _changed(request, agreement, f"Removed {current.name} from the agreement.")
    return _back(agreement)


def _signatory_of(agreement: Agreement, signatory_id: int | None) -> Signatory | None:
    if signatory_id is None:
        return None
    if not 0 < signatory_id < 2**63:
        raise Http404("No such signatory in this agreement.")
    signatory = agreement.signatories.filter(pk=signatory_id).first()
    if signatory is None:
        raise Http404("No such signatory in this agreement.")
    return signatory


@admin_view
@require_POST
def signatory(request: HttpRequest, agreement: Agreement, signatory_id: int | None = None) -> HttpResponse:
    """Add a signatory, or change one."""
    current = _signatory_of(agreement, signatory_id)
    prefix = f"signatory-{current.pk}" if current else "new-signatory"
    form = SignatoryForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            saved = actions.do_save_signatory(Actor.from_request(request), agreement, current, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            if saved is None:
                messages.info(request, "Nothing changed.")
            else:
                _changed(request, agreement, f"Saved the signatory {saved.name}.")
            return _back(agreement)
    if current is None:
        return _page(request, agreement, status=400, new_signatory=form)
    return _page(request, agreement, status=400, signatory_forms={current.pk: form})


@admin_view
@require_POST
def remove_signatory(request: HttpRequest, agreement: Agreement, signatory_id: int) -> HttpResponse:
    current = _signatory_of(agreement, signatory_id)
    actions.do_remove_signatory(Actor.from_request(request), agreement, current)
    _changed(request, agreement, f"Removed the signatory {current.name}.")
    return _back(agreement)


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
