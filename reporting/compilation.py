"""VII.9: the Chief's monthly compilation of Form As for the Superintendent.

Every Form A belongs to the calendar month (local time) of its first submission. On the first
school day of a month the prior month is compiled: its reports, or, when there were none, the
written notice. A report first submitted after its month was compiled goes into a supplement
of that month. `CompiledReport` is one-to-one with the report, so no report is in two
compilations; `prepare_due` compiles every month that has an uncompiled report, so none is
left out of all of them.

Route: on the Chief route the compilation is prepared for the Chief, who reviews it and sends
it to the Superintendent. On the § 10-233p route (Chief not POST-certified) the Form As never
reach the Chief, so the compilation is delivered straight to the Superintendent.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement
from audit.log import Actor, record
from notices.actions import notify
from reporting.models import STUDENT_ACTIONS, CompiledReport, Disposition, FormA, FormAStudent, MonthlyCompilation
from reporting.routes import Document, receivers
from schoolcalendar.days import CalendarGap, for_district

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

NO_REPORTS_NOTICE = (
    "During the month period consisting of {first} to {last}, the SROs did not engage in any investigation "
    "or behavior intervention of challenging behavior or conflict that escalated to violence or constituted a crime."
)


# -- months ----------------------------------------------------------------------------------


def first_of_month(d: date) -> date:
    return d.replace(day=1)


def last_of_month(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(d: date) -> date:
    return first_of_month(first_of_month(d) - timedelta(days=1))


def next_month(month: date) -> date:
    return last_of_month(month) + timedelta(days=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as [start, end) in the local time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(first_of_month(month), time.min, tzinfo=tz)
    return start, datetime.combine(next_month(month), time.min, tzinfo=tz)


def long_date(d: date) -> str:
    """November 1, 2026."""
    return f"{d:%B} {d.day}, {d.year}"


def no_reports_notice(month: date) -> str:
    """The agreement's written notice for a month without Form As, dates filled in (VII.9)."""
    return NO_REPORTS_NOTICE.format(first=long_date(first_of_month(month)), last=long_date(last_of_month(month)))


def reports_of_month(agreement: Agreement, month: date):
    start, end = month_bounds(month)
    return (
        FormA.objects.for_agreement(agreement).filed().filter(first_submitted_at__gte=start, first_submitted_at__lt=end)
    )


# -- summary ---------------------------------------------------------------------------------


@dataclass
class Summary:
    reports: int = 0
    students: int = 0
    late: int = 0
    by_school: list[tuple[str, int]] = field(default_factory=list)
    by_disposition: list[tuple[str, int]] = field(default_factory=list)
    by_action: list[tuple[str, int]] = field(default_factory=list)


def summarize(compilation: MonthlyCompilation) -> Summary:
    """Counts by school, by disposition and of each per-student action, in a few queries."""
    reports = FormA.objects.filter(compiled__compilation=compilation)
    totals = reports.aggregate(
        n=Count("id"),
        late=Count("id", filter=Q(school_days_late__gt=0)),
        **{d.value: Count("id", filter=Q(**{f"disposition_{d.value}": True})) for d in Disposition},
    )
    schools = Counter(
        dict(reports.values_list("school__name").annotate(n=Count("id")).values_list("school__name", "n"))
    )
    students = FormAStudent.objects.filter(report__compiled__compilation=compilation).aggregate(
        n=Count("id"), **{f: Count("id", filter=Q(**{f: True})) for f, _ in STUDENT_ACTIONS}
    )
    return Summary(
        reports=totals["n"],
        students=students["n"],
        late=totals["late"],
        by_school=sorted(((name or "(no school)", n) for name, n in schools.items()), key=lambda x: x[0]),
        by_disposition=[(d.label, totals[d.value]) for d in Disposition],
        by_action=[(label, students[f]) for f, label in STUDENT_ACTIONS],
    )


