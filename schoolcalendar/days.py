"""School-day arithmetic (P.2): every "school day" count in the system goes through here.

The district's imported calendar alone says what a school day is. When a question needs a
date beyond every known calendar, `CalendarGap` is raised with the date and the known range:
a deadline is never guessed.

    days = for_district(agreement.district)
    days.school_days_after(date(2025, 11, 24), 5)   # Form A due date (VII.2)
    days.school_days_between(today, due)            # countdown
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING

from lib.requestcache import per_request

if TYPE_CHECKING:
    from agreements.models import Agreement, SchoolDistrict

ONE_DAY = timedelta(days=1)


class CalendarGap(Exception):
    """A date the known school calendars do not cover."""

    def __init__(
        self,
        day: date,
        start: date | None,
        end: date | None,
        *,
        gaps: tuple[tuple[date, date], ...] = (),
        name: str = "",
    ) -> None:
        self.day = day
        self.known = (start, end) if start and end else None
        of = f" of {name}" if name else ""
        if self.known is None:
            message = (
                f"No school calendar{of} has been imported, so school days around {day.isoformat()} "
                "cannot be counted. Import the district's calendar (.ics)."
            )
        else:
            holes = "".join(f", except {a.isoformat()} to {b.isoformat()}" for a, b in gaps)
            message = (
                f"The school calendar{of} does not cover {day.isoformat()}: it is known from "
                f"{start.isoformat()} to {end.isoformat()}{holes}. Import the calendar for that school year."
            )
        super().__init__(message)


@dataclass(frozen=True)
class SchoolDays:
    """The days school is in session, within a known range of dates.

    DATES are the session dates, sorted; START and END bound the covered range (inclusive);
    GAPS are ranges inside it that no calendar covers (a missing school year). A date outside
    the range or inside a gap is unknown. NAME (the district) makes messages clearer.
    """

    dates: tuple[date, ...]
    start: date | None
    end: date | None
    gaps: tuple[tuple[date, date], ...] = ()
    name: str = ""

    def __post_init__(self) -> None:
        # Accept any sequence, keep a tuple so the object stays hashable and immutable.
        object.__setattr__(self, "dates", tuple(self.dates))
        object.__setattr__(self, "gaps", tuple(tuple(g) for g in self.gaps))
        if (self.start is None) != (self.end is None):
            raise ValueError("Give both ends of the covered range, or neither.")
        if self.start is None:
            if self.dates or self.gaps:
                raise ValueError("Session dates need a covered range.")
            return
        assert self.start is not None and self.end is not None
        if self.start > self.end:
            raise ValueError(f"The covered range starts ({self.start}) after it ends ({self.end}).")
        if any(a >= b for a, b in pairwise(self.dates)):
            raise ValueError("Session dates must be sorted and distinct.")
        if self.dates and not (self.start <= self.dates[0] and self.dates[-1] <= self.end):
            raise ValueError("Session dates must lie within the covered range.")
        for a, b in self.gaps:
            if not (self.start < a <= b < self.end):
                raise ValueError(f"The gap {a} to {b} must lie inside the covered range.")
            if bisect_right(self.dates, b) != bisect_left(self.dates, a):
                raise ValueError(f"The gap {a} to {b} holds session dates.")

    # -- what is known ------------------------------------------------------------------

    def knows(self, d: date) -> bool:
        """Whether a calendar covers D."""
        return self._first_unknown(d - ONE_DAY, d) is None

    def _first_unknown(self, after: date, upto: date) -> date | None:
        """The first date d with AFTER < d <= UPTO that no calendar covers, or None."""
        if upto <= after:
            return None
        first = after + ONE_DAY
        if self.start is None or self.end is None:
            return first
        candidates = []
        if first < self.start:
            candidates.append(first)
        if upto > self.end:
            candidates.append(max(first, self.end + ONE_DAY))
        candidates += [max(first, a) for a, b in self.gaps if a <= upto and b >= first]
        return min(candidates, default=None)

    def _require_known(self, after: date, upto: date) -> None:
        unknown = self._first_unknown(after, upto)
        if unknown is not None:
            raise CalendarGap(unknown, self.start, self.end, gaps=self.gaps, name=self.name)

    # -- questions ----------------------------------------------------------------------

    def is_school_day(self, d: date) -> bool:
        """Whether school is in session for students on D."""
        self._require_known(d - ONE_DAY, d)
        i = bisect_left(self.dates, d)
        return i < len(self.dates) and self.dates[i] == d

    def school_days_after(self, start: date, n: int) -> date:
        """The N-th school day strictly after START (N >= 1).

        START need not be a school day: an incident on a Saturday counts from Monday.
        """
        if n < 1:
            raise ValueError(f"Count at least one school day (got {n}).")
        i = bisect_right(self.dates, start) + n - 1
        if i >= len(self.dates):
            # Not enough known school days: name the first date past what is known.
            self._require_known(start, date.max)
            raise AssertionError("unreachable: a covered range always ends")  # pragma: no cover
        result = self.dates[i]
        self._require_known(start, result)
        return result

    def school_days_between(self, start: date, end: date) -> int:
        """How many school days d have START < d <= END; negative when END is before START."""
        if end < start:
            return -self.school_days_between(end, start)
        self._require_known(start, end)
        return bisect_right(self.dates, end) - bisect_right(self.dates, start)

    def next_school_day(self, d: date) -> date:
        """The first school day strictly after D."""
        return self.school_days_after(d, 1)

    def first_school_day_of_month(self, year: int, month: int) -> date | None:
        """The first school day in the month, or None when school is out all month (July)."""
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        i = bisect_left(self.dates, first)
        found = self.dates[i] if i < len(self.dates) and self.dates[i] <= last else None
        self._require_known(first - ONE_DAY, found or last)
        return found

    def school_days_in(self, start: date, end: date) -> list[date]:
        """The school days from START to END, both included (for display)."""
        self._require_known(start - ONE_DAY, end)
        return list(self.dates[bisect_left(self.dates, start) : bisect_right(self.dates, end)])


@per_request
def for_district(district: SchoolDistrict) -> SchoolDays:
    """The district's school days from its imported calendars.

    Consecutive school years make summer known: the covered range runs from the first year's
    first day to the last year's last day. A missing year between two others stays unknown.
    """
    from schoolcalendar.models import CalendarDay, SchoolYear

    years = list(SchoolYear.objects.for_district(district).only("label", "first_day", "last_day"))
    if not years:
        return SchoolDays((), None, None, name=district.name)
    dates = CalendarDay.objects.filter(school_year__district=district, in_session=True).order_by("date")
    gaps = tuple(
        (prev.last_day + ONE_DAY, nxt.first_day - ONE_DAY)
        for prev, nxt in pairwise(years)
        if nxt.start_year != prev.start_year + 1 and nxt.first_day - prev.last_day > ONE_DAY
    )
    return SchoolDays(
        tuple(dates.values_list("date", flat=True)), years[0].first_day, years[-1].last_day, gaps, district.name
    )


def due_date(agreement: Agreement, incident_date: date) -> date:
    """When Form A is due: the agreement's deadline in school days after the incident (VII.2)."""
    return for_district(agreement.district).school_days_after(incident_date, agreement.report_deadline_school_days)
