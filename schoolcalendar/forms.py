"""Forms for importing a district calendar: the upload, then the readings staff may correct."""

from __future__ import annotations

from typing import Any

from django import forms

from schoolcalendar.ics import MAX_BYTES, CalendarFileError, Event, Reading, plan_calendar, read_calendar


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


class ReadingsForm(forms.Form):
    """The file (carried through the preview) and one reading per event."""

    ics = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args: Any, events: list[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = events
        for e in events:
            self.fields[f"reading-{e.index}"] = forms.ChoiceField(
                choices=Reading.choices,
                initial=e.reading,
                label=f"Reading of “{e.summary or 'untitled event'}”, {e.dates_display}",
            )

    def overrides(self) -> dict[int, str]:
        return {e.index: self.cleaned_data[f"reading-{e.index}"] for e in self.events}
