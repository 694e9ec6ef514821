"""Read a district's iCalendar (.ics) file into one school year (P.2).

How a district calendar is read:

- the school year runs from the event whose summary names the first day of school to the
  one that names the last day; a file without either is refused;
- weekends are off;
- an all-day event (one day or several; DTEND is exclusive, RFC 5545) whose summary says no
  school, schools closed, recess, break, vacation, holiday, or professional development /
  teacher workshop (students stay home) is a day off;
- early release or early dismissal (a half day, a delayed opening) is a school day;
- every other event (games, picture day, evening conferences) changes nothing.

Matching ignores case, dashes and punctuation. Each event gets a `Reading`, which staff may
correct before saving (`plan_year(events, overrides)`); nothing here touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from dateutil import rrule
from django.conf import settings
from django.db import models

from schoolcalendar.models import SchoolYear

ONE_DAY = timedelta(days=1)
MAX_BYTES = 2 * 1024 * 1024


class CalendarFileError(ValueError):
    """The file cannot become a school year; the message says why, for the person importing."""


class Reading(models.TextChoices):
    FIRST_DAY = "first_day", "First day of school"
    LAST_DAY = "last_day", "Last day of school"
    DAY_OFF = "day_off", "No school"
    SCHOOL_DAY = "school_day", "School day"
    NO_CHANGE = "no_change", "No change"


# Patterns run on the normalized summary: lowercase words separated by single spaces.
FIRST_DAY = re.compile(
    r"\bfirst (full )?day (of|for) (school|students|classes)\b|\bfirst (student|school) day\b"
    r"|\bschools? (opens?|begins?|starts?)\b|\bclasses (begin|start)\b|\bfirst day students\b|\bstudents first day\b"
)
LAST_DAY = re.compile(
    r"\blast (full )?day (of|for) (school|students|classes)\b|\blast (student|school) day\b"
    r"|\bschool (ends|closes for (the )?summer)\b|\bclasses end\b|\blast day students\b|\bstudents last day\b"
)
STAFF_ONLY = re.compile(r"\bfor (teachers|staff)\b|\b(teachers|staff) only\b")
SCHOOL_DAY = re.compile(
    r"\bearly (release|dismissal|closing)\b|\bhalf day\b|\bdelayed (opening|start)\b|\blate (opening|start)\b"
)
DAY_OFF = re.compile(
    r"\bno (school|classes|students)\b|\bschools? (are |is )?closed\b|\brecess\b|\bbreak\b|\bvacation\b|\bholidays?\b"
    r"|\bprofessional (development|learning)\b|\bpd day\b|\bstaff development\b|\bin ?service\b"
    r"|\bteachers? (workshop|work ?day|institute|convention)\b"
)


def normalize(summary: str) -> str:
    """'Thanksgiving Recess—NO SCHOOL!' -> 'thanksgiving recess no school'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", summary.lower()).split())


def read_summary(summary: str, *, all_day: bool) -> tuple[Reading, str]:
    """How a summary reads, and why (the words that decided it)."""
    text = normalize(summary)
    if (m := FIRST_DAY.search(text)) and not STAFF_ONLY.search(text):
        return Reading.FIRST_DAY, f"says “{m.group(0)}”"
    if (m := LAST_DAY.search(text)) and not STAFF_ONLY.search(text):
        return Reading.LAST_DAY, f"says “{m.group(0)}”"
    if m := SCHOOL_DAY.search(text):
        return Reading.SCHOOL_DAY, f"says “{m.group(0)}”"
    if m := DAY_OFF.search(text):
        if not all_day:
            return Reading.NO_CHANGE, f"says “{m.group(0)}”, but only an all-day event closes school"
        return Reading.DAY_OFF, f"says “{m.group(0)}”"
    return Reading.NO_CHANGE, ""


@dataclass(frozen=True)
class Event:
    """One VEVENT of the file, with the dates it covers (END inclusive) and how it reads."""

    index: int
    summary: str
    start: date
    end: date
    all_day: bool
    reading: Reading
    why: str = ""

    @property
    def dates_display(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def dates(self) -> list[date]:
        return [self.start + i * ONE_DAY for i in range((self.end - self.start).days + 1)]


def _local_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(settings.TIME_ZONE))
        return value.date()
    return value


