"""Forms for section VI and the § 10-233h notice: they parse and bound the input (S.4); the
rules live in schoolpolice.actions."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import POLICE_ROLES, Membership
from agreements.models import Agreement
from lib.bounds import BoundedDateField, IdChoiceField, agreement_dates, say_max_length
from lib.text import clean
from schoolpolice.actions import ON_BEHALF_ROLES
from schoolpolice.models import (
    DESCRIPTION_LENGTH,
    SHORT_LENGTH,
    TEXT_LENGTH,
    Acting,
    CustodyPlace,
    Kind,
    OffenseClass,
    Request,
)

STUDENT_NAME_LENGTH = 200
STUDENT_ID_LENGTH = 60


def _text(label: str, max_length: int = TEXT_LENGTH, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}) if max_length > SHORT_LENGTH else forms.TextInput(),
    )


def _time(label: str, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )


def _date(label: str, *, required: bool = True) -> BoundedDateField:
    return BoundedDateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}))


def local(day: date, at: time) -> datetime:
    """A local date and time as an aware datetime (the installation's time zone)."""
    return timezone.make_aware(datetime.combine(day, at))


class CleanTextForm(forms.Form):
    """Normalise every text value once, at the boundary (NFKC, invisible characters removed)."""

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        earliest, latest = agreement_dates(agreement)
        for field in self.fields.values():
            if isinstance(field, BoundedDateField):
                field.bound(earliest, latest)
        say_max_length(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                data[name] = clean(value.replace("\r\n", "\n").replace("\r", "\n")).strip()
        return data


class WhoWhereForm(CleanTextForm):
    """The officer (the SRO or the Chief may enter for another), the school and the student."""

    officer = IdChoiceField(queryset=Membership.objects.none(), label="Law-enforcement professional")
    school = IdChoiceField(queryset=None, label="School")
    student_name = forms.CharField(
        label="Student's name", max_length=STUDENT_NAME_LENGTH, help_text="As the school knows the student."
    )
    student_id = forms.CharField(
        label="Student ID",
        max_length=STUDENT_ID_LENGTH,
        required=False,
        help_text="Needed only when more than one student of the school has that name.",
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, agreement=membership.agreement, **kwargs)
        self.membership = membership
        self.fields["school"].queryset = membership.agreement.schools.order_by("name")
        if membership.role in ON_BEHALF_ROLES:
            officers = (
                Membership.objects.active()
                .filter(agreement=membership.agreement, role__in=POLICE_ROLES)
                .select_related("user")
                .order_by("user__last_name")
            )
            self.fields["officer"].queryset = officers
            self.fields["officer"].label_from_instance = lambda m: f"{m.display_name} ({m.get_role_display()})"
            self.fields["officer"].initial = membership.pk
            self.fields["officer"].required = False
            self.fields["officer"].help_text = "Yourself, or another officer on whose behalf you enter this."
        else:
            del self.fields["officer"]

    @property
    def chosen_officer(self) -> Membership:
        return self.cleaned_data.get("officer") or self.membership


class EnforcementFields(forms.Form):
    acting = forms.ChoiceField(
        label="For a citation or arrest: who will act (VI.2)",
        choices=Acting.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    sro_reason = _text("If the SRO acts: why not another officer on duty", required=False)
    custody_place = forms.ChoiceField(
        label="For an arrest: where the student is taken into custody (VI.3)",
        choices=CustodyPlace.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    custody_reason = _text("If neither is possible: why", required=False)
    escalated = forms.BooleanField(label="The conduct escalated to violence or constitutes a crime", required=False)


class RequestForm(WhoWhereForm, EnforcementFields):
    kind = forms.ChoiceField(label="You ask for", choices=Kind.choices, widget=forms.RadioSelect)
    proposed_date = _date("Proposed date")
    proposed_time = _time("Proposed time")
    place = _text("Proposed place", SHORT_LENGTH, help_text="Where in or near the school.")
    danger = _text("Potential danger to persons")
    evidence = _text("Likelihood of destruction of evidence or other property")
    elsewhere = _text("Ability to conduct it elsewhere")

    field_order = [
        "officer", "school", "student_name", "student_id", "kind", "proposed_date", "proposed_time", "place",
        "danger", "evidence", "elsewhere", "acting", "sro_reason", "custody_place", "custody_reason", "escalated",
    ]  # fmt: skip


class EmergencyForm(WhoWhereForm, EnforcementFields):
    kind = forms.ChoiceField(label="What was done", choices=Kind.choices, widget=forms.RadioSelect)
    occurred_date = _date("Date")
    occurred_time = _time("Time")
    emergency = _text("The emergency", help_text="Why there was no time to ask the principal first.")
    description = _text("What was done")

    field_order = [
        "officer", "school", "student_name", "student_id", "kind", "occurred_date", "occurred_time", "emergency",
        "description", "acting", "sro_reason", "custody_place", "custody_reason", "escalated",
    ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student_name"].required = False
        self.fields["student_name"].help_text = "If a student was involved, as the school knows the student."


class ArrestForm(WhoWhereForm):
    arrested_date = _date("Date of the arrest")
    arrested_time = _time("Time of the arrest")
    offense_class = forms.ChoiceField(
        label="Arrested for",
        choices=OffenseClass.choices,
        widget=forms.RadioSelect,
        help_text="§ 10-233h notices are owed for a felony or a class A misdemeanor.",
    )


class DecisionForm(CleanTextForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (Request.Status.AGREED, "Agree"),
            (Request.Status.OTHER_TIME, "Propose another time or place"),
            (Request.Status.DECLINED, "Decline"),
        ],
        widget=forms.RadioSelect,
    )
    other_date = _date("Other date", required=False)
    other_time = _time("Other time", required=False)
    other_place = _text("Other place", SHORT_LENGTH, required=False)
    note = _text("Note to the officer", required=False, help_text="Required when you decline.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("other_date")) != bool(data.get("other_time")) and not self.errors:
            self.add_error("other_date", "Give both the other date and the other time, or neither.")
        return data

    @property
    def other_at(self) -> datetime | None:
        d, t = self.cleaned_data.get("other_date"), self.cleaned_data.get("other_time")
        return local(d, t) if d and t else None


class OralNoticeForm(CleanTextForm):
    oral_date = _date("Date the oral notice was given")
    oral_time = _time("Time")
    oral_to = _text("Given to", SHORT_LENGTH, help_text="The Superintendent or the designee, by name.")


class WrittenNoticeForm(CleanTextForm):
    description = _text("Brief description of the incident", DESCRIPTION_LENGTH)