def memo_people(agreement: Agreement) -> dict[str, str]:
    """Names for the cover memo: the Chief and the Superintendent of the agreement."""
    people = {}
    for role in (Role.CHIEF, Role.SUPERINTENDENT):
        m = Membership.objects.active().filter(agreement=agreement, role=role).select_related("user").first()
        people[role.value] = m.user.get_full_name() if m else ""
    return people


def compiled_reports(compilation: MonthlyCompilation) -> list[FormA]:
    """The compilation's reports in the order they were first submitted."""
    return list(
        FormA.objects.filter(compiled__compilation=compilation)
        .select_related("school", "agreement__police_department", "agreement__district")
        .prefetch_related("students")
        .order_by("first_submitted_at", "id")
    )


def compilation_context(compilation: MonthlyCompilation) -> dict[str, Any]:
    """What the compilation page and its PDF's cover show."""
    agreement = compilation.agreement
    reports = compiled_reports(compilation)
    month = compilation.month
    context: dict[str, Any] = {
        "compilation": compilation,
        "agreement": agreement,
        "reports": reports,
        "summary": summarize(compilation),
        "first_day": long_date(month),
        "last_day": long_date(last_of_month(month)),
        "notice": no_reports_notice(month) if not reports and not compilation.supplement else "",
        "people": memo_people(agreement),
        "memo_date": timezone.localtime(compilation.sent_at or timezone.now()).date(),
    }
    return context


# -- actions ---------------------------------------------------------------------------------


def goes_to_chief(agreement: Agreement) -> bool:
    return agreement.report_route == Agreement.Route.CHIEF


def _url(compilation: MonthlyCompilation) -> str:
    return reverse("compilations:detail", args=[compilation.agreement.slug, compilation.id])


def do_prepare_compilation(actor: Actor, agreement: Agreement, month: date) -> MonthlyCompilation | None:
    """Compile MONTH: the compilation itself, or a supplement with reports filed since.

    Idempotent: returns None when the month is compiled and nothing new was filed for it.
    Refuses a month that has not ended.
    """
    month = first_of_month(month)
    if month >= first_of_month(timezone.localdate()):
        raise ValidationError(f"{month:%B %Y} has not ended yet; a month is compiled after its last day.")
    if month < first_of_month(agreement.effective_date):
        raise ValidationError(
            f"{month:%B %Y} is before the agreement took effect ({long_date(agreement.effective_date)}); "
            "there is nothing to compile for it. Check the year."
        )
    with transaction.atomic():
        # One preparer per agreement at a time; the unique constraints are the backstop. NO KEY
        # UPDATE lets inserts that refer to the agreement (audit entries) go on (see do_submit).
        Agreement.objects.select_for_update(no_key=True).filter(id=agreement.id).first()
        existing = MonthlyCompilation.objects.filter(agreement=agreement, month=month)
        pending = list(reports_of_month(agreement, month).filter(compiled__isnull=True).order_by("id"))
        last = existing.order_by("-supplement").first()
        if last is not None and not pending:
            return None
        supplement = 0 if last is None else last.supplement + 1
        direct = not goes_to_chief(agreement)
        now = timezone.now()
        compilation = MonthlyCompilation.objects.create(
            agreement=agreement,
            month=month,
            supplement=supplement,
            prepared_at=now,
            # On the § 10-233p route there is no Chief's review: it is delivered as prepared.
            status=MonthlyCompilation.Status.SENT if direct else MonthlyCompilation.Status.PREPARED,
            sent_at=now if direct else None,
        )
        CompiledReport.objects.bulk_create([CompiledReport(compilation=compilation, report=r) for r in pending])
        record(
            actor,
            "compilation.prepare",
            compilation,
            agreement=agreement,
            changes={"month": month, "supplement": supplement, "reports": [r.number for r in pending]},
        )
        context = {"compilation": str(compilation), "count": len(pending)}
        key = f"compilation:{compilation.id}"
        if direct:
            notify(
                receivers(agreement, Document.COMPILATION),
                agreement=agreement,
                kind="compilation_sent",
                key=f"{key}:sent",
                context=context,
                url=_url(compilation),
            )
        else:
            notify(
                receivers(agreement, Document.COMPILATION_REVIEW),
                agreement=agreement,
                kind="compilation_prepared",
                key=f"{key}:prepared",
                context=context,
                url=_url(compilation),
            )
        return compilation


