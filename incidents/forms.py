"""The SRO's forms for IV.1 and IV.4, and the agreement's notice setting.

The forms parse what the browser sends (a date and a time on the local clock, checkboxes) and
ask the SRO to confirm words the no-names guard cannot tell from a name; the rules themselves
are checked by the actions, which refuse bad input whole.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import Membership
from agreements.models import School
from assignments.queries import schools_on
from incidents.models import (
    DESCRIPTION_LENGTH,
    INJURY_LENGTH,
    JUSTIFICATION_LENGTH,
    NOT_LEAST_FORCE,
    NOT_TO_PREVENT_INJURY,
    EmergencyIntervention,
    IncidentNotice,
    NoticeSettings,
)
from lib.bounds import BoundedDateField, IdChoiceField, bound_dates, say_max_length, spell
from lib.text import clean
from students import guard

NAMES_CONFIRMATION = "I confirm these words are not the names of students"
YES_NO = [("True", "Yes"), ("False", "No")]


def local_moment(day: date, moment: time) -> datetime:
    """DAY at MOMENT on the local clock, aware. A time the clock skipped (the spring change)
    is refused; a time it showed twice (the autumn change) is the first of the two."""
    tz = timezone.get_current_timezone()
    naive = datetime.combine(day, moment.replace(tzinfo=None))
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        raise forms.ValidationError(
            f"{moment:%-I:%M %p} did not happen on {spell(day)}: the clocks moved forward an hour that night. "
            "Enter the time as the clock showed it.",
            code="skipped_time",
        )
    return aware


def _date_field(label: str) -> BoundedDateField:
    return BoundedDateField(label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class GuardedForm(forms.Form):
    """A form whose free texts may not name a student: words the guard blocks are refused;
    words that may be a name need the SRO's confirmation."""

    GUARDED: tuple[str, ...] = ()
    # What an empty required field says, in the form's own words.
    REQUIRED: dict[str, str] = {}
    names_confirmed = forms.BooleanField(label=NAMES_CONFIRMATION, required=False)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.membership = membership
        schools = schools_on(membership, timezone.localdate())
        self.fields["school"].queryset = School.objects.filter(pk__in=[s.pk for s in schools]).order_by("name")
        self.fields["school"].empty_label = "Choose a school"
        if schools:
            self.initial.setdefault("school", schools[0].pk)  # the primary school first (II.2)
        self.fields["school"].error_messages["invalid_choice"] = "Choose one of the schools you are assigned to."
        bound_dates(self, membership.agreement)
        for field in self.fields.values():
            if isinstance(field, BoundedDateField):
                field.latest = timezone.localdate()
                field.widget.attrs["max"] = field.latest.isoformat()
        say_max_length(self)
        for name, message in {"school": "Choose the school.", **self.REQUIRED}.items():
            self.fields[name].error_messages["required"] = message
        self.order_fields([name for name in self.fields if name != "names_confirmed"] + ["names_confirmed"])
        self.to_confirm: list = []
        self.over_guard_limit = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        texts = {name: clean(data[name]) for name in self.GUARDED if data.get(name)}
        if not texts:
            return data
        if not guard.check_allowed(self.membership.user_id):
            self.over_guard_limit = True
            for name in texts:
                self.add_error(name, guard.LIMIT_MESSAGE)
            return data
        school = data.get("school")
        for name, text in texts.items():
            found = guard.scan(self.membership.agreement, text, school=school)
            blocking = [f for f in found if f.severity == guard.BLOCK]
            if blocking:
                words = ", ".join(f"“{f.text}” ({f.label})" for f in blocking)
                self.add_error(name, f"Remove these words: this record may not identify a student. {words}.")
            else:
                self.to_confirm += found
        if self.to_confirm and not data.get("names_confirmed"):
            words = ", ".join(f"“{f.text}” ({f.label})" for f in self.to_confirm)
            self.add_error(
                "names_confirmed",
                f"These words may be a student's name: {words}. Write “a student” or “Student A” instead, "
                "or confirm that they are not the names of students.",
            )
        return data

    def _moment(self, data: dict[str, Any], day: str, moment: str) -> datetime | None:
        if data.get(day) is None or data.get(moment) is None:
            return None
        try:
            return local_moment(data[day], data[moment])
        except forms.ValidationError as e:
            self.add_error(moment, e)
            return None


