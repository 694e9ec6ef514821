"""Forms for importing a district calendar: the upload, then the readings staff may correct."""

from __future__ import annotations

from typing import Any

from django import forms

from schoolcalendar.ics import (
    MAX_BYTES,
    CalendarFileError,
    Event,
    Reading,
    plan_calendar,
    read_calendar,
    same_summary,
)


class UploadForm(forms.Form):
    calendar = forms.FileField(
        label="District calendar (.ics file)",
        help_text=(
            "Exported from the district's calendar: one school year, or a feed of several. "
            "It must name the first and the last day of school."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
    )

    def clean_calendar(self):
        upload = self.cleaned_data["calendar"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; a school calendar is far smaller."
            )
        raw = upload.read()
        try:
            calendar = read_calendar(raw)
            plan = plan_calendar(calendar)
        except CalendarFileError as e:
            raise forms.ValidationError(
                f"{e} Nothing was changed." if "Nothing was" not in str(e) else str(e)
            ) from None
        self.cleaned_data.update(raw=raw, calendar_file=calendar, plan=plan)
        return upload


def dates_of(group: list[Event]) -> str:
    """The dates of events that say the same thing, short enough for a table cell."""
    if len(group) <= 3:
        return "; ".join(e.dates_display for e in group)
    return f"{len(group)} dates, {group[0].start.isoformat()} to {group[-1].end.isoformat()}"


class ReadingsForm(forms.Form):
    """The file (carried through the preview) and one reading for each summary it uses.

    Events with the same summary share one reading (`same_summary`); the field is named after
    the group's first event in the file, so a file of distinct summaries has one per event.
    """

    ics = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args: Any, events: list[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = same_summary(events)
        for group in self.groups:
            first = min(group, key=lambda e: e.index)
            label = f"Reading of “{first.summary or 'untitled event'}”, {dates_of(group)}"
            # Named by aria-label: a visually hidden <label> inside the scrolling table would
            # stretch a phone's page sideways.
            self.fields[self.name_for(group)] = forms.ChoiceField(
                choices=Reading.choices,
                initial=first.reading,
                label=label,
                widget=forms.Select(attrs={"aria-label": label}),
            )

    @staticmethod
    def name_for(group: list[Event]) -> str:
        return f"reading-{min(e.index for e in group)}"

    def overrides(self) -> dict[int, str]:
        return {e.index: self.cleaned_data[self.name_for(group)] for group in self.groups for e in group}
