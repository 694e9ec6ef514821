from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import Membership, Role
from agreements.access import member_view
from audit.describe import action_label, readable
from audit.models import AuditEntry
from lib.bounds import BoundedDateField, bound_dates


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.get_full_name() or obj.user.username} ({obj.get_role_display()})"


class AuditFilter(forms.Form):
    person = PersonChoice(queryset=Membership.objects.none(), required=False, label="Person", empty_label="Anyone")
    action = forms.ChoiceField(required=False, label="Action")
    start = BoundedDateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        agreement = membership.agreement
        bound_dates(self, agreement)
        self.fields["person"].queryset = (
            Membership.objects.filter(agreement=agreement)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "role")
        )
        actions = AuditEntry.objects.for_agreement(agreement).order_by().values_list("action", flat=True).distinct()
        named = sorted(((a, action_label(a)) for a in actions), key=lambda choice: choice[1])
        self.fields["action"].choices = [("", "Any action"), *named]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError("The 'From' date must be on or before the 'To' date.")
        return data


@never_cache
@member_view(Role.CHIEF, Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE)
@require_GET
def log(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The agreement's audit trail, newest first, filterable by person, action and date."""
    form = AuditFilter(request.GET or None, membership=membership)
    entries = AuditEntry.objects.for_agreement(membership.agreement)
    filter_failed = form.is_bound and not form.is_valid()
    if filter_failed:
        # A filter that cannot be applied shows nothing rather than everything.
        entries = entries.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["person"]:
            entries = entries.filter(actor=data["person"].user)
        if data["action"]:
            entries = entries.filter(action=data["action"])
        tz = timezone.get_current_timezone()
        if data["start"]:
            entries = entries.filter(at__gte=datetime.combine(data["start"], time.min, tz))
        if data["end"]:
            entries = entries.filter(at__lte=datetime.combine(data["end"], time.max, tz))
    page = Paginator(entries.order_by("-seq"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "rows": readable(list(page)),
            "query": query.urlencode(),
            "filter_failed": filter_failed,
        },
    )
