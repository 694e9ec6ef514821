"""Read a district's iCalendar (.ics) file into its school years (P.2).

How a district calendar is read:

- a school year runs from the event whose summary names the first day for students to the
  one that names the last day; a feed may hold several years, and each complete one is read
  (a year cut off at either edge of the feed is skipped, with a note);
- weekends are off;
- an all-day event (one day or several; DTEND is exclusive, RFC 5545) whose summary says no
  school, closed, recess, break, vacation, holiday, professional development / teacher
  workshop (students stay home), or is a holiday's name alone ("Labor Day"), is a day off;
  an event timed from midnight to midnight counts as all-day;
- an early dismissal, delayed opening, half or partial day, or make-up day is a school day,
  even when the summary also names a holiday;
- every other event (games, picture day, evening conferences) changes nothing;
- a feed that lists every school day (A/B rotation days) is read as that list: within a
  year, a weekday the feed does not list is a day off.

Matching ignores case, dashes and punctuation. Each event gets a `Reading`, which staff may
correct before saving (`plan_calendar(calendar, overrides)`). Repeating events are expanded
only across the school years being imported, and a rule that repeats more than once a day is
refused, so no file can make the reader slow. Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as datetime_module
import re
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateutil.rrule
import icalendar
from dateutil import rrule
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models

from agreements.models import SchoolDistrict
from schoolcalendar.models import SchoolYear

ONE_DAY = timedelta(days=1)
MAX_BYTES = 2 * 1024 * 1024
# A school year has about 180 school days; CGS 10-15 requires 180. Outside this range, warn.
FEWEST_SCHOOL_DAYS, MOST_SCHOOL_DAYS = 170, 190
# Dates of one school year that hold a first-day or last-day event (a kindergarten's later
# start, seniors' earlier last day) belong to one year when they are this close.
SAME_YEAR = timedelta(days=60)
# Rotation days further apart than this are in different school years (summer is in between).
SUMMER = timedelta(days=35)
# All the repeats of all the events, across the school years being imported.
MAX_OCCURRENCES = 20_000
# Rule periods (days of a daily rule, weeks of a weekly one) walked to expand every repeating
# event of a file over the school years being imported: a district's few weekly and daily
# rules need a few thousand; a file that needs more is refused rather than read slowly.
MAX_PERIODS = 20_000
# Events in one file: five years of a rotation feed (one event per school day) is about 1,000.
# The iCalendar library reads about 1,000 events a second on a busy server, so this also bounds
# the time an upload can take.
MAX_EVENTS = 5_000
# School years this system can hold.
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
# A feed that lists every school day has at least this many rotation-day events.
ROTATION_MIN_EVENTS = 20


class CalendarFileError(ValueError):
    """The file cannot become a school year; the message says why, for the person importing."""


class _Budget:
    """The rule periods one plan may still walk (MAX_PERIODS)."""

    def __init__(self) -> None:
        self.left = MAX_PERIODS

    def spend(self, periods: int) -> None:
        self.left -= periods
        if self.left < 0:
            raise CalendarFileError(
                "The file's repeating events (RRULE) repeat over more days than a school calendar needs; "
                "it cannot be read quickly. Export only the school years you need, or remove the repeating events."
            )


class Reading(models.TextChoices):
    FIRST_DAY = "first_day", "First day of school"
    LAST_DAY = "last_day", "Last day of school"
    DAY_OFF = "day_off", "No school"
    SCHOOL_DAY = "school_day", "School day"
    NO_CHANGE = "no_change", "No change"


# The words a person writes on the command line (--reading "SUMMARY=no_school").
READING_WORDS = {
    "no_school": Reading.DAY_OFF,
    "day_off": Reading.DAY_OFF,
    "half_day": Reading.SCHOOL_DAY,
    "school_day": Reading.SCHOOL_DAY,
    "no_change": Reading.NO_CHANGE,
    "first_day": Reading.FIRST_DAY,
    "last_day": Reading.LAST_DAY,
}

# Patterns run on the normalized summary: lowercase words separated by single spaces.
FIRST_DAY = re.compile(
    r"\bfirst (full )?day (of|for) (school|students|classes)\b|\bfirst (student|school) day\b"
    r"|\bschools? (opens?|begins?|starts?)\b|\bclasses (begin|start)\b|\bfirst day students\b|\bstudents first day\b"
    r"|\bstudents report to (class|classes|school)\b"
)
LAST_DAY = re.compile(
    r"\blast (full )?day (of|for) (school|students|classes)\b|\blast (student|school) day\b"
    r"|\bschool (ends|closes for (the )?summer)\b|\bclasses end\b|\blast day students\b|\bstudents last day\b"
)
STAFF_ONLY = re.compile(r"\bfor (teachers|staff)\b|\b(teachers|staff) only\b")
SCHOOL_DAY = re.compile(
    r"\bearly (release|dismissal|closing)\b|\b(half|partial|shortened|minimum) days?\b"
    r"|\bdelayed (opening|start)\b|\blate (opening|start)\b|\b(one|two|three|1|2|3) hour delay\b"
    r"|\bmake ?up (school )?days?\b|\bmakeup (school )?days?\b|\bsnow day make ?up\b"
    r"|\b(classes|schools?|students) (resumes?|returns?|reopens?)\b"
)
# "Holiday Concert" is an event on a school day, not a holiday.
HOLIDAY_EVENTS = (
    "concerts?|party|parties|programs?|performances?|shows?|sing|sing along|fair|market|bazaar|assembly|spirit"
    "|luncheon|lunch|dinner|breakfast|celebrations?|shop|sale|drive|parade|gift|cards?|dance|play|craft"
)
DAY_OFF = re.compile(
    r"\bno (school|classes|students)\b|\b(schools?|district|buildings?) (are |is )?closed\b|^closed\b"
    r"|\brecess\b|\bbreak\b|\bvacation\b|\bholidays?\b(?! (" + HOLIDAY_EVENTS + r")\b)"
    r"|\bprofessional (development|learning)\b|\bpd day\b|\bstaff development\b|\bin ?service\b"
    r"|\bteachers? (workshop|work ?day|institute|convention|planning)\b|\bstudents? (do not|don t) (attend|report)\b"
)
# "Closed" at the end counts, but not an office's closing (students are in school).
CLOSED_AT_END = re.compile(r"(?<!\boffice )(?<!\boffices )\bclosed$")
# A holiday's name on its own (the whole summary, one holiday or several) closes the schools.
_HOLIDAY = (
    r"(observed )?("
    r"labor|columbus|indigenous peoples?( s)?|veterans?( s)?|memorial|independence|presidents?( s)?"
    r"|martin luther king( jr)?|mlk( jr)?|new year( s)?|thanksgiving|christmas|juneteenth|good friday"
    r"|rosh hashanah?|yom kippur|diwali|lunar new year|eid( al)?( fitr| adha)?|washington s birthday"
    r"|lincoln s birthday|fourth of july|july 4th"
    r")( day)?( eve)?( observed| holiday| day)*"
)
HOLIDAY_ALONE = re.compile(rf"^{_HOLIDAY}(( and)? {_HOLIDAY})*$")
# One day of a rotation calendar: "A Day", "Day B", "Day 3", "Red Day".
ROTATION_DAY = re.compile(
    r"^((day )?[a-h]( day)?|day [1-9]|[1-9] day|(red|blue|white|gold|silver|black|green|orange|purple) day)"
    r"( schedule| rotation)?$"
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
    m = DAY_OFF.search(text) or CLOSED_AT_END.search(text)
    why = f"says “{m.group(0)}”" if m else ""
    if not m and HOLIDAY_ALONE.match(text):
        why = "names a holiday, and nothing else"
    if why:
        if not all_day:
            return Reading.NO_CHANGE, f"{why}, but only an all-day event closes school"
        return Reading.DAY_OFF, why
    if ROTATION_DAY.match(text):
        return Reading.NO_CHANGE, "a rotation day"
    return Reading.NO_CHANGE, ""


@dataclass(frozen=True)
class Repeat:
    """How an event repeats (RRULE, RDATE, EXDATE), kept unexpanded until the years are known."""

    start: date | datetime  # DTSTART as written
    rules: tuple[rrule.rrule, ...]
    rdates: tuple[datetime, ...]
    exdates: tuple[datetime, ...]
    text: str  # for the preview: "FREQ=WEEKLY;COUNT=3"


@dataclass(frozen=True)
class Event:
    """One VEVENT of the file: its first dates (END inclusive), how it reads, how it repeats."""

    index: int
    summary: str
    start: date
    end: date
    all_day: bool
    reading: Reading
    why: str = ""
    length: timedelta = field(default=ONE_DAY, compare=False)
    repeat: Repeat | None = field(default=None, compare=False)

    @property
    def dates_display(self) -> str:
        shown = self.start.isoformat() if self.start == self.end else f"{self.start} to {self.end}"
        return f"{shown}, repeating ({self.repeat.text})" if self.repeat else shown

    def dates(self) -> list[date]:
        """The dates of the first occurrence."""
        return [self.start + i * ONE_DAY for i in range((self.end - self.start).days + 1)]

    def spans(self, lo: date, hi: date, budget: _Budget | None = None) -> list[tuple[date, date]]:
        """Each occurrence's first and last date, clamped to LO..HI; occurrences outside are left out."""
        if self.repeat is None:
            found = [(self.start, self.end)]
        else:
            moments = _occurrences(self, lo, hi, budget or _Budget())
            found = [_dates_of(moment, self.length, self.all_day) for moment in moments]
        return [(max(a, lo), min(b, hi)) for a, b in found if a <= hi and b >= lo]


