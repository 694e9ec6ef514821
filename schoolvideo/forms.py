"""Forms for section VIII's pages: they parse and bound; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import POLICE_ROLES, Membership, Role
from lib.bounds import BoundedDateField, IdChoiceField, IdsChoiceField, bound_dates, say_max_length
from schoolvideo.models import CASE_MAX, REASON_MAX, SHORT_MAX, TEXT_MAX, AccessRequest, Kind, VideoDisclosure
from schoolvideo.window import WEEKDAYS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _people(field: forms.ModelChoiceField) -> None:
    field.label_from_instance = lambda m: f"{m.display_name} ({m.get_role_display()})"


class RequestForm(forms.Form):
    other_agency = forms.CharField(
        label="Another law-enforcement agency (leave empty for the Police Department)",
        max_length=SHORT_MAX,
        required=False,
    )
    case_number = forms.CharField(label="Case or incident number", max_length=CASE_MAX, required=False)
    footage = forms.ChoiceField(label="Video", choices=AccessRequest.Footage.choices, widget=forms.RadioSelect)
    sought = forms.CharField(label="What video is sought", max_length=TEXT_MAX, widget=forms.Textarea)
    places = forms.CharField(label="Which cameras or places", max_length=TEXT_MAX, widget=forms.Textarea)
    period_start = forms.DateTimeField(label="From", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    period_end = forms.DateTimeField(label="To", widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS)
    reason = forms.CharField(label="Why: the criminal investigation", max_length=TEXT_MAX, widget=forms.Textarea)
    criminal_investigation = forms.BooleanField(
        label="This request is made in a criminal investigation", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_max_length(self)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("grant", "Grant access"), ("decline", "Decline")], widget=forms.RadioSelect
    )
    legal_basis = forms.CharField(
        label="Legal basis",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text="The state or federal law under which access is appropriate (or why it is not), e.g. a "
        "subpoena or warrant, or FERPA 34 CFR 99.31(a)(10) and 99.36.",
    )
    note = forms.CharField(label="Note", max_length=TEXT_MAX, widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_max_length(self)


class DesignationForm(forms.Form):
    designee = IdChoiceField(queryset=Membership.objects.none(), label="Certified administrator", empty_label="Choose…")
    certification = forms.CharField(
        label="Administrator certification",
        max_length=SHORT_MAX,
        help_text="The person's administrator certificate (type and number), as the district keeps it.",
    )

    def __init__(self, *args: Any, agreement=None, **kwargs: Any) -> None:
        from schoolvideo.actions import DESIGNABLE

        super().__init__(*args, **kwargs)
        self.fields["designee"].queryset = (
            Membership.objects.active().filter(agreement=agreement, role__in=DESIGNABLE).select_related("user")
        )
        _people(self.fields["designee"])
        say_max_length(self)


class AccessForm(forms.Form):
    """The SRO's or SSU officer's own record of viewing district video now (VIII.2)."""

    school = IdChoiceField(queryset=None, label="School", empty_label="Choose…")
    kind = forms.ChoiceField(label="Video", choices=Kind.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Why", max_length=REASON_MAX, widget=forms.Textarea)

    def __init__(self, *args: Any, agreement=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = agreement.schools.order_by("name")
        say_max_length(self)


class SSUScheduleForm(forms.Form):
    officer = IdChoiceField(queryset=Membership.objects.none(), label="SSU officer", empty_label="Choose…")
    effective_from = BoundedDateField(label="In force from", widget=forms.DateInput(attrs={"type": "date"}))
    schools = IdsChoiceField(queryset=None, label="Schools", widget=forms.CheckboxSelectMultiple, required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label="Weekdays",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_at = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    ends_at = forms.TimeField(label="To", widget=forms.TimeInput(attrs={"type": "time"}), required=False)
    school_days_only = forms.BooleanField(label="Only on days with students", required=False)

    def __init__(self, *args: Any, agreement=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = (
            Membership.objects.active().filter(agreement=agreement, role=Role.SSU).select_related("user")
        )
        _people(self.fields["officer"])
        self.fields["schools"].queryset = agreement.schools.order_by("name")
        bound_dates(self, agreement)
        self.fields[
            "effective_from"
        ].help_text = "Leave schools or weekdays empty to end the officer's window from this date."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        picked = bool(data.get("schools")) and bool(data.get("weekdays"))
        start, end = data.get("starts_at"), data.get("ends_at")
        if picked:
            if start is None or end is None:
                self.add_error("starts_at", "Give the hours, from and to.")
            elif end <= start:
                self.add_error("ends_at", "The hours must end after they start (the same day).")
        return data


class DisclosureForm(forms.Form):
    basis = forms.ChoiceField(label="Ground", choices=VideoDisclosure.Basis.choices, widget=forms.RadioSelect)
    threat = forms.CharField(
        label="The threat (or the law that allows the disclosure)",
        max_length=TEXT_MAX,
        widget=forms.Textarea,
        help_text="For a health or safety emergency: the articulable and significant threat, as 34 CFR 99.32(a)(5) asks.",
    )
    footage = forms.CharField(
        label="Video disclosed", max_length=TEXT_MAX, widget=forms.Textarea, help_text="Cameras, places, period."
    )
    recipient = IdChoiceField(queryset=Membership.objects.none(), label="Given to", empty_label="Choose…")
    other_recipients = forms.CharField(
        label="Others in the Police Department who received it", max_length=SHORT_MAX, required=False
    )
    student_ids = forms.CharField(
        label="Students identifiable in the video",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Their student IDs from the student information system, one per line or separated by commas.",
    )
    disclosed_on = BoundedDateField(label="Disclosed on", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, agreement=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = (
            Membership.objects.active().filter(agreement=agreement, role__in=POLICE_ROLES).select_related("user")
        )
        _people(self.fields["recipient"])
        bound_dates(self, agreement)
        self.fields["disclosed_on"].bound(agreement.effective_date, timezone.localdate())
        say_max_length(self)
