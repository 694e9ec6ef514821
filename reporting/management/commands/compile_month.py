"""Compile one month for one agreement, as the scheduler does on the first school day (VII.9).

    manage.py compile_month 2026-10 --agreement westport
    manage.py compile_month --backfill --agreement westport

Idempotent: a month already compiled gets a supplement only if reports were filed for it since.

The daily scheduler fills at most the last 12 months that have no compilation (a missed run, a
new installation); `--backfill` is the operator's command to fill every month since the last
one compiled (or since the agreement took effect) with its compilation or written notice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from agreements.models import Agreement
from audit.log import Actor
from reporting.compilation import do_prepare_compilation, prepare_due
from reporting.deadlines import compilation_due
from reporting.views_compilation import parse_month


class Command(BaseCommand):
    help = "Prepare the monthly compilation (or its supplement) of Form As for one agreement."

    def add_arguments(self, parser) -> None:
        parser.add_argument("month", nargs="?", help="The month to compile, as YYYY-MM.")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")
        parser.add_argument(
            "--backfill",
            action="store_true",
            help="Instead of one month, compile every month due since the last one compiled (or since the "
            "agreement took effect), with no limit on how many.",
        )

    def handle(self, *args, month: str | None, agreement: str, backfill: bool, **options) -> None:
        found = Agreement.objects.filter(slug=agreement).first()
        if found is None:
            raise CommandError(f"No agreement with the slug “{agreement}”.")
        if backfill == bool(month):
            raise CommandError("Give either a month (YYYY-MM) or --backfill.")
        if backfill:
            today = timezone.localdate()
            try:
                prepared = prepare_due(found, today, prior_month_due=compilation_due(found, today), limit=None)
            except ValidationError as e:
                raise CommandError(" ".join(e.messages)) from None
            for compilation in prepared:
                self.stdout.write(f"Prepared {compilation} with {compilation.entries.count()} Form A(s).")
            self.stdout.write(f"Back-fill done: {len(prepared)} compilation(s) prepared.")
            return
        try:
            compilation = do_prepare_compilation(Actor.system("compile_month"), found, parse_month(month))
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        if compilation is None:
            self.stdout.write(f"{month} is already compiled; no report was filed for it since. Nothing to do.")
        else:
            self.stdout.write(f"Prepared {compilation} with {compilation.entries.count()} Form A(s).")
