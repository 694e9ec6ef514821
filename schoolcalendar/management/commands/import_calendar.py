"""manage.py import_calendar PATH --agreement SLUG: read a district's .ics file and save its school year."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from audit.log import Actor
from schoolcalendar import actions
from schoolcalendar.ics import CalendarFileError, YearPlan, plan_year, read_events


def reading_table(plan: YearPlan) -> str:
    """How each event was read, as a plain-text table."""
    rows = [("Date(s)", "Summary", "Reading")]
    for event, reading, remark in plan.rows():
        rows.append((event.dates_display, event.summary, f"{reading.label}{f': {remark}' if remark else ''}"))
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip() for r in rows]
    lines.insert(1, f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 7}")
    return "\n".join(lines)


def summary_line(plan: YearPlan) -> str:
    return (
        f"{plan.label}: first day {plan.first_day.isoformat()}, last day {plan.last_day.isoformat()}, "
        f"{plan.school_day_count} school days, {len(plan.weekdays_off)} weekdays off."
    )


class Command(BaseCommand):
    help = "Import one school year of the agreement's district calendar from an iCalendar (.ics) file (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .ics file.")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")
        parser.add_argument("--dry-run", action="store_true", help="Print how the file reads; save nothing.")

    def handle(self, *args, **options):
        agreement = Agreement.objects.select_related("district").filter(slug=options["agreement"]).first()
        if agreement is None:
            raise CommandError(f"No agreement has the slug “{options['agreement']}”.")
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror or e}.") from None
        try:
            plan = plan_year(read_events(data))
        except CalendarFileError as e:
            raise CommandError(f"{path.name}: {e}") from None
        self.stdout.write(reading_table(plan))
        self.stdout.write(summary_line(plan))
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            actions.do_import_school_year(Actor.system("import_calendar"), agreement, plan, source=path.name)
        except actions.CalendarRefused as e:
            raise CommandError(str(e)) from None
        self.stdout.write(self.style.SUCCESS(f"Saved {plan.label} for {agreement.district}."))