def read_events(data: bytes | str) -> list[Event]:
    """Every event in an iCalendar file, read. Refuses anything that is not iCalendar."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise CalendarFileError(
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB; a school calendar is far smaller."
            )
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CalendarFileError("This is not an iCalendar (.ics) file: it is not text.") from None
    if "BEGIN:VCALENDAR" not in data.upper():
        raise CalendarFileError("This is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR.")
    try:
        cal = icalendar.Calendar.from_ical(data)
    except ValueError as e:
        raise CalendarFileError(f"This iCalendar file cannot be read: {e}") from None
    events = []
    for index, component in enumerate(cal.walk("VEVENT")):
        summary = " ".join(str(component.get("SUMMARY", "")).split())
        try:
            events += _read_event(index, component, summary)
        except CalendarFileError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError) as e:
            # A malformed date or duration: say which event, never a server error (S.4).
            raise CalendarFileError(
                f"The event “{summary or index + 1}” has a date or duration that cannot be read ({e})."
            ) from None
    if not events:
        raise CalendarFileError("The calendar has no events, so it names no first or last day of school.")
    return sorted(events, key=lambda e: (e.start, e.index))


MAX_OCCURRENCES = 400  # a repeating event over one school year never needs more


def _read_event(index: int, component: icalendar.Event, summary: str) -> list[Event]:
    """The event's occurrences, each with the dates it covers; none when it was cancelled."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return []
    try:
        raw_start = component.decoded("DTSTART")
    except KeyError:
        raise CalendarFileError(f"The event “{summary or index + 1}” has no start date (DTSTART).") from None
    if not isinstance(raw_start, date):
        raise TypeError("DTSTART is not a date")
    all_day = not isinstance(raw_start, datetime)
    if "DTEND" in component:
        length = component.decoded("DTEND") - raw_start
    elif "DURATION" in component:
        length = component.decoded("DURATION")
    else:
        length = ONE_DAY if all_day else timedelta(0)
    if not isinstance(length, timedelta):
        raise TypeError("DTEND or DURATION is not a date or duration")
    reading, why = read_summary(summary, all_day=all_day)
    events = []
    for occurrence in _occurrences(component, raw_start):
        start = _local_date(occurrence)
        raw_end = occurrence + length
        if all_day:
            end = _local_date(raw_end) - ONE_DAY  # RFC 5545: an all-day DTEND is the day after the last
        else:
            end = _local_date(raw_end - timedelta(microseconds=1)) if raw_end > occurrence else start
        events.append(Event(index, summary, start, max(start, end), all_day, reading, why))
    return events


def _occurrences(component: icalendar.Event, start: date) -> list[date]:
    """DTSTART, or every start of a repeating event (RRULE, RDATE, less EXDATE)."""
    if "RRULE" not in component and "RDATE" not in component:
        return [start]
    # rrule works on datetimes; an all-day start becomes midnight and back again.
    as_dt = start if isinstance(start, datetime) else datetime.combine(start, datetime.min.time())
    rule = rrule.rruleset()
    if "RRULE" in component:
        for r in component.get("RRULE") if isinstance(component.get("RRULE"), list) else [component.get("RRULE")]:
            rule.rrule(rrule.rrulestr(r.to_ical().decode(), dtstart=as_dt, ignoretz=as_dt.tzinfo is None))
    for prop, add in (("RDATE", rule.rdate), ("EXDATE", rule.exdate)):
        values = component.get(prop)
        for value in values if isinstance(values, list) else [values] if values is not None else []:
            for d in value.dts:
                moment = d.dt if isinstance(d.dt, datetime) else datetime.combine(d.dt, datetime.min.time())
                add(moment if as_dt.tzinfo else moment.replace(tzinfo=None))
    found = []
    for moment in rule:
        found.append(moment if isinstance(start, datetime) else moment.date())
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


@dataclass(frozen=True)
class PlannedDay:
    date: date
    in_session: bool
    note: str


