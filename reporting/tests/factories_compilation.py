"""Test helpers for deadlines, compilations and PDFs: a weekday school calendar and filed reports."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from reporting.models import FormA, FormAStudent
from schoolcalendar.days import SchoolDays


def weekdays(start: date = date(2024, 8, 26), end: date = date(2028, 6, 30), holidays=()) -> SchoolDays:
    """Every weekday from START to END is a school day, except HOLIDAYS."""
    days = []
    d = start
    while d <= end:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return SchoolDays(tuple(days), start, end, name="Weekdays")


def local(d: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(d, time(hour, minute), tzinfo=timezone.get_current_timezone())


_counter = [0]


def make_report(sro, *, submitted_at: datetime | None = None, incident_date: date | None = None, **fields) -> FormA:
    """A Form A by SRO (a Membership); filed at SUBMITTED_AT, else a draft. Two students."""
    _counter[0] += 1
    agreement = sro.agreement
    status = FormA.Status.SUBMITTED if submitted_at else FormA.Status.DRAFT
    incident = incident_date or (timezone.localtime(submitted_at).date() - timedelta(days=1) if submitted_at else None)
    defaults = {
        "agreement": agreement,
        "sro": sro,
        "status": status,
        "escalated_to_violence": True,
        "constitutes_crime": False,
        "sro_name": sro.display_name,
        "badge_number": sro.badge_number,
        "school": sro.primary_school,
        "incident_date": incident,
        "incident_time": time(10, 40),
        "location": "Cafeteria, east side",
        "reason_and_nature": "Two students fought near the lunch line; the SRO separated them.",
        "disposition_referral_admin": True,
        "disposition_search": True,
        "first_submitted_at": submitted_at,
        "submitted_at": submitted_at,
        "number": f"T-{_counter[0]:05d}" if submitted_at else "",
        "school_days_late": 0 if submitted_at else None,
    }
    defaults.update(fields)
    report = FormA.objects.create(**defaults)
    FormAStudent.objects.create(
        report=report,
        position=0,
        age=15,
        gender="male",
        white=True,
        known_disability=False,
        searched=True,
        detained=True,
        detained_minutes=45,
    )
    FormAStudent.objects.create(
        report=report,
        position=1,
        age=16,
        gender="female",
        black=True,
        hispanic_latino=True,
        known_disability=True,
        apprised_of_rights=True,
    )
    return report
