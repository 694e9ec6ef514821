"""manage.py due_date DATE --agreement SLUG: when a Form A for an incident on DATE is due (VII.2)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from schoolcalendar.days import CalendarGap, due_date


class Command(BaseCommand):
    help = "Print the Form A due date (YYYY-MM-DD) for an incident on DATE, counted in the district's school days."

    def add_arguments(self, parser):
        parser.add_argument("date", help="The date of the investigation or intervention, YYYY-MM-DD.")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")

    def handle(self, *args, **options):
        try:
            incident = date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"“{options['date']}” is not a date; write it as YYYY-MM-DD.") from None
        agreement = Agreement.objects.select_related("district").filter(slug=options["agreement"]).first()
        if agreement is None:
            raise CommandError(f"No agreement has the slug “{options['agreement']}”.")
        try:
            due = due_date(agreement, incident)
        except CalendarGap as e:
            raise CommandError(str(e)) from None
        self.stdout.write(due.isoformat())
