"""The dashboard panel: is school in session today, and the next school days."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from schoolcalendar.days import CalendarGap, for_district
from schoolcalendar.models import EDITOR_ROLES, CalendarDay

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import Membership

NEXT_DAYS = 3


def today_context(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    district = membership.agreement.district
    today = timezone.localdate()
    days = for_district(district)
    context: dict[str, Any] = {"today": today, "can_edit": membership.role in EDITOR_ROLES, "gap": ""}
    try:
        context["school_day"] = days.is_school_day(today)
    except CalendarGap as e:
        context["gap"] = str(e)
        return context
    row = CalendarDay.objects.filter(school_year__district=district, date=today).only("note").first()
    context["note"] = row.note if row else "Summer"
    upcoming, d = [], today
    try:
        for _ in range(NEXT_DAYS):
            d = days.next_school_day(d)
            upcoming.append(d)
    except CalendarGap as e:
        context["gap"] = str(e)
    context["upcoming"] = upcoming
    return context
