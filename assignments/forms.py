"""The forms of section II: a nomination, a decline, a schedule proposal, an absence."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from assignments.actions import HORIZON, NOMINABLE_ROLES, Entry
from assignments.models import NOTE_MAX, REASON_MAX, Absence, ScheduleEntry
from lib.bounds import IdChoiceField, IdsChoiceField


def clean_text(value: str) -> str:
    """NFKC, invisible format characters removed, ends trimmed: once, at the boundary."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(c for c in value if unicodedata.category(c) != "Cf").strip()


class SchoolChoice(IdChoiceField):
    def label_from_instance(self, obj: School) -> str:
        return obj.name


class OfficerChoice(IdChoiceField):
    def label_from_instance(self, obj: Membership) -> str:
        badge = f", badge {obj.badge_number}" if obj.badge_number else ""
        return f"{obj.display_name} ({obj.get_role_display()}{badge})"


class NominationForm(forms.Form):
    officer = OfficerChoice(
        queryset=Membership.objects.none(),
        label="Sworn officer",
        empty_label="Choose an officer",
        error_messages={
            "invalid_choice": "Choose one of this agreement's sworn officers.",
            "required": "Choose an officer.",
        },
    )
    primary_school = SchoolChoice(
        queryset=School.objects.none(),
        label="Primary school",
        empty_label="Choose the primary school",
        error_messages={
            "invalid_choice": "Choose one of this agreement's schools.",
            "required": "Choose the primary school.",
        },
    )
    assist_schools = IdsChoiceField(
        queryset=School.objects.none(),
        label="Schools the SRO may assist",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only this agreement's schools."},
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            Membership.objects.active()
            .filter(agreement=agreement, role__in=NOMINABLE_ROLES)
            .select_related("user")
            .order_by("user__last_name", "user__first_name")
        )
        schools = agreement.schools.order_by("name")
        self.fields["primary_school"].queryset = schools
        self.fields["assist_schools"].queryset = schools
        self.fields["assist_schools"].label_from_instance = lambda s: s.name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        primary, assists = data.get("primary_school"), data.get("assist_schools") or []
        if primary is not None and primary in assists:
            self.add_error("assist_schools", f"{primary.name} is the primary school; leave it unticked here.")
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason for declining",
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Approval shall not unreasonably be withheld: the Chief reads this reason.",
    )

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data.get("reason", ""))
        if not reason:
            raise forms.ValidationError("Write the reason for declining: approval may not be withheld without one.")
        return reason


WEEKDAYS = ScheduleEntry.Weekday.choices
SCHOOL_WEEK = [0, 1, 2, 3, 4]


class ScheduleRowForm(forms.Form):
    """One line of a schedule: a school, the days of the week, the hours. Stored as one entry per day."""

    school = SchoolChoice(
        queryset=School.objects.none(),
        required=False,
        label="School",
        empty_label="Choose a school",
        error_messages={"invalid_choice": "Choose one of the SRO's assigned schools."},
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        label="Days",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose days of the week."},
    )
    starts_at = forms.TimeField(required=False, label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(required=False, label="To", widget=forms.TimeInput(attrs={"type": "time"}))
    on_days_without_students = forms.BooleanField(required=False, label="Also on days without students")

    def __init__(self, *args: Any, schools: list[School] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [s.pk for s in schools or []]
        self.fields["school"].queryset = School.objects.filter(pk__in=ids).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        given = [data.get("school"), data.get("weekdays"), data.get("starts_at"), data.get("ends_at")]
        if not any(given):
            return data  # an empty line
        if data.get("school") is None:
            self.add_error("school", "Choose the school.")
        if not data.get("weekdays"):
            self.add_error("weekdays", "Tick at least one day.")
        if data.get("starts_at") is None:
            self.add_error("starts_at", "Enter when the hours start.")
        if data.get("ends_at") is None:
            self.add_error("ends_at", "Enter when the hours end.")
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "The hours must end after they start.")
        return data

    def entries(self) -> list[Entry]:
        data = self.cleaned_data
        if not data.get("school"):
            return []
        return [
            Entry(data["school"], day, data["starts_at"], data["ends_at"], data["on_days_without_students"])
            for day in data["weekdays"]
        ]


class BaseScheduleRows(forms.BaseFormSet):
    def __init__(self, *args: Any, schools: list[School], **kwargs: Any) -> None:
        self.schools = schools
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "schools": self.schools}

    @property
    def empty_form(self) -> forms.Form:  # pragma: no cover - not used by the page
        return self.form(auto_id=self.auto_id, prefix=self.add_prefix("__prefix__"), schools=self.schools)


ScheduleRows = forms.formset_factory(
    ScheduleRowForm, formset=BaseScheduleRows, extra=0, max_num=20, validate_max=True, absolute_max=20
)


class ScheduleForm(forms.Form):
    effective_from = forms.DateField(
        label="Effective from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date the schedule takes effect.", "invalid": "Enter a date."},
    )

    def clean_effective_from(self) -> date:
        value = self.cleaned_data["effective_from"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError("A schedule starts today or later: it cannot change days already past.")
        if value > today + HORIZON:
            raise forms.ValidationError("A schedule starts within a year from today.")
        return value


def schedule_rows(schools: list[School], data: Any = None, initial: list[dict[str, Any]] | None = None):
    """The schedule's lines, prefix "rows": INITIAL (the schedule in force) and three empty lines."""
    initial = initial or []
    rows = ScheduleRows(data, initial=initial or None, prefix="rows", schools=schools)
    if data is None:
        rows.extra = max(0, min(3, 20 - len(initial)))
    return rows


class AbsenceForm(forms.Form):
    on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date of the absence.", "invalid": "Enter a date."},
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=Absence.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose Training or Other absence.",
            "invalid_choice": "Choose Training or Other absence.",
        },
    )
    note = forms.CharField(label="Note (optional)", max_length=NOTE_MAX, required=False)

    def clean_note(self) -> str:
        return clean_text(self.cleaned_data.get("note", ""))