def same_summary(events: Iterable[Event]) -> list[list[Event]]:
    """EVENTS grouped by summary (ignoring case and punctuation) and all-day or timed, in date order.

    Staff correct a reading once for every event that says the same thing, on the page as with
    --reading: a feed of several years repeats its summaries, and a rotation feed has one
    "A Day" per school day.
    """
    groups: dict[tuple[str, bool], list[Event]] = {}
    for e in sorted(events, key=lambda e: (e.start, e.index)):
        groups.setdefault((normalize(e.summary), e.all_day), []).append(e)
    return list(groups.values())


@dataclass(frozen=True)
class CalendarFile:
    """What an .ics file says: its name (X-WR-CALNAME) and its events."""

    name: str
    events: tuple[Event, ...]

    @property
    def rotation(self) -> bool:
        """The feed lists every school day (an A/B or numbered rotation)."""
        return sum(ROTATION_DAY.match(normalize(e.summary)) is not None for e in self.events) >= ROTATION_MIN_EVENTS


def _local(value: date | datetime) -> date | datetime:
    """The wall-clock time the district wrote: a time with its own TZID stays in that zone; a UTC
    time ("Z") becomes the district's local time; a floating time is already local."""
    if (
        isinstance(value, datetime)
        and value.tzinfo is not None
        and value.utcoffset() == timedelta(0)
        and (value.tzinfo is UTC or getattr(value.tzinfo, "key", "UTC") in ("UTC", "Etc/UTC", "GMT", "Etc/GMT"))
    ):
        return value.astimezone(ZoneInfo(settings.TIME_ZONE))
    return value


