"""Forms for the training catalogue and completions, bounded (IV.3, X.3)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Membership
from training.actions import may_record_for, sources_for
from training.models import NAME_MAX, Course


class CompletionForm(forms.Form):
    person = forms.ModelChoiceField(queryset=None, label="Who", empty_label="Choose…")
    course = forms.ModelChoiceField(queryset=None, label="Training", empty_label="Choose…")
    completed_on = forms.DateField(label="Completed on", widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label="Hours",
        min_value=Decimal("0.25"),
        max_value=80,
        decimal_places=2,
        max_digits=4,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, recorder: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.active().filter(agreement=recorder.agreement).select_related("user")
        allowed = [m.pk for m in members if may_record_for(recorder, m)]
        self.fields["person"].queryset = members.filter(pk__in=allowed).order_by("user__last_name")
        self.fields["person"].label_from_instance = lambda m: f"{m.display_name} ({m.get_role_display()})"
        self.fields["course"].queryset = Course.objects.filter(agreement=recorder.agreement)
        self.fields["completed_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class CourseForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX, help_text=f"Up to {NAME_MAX} characters.")
    audience = forms.ChoiceField(label="Who must take it", choices=Course.Audience.choices)
    source = forms.ChoiceField(label="Kind")
    required = forms.BooleanField(label="Required", required=False, initial=True)
    valid_months = forms.IntegerField(
        label="Valid for (months)",
        required=False,
        min_value=1,
        max_value=120,
        help_text="Leave empty if it never needs repeating.",
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = sources_for(membership)
        self.fields["source"].choices = [(v, label) for v, label in Course.Source.choices if v in allowed]