class NoticeForm(GuardedForm):
    """IV.1: what the SRO tells the principal."""

    GUARDED = ("description",)
    REQUIRED = {
        "kind": "Choose what happened: juvenile delinquency, incident, charge or arrest.",
        "occurred_date": "Enter the date it happened.",
        "occurred_time": "Enter the time it happened.",
        "description": "Write a short description.",
    }
    school = IdChoiceField(queryset=School.objects.none(), label="School")
    kind = forms.ChoiceField(label="What happened", choices=IncidentNotice.Kind.choices, widget=forms.RadioSelect)
    occurred_date = _date_field("Date it happened")
    occurred_time = _time_field("Time it happened")
    description = forms.CharField(
        label="Short description",
        max_length=DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happened and where, for the principal. Do not name or identify any student.",
    )
    escalated_to_violence = forms.BooleanField(label="The conduct escalated to violence", required=False)
    constitutes_crime = forms.BooleanField(label="The conduct constitutes a crime", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["occurred_at"] = self._moment(data, "occurred_date", "occurred_time")
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        names = ("school", "kind", "occurred_at", "description", "escalated_to_violence", "constitutes_crime")
        return {name: d.get(name) for name in names}


class InterventionForm(GuardedForm):
    """IV.4: a physical restraint or seclusion by the SRO, as an emergency intervention."""

    GUARDED = ("imminent_injury", "least_force", "injury_description")
    REQUIRED = {
        "which": "Choose physical restraint or seclusion.",
        "started_date": "Enter the date.",
        "started_time": "Enter the time it started.",
        "ended_time": "Enter the time it ended.",
        "imminent_injury": "Write the immediate or imminent injury it prevented.",
        "least_force": "Write why it was the least force necessary.",
        "injury_occurred": "Say whether an injury occurred.",
    }
    school = IdChoiceField(queryset=School.objects.none(), label="School")
    which = forms.ChoiceField(
        label="Physical restraint or seclusion", choices=EmergencyIntervention.Which.choices, widget=forms.RadioSelect
    )
    started_date = _date_field("Date")
    started_time = _time_field("Started at")
    ended_time = _time_field("Ended at")
    imminent_injury_affirmed = forms.BooleanField(
        label="It was an emergency intervention to prevent immediate or imminent injury to the student or to others",
        required=False,
    )
    imminent_injury = forms.CharField(
        label="The immediate or imminent injury it prevented",
        max_length=JUSTIFICATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the student was about to do, and to whom. Do not name or identify any student.",
    )
    least_force_affirmed = forms.BooleanField(
        label="The force used was the least amount necessary to detain the student, reasonable in light of the "
        "totality of the circumstances",
        required=False,
    )
    least_force = forms.CharField(
        label="Why it was the least force necessary",
        max_length=JUSTIFICATION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was tried or considered first; when and why the intervention ended.",
    )
    injury_occurred = forms.TypedChoiceField(
        label="Did an injury occur?",
        choices=YES_NO,
        coerce=lambda value: value == "True",
        empty_value=None,
        widget=forms.RadioSelect,
    )
    injured = forms.ChoiceField(
        label="If so, who was injured",
        choices=[("", "—"), *EmergencyIntervention.Injured.choices],
        required=False,
    )
    injury_description = forms.CharField(
        label="If so, the injury",
        max_length=INJURY_LENGTH,
        required=False,
        help_text="For example “abrasion to a staff member's forearm”. Do not name anyone.",
    )
    escalated_to_violence = forms.BooleanField(label="The conduct escalated to violence", required=False)
    constitutes_crime = forms.BooleanField(label="The conduct constitutes a crime", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["started_at"] = self._moment(data, "started_date", "started_time")
        data["ended_at"] = self._moment(data, "started_date", "ended_time")
        if data["started_at"] and data["ended_at"] and data["ended_at"] <= data["started_at"]:
            # Said here too, so it shows with the other problems, not after they are fixed.
            self.add_error("ended_time", "The end must come after the start.")
        if not data.get("imminent_injury_affirmed"):
            self.add_error("imminent_injury_affirmed", NOT_TO_PREVENT_INJURY)
        if not data.get("least_force_affirmed"):
            self.add_error("least_force_affirmed", NOT_LEAST_FORCE)
        return data

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        names = (
            "school",
            "which",
            "started_at",
            "ended_at",
            "imminent_injury_affirmed",
            "imminent_injury",
            "least_force_affirmed",
            "least_force",
            "injury_occurred",
            "injured",
            "injury_description",
            "escalated_to_violence",
            "constitutes_crime",
        )
        return {name: d.get(name) for name in names}


class SettingsForm(forms.Form):
    rule = forms.ChoiceField(
        label="The SRO's notice is due", choices=NoticeSettings.Rule.choices, widget=forms.RadioSelect
    )
    hours = forms.IntegerField(
        label="Hours (with “Within a number of hours”)", min_value=1, max_value=72, required=False
    )
    school_day_ends_at = forms.TimeField(
        label="The school day ends at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="A notice due on a school day is due by this time.",
    )
