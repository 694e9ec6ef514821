"""The forms of the graduated response: they parse and give the MOU's messages; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from lib.bounds import BoundedDateField, IdsChoiceField, say_max_length
from response.actions import NEEDS_GROUND, check_intervention
from response.models import (
    LAW_ENFORCEMENT_OPTIONS,
    LINE_MAX,
    OPTIONS,
    SCHOOL_LEVELS,
    TEXT_MAX,
    Intervention,
    Level,
    PoliceRequest,
)

STUDENT_ID_MAX = 40


def _text(label: str, *, required: bool = True, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=TEXT_MAX,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class FindStudentForm(forms.Form):
    student_id = forms.CharField(label="Student ID", max_length=STUDENT_ID_MAX)


class InterventionForm(forms.Form):
    """One intervention at one of the school's three levels (V.1); never the SRO in the
    classroom (V.2), never an out-of-school option for truancy alone (V.4)."""

    level = forms.ChoiceField(
        label="Level", choices=[(lv.value, lv.label) for lv in SCHOOL_LEVELS], widget=forms.RadioSelect
    )
    option = forms.ChoiceField(
        label="Option",
        choices=[("", "Choose an option")] + [(Level(lv).label, OPTIONS[lv]) for lv in SCHOOL_LEVELS],
        help_text="Assessment and Service Provision may include any classroom or school administration option.",
    )
    on = BoundedDateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    truancy_only = forms.BooleanField(label="The behavior was truancy alone", required=False)
    sro_took_part = forms.BooleanField(
        label="The SRO took part, at an administrator's request (never at the Classroom level)", required=False
    )
    outcome = _text("Outcome", help_text="What came of it: whether the behavior continued.")

    def __init__(self, *args: Any, earliest=None, latest=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if earliest and latest:
            self.fields["on"].bound(earliest, latest)
        say_max_length(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "level" in data and "option" in data:
            try:
                check_intervention(
                    data["level"],
                    data["option"],
                    truancy_only=data.get("truancy_only", False),
                    sro_took_part=data.get("sro_took_part", False),
                )
            except ValidationError as e:
                self.add_error(None, e)
        return data


class RequestForm(forms.Form):
    """A request for police involvement in a specific student intervention, with its ground (V.3)."""

    asked = _text(
        "What the school asks of the police",
        help_text="The specific intervention for this student. The police see this, the ground, and whom it is about.",
    )
    ground = forms.ChoiceField(
        label="Ground for police involvement",
        choices=PoliceRequest.Ground.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    interventions = IdsChoiceField(
        label="Interventions tried and found ineffective",
        queryset=Intervention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Only for the first ground. These stay with the school: the police see only that the ground was met.",
    )
    determined_by = forms.CharField(
        label="Determined by (name and title)",
        max_length=LINE_MAX,
        required=False,
        help_text="Only for the second ground.",
    )
    determination = _text(
        "Why police involvement is appropriate", required=False, help_text="Only for the second ground."
    )
    emergency = _text("The emergency", required=False, help_text="Only for the third ground: what is happening.")

    def __init__(self, *args: Any, student=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if student is not None:
            self.fields["interventions"].queryset = Intervention.objects.filter(student=student)
        self.fields["interventions"].label_from_instance = lambda i: (
            f"{i.on:%B %-d, %Y}: {i.get_level_display()}, {i.get_option_display()} — {i.outcome}"
        )
        say_max_length(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("ground") and "ground" not in self.errors:
            self.add_error("ground", NEEDS_GROUND)
        return data


class OutcomeForm(forms.Form):
    """The SRO's record: the law-enforcement option taken (none chosen in advance, V.5) and its outcome."""

    option = forms.ChoiceField(
        label="Law-enforcement option taken",
        choices=LAW_ENFORCEMENT_OPTIONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the law-enforcement option taken; none is chosen for you."},
    )
    outcome = _text("Outcome")
    escalated_to_violence = forms.BooleanField(label="The conduct escalated to violence", required=False)
    constitutes_crime = forms.BooleanField(label="The conduct constitutes a crime", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        say_max_length(self)
