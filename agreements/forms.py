"""Forms for the agreement's set-up page (P.1). Every field is bounded by what it means."""

from __future__ import annotations

import re
from datetime import date

from django import forms

from agreements.models import School

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class DateInput(forms.DateInput):
    input_type = "date"


def _bounded_date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(attrs={"min": EARLIEST.isoformat(), "max": LATEST.isoformat()}),
        error_messages={"invalid": "Enter a date like 2024-08-15."},
    )


def _text(label: str, max_length: int, required: bool = True, **kw) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, strip=True, **kw)


class BoundedDates(forms.Form):
    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, date) and not EARLIEST <= value <= LATEST:
                self.add_error(name, f"Enter a date between {EARLIEST:%Y} and {LATEST:%Y}.")
        return data


class ParametersForm(BoundedDates):
    title = _text("Title", 300)
    signed_on = _bounded_date("Signed on")
    effective_date = _bounded_date("Effective date")
    report_deadline_school_days = forms.IntegerField(
        label="Form A is due this many school days after the incident", min_value=1, max_value=30
    )
    chief_post_certified = forms.BooleanField(
        label="The Chief of Police is POST-certified (Form A goes to the Chief; otherwise straight to the Superintendent)",
        required=False,
    )
    termination_notice_month_day = _text(
        "Written notice of termination is due by (MM-DD)", 5, help_text="Month and day, like 01-01."
    )
    termination_effective_month_day = _text(
        "A termination takes effect on (MM-DD)", 5, help_text="Month and day, like 07-01."
    )

    def _month_day(self, name: str) -> str:
        value = self.cleaned_data[name]
        if not MONTH_DAY.match(value):
            raise forms.ValidationError("Enter a month and day like 07-01.")
        return value

    def clean_termination_notice_month_day(self) -> str:
        return self._month_day("termination_notice_month_day")

    def clean_termination_effective_month_day(self) -> str:
        return self._month_day("termination_effective_month_day")


class SchoolForm(forms.Form):
    name = _text("School name", 200)
    level = forms.ChoiceField(label="Level", choices=School.Level.choices)
    sourced_id = _text(
        "Student information system ID", 100, required=False, help_text="The OneRoster org sourcedId, if known."
    )


class SignatoryForm(BoundedDates):
    name = _text("Name", 200)
    title = _text("Title", 200)
    organization = _text("Organization", 200)
    signed_on = _bounded_date("Signed on")