def _day(value: date | datetime) -> date:
    value = _local(value)
    return value.date() if isinstance(value, datetime) else value


def _dates_of(moment: date | datetime, length: timedelta, all_day: bool) -> tuple[date, date]:
    """The first and last date an occurrence starting at MOMENT covers."""
    start = _day(moment)
    if not isinstance(moment, datetime):
        return start, max(start, start + length - ONE_DAY)  # RFC 5545: an all-day DTEND is the day after
    end = moment + length
    if all_day:  # timed from local midnight to local midnight (or 23:59): whole days
        local_end = _local(end)
        last = _day(end) - (ONE_DAY if local_end.time() == time(0) else timedelta(0))
        return start, max(start, last)
    return start, max(start, _day(end - timedelta(microseconds=1)) if end > moment else start)


def _whole_days(start: datetime, end: datetime) -> bool:
    """A timed event from local midnight to local midnight (or to 23:59): an all-day event in disguise."""
    a, b = _local(start), _local(end)
    return b > a and a.time() == time(0) and (b.time() == time(0) or b.time() >= time(23, 59))


def _check_lines(text: str) -> None:
    """Refuse, in plain words, a file that is cut off, too big to read, or has lines that are not iCalendar."""
    upper = text.upper()
    if not upper.rstrip().endswith("END:VCALENDAR"):
        raise CalendarFileError(
            "The file ends before END:VCALENDAR; it may have been cut off while downloading. "
            "Download or export it again."
        )
    begins, ends = upper.count("BEGIN:VEVENT"), upper.count("END:VEVENT")
    if begins > MAX_EVENTS:
        raise CalendarFileError(
            f"The file has {begins} events; a district calendar has a few hundred a year, and this reader takes at "
            f"most {MAX_EVENTS}. Export only the school years you need."
        )
    if begins != ends:
        raise CalendarFileError(
            f"The file has {begins} BEGIN:VEVENT lines but {ends} END:VEVENT lines, so an event is cut short. "
            "Export the calendar again."
        )
    for n, line in enumerate(re.split(r"\r\n|\n|\r", text), 1):
        if line.strip() and line[0] not in " \t" and not CONTENT_LINE.match(line):
            raise CalendarFileError(
                f"Line {n} is not an iCalendar line (each line should read NAME:value): “{line.strip()[:60]}”. "
                "The file may have been edited by hand or saved by a program that changed it."
            )


# NAME, then parameters (;NAME=value, values may be quoted), then a colon (RFC 5545 3.1).
CONTENT_LINE = re.compile(r'^[A-Za-z0-9_-]+(;([^:"]|"[^"]*")*)?:')


