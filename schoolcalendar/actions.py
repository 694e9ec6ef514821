"""Changes to a district's school calendar (P.2), each with its audit entry."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement
from audit.log import Actor, record
from schoolcalendar.ics import CalendarPlan, YearPlan
from schoolcalendar.models import CalendarDay, SchoolYear

HAND_OFF_NOTE = "No school (changed by hand)"


class CalendarRefused(ValueError):
    """The change breaks a rule of the calendar; the message says which."""


def _same_as_saved(year: SchoolYear, plan: YearPlan, source: str) -> bool:
    """The saved YEAR is exactly what PLAN would save (so importing the same file again changes nothing)."""
    if (year.first_day, year.last_day, year.source) != (plan.first_day, plan.last_day, source[:200]):
        return False
    saved = list(year.days.order_by("date").values_list("date", "in_session", "note", "changed_by_hand"))
    return saved == [(d.date, d.in_session, d.note, False) for d in plan.days]


@transaction.atomic
def do_import_calendar(actor: Actor, agreement: Agreement, plan: CalendarPlan, *, source: str = "") -> list[bool]:
    """Save every school year of PLAN, all or none (S.4); for each, whether it changed."""
    changed = []
    for year_plan in plan.years:
        saved = SchoolYear.objects.filter(district=agreement.district, label=year_plan.label).first()
        changed.append(saved is None or not _same_as_saved(saved, year_plan, source))
        do_import_school_year(actor, agreement, year_plan, source=source)
    return changed


@transaction.atomic
def do_import_school_year(actor: Actor, agreement: Agreement, plan: YearPlan, *, source: str = "") -> SchoolYear:
    """Save PLAN as the district's school year, replacing that year (and its hand edits) whole.

    A year already saved exactly as PLAN would save it is left alone, with no audit entry."""
    district = agreement.district
    clash = (
        SchoolYear.objects.for_district(district)
        .overlapping(plan.first_day, plan.last_day)
        .exclude(label=plan.label)
        .first()
    )
    if clash is not None:
        raise CalendarRefused(
            f"The {plan.label} school year ({plan.first_day.isoformat()} to {plan.last_day.isoformat()}) overlaps "
            f"the {clash.label} year already saved ({clash.first_day.isoformat()} to {clash.last_day.isoformat()}). "
            "Nothing was imported."
        )
    year = SchoolYear.objects.select_for_update().filter(district=district, label=plan.label).first()
    if year is not None and _same_as_saved(year, plan, source):
        return year
    replaced = None
    if year is None:
        year = SchoolYear(district=district, label=plan.label)
    else:
        replaced = {
            "first_day": year.first_day,
            "last_day": year.last_day,
            "school_days": year.days.filter(in_session=True).count(),
            "days_changed_by_hand": year.days.filter(changed_by_hand=True).count(),
            "source": year.source,
        }
        year.days.all().delete()
    year.first_day = plan.first_day
    year.last_day = plan.last_day
    year.source = source[:200]
    year.imported_at = timezone.now()
    year.full_clean()
    year.save()
    CalendarDay.objects.bulk_create(
        CalendarDay(school_year=year, date=d.date, in_session=d.in_session, note=d.note) for d in plan.days
    )
    record(
        actor,
        "schoolyear.imported",
        year,
        agreement=agreement,
        changes={
            "label": plan.label,
            "first_day": plan.first_day,
            "last_day": plan.last_day,
            "school_days": plan.school_day_count,
            "weekdays_off": [[d.date, d.note] for d in plan.weekdays_off],
            "corrected_readings": {
                e.summary or str(e.index): plan.reading_of(e).value
                for e in plan.events
                if plan.reading_of(e) != e.reading
            },
            "source": source,
            "replaced": replaced,
        },
    )
    return year


@transaction.atomic
def do_set_day(actor: Actor, agreement: Agreement, day: CalendarDay, *, in_session: bool) -> CalendarDay:
    """Mark one date as a school day or not. Setting what is already there changes nothing."""
    day = CalendarDay.objects.select_for_update().select_related("school_year").get(pk=day.pk)
    if day.school_year.district_id != agreement.district_id:
        raise CalendarRefused("That date belongs to another district's calendar.")
    if day.in_session == in_session:
        return day
    old = {"in_session": day.in_session, "note": day.note}
    day.in_session = in_session
    # The imported reason no longer applies either way; the audit entry keeps it.
    day.note = "" if in_session else HAND_OFF_NOTE
    day.changed_by_hand = True
    day.save(update_fields=["in_session", "note", "changed_by_hand"])
    record(
        actor,
        "calendarday.changed",
        day,
        agreement=agreement,
        changes={
            "date": day.date,
            "in_session": [old["in_session"], in_session],
            "note": [old["note"], day.note],
        },
    )
    return day
