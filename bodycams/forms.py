"""Forms of the camera pages: they parse and bound the input; the rules are in actions.py."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from accounts.models import Membership
from bodycams.models import (
    ATTENDEES_MAX,
    DETAIL_MAX,
    EVIDENCE_MAX,
    LAW_MAX,
    PLACE_MAX,
    POSITION_MAX,
    REASON_MAX,
    Purpose,
)
from bodycams.purpose import REFUSAL, not_law_enforcement
from lib.bounds import BoundedDateField, IdChoiceField, say_max_length

DATE = forms.DateInput(attrs={"type": "date"})
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MOMENT = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _moment() -> forms.DateTimeField:
    return forms.DateTimeField(
        input_formats=MOMENT, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


class _Bounded(forms.Form):
    def __init__(self, *args, agreement=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, BoundedDateField) and agreement is not None:
                field.bound(agreement.effective_date, timezone.localdate())
        say_max_length(self)


class PurposeField(forms.ChoiceField):
    """The list of law-enforcement purposes; a value naming an excluded reason gets the MOU's sentence (III.2)."""

    def validate(self, value: str) -> None:
        if value and value not in Purpose.values and not_law_enforcement(str(value).replace("_", " ")):
            raise forms.ValidationError(REFUSAL, code="not_law_enforcement")
        super().validate(value)


class ActivationForm(_Bounded):
    school = IdChoiceField(queryset=Membership.objects.none(), empty_label="Choose…")
    day = BoundedDateField(label="Date", widget=DATE)
    started_at = forms.TimeField(label="Camera on", widget=TIME)
    ended_at = forms.TimeField(label="Camera off", widget=TIME)
    purpose = PurposeField(label="Law-enforcement purpose", choices=Purpose.choices, widget=forms.RadioSelect)
    purpose_detail = forms.CharField(
        label="What law-enforcement action it was for",
        max_length=DETAIL_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Not educational responsibilities or typical interactions: those are not a reason to record.",
    )
    evidence_number = forms.CharField(
        label="Evidence number",
        max_length=EVIDENCE_MAX,
        required=False,
        help_text="The department's reference, if known.",
    )

    def clean(self) -> dict:
        data = super().clean()
        day, on, off = data.get("day"), data.get("started_at"), data.get("ended_at")
        if day and on and off:
            if off <= on:
                self.add_error("ended_at", "The camera-off time must come after the camera-on time.")
            data["started_at"] = timezone.make_aware(datetime.combine(day, on))
            data["ended_at"] = timezone.make_aware(datetime.combine(day, off))
        return data


class StartForm(_Bounded):
    school = IdChoiceField(queryset=Membership.objects.none(), empty_label="Choose…")
    day = BoundedDateField(label="Date", widget=DATE)
    started_at = forms.TimeField(label="Camera on", widget=TIME)
    evidence_number = forms.CharField(label="Evidence number", max_length=EVIDENCE_MAX, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("day") and data.get("started_at"):
            data["started_at"] = timezone.make_aware(datetime.combine(data["day"], data["started_at"]))
        return data


class ExportForm(StartForm):
    sro = IdChoiceField(queryset=Membership.objects.none(), label="SRO", empty_label="Choose…")
    evidence_number = forms.CharField(label="Evidence number", max_length=EVIDENCE_MAX)
    field_order = ["sro", "day", "started_at", "evidence_number"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["school"]


class RequestForm(_Bounded):
    reason = forms.CharField(
        label="Why you ask to view it", max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(_Bounded):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")], widget=forms.RadioSelect, label="Decision"
    )
    reason = forms.CharField(label="Reason", max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    law_note = forms.CharField(
        label="FOIA or other law",
        max_length=LAW_MAX,
        required=False,
        help_text="Where the Freedom of Information Act or other law applies, say how.",
    )
    viewing_at = _moment()
    viewing_place = forms.CharField(label="Where the viewing happens", max_length=PLACE_MAX, required=False)
    evidence_number = forms.CharField(label="Evidence number of the recording", max_length=EVIDENCE_MAX, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["viewing_at"].required = False
        self.fields["viewing_at"].label = "When the viewing happens"
        self.fields["viewing_at"].help_text = "For an approval."


class ViewingForm(_Bounded):
    viewed_at = _moment()
    place = forms.CharField(label="Where", max_length=PLACE_MAX)
    attendees = forms.CharField(
        label="Who attended",
        max_length=ATTENDEES_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Names and roles.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["viewed_at"].label = "Viewed on"


class DisputeForm(_Bounded):
    activation = IdChoiceField(queryset=Membership.objects.none(), required=False, empty_label="Camera use in general")
    summary = forms.CharField(
        label="What the dispute is about", max_length=POSITION_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class PositionForm(_Bounded):
    position = forms.CharField(
        label="Your side's position", max_length=POSITION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )


class ResolutionForm(_Bounded):
    resolution = forms.CharField(
        label="Proposed resolution", max_length=POSITION_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