# The scheduler fills at most this many months without reports in one run; an operator fills
# older ones with `manage.py compile_month --backfill` (or one month at a time).
BACKFILL_LIMIT = 12


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_due(
    agreement: Agreement, today: date, *, prior_month_due: bool, limit: int | None = BACKFILL_LIMIT
) -> list[date]:
    """The months to compile on TODAY, oldest first.

    - Any month that holds a report no compilation has (the month itself, or a supplement).
    - The prior month once PRIOR_MONTH_DUE (its first school day has come), even without
      reports: then it is the written notice.
    - Every month not compiled since the agreement took effect, but at most LIMIT months back
      from this one (None: no limit, the operator's back-fill): a month the scheduler missed
      still gets its compilation or notice, a gap left by compiling out of order is filled,
      and older months are left for the operator. So a run fills at most LIMIT months, and a
      month compiled by hand long ago (a year typo) makes it fill nothing more.
    Never the current month, never a month before the agreement took effect.
    """
    this_month = first_of_month(today)
    prior = previous_month(today)
    floor = first_of_month(agreement.effective_date)
    start, _ = month_bounds(this_month)
    stray = (
        FormA.objects.for_agreement(agreement)
        .filed()
        .filter(compiled__isnull=True, first_submitted_at__lt=start)
        .values_list("first_submitted_at", flat=True)
    )
    months = {m for m in (first_of_month(timezone.localtime(at).date()) for at in stray) if m >= floor}
    compiled = set(MonthlyCompilation.objects.filter(agreement=agreement).values_list("month", flat=True))
    last_due = prior if prior_month_due else previous_month(prior)
    fill_from = floor
    if limit is not None:
        fill_from = max(fill_from, add_months(this_month, -limit))
    month = fill_from
    while month <= last_due:
        if month not in compiled:
            months.add(month)
        month = next_month(month)
    if not prior_month_due and prior not in compiled:
        months.discard(prior)  # not due until its first school day
    return sorted(months)


def prepare_due(
    agreement: Agreement, today: date, *, prior_month_due: bool, limit: int | None = BACKFILL_LIMIT
) -> list[MonthlyCompilation]:
    """The scheduler's compilation step for TODAY; safe to run any number of times.

    LIMIT bounds how far back months without reports are filled (see `months_due`); the
    operator's `compile_month --backfill` passes None.
    """
    actor = Actor.system("compile_month")
    due = months_due(agreement, today, prior_month_due=prior_month_due, limit=limit)
    if limit is not None:
        everything = months_due(agreement, today, prior_month_due=prior_month_due, limit=None)
        if left := [m for m in everything if m not in due]:
            log.warning(
                "%s: %d month(s) from %s to %s are not compiled and older than %d months; the scheduler leaves "
                "them to an operator: manage.py compile_month --backfill --agreement %s",
                agreement.slug,
                len(left),
                f"{left[0]:%Y-%m}",
                f"{left[-1]:%Y-%m}",
                limit,
                agreement.slug,
            )
    prepared = []
    for month in due:
        compilation = do_prepare_compilation(actor, agreement, month)
        if compilation is not None:
            prepared.append(compilation)
    return prepared


def unreceived_reason(compilation: MonthlyCompilation) -> str:
    """Why COMPILATION cannot be delivered yet: reports in it not yet received, or ""."""
    pending = list(
        FormA.objects.filter(compiled__compilation=compilation)
        .exclude(status=FormA.Status.RECEIVED)
        .order_by("number")
        .values_list("number", "status")
    )
    if not pending:
        return ""
    listed = ", ".join(f"{number} ({FormA.Status(status).label.lower()})" for number, status in pending)
    # A report corrected after delivery would never reach the Superintendent, since each report
    # is in exactly one compilation: deliver only what has been received and cannot change.
    return f"Receive every report first; not yet received: Form A {listed}."


