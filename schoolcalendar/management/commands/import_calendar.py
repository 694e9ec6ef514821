"""manage.py import_calendar PATH --agreement SLUG: read a district's .ics file and save its school years.

It prints what the import page shows: how each event reads, each year's school days and the
events read as days off, the warnings and the years skipped; and it corrects what the page
corrects (--reading, --first-day, --last-day).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from audit.log import Actor
from schoolcalendar import actions
from schoolcalendar.ics import (
    READING_WORDS,
    CalendarFile,
    CalendarFileError,
    CalendarPlan,
    YearPlan,
    normalize,
    plan_calendar,
    read_calendar,
    warnings,
)


def reading_table(plan: CalendarPlan | YearPlan) -> str:
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


def year_report(plan: YearPlan) -> list[str]:
    """A year's sanity lines: its count of school days and the events read as days off."""
    lines = [summary_line(plan), "  Read as days off:"]
    lines += [f"    {e.dates_display}  {e.summary}" for e in plan.days_off_events] or ["    (none)"]
    return lines


def parse_readings(values: list[str], calendar: CalendarFile) -> dict[int, str]:
    """--reading "SUMMARY=no_school" options as event index -> reading."""
    overrides: dict[int, str] = {}
    for value in values:
        summary, sep, word = value.rpartition("=")
        word = word.strip().lower()
        if not sep or not summary.strip() or word not in READING_WORDS:
            raise CommandError(
                f"--reading “{value}” should read SUMMARY=no_school, SUMMARY=half_day or SUMMARY=no_change."
            )
        matches = [e.index for e in calendar.events if normalize(e.summary) == normalize(summary)]
        if not matches:
            raise CommandError(f"--reading: no event in the file has the summary “{summary.strip()}”.")
        overrides.update(dict.fromkeys(matches, READING_WORDS[word].value))
    return overrides


def parse_date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} “{value}” is not a date; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Import the school years of the agreement's district calendar from an iCalendar (.ics) file "
        "(every complete year in it, or the one named; all or nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .ics file.")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")
        parser.add_argument("--dry-run", action="store_true", help="Print how the file reads; save nothing.")
        parser.add_argument("--school-year", help="Import only this school year, e.g. 2025-2026.")
        parser.add_argument("--first-day", help="The first day for students, YYYY-MM-DD, whatever the file says.")
        parser.add_argument("--last-day", help="The last day for students, YYYY-MM-DD, whatever the file says.")
        parser.add_argument(
            "--reading",
            action="append",
            default=[],
            metavar="SUMMARY=no_school|half_day|no_change",
            help="Read every event with this summary this way (repeatable), as the import page's corrections do.",
        )

    def handle(self, *args, **options):
        agreement = Agreement.objects.select_related("district").filter(slug=options["agreement"]).first()
        if agreement is None:
            raise CommandError(f"No agreement has the slug “{options['agreement']}”.")
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"Cannot read {path}: {e.strerror or e}.") from None
        first_day = parse_date("--first-day", options["first_day"])
        last_day = parse_date("--last-day", options["last_day"])
        try:
            calendar = read_calendar(data)
            overrides = parse_readings(options["reading"], calendar)
            plan = plan_calendar(
                calendar,
                overrides,
                school_year=options["school_year"],
                first_day=first_day,
                last_day=last_day,
            )
        except CalendarFileError as e:
            raise CommandError(f"{path.name}: {e}") from None
        self.stdout.write(reading_table(plan))
        if calendar.rotation:
            self.stdout.write("The file lists every school day (a rotation calendar): a weekday it omits is a day off.")
        for year in plan.years:
            self.stdout.write("\n".join(year_report(year)))
        for note in plan.notes:
            self.stdout.write(f"Note: {note}")
        for warning in warnings(calendar, plan, agreement.district):
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
            return
        try:
            changed = actions.do_import_calendar(Actor.system("import_calendar"), agreement, plan, source=path.name)
        except actions.CalendarRefused as e:
            raise CommandError(str(e)) from None
        for year, did_change in zip(plan.years, changed, strict=True):
            if did_change:
                self.stdout.write(self.style.SUCCESS(f"Saved {year.label} for {agreement.district}."))
            else:
                self.stdout.write(f"{year.label} for {agreement.district} is already saved as in this file: unchanged.")
