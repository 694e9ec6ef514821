"""VII.2: reminders before a Form A is due, and the overdue notice after.

The SRO is reminded two school days and one school day before the due date and on it; on the
next school day after, the SRO and the receiver (the Chief, or the Superintendent on the
§ 10-233p route) are told it is overdue. Only drafts get these: a filed report is done.

Each notice has a key per report and stage, so running the step twice, or in two workers at
once, sends each notice once (`notices.actions.notify`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Min, Q
from django.urls import reverse

from accounts.models import Role
from agreements.models import Agreement, SchoolDistrict
from audit.log import Actor, record
from notices.actions import notify
from reporting.models import FormA
from reporting.routes import Document, receiver_title, receivers
from schoolcalendar.days import CalendarGap, SchoolDays, for_district

if TYPE_CHECKING:
    from accounts.models import Membership

log = logging.getLogger(__name__)

REMINDER_DAYS = (2, 1, 0)  # school days before the due date


@dataclass(frozen=True)
class Stage:
    """What a draft is owed on a given day: a reminder N school days ahead, or the overdue notice."""

    name: str  # "due-2", "due-1", "due-0", "overdue"
    days_left: int


def stage_for(days: SchoolDays, today: date, due: date) -> Stage | None:
    """The notice a draft due on DUE is owed on TODAY (a school day), if any."""
    if today <= due:
        left = days.school_days_between(today, due)
        return Stage(f"due-{left}", left) if left in REMINDER_DAYS else None
    # From the next school day after the due date on: a missed day still gets its notice once.
    return Stage("overdue", -days.school_days_between(due, today))


def _context(report: FormA, stage: Stage) -> dict:
    return {
        "incident_date": report.incident_date,
        "due_date": report.due_date,
        "days_left": stage.days_left,
        "sro_name": report.sro_name or report.sro.display_name,
    }


def unfiled_of(sro: Membership) -> dict[str, Any] | None:
    """The SRO's Form As not yet filed (drafts, and reports returned for correction), or None.

    Only the SRO files them (VII.7): once their SRO role ends, nobody can. Whoever ends the role
    is shown this first (the people page, the Chief's decision on concerns); the Chief keeps
    getting each draft's overdue notice (VII.2). Counts and the first due date, never content.
    """
    if sro.role != Role.SRO:
        return None
    counts = (
        FormA.objects.editable()
        .filter(sro=sro)
        .aggregate(
            drafts=Count("id", filter=Q(status=FormA.Status.DRAFT)),
            returned=Count("id", filter=Q(status=FormA.Status.RETURNED)),
            first_due=Min("due_date", filter=Q(status=FormA.Status.DRAFT)),
        )
    )
    if not (counts["drafts"] or counts["returned"]):
        return None
    receiver = receiver_title(sro.agreement)
    return {**counts, "total": counts["drafts"] + counts["returned"], "name": sro.display_name, "receiver": receiver}


def send_deadline_notices(agreement: Agreement, today: date) -> int:
    """Send TODAY's reminders and overdue notices for the agreement's drafts; return how many.

    Runs only on school days: "two school days before" is counted on school days, and a notice
    missed on a holiday goes on the next school day (same key, so never twice).
    """
    try:
        days = for_district(agreement.district)
        if not days.is_school_day(today):
            return 0
    except CalendarGap as gap:
        log.warning("No deadline notices for %s on %s: %s", agreement.slug, today, gap)
        return 0
    sent = 0
    drafts = (
        FormA.objects.for_agreement(agreement)
        .filter(status=FormA.Status.DRAFT, first_submitted_at__isnull=True, due_date__isnull=False)
        .select_related("sro__user")
        .order_by("id")
    )
    chiefs = None
    for report in drafts:
        try:
            stage = stage_for(days, today, report.due_date)
        except CalendarGap as gap:
            log.warning("No deadline notice for Form A draft #%s: %s", report.pk, gap)
            continue
        if stage is None:
            continue
        key = f"form_a:{report.pk}:{stage.name}"
        url = reverse("reporting:mine", kwargs={"slug": agreement.slug})
        context = _context(report, stage)
        # One transaction per report: its notices and their emails stand or fall together.
        with transaction.atomic():
            if stage.name == "overdue":
                if chiefs is None:
                    chiefs = receivers(agreement, Document.FORM_A)
                sent += len(
                    notify(
                        [report.sro.user], agreement=agreement, kind="form_a_overdue", key=key, context=context, url=url
                    )
                )
                sent += len(
                    notify(
                        chiefs,
                        agreement=agreement,
                        kind="form_a_overdue",
                        key=key,
                        context={**context, "for_chief": True},
                    )
                )
            else:
                sent += len(
                    notify(
                        [report.sro.user],
                        agreement=agreement,
                        kind="form_a_reminder",
                        key=key,
                        context=context,
                        url=url,
                    )
                )
    return sent


def do_recompute_due_dates(actor: Actor, district: SchoolDistrict, *, reason: str) -> int:
    """Recompute the due date of every open draft in DISTRICT's agreements from the calendar as
    it now is (VII.2): a draft whose incident date the calendar did not cover gets its due
    date once the calendar is imported, and a snow day moves the due dates after it.

    Open drafts only: once a report has been submitted its due date never moves (VII.8).
    Each change is audited with the old and the new date. Returns how many changed.
    """
    days = for_district(district)
    drafts = (
        FormA.objects.select_for_update()
        .filter(
            agreement__district=district,
            status=FormA.Status.DRAFT,
            first_submitted_at__isnull=True,
            incident_date__isnull=False,
        )
        .select_related("agreement")
        .order_by("id")
    )
    changed = 0
    with transaction.atomic():
        for report in drafts:
            try:
                due = days.school_days_after(report.incident_date, report.agreement.report_deadline_school_days)
            except CalendarGap:
                due = None
            if due == report.due_date:
                continue
            old = report.due_date
            FormA.objects.filter(pk=report.pk).update(due_date=due)
            record(
                actor,
                "form_a.due_date_recomputed",
                report,
                agreement=report.agreement,
                changes={"due_date": [old, due], "reason": reason},
            )
            changed += 1
    return changed


def on_calendar_changed(
    sender: Any, *, district: SchoolDistrict, actor: Actor, reason: str = "", **kwargs: Any
) -> None:
    """schoolcalendar.signals.calendar_changed: the calendar changed; move the drafts' due dates."""
    do_recompute_due_dates(actor, district, reason=reason or "school calendar changed")


def compilation_due(agreement: Agreement, today: date) -> bool:
    """Whether the prior month's compilation is due: from the month's first school day on, or
    from the first of the month when school is out all month (July still gets its compilation)."""
    try:
        first = for_district(agreement.district).first_school_day_of_month(today.year, today.month)
    except CalendarGap as gap:
        # Without a calendar, compile on the first of the month rather than never (VII.9 is monthly).
        log.warning("Calendar gap for %s; compiling on the calendar month: %s", agreement.slug, gap)
        return True
    return first is None or today >= first