def unsendable_reason(compilation: MonthlyCompilation) -> str:
    """Why the Chief cannot send COMPILATION now, or "" when it can be sent."""
    if compilation.status != MonthlyCompilation.Status.PREPARED:
        return f"{compilation} was already sent to the Superintendent."
    return unreceived_reason(compilation)


def _write_pdf(compilation: MonthlyCompilation) -> tuple[str, str]:
    """Render the compilation and write the file, outside any transaction (it takes seconds, and
    on SQLite a transaction stops every other writer); return the file's name and SHA-256."""
    from reporting.pdf import render_compilation

    data = render_compilation(compilation)
    name = f"{compilation.agreement.slug}-compilation-{compilation.month:%Y-%m}-{compilation.supplement}.pdf"
    stored = compilation.pdf.storage.save(compilation.pdf.field.generate_filename(compilation, name), ContentFile(data))
    return stored, hashlib.sha256(data).hexdigest()


def do_send_compilation(actor: Actor, compilation: MonthlyCompilation) -> MonthlyCompilation:
    """The Chief sends the reviewed compilation to the Superintendent; its PDF is frozen then.

    The PDF is rendered first, with no lock held; the short transaction then checks again that
    the compilation can be sent and stores it. A send that loses a race leaves no file.
    """
    current = MonthlyCompilation.objects.select_related("agreement").get(id=compilation.id)
    reason = unsendable_reason(current)
    if reason:
        raise ValidationError(reason)
    current.sent_at = timezone.now()  # the memo's date
    name, digest = _write_pdf(current)
    try:
        with transaction.atomic():
            compilation = MonthlyCompilation.objects.select_for_update().get(id=compilation.id)
            reason = unsendable_reason(compilation)
            if reason:
                raise ValidationError(reason)
            compilation.status = MonthlyCompilation.Status.SENT
            compilation.sent_at = current.sent_at
            compilation.sent_by = actor.user
            compilation.pdf.name = name
            compilation.pdf_sha256 = digest
            compilation.save(update_fields=["status", "sent_at", "sent_by", "pdf", "pdf_sha256"])
            record(
                actor,
                "compilation.send",
                compilation,
                agreement=compilation.agreement,
                changes={"status": ["prepared", "sent"], "pdf_sha256": digest},
            )
            count = compilation.entries.count()
            notify(
                receivers(compilation.agreement, Document.COMPILATION),
                agreement=compilation.agreement,
                kind="compilation_sent",
                key=f"compilation:{compilation.id}:sent",
                context={"compilation": str(compilation), "count": count},
                url=_url(compilation),
            )
    except BaseException:
        current.pdf.storage.delete(name)
        raise
    return compilation