def read_calendar(data: bytes | str) -> CalendarFile:
    """The calendar's name and every event in it, read. Refuses anything that is not iCalendar."""
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
    _check_lines(data)
    try:
        cal = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, TypeError, IndexError):
        # The library's own words mean nothing to a data person.
        raise CalendarFileError(
            "This iCalendar file cannot be read: its BEGIN and END lines do not pair up, or a value is malformed. "
            "Export the calendar again."
        ) from None
    events = []
    for index, component in enumerate(cal.walk("VEVENT")):
        summary = " ".join(str(component.get("SUMMARY", "")).split())[:200]
        try:
            event = _read_event(index, component, summary)
        except CalendarFileError:
            raise
        except (TypeError, ValueError, KeyError, AttributeError, OverflowError):
            # A malformed date or duration: say which event, never a server error (S.4).
            raise CalendarFileError(
                f"The event “{summary or index + 1}” has a date or duration that cannot be read "
                "(a date reads like 20250902, a time like 20250902T080000)."
            ) from None
        if event is not None:
            events.append(event)
    if not events:
        raise CalendarFileError("The calendar has no events, so it names no first or last day of school.")
    name = " ".join(str(cal.get("X-WR-CALNAME", "")).split())[:200]
    return CalendarFile(name, tuple(sorted(events, key=lambda e: (e.start, e.index))))


def read_events(data: bytes | str) -> list[Event]:
    """Every event in an iCalendar file, read."""
    return list(read_calendar(data).events)


SUB_DAILY = {"SECONDLY": "every second", "MINUTELY": "every minute", "HOURLY": "every hour"}


