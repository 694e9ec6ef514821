"""The activity form: what each kind of activity asks for, bounded (IV.2)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from activities.actions import check, sro_schools
from activities.models import AUDIENCE_MAX, TOPIC_MAX, Activity
from students import guard


class ActivityForm(forms.Form):
    occurred_on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.ModelChoiceField(queryset=None, empty_label=None)
    topic = forms.CharField(
        label="Topic",
        required=False,
        max_length=TOPIC_MAX,
        help_text=f"A few words on the subject, up to {TOPIC_MAX} characters. No student names.",
    )
    audience_size = forms.IntegerField(
        label="About how many attended", required=False, min_value=1, max_value=AUDIENCE_MAX
    )
    requested_by_superintendent = forms.BooleanField(
        label="Requested by the Superintendent or designee", required=False
    )
    agency_type = forms.ChoiceField(
        label="Kind of agency",
        required=False,
        choices=[("", "Choose…"), *Activity.Agency.choices],
        help_text="Only the kind of agency: never the student's or the family's name.",
    )

    def __init__(self, *args: Any, membership, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.kind = kind
        schools = sro_schools(membership)
        self.fields["school"].queryset = membership.agreement.schools.filter(pk__in=[s.pk for s in schools])
        if schools:
            self.fields["school"].initial = schools[0].pk
        self.fields["occurred_on"].initial = timezone.localdate()
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        # Each kind shows only what it asks for.
        if kind not in Activity.TOPIC_KINDS:
            del self.fields["topic"]
        if kind not in Activity.AUDIENCE_KINDS:
            del self.fields["audience_size"]
        if kind not in Activity.REQUEST_KINDS:
            del self.fields["requested_by_superintendent"]
        if kind != Activity.Kind.LIAISON_REFERRAL:
            del self.fields["agency_type"]

    def clean_topic(self) -> str:
        # Pasted text: no-break spaces, tabs and line breaks become one space.
        topic = " ".join(self.cleaned_data.get("topic", "").split())
        # The topic is checked by the no-names guard: count it towards the guard's rate limit (VII.4).
        if topic and not guard.check_allowed(self.membership.user_id):
            raise forms.ValidationError(guard.LIMIT_MESSAGE)
        return topic

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            for field, message in check(self.membership, {"kind": self.kind, **data}).items():
                self.add_error(field if field in self.fields else None, message)
        return data