def do_acknowledge_compilation(actor: Actor, compilation: MonthlyCompilation) -> MonthlyCompilation:
    """The Superintendent (or designee) acknowledges receipt of a sent compilation."""
    current = MonthlyCompilation.objects.select_related("agreement").get(id=compilation.id)
    written = None
    if not current.pdf and current.status == MonthlyCompilation.Status.SENT and not unreceived_reason(current):
        # Rendered before the transaction, with no lock held (see do_send_compilation).
        written = _write_pdf(current)
    try:
        with transaction.atomic():
            compilation = MonthlyCompilation.objects.select_for_update().get(id=compilation.id)
            if compilation.status == MonthlyCompilation.Status.ACKNOWLEDGED:
                raise ValidationError(f"{compilation} was already acknowledged.")
            if compilation.status != MonthlyCompilation.Status.SENT:
                raise ValidationError(f"{compilation} has not been sent to the Superintendent yet.")
            if reason := unreceived_reason(compilation):
                raise ValidationError(reason)
            compilation.status = MonthlyCompilation.Status.ACKNOWLEDGED
            compilation.acknowledged_at = timezone.now()
            compilation.acknowledged_by = actor.user
            fields = ["status", "acknowledged_at", "acknowledged_by"]
            if not compilation.pdf:
                if written is None:
                    raise ValidationError(f"{compilation} changed while it was being acknowledged; try again.")
                # Delivered directly (§ 10-233p route): the PDF is frozen at receipt.
                compilation.pdf.name, compilation.pdf_sha256 = written
                fields += ["pdf", "pdf_sha256"]
            compilation.save(update_fields=fields)
            record(
                actor,
                "compilation.acknowledge",
                compilation,
                agreement=compilation.agreement,
                changes={"status": ["sent", "acknowledged"], "pdf_sha256": compilation.pdf_sha256},
            )
            name = actor.user.get_full_name() if actor.user else actor.label
            context = {
                "compilation": str(compilation),
                "acknowledged_by": name,
                "acknowledged_at": timezone.localtime(compilation.acknowledged_at),
            }
            notify(
                receivers(compilation.agreement, Document.COMPILATION_REVIEW),
                agreement=compilation.agreement,
                kind="compilation_acknowledged",
                key=f"compilation:{compilation.id}:acknowledged",
                context=context,
                url=_url(compilation),
            )
    except BaseException:
        if written is not None:
            current.pdf.storage.delete(written[0])
        raise
    if written is not None and compilation.pdf.name != written[0]:
        current.pdf.storage.delete(written[0])  # another request froze it first
    return compilation


# -- duties on the dashboards ------------------------------------------------------------------


@dataclass(frozen=True)
class MonthDuty:
    """The Chief's compilation duty for the month just ended, as of TODAY.

    STATE is "to prepare" (not compiled yet; the scheduler compiles it on DUE), "to send"
    (prepared, waiting for the Chief), "sent" or "acknowledged". DUE is the first school day of
    the month after MONTH: the day the compilation falls due (VII.9 is monthly)."""

    month: date
    due: date
    state: str
    compilation: MonthlyCompilation | None
    overdue: bool


def _first_school_day(agreement: Agreement, month: date) -> date:
    try:
        return for_district(agreement.district).first_school_day_of_month(month.year, month.month) or month
    except CalendarGap:
        return month


def month_duty(agreement: Agreement, today: date) -> MonthDuty | None:
    """The compilation of the month before TODAY's, what is left to do with it and by when;
    None before the agreement's first full month has ended."""
    month = previous_month(today)
    if month < first_of_month(agreement.effective_date):
        return None
    due = _first_school_day(agreement, first_of_month(today))
    # The month's compilation and, in the same read, those prepared and not yet sent: a
    # supplement left to send is a duty too, the oldest first.
    rows = list(
        MonthlyCompilation.objects.filter(agreement=agreement)
        .filter(Q(month=month, supplement=0) | Q(status=MonthlyCompilation.Status.PREPARED))
        .order_by("month", "supplement")
    )
    compilation = next((c for c in rows if c.month == month and c.supplement == 0), None)
    unsent = next((c for c in rows if c.status == MonthlyCompilation.Status.PREPARED), None)
    if unsent is not None:
        compilation, month = unsent, unsent.month
        # A supplement falls due with the next month's compilation after it was prepared.
        after = month if unsent.supplement == 0 else first_of_month(timezone.localtime(unsent.prepared_at).date())
        due, state = _first_school_day(agreement, next_month(after)), "to send"
    elif compilation is None:
        state = "to prepare"
    elif compilation.status == MonthlyCompilation.Status.SENT:
        state = "sent"
    else:
        state = "acknowledged"
    return MonthDuty(month, due, state, compilation, overdue=state in {"to prepare", "to send"} and today > due)


def waiting_acknowledgement(agreement: Agreement) -> list[MonthlyCompilation]:
    """The compilations delivered to the Superintendent and not yet acknowledged, oldest first."""
    return list(
        MonthlyCompilation.objects.filter(agreement=agreement, status=MonthlyCompilation.Status.SENT).order_by(
            "month", "supplement"
        )
    )
