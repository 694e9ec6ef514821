"""The data steward's forms."""

from __future__ import annotations

from typing import Any

from django import forms

from agreements.models import Agreement, School
from students.models import Roster

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    bundle = forms.FileField(
        label="OneRoster export (.zip) or disability extract (disability.csv)",
        help_text="A .zip of OneRoster 1.1 or 1.2 CSV files (manifest, orgs, users, demographics; roles for 1.2; "
        "disability.csv optional), or disability.csv alone with columns sourcedId,IDEA,Section504.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv"}),
    )
    # Set by the import page when the steward confirms making this many students inactive.
    confirm_deactivate = forms.IntegerField(required=False, min_value=0, max_value=10_000_000, widget=forms.HiddenInput)

    def clean_bundle(self):
        f = self.cleaned_data["bundle"]
        if not f.name.lower().endswith((".zip", ".csv")):
            raise forms.ValidationError("Upload a .zip of OneRoster CSV files, or disability.csv.")
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 200 MB; import it with manage.py import_oneroster.")
        return f


class MappingForm(forms.Form):
    mapping = forms.IntegerField(widget=forms.HiddenInput)
    school = forms.ModelChoiceField(
        queryset=School.objects.none(), required=False, empty_label="Not one of our schools"
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = agreement.schools.order_by("name")


class SettingsForm(forms.Form):
    other_gender = forms.ChoiceField(
        label="When OneRoster says 'other' or 'unspecified', Form A's gender is",
        choices=Roster.OtherGender.choices,
        widget=forms.RadioSelect,
    )
