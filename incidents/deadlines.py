"""When the principal must be told (IV.1) and when the district's restraint report is due (IV.4).

Every date counts school days on the district's calendar (`schoolcalendar.days`); a date the
calendar does not cover gives None, never a guess. Times are aware: a deadline set "by 3:30 p.m."
is 3:30 p.m. on that day's clock, whatever daylight saving time does in between, and a deadline
in hours counts real hours.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from incidents.models import NoticeSettings
from schoolcalendar.days import CalendarGap, SchoolDays


def at(day: date, moment: time) -> datetime:
    """DAY at MOMENT on the local clock, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, moment))


def notice_deadline(rule: NoticeSettings, days: SchoolDays, occurred_at: datetime) -> datetime | None:
    """When the SRO's notice of an event at OCCURRED_AT is due under RULE, or None when the
    school calendar does not cover the days it needs."""
    if rule.rule == NoticeSettings.Rule.HOURS:
        # Real hours: across a change of the clocks, 24 hours is still 24 hours.
        return (occurred_at.astimezone(UTC) + timedelta(hours=rule.hours)).astimezone(timezone.get_current_timezone())
    local = timezone.localtime(occurred_at)
    ends = rule.school_day_ends_at
    try:
        if rule.rule == NoticeSettings.Rule.NEXT_SCHOOL_DAY:
            return at(days.next_school_day(local.date()), ends)
        # The same school day, while it lasts; after school or on a day off, the next school day.
        if days.is_school_day(local.date()) and local.time() < ends:
            return at(local.date(), ends)
        return at(days.next_school_day(local.date()), ends)
    except CalendarGap:
        return None


def district_report_due(days: SchoolDays, started_at: datetime) -> date | None:
    """The next school day after the intervention: the district's own restraint report (IV.4)."""
    try:
        return days.next_school_day(timezone.localdate(started_at))
    except CalendarGap:
        return None
