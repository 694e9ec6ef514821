"""Bounds for input from the real world (S.4): dates a person of this agreement can mean,
months for filters, and the "up to N characters" hint beside every bounded text field.

A value outside its bounds is refused with a message that names them; it never reaches a
query or the database, where a year of 9999 or an id of 10**20 would fail with a 500.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

if TYPE_CHECKING:
    from agreements.models import Agreement


def spell(day: date) -> str:
    """November 1, 2023: the agreement's own way of writing a date."""
    return f"{day:%B} {day.day}, {day.year}"


def year_ahead(today: date | None = None) -> date:
    """The same day a year from TODAY (February 28 for February 29)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)


def agreement_dates(agreement: Agreement, today: date | None = None) -> tuple[date, date]:
    """Every date a page of AGREEMENT can mean: from its effective date to a year ahead."""
    return agreement.effective_date, year_ahead(today)


class BoundedDateField(forms.DateField):
    """A date from EARLIEST to LATEST (inclusive); the form sets them with `bound`, usually to
    `agreement_dates`. The browser's date picker gets them as min and max too."""

    def __init__(self, *args: Any, earliest: date | None = None, latest: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.earliest, self.latest = earliest, latest

    def bound(self, earliest: date, latest: date) -> None:
        self.earliest, self.latest = earliest, latest
        self.widget.attrs |= {"min": self.show(earliest), "max": self.show(latest)}

    def show(self, day: date) -> str:
        return day.isoformat()

    def describe(self, day: date) -> str:
        return spell(day)

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is None or self.earliest is None or self.latest is None:
            return
        if not self.earliest <= value <= self.latest:
            raise ValidationError(
                f"Choose a date from {self.describe(self.earliest)} to {self.describe(self.latest)}.",
                code="out_of_range",
            )


MONTH_NAMES = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


class MonthSelect(forms.Widget):
    """A month as two selects, month and year (the browser's month picker is a bare text box in
    some browsers and a different size from the other fields). The field's label names the
    month select; the year select says "Year". A plain NAME=YYYY-MM (a link, a test, an older
    form) is read too."""

    def __init__(self, attrs: dict[str, Any] | None = None, blank: str = "") -> None:
        super().__init__(attrs)
        self.blank = blank

    def _years(self, attrs: dict[str, Any]) -> range:
        today = timezone.localdate()
        first = int(str(attrs.get("min") or today.year - 1)[:4])
        last = int(str(attrs.get("max") or today.year + 1)[:4])
        return range(last, first - 1, -1)

    def format_value(self, value: Any) -> tuple[str, str]:
        if isinstance(value, date):
            return f"{value.month}", f"{value.year}"
        year, _, month = str(value or "").partition("-")
        return (str(int(month)) if month.isdigit() else ""), (year if year.isdigit() else "")

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        from django.utils.html import format_html, format_html_join

        attrs = {**self.attrs, **(attrs or {})}
        month, year = self.format_value(value)
        ident = attrs.get("id") or f"id_{name}"
        required = " required" if attrs.get("required") else ""

        def options(choices: list[tuple[str, str]], chosen: str) -> str:
            return format_html_join(
                "", '<option value="{}"{}>{}</option>', ((v, " selected" if v == chosen else "", t) for v, t in choices)
            )

        months = [("", self.blank or "Month"), *((str(i), n) for i, n in enumerate(MONTH_NAMES, 1))]
        years = [("", "Year"), *((str(y), str(y)) for y in self._years(attrs))]
        return format_html(
            '<span class="month-year"><select name="{}_month" id="{}"{}>{}</select>'
            '<select name="{}_year" id="{}_year" aria-label="Year"{}>{}</select></span>',
            name,
            ident,
            required,
            options(months, month),
            name,
            ident,
            required,
            options(years, year),
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        if name in data:
            return data.get(name)
        month, year = (data.get(f"{name}_month") or "").strip(), (data.get(f"{name}_year") or "").strip()
        if not month and not year:
            return None
        if not (month.isdigit() and year.isdigit()):
            return f"{year}-{month}"  # refused by the field: "Enter a valid date."
        return f"{year}-{int(month):02d}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_month" not in data and f"{name}_year" not in data

    def id_for_label(self, id_: str) -> str:
        return id_


class MonthField(BoundedDateField):
    """A month (a month select and a year select, or YYYY-MM), as its first day."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m"])
        kwargs.setdefault("widget", MonthSelect(blank="Any month" if kwargs.get("required") is False else ""))
        super().__init__(*args, **kwargs)

    def bound(self, earliest: date, latest: date) -> None:
        super().bound(earliest.replace(day=1), latest.replace(day=1))

    def show(self, day: date) -> str:
        return f"{day:%Y-%m}"

    def describe(self, day: date) -> str:
        return f"{day:%B %Y}"

    def validate(self, value: date | None) -> None:
        forms.DateField.validate(self, value)
        if value is None or self.earliest is None or self.latest is None:
            return
        if not self.earliest <= value.replace(day=1) <= self.latest:
            raise ValidationError(
                f"Choose a month from {self.describe(self.earliest)} to {self.describe(self.latest)}.",
                code="out_of_range",
            )


def bound_dates(form: forms.BaseForm, agreement: Agreement) -> None:
    """Bound every BoundedDateField of FORM to the agreement's dates."""
    earliest, latest = agreement_dates(agreement)
    for field in form.fields.values():
        if isinstance(field, BoundedDateField):
            field.bound(earliest, latest)


def say_max_length(form: forms.BaseForm) -> None:
    """Say "Up to N characters." beside each text field of FORM that has a maximum length."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not isinstance(field, forms.CharField) or not limit or isinstance(field.widget, forms.HiddenInput):
            continue
        hint = f"Up to {limit:,} characters."
        if hint not in str(field.help_text):
            field.help_text = f"{field.help_text} {hint}".strip()


def is_id(value: object) -> bool:
    """A value that can be a row id. A tampered form's huge or odd value is a bad choice, checked
    before any query: SQLite cannot even bind an integer past 2**63 (OverflowError, a 500)."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and len(text) <= 12


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses a value that cannot be an id before querying for it."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not is_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses values that cannot be ids before querying."""

    def _check_values(self, value: Any) -> Any:
        for v in value:
            if not is_id(v):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(v)[:20]}
                )
        return super()._check_values(value)