def _read_event(index: int, component: icalendar.Event, summary: str) -> Event | None:
    """The event with the dates its first occurrence covers; None when it was cancelled."""
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
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
    if length < timedelta(0):
        raise CalendarFileError(f"The event “{summary or index + 1}” ends (DTEND) before it starts (DTSTART).")
    if isinstance(raw_start, datetime):
        all_day = _whole_days(raw_start, raw_start + length)
    reading, why = read_summary(summary, all_day=all_day)
    repeat = _read_repeat(component, raw_start, summary or str(index + 1))
    if repeat is not None and length > timedelta(days=366):
        raise CalendarFileError(
            f"The event “{summary or index + 1}” repeats, and each time lasts more than a year; "
            "a school calendar's repeating events last a day or a few. Correct its DTEND or DURATION."
        )
    start, end = _dates_of(raw_start, length, all_day)
    return Event(index, summary, start, end, all_day, reading, why, length, repeat)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _read_repeat(component: icalendar.Event, start: date | datetime, name: str) -> Repeat | None:
    """The event's RRULE, RDATE and EXDATE, checked but not expanded."""
    if "RRULE" not in component and "RDATE" not in component:
        return None
    # rrule works on datetimes; an all-day start becomes midnight and back again.
    as_dt = start if isinstance(start, datetime) else datetime.combine(start, time(0))
    rules = []
    texts = []
    for recur in _as_list(component.get("RRULE")):
        freq = str((recur.get("FREQ") or [""])[0]).upper()
        if freq in SUB_DAILY:
            raise CalendarFileError(
                f"The event “{name}” repeats {SUB_DAILY[freq]} (RRULE FREQ={freq}); a school calendar repeats "
                "at most once a day. Remove that rule from the file, or the event."
            )
        if any(len(recur.get(part, [])) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
            raise CalendarFileError(
                f"The event “{name}” repeats several times a day (RRULE with BYHOUR, BYMINUTE or BYSECOND); "
                "a school calendar repeats at most once a day. Remove that rule from the file, or the event."
            )
        text = recur.to_ical().decode()
        rules.append(rrule.rrulestr(text, dtstart=as_dt, ignoretz=as_dt.tzinfo is None))
        texts.append(text)
    moments = {}
    for prop in ("RDATE", "EXDATE"):
        found = []
        for value in _as_list(component.get(prop)):
            for d in value.dts:
                moment = d.dt if isinstance(d.dt, datetime) else datetime.combine(d.dt, time(0))
                # Compare like with like: a date (or floating time) is on DTSTART's clock.
                if as_dt.tzinfo is None:
                    found.append(moment.replace(tzinfo=None))
                else:
                    found.append(moment if moment.tzinfo else moment.replace(tzinfo=as_dt.tzinfo))
        moments[prop] = tuple(found)
    if len(moments["RDATE"]) + len(moments["EXDATE"]) > MAX_OCCURRENCES:
        raise CalendarFileError(f"The event “{name}” lists more dates (RDATE, EXDATE) than a school calendar holds.")
    return Repeat(start, tuple(rules), moments["RDATE"], moments["EXDATE"], "; ".join(texts) or "RDATE")


class _StoppingRule(rrule.rrule):
    """dateutil's rrule, whose walk ends after LAST_YEAR.

    dateutil checks UNTIL and COUNT only on a date that matches the rule, so a rule that never
    matches (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30) walks every day to the year 9999: seconds per
    event. Its walk stops at the year `datetime.MAXYEAR`; this rule runs the same walk with that
    name bound to LAST_YEAR instead.
    """

    def __init__(self, *, last_year: int, **kwargs) -> None:
        super().__init__(**kwargs)
        clock = types.SimpleNamespace(**vars(datetime_module))
        clock.MAXYEAR = last_year
        walk = rrule.rrule._iter
        scope = {**vars(dateutil.rrule), "datetime": clock}
        self._iter = types.MethodType(types.FunctionType(walk.__code__, scope, walk.__name__), self)  # type: ignore[method-assign]


def _bounded(rule: rrule.rrule, lo: datetime, hi: datetime, name: str, budget: _Budget) -> rrule.rrule:
    """RULE walked only from about LO to HI: its start moved forward by whole periods, its UNTIL
    clamped, and its walk stopped a year after HI whether or not a date matches."""
    until = min(rule._until, hi) if rule._until else hi
    start = rule._dtstart
    freq, interval = rule._freq, rule._interval
    step = {
        rrule.DAILY: relativedelta(days=interval),
        rrule.WEEKLY: relativedelta(weeks=interval),
        rrule.MONTHLY: relativedelta(months=interval),
        rrule.YEARLY: relativedelta(years=interval),
    }[freq]
    per_period = {rrule.DAILY: 1, rrule.WEEKLY: 7, rrule.MONTHLY: 28, rrule.YEARLY: 365}[freq] * interval
    changes: dict = {}
    original = rule._original_rule
    if start < lo - timedelta(days=per_period) and rule._count is None:
        # Move DTSTART forward a whole number of periods, so every period keeps its phase, and say
        # explicitly the day and month dateutil would otherwise take from DTSTART.
        periods = (lo - start).days // per_period - 1
        if freq in (rrule.MONTHLY, rrule.YEARLY):
            months = (lo.year - start.year) * 12 + lo.month - start.month - 1
            periods = max(0, months // (interval if freq == rrule.MONTHLY else 12 * interval))
        if freq in (rrule.MONTHLY, rrule.YEARLY) and "bymonthday" in original and original["bymonthday"] is None:
            changes = {"bymonthday": start.day}
            if freq == rrule.YEARLY and original.get("bymonth") is None:
                changes["bymonth"] = start.month
        moved = start + step * periods
        if freq in (rrule.MONTHLY, rrule.YEARLY):
            moved = moved.replace(day=1)
        start = changes["dtstart"] = moved
    last_year = min(hi.year + 1, datetime.max.year)
    periods = max(0, (datetime(last_year, 12, 31, tzinfo=start.tzinfo) - start).days // per_period + 1)
    if rule._count is not None and periods > MAX_PERIODS:
        raise CalendarFileError(
            f"The event “{name}” repeats from {rule._dtstart.date().isoformat()} and counts its repeats from there "
            "(RRULE COUNT), too long before the school years being imported to read. "
            "Remove that rule from the file, or the event."
        )
    budget.spend(periods)
    kwargs = {
        "freq": freq,
        "interval": interval,
        "count": rule._count,
        "dtstart": rule._dtstart,
        "wkst": rule._wkst,
        **original,
        **changes,
        "until": None if rule._count is not None else until,  # RFC 5545: never both
        "cache": False,
    }
    return _StoppingRule(last_year=last_year, **kwargs)


def _occurrences(event: Event, lo: date, hi: date, budget: _Budget) -> list[date | datetime]:
    """The starts of EVENT's occurrences that may touch LO..HI (RRULE and RDATE, less EXDATE)."""
    repeat = event.repeat
    assert repeat is not None
    start = repeat.start
    as_dt = start if isinstance(start, datetime) else datetime.combine(start, time(0))
    tz = as_dt.tzinfo
    # An occurrence that starts before LO may still reach into it.
    lo_dt = datetime.combine(lo, time(0), tz) - event.length - ONE_DAY
    hi_dt = datetime.combine(hi, time(23, 59, 59), tz) + ONE_DAY
    rules = rrule.rruleset()
    rules.rdate(as_dt)  # DTSTART is always the first occurrence (RFC 5545)
    for rule in repeat.rules:
        rules.rrule(_bounded(rule, lo_dt, hi_dt, event.summary or str(event.index + 1), budget))
    for moment in repeat.rdates:
        rules.rdate(moment)
    for moment in repeat.exdates:
        rules.exdate(moment)
    found: list[date | datetime] = []
    for moment in rules:
        if moment > hi_dt:
            break
        if moment < lo_dt:
            continue
        found.append(moment if isinstance(start, datetime) else moment.date())
        if len(found) > MAX_OCCURRENCES:
            raise CalendarFileError(
                f"The event “{event.summary}” repeats more often than a school calendar needs "
                f"(over {MAX_OCCURRENCES} times in the school years being imported)."
            )
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
    spans: Mapping[int, list[tuple[date, date]]] = field(default_factory=dict, repr=False)

    @property
    def school_day_count(self) -> int:
        return sum(d.in_session for d in self.days)

    @property
    def weekdays_off(self) -> list[PlannedDay]:
        return [d for d in self.days if not d.in_session and d.date.weekday() < 5]

    @property
    def days_off_events(self) -> list[Event]:
        """The events read as days without school that fall in this year."""
        return [e for e in self.events if self.readings[e.index] == Reading.DAY_OFF and self.spans[e.index]]

    @property
    def warning(self) -> str:
        """A warning when the count of school days is implausible (Connecticut requires 180, CGS 10-15)."""
        n = self.school_day_count
        if FEWEST_SCHOOL_DAYS <= n <= MOST_SCHOOL_DAYS:
            return ""
        side = "fewer than" if n < FEWEST_SCHOOL_DAYS else "more than"
        bound = FEWEST_SCHOOL_DAYS if n < FEWEST_SCHOOL_DAYS else MOST_SCHOOL_DAYS
        return (
            f"{self.label} has {n} school days, {side} {bound}; Connecticut requires 180 (CGS 10-15). "
            "Check the first and last day and the events read as days off."
        )

    def reading_of(self, event: Event) -> Reading:
        return self.readings[event.index]

    def is_outside(self, event: Event) -> bool:
        return not self.spans[event.index]

    def rows(self) -> list[tuple[Event, Reading, str]]:
        """Each event with its reading and a remark, for the preview table."""
        return _rows(self.events, self.readings, [self])


def _rows(events: Iterable[Event], readings: Mapping[int, Reading], years: list[YearPlan]):
    result = []
    for e in events:
        reading = readings[e.index]
        remark = e.why
        if reading != e.reading:
            remark = "corrected by hand"
        elif reading in (Reading.DAY_OFF, Reading.SCHOOL_DAY) and all(y.is_outside(e) for y in years):
            remark = "outside the school year being imported: no change"
        result.append((e, reading, remark))
    return result


@dataclass(frozen=True)
class CalendarPlan:
    """The school years a file describes, as they would be saved, with notes and warnings."""

    years: tuple[YearPlan, ...]
    events: tuple[Event, ...]
    readings: Mapping[int, Reading]
    notes: tuple[str, ...] = ()  # years skipped, ends taken from a rotation feed
    warnings: tuple[str, ...] = ()

    def rows(self) -> list[tuple[Event, Reading, str]]:
        return _rows(self.events, self.readings, list(self.years))

    def only(self, labels: Iterable[str]) -> CalendarPlan:
        """The plan with only the school years named (as --school-year, or the page's choice)."""
        years = tuple(y for y in self.years if y.label in set(labels))
        return replace(self, years=years, warnings=tuple(y.warning for y in years if y.warning))


@dataclass
class _Candidate:
    first: date | None = None
    last: date | None = None


def school_year_label(text: str) -> str:
    """'2025-2026' or '2025-26' -> '2025-26'; anything else is refused."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-–/]\s*(\d{4}|\d{2})\s*", text)
    if not m or int(m.group(2)[-2:]) != (int(m.group(1)) + 1) % 100:
        raise CalendarFileError(f"“{text}” is not a school year; write it like 2025-2026.")
    return SchoolYear.label_for(date(int(m.group(1)), 8, 1))


def _pair(firsts: list[date], lasts: list[date]) -> list[_Candidate]:
    """School years from the dates named first and last days, in order; a year may lack either end."""
    markers = sorted([(d, 0) for d in firsts] + [(d, 1) for d in lasts])
    found: list[_Candidate] = []
    for d, is_last in markers:
        cur = found[-1] if found else None
        if not is_last:
            if cur and cur.first and cur.last is None and d - cur.first <= SAME_YEAR:
                continue  # a later first day in the same year (kindergarten): the year starts earlier
            found.append(_Candidate(first=d))
        elif cur and (
            (cur.first and (d - cur.first).days <= 366)
            or (cur.first is None and cur.last and d - cur.last <= SAME_YEAR)
        ):
            cur.last = max(cur.last or d, d)
        else:
            found.append(_Candidate(last=d))
    return found


def plan_calendar(
    calendar: CalendarFile | Iterable[Event],
    overrides: Mapping[int, str] | None = None,
    *,
    school_year: str | None = None,
    first_day: date | None = None,
    last_day: date | None = None,
) -> CalendarPlan:
    """Every complete school year the file describes (or the one asked for), with staff corrections.

    OVERRIDES maps an event's index to a reading; FIRST_DAY and LAST_DAY set one year's ends.
    """
    events = tuple(calendar.events if isinstance(calendar, CalendarFile) else calendar)
    rotation = calendar.rotation if isinstance(calendar, CalendarFile) else False
    readings = {e.index: Reading((overrides or {}).get(e.index, e.reading)) for e in events}
    # Firsts and lasts are read from each event's own dates; they do not repeat.
    firsts = sorted({e.start for e in events if readings[e.index] == Reading.FIRST_DAY})
    lasts = sorted({e.end for e in events if readings[e.index] == Reading.LAST_DAY})
    label = school_year_label(school_year) if school_year else None
    notes: list[str] = []
    if rotation and not (firsts and lasts):
        # A rotation feed's first and last listed days are the year's, when nothing else says so.
        listed = sorted({e.start for e in events if ROTATION_DAY.match(normalize(e.summary))})
        runs = [[listed[0]]]
        for d in listed[1:]:
            if d - runs[-1][-1] > SUMMER:
                runs.append([])
            runs[-1].append(d)
        firsts = firsts or [run[0] for run in runs]
        lasts = lasts or [run[-1] for run in runs]
        notes.append(
            "The file names no first or last day of school; each school year runs from its first rotation day "
            "to its last. Correct them if the year starts or ends on another day."
        )
    if first_day or last_day:
        if first_day:
            firsts = [d for d in firsts if abs(d - first_day) > timedelta(days=180)] + [first_day]
        if last_day:
            lasts = [d for d in lasts if abs(d - last_day) > timedelta(days=180)] + [last_day]
    candidates = _pair(firsts, lasts)
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
    if first_day or last_day:
        chosen = [c for c in candidates if (first_day and c.first == first_day) or (last_day and c.last == last_day)]
        if first_day and last_day and (not chosen or chosen[0].first != first_day or chosen[0].last != last_day):
            chosen = [_Candidate(first_day, last_day)]
        if len(chosen) == 1 and chosen[0].first is None:
            raise CalendarFileError(
                f"No event names a first day of school before the last day {last_day}; give the first day too."
            )
        if len(chosen) == 1 and chosen[0].last is None:
            raise CalendarFileError(
                f"No event names a last day of school within a year after the first day {first_day}; "
                "give the last day too."
            )
        candidates = chosen
    complete = [c for c in candidates if c.first and c.last]
    for c in candidates:
        if c.first is None:
            notes.append(
                f"Skipped the school year ending {c.last}: the file names no first day for it "
                "(the feed starts during that year)."
            )
        elif c.last is None:
            notes.append(
                f"Skipped the {SchoolYear.label_for(c.first)} school year starting {c.first}: the file names no "
                "last day for it (the feed ends during that year)."
            )
    if label:
        wanted = [c for c in complete if SchoolYear.label_for(c.first) == label]
        if not wanted:
            found = ", ".join(SchoolYear.label_for(c.first) for c in complete) or "none"
            raise CalendarFileError(
                f"The file holds no complete {label} school year (complete years in it: {found}). Nothing was imported."
            )
        complete = wanted
        notes = [n for n in notes if not n.startswith("Skipped")]
    if not complete:
        if len(candidates) >= 2 and all(c.first is None or c.last is None for c in candidates):
            first = next((c.first for c in candidates if c.first), None)
            last = next((c.last for c in reversed(candidates) if c.last), None)
            raise CalendarFileError(
                f"The first day ({first}) and the last day ({last}) named in the file are more than a year "
                "apart or out of order, so no school year can be told. Import one school year per file, or "
                "correct the first and last day. Nothing was imported."
            )
        raise CalendarFileError(
            "The file names no complete school year (a first day of school followed by a last day within a year). "
            "Nothing was imported."
        )
    budget = _Budget()
    try:
        years = [_plan_year(c.first, c.last, events, readings, rotation, budget) for c in complete]  # type: ignore[arg-type]
    except CalendarFileError:
        raise
    except (OverflowError, TypeError, ValueError):
        # A repeat computed past the year 9999, or dates that cannot be compared: never a school calendar.
        raise CalendarFileError(
            "A repeating event in the file cannot be read (its RRULE, RDATE or EXDATE give impossible dates); "
            "check those lines, or remove the event."
        ) from None
    labels = [y.label for y in years]
    if len(set(labels)) != len(labels):
        raise CalendarFileError(
            "Two school years in the file start in the same year; check the first and last day events."
        )
    warnings = [y.warning for y in years if y.warning]
    return CalendarPlan(tuple(years), events, readings, tuple(notes), tuple(warnings))


def plan_year(events: Iterable[Event], overrides: Mapping[int, str] | None = None) -> YearPlan:
    """The one school year the events describe (a file with several is refused)."""
    plan = plan_calendar(events, overrides)
    if len(plan.years) != 1 or any(n.startswith("Skipped") for n in plan.notes):
        raise CalendarFileError(
            "The file holds more than one school year, or part of another. Import one school year per file."
        )
    return plan.years[0]


def _plan_year(
    first_day: date,
    last_day: date,
    events: tuple[Event, ...],
    readings: Mapping[int, Reading],
    rotation: bool,
    budget: _Budget,
) -> YearPlan:
    if last_day <= first_day:
        raise CalendarFileError(f"The last day of school ({last_day}) is not after the first day ({first_day}).")
    if (last_day - first_day).days > 366:
        raise CalendarFileError(
            f"The first day ({first_day}) and the last day ({last_day}) are more than a year apart. "
            "Import one school year per file."
        )
    if first_day.year < EARLIEST_YEAR or last_day.year > LATEST_YEAR:
        raise CalendarFileError(
            f"The school year from {first_day} to {last_day} lies outside {EARLIEST_YEAR} to {LATEST_YEAR}; "
            "check the dates of the first and last day."
        )
    in_session: dict[date, bool] = {}
    notes: dict[date, list[str]] = {}
    d = first_day
    while d <= last_day:
        in_session[d] = d.weekday() < 5
        notes[d] = [] if in_session[d] else ["Weekend"]
        d += ONE_DAY
    # Only the events that change a day are expanded; the rest (games, meetings) cost nothing.
    spans = {
        e.index: e.spans(first_day, last_day, budget)
        if readings[e.index] in (Reading.DAY_OFF, Reading.SCHOOL_DAY)
        or (rotation and ROTATION_DAY.match(normalize(e.summary)))
        else []
        for e in events
    }

    def covered(e: Event) -> list[date]:
        return [a + i * ONE_DAY for a, b in spans[e.index] for i in range((b - a).days + 1)]

    if rotation:
        # The feed lists every school day: a weekday it does not list has no school.
        listed = {
            x
            for e in events
            if ROTATION_DAY.match(normalize(e.summary)) and readings[e.index] == Reading.NO_CHANGE
            for x in covered(e)
        }
        for x in in_session:
            if in_session[x] and x not in listed:
                in_session[x] = False
                notes[x] = ["Not a school day in the rotation calendar"]

    # Days off first; then school days, which win where both fall (a make-up or a half day
    # announced inside a break is the more specific news); the first and last day always hold.
    for e in events:
        if readings[e.index] == Reading.DAY_OFF:
            for x in covered(e):
                if in_session[x] or notes[x] in (["Weekend"], ["Not a school day in the rotation calendar"]):
                    notes[x] = []
                in_session[x] = False
                if e.summary and e.summary not in notes[x]:
                    notes[x].append(e.summary)
    for e in events:
        reading = readings[e.index]
        if reading == Reading.SCHOOL_DAY:
            targets = covered(e)
        elif reading == Reading.FIRST_DAY:
            targets = [first_day] if e.start == first_day else []
        elif reading == Reading.LAST_DAY:
            targets = [last_day] if e.end == last_day else []
        else:
            continue
        for x in targets:
            # An early release or half day never opens a weekend, and only an all-day one
            # (a make-up day inside a break) overrides a day off.
            if reading == Reading.SCHOOL_DAY and (x.weekday() >= 5 or (not in_session[x] and not e.all_day)):
                continue
            if not in_session[x]:
                notes[x] = []
            in_session[x] = True
            if e.summary and e.summary not in notes[x]:
                notes[x].append(e.summary)
    # The ends of the year are school days even when no event there says so (--first-day).
    for x in (first_day, last_day):
        in_session[x] = True
        if notes[x] in (["Weekend"], ["Not a school day in the rotation calendar"]):
            notes[x] = []
    days = tuple(
        PlannedDay(x, in_session[x], ("; ".join(notes[x]) or ("" if in_session[x] else "No school"))[:200])
        for x in sorted(in_session)
    )
    return YearPlan(SchoolYear.label_for(first_day), first_day, last_day, days, events, readings, spans)


# Words in a calendar's or district's name that name no one in particular.
_GENERIC = (
    "the of and a an public schools school district districts board education city town township county "
    "regional unified consolidated community independent union free calendar calendars academic year years "
    "events event s official students student staff k 12 ps usd isd cusd rsd synthetic demo feed all holidays "
    "holiday closings important dates high middle elementary primary intermediate junior senior upper lower "
    "academy magnet charter early learning center centre campus"
)
GENERIC_NAME_WORDS = frozenset(_GENERIC.split())


def _name_words(text: str) -> set[str]:
    return {w for w in normalize(text).split() if w not in GENERIC_NAME_WORDS and not w.isdigit()}


def name_warning(calendar_name: str, district: str, places: Iterable[str] = ()) -> str:
    """A warning when the calendar's name (X-WR-CALNAME) names another district than DISTRICT.

    PLACES are other names that belong to the district (its town, its schools).
    """
    named = _name_words(calendar_name)
    if not named:
        return ""  # "District Calendar", "2025-2026": names no one
    ours = _name_words(district).union(*(_name_words(p) for p in places))
    if named & ours:
        return ""
    return (
        f"The calendar is named “{calendar_name}”, which does not name {district}. "
        "Check that this is your district's calendar before saving."
    )


def warnings(calendar: CalendarFile, plan: CalendarPlan, district: SchoolDistrict) -> list[str]:
    """Everything to check before saving: implausible counts of school days, another district's name."""
    found = list(plan.warnings)
    places = [district.town, *district.schools.values_list("name", flat=True)]
    if calendar.name and (warning := name_warning(calendar.name, district.name, places)):
        found.append(warning)
    return found