@dataclass(frozen=True)
class YearPlan:
    """A school year as it would be saved: every date from the first day to the last."""

    label: str
    first_day: date
    last_day: date
    days: tuple[PlannedDay, ...]
    events: tuple[Event, ...]
    readings: Mapping[int, Reading]

    @property
    def school_day_count(self) -> int:
        return sum(d.in_session for d in self.days)

    @property
    def weekdays_off(self) -> list[PlannedDay]:
        return [d for d in self.days if not d.in_session and d.date.weekday() < 5]

    def reading_of(self, event: Event) -> Reading:
        return self.readings[event.index]

    def is_outside(self, event: Event) -> bool:
        return event.end < self.first_day or event.start > self.last_day

    def rows(self) -> list[tuple[Event, Reading, str]]:
        """Each event with its reading and a remark, for the preview table."""
        result = []
        for e in self.events:
            reading = self.readings[e.index]
            remark = e.why
            if reading != e.reading:
                remark = "corrected by hand"
            elif self.is_outside(e) and reading in (Reading.DAY_OFF, Reading.SCHOOL_DAY):
                remark = "outside the school year: no change"
            result.append((e, reading, remark))
        return result


def plan_year(events: Iterable[Event], overrides: Mapping[int, str] | None = None) -> YearPlan:
    """The school year the events describe, with staff corrections (event index -> reading)."""
    events = tuple(events)
    readings = {e.index: Reading((overrides or {}).get(e.index, e.reading)) for e in events}
    firsts = [e for e in events if readings[e.index] == Reading.FIRST_DAY]
    lasts = [e for e in events if readings[e.index] == Reading.LAST_DAY]
    if not firsts:
        raise CalendarFileError(
            "No event names the first day of school (for example “First Day of School”), "
            "so the school year cannot be told. Nothing was imported."
        )
    if not lasts:
        raise CalendarFileError(
            "No event names the last day of school (for example “Last Day of School”), "
            "so the school year cannot be told. Nothing was imported."
        )
    first_day = min(e.start for e in firsts)
    last_day = max(e.end for e in lasts)
    if last_day <= first_day:
        raise CalendarFileError(
            f"The last day of school ({last_day.isoformat()}) is not after the first day ({first_day.isoformat()})."
        )
    if (last_day - first_day).days > 366:
        raise CalendarFileError(
            f"The first day ({first_day.isoformat()}) and the last day ({last_day.isoformat()}) are more "
            "than a year apart. Import one school year per file."
        )

    in_session: dict[date, bool] = {}
    notes: dict[date, list[str]] = {}
    d = first_day
    while d <= last_day:
        in_session[d] = d.weekday() < 5
        notes[d] = [] if in_session[d] else ["Weekend"]
        d += ONE_DAY

    def covered(e: Event) -> list[date]:
        return [x for x in e.dates() if x in in_session]

    # Days off first; then school days, which win where both fall (a make-up or a half day
    # announced inside a break is the more specific news); the first and last day always hold.
    for e in events:
        if readings[e.index] == Reading.DAY_OFF:
            for x in covered(e):
                if in_session[x] or notes[x] == ["Weekend"]:
                    notes[x] = []
                in_session[x] = False
                if e.summary and e.summary not in notes[x]:
                    notes[x].append(e.summary)
    for e in events:
        reading = readings[e.index]
        if reading == Reading.SCHOOL_DAY:
            targets = covered(e)
        elif reading == Reading.FIRST_DAY:
            targets = [e.start]
        elif reading == Reading.LAST_DAY:
            targets = [e.end]
        else:
            continue
        for x in targets:
            if x not in in_session:
                continue
            # An early release or half day never opens a weekend, and only an all-day one
            # (a make-up day inside a break) overrides a day off.
            if reading == Reading.SCHOOL_DAY and (x.weekday() >= 5 or (not in_session[x] and not e.all_day)):
                continue
            if not in_session[x]:
                notes[x] = []
            in_session[x] = True
            if e.summary and e.summary not in notes[x]:
                notes[x].append(e.summary)
    days = tuple(
        PlannedDay(x, in_session[x], ("; ".join(notes[x]) or ("" if in_session[x] else "No school"))[:200])
        for x in sorted(in_session)
    )
    return YearPlan(SchoolYear.label_for(first_day), first_day, last_day, days, events, readings)
