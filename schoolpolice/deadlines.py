"""L.1 (Conn. Gen. Stat. § 10-233h): when the notices of an arrest are due.

- Oral notice: by the end of the weekday after the arrest. Weekdays are Monday to Friday, as
  the statute says; school holidays and vacations do not move it (they are weekdays all the
  same), so a notice can fall due on a day the schools are closed.
- Written notice: within seventy-two hours of the arrest, counted as elapsed time, so a
  change of clock (daylight saving time) moves the wall-clock time by an hour, not the deadline.

Days are local days in the installation's time zone (settings.TIME_ZONE).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

WRITTEN_HOURS = 72
END_OF_DAY = time(23, 59, 59, 999999)


def next_weekday(day: date) -> date:
    """The first Monday-to-Friday day after DAY."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def oral_due(arrested_at: datetime) -> datetime:
    """The last instant of the weekday after the arrest, in local time."""
    local_day = timezone.localtime(arrested_at).date()
    return timezone.make_aware(datetime.combine(next_weekday(local_day), END_OF_DAY))


def written_due(arrested_at: datetime) -> datetime:
    """Seventy-two hours after the arrest, in elapsed time: the sum is taken in UTC, because
    Python adds a timedelta to a local time on the wall clock (71 or 73 real hours across a
    change of clock)."""
    return arrested_at.astimezone(UTC) + timedelta(hours=WRITTEN_HOURS)


def is_late(done_at: datetime, due_at: datetime) -> bool:
    return done_at > due_at
