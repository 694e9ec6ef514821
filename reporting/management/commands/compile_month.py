"""Compile one month for one agreement, as the scheduler does on the first school day (VII.9).

    manage.py compile_month 2026-10 --agreement westport

Idempotent: a month already compiled gets a supplement only if reports were filed for it since.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from audit.log import Actor
from reporting.compilation import do_prepare_compilation
from reporting.views_compilation import parse_month


class Command(BaseCommand):
    help = "Prepare the monthly compilation (or its supplement) of Form As for one agreement."

    def add_arguments(self, parser) -> None:
        parser.add_argument("month", help="The month to compile, as YYYY-MM.")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")

    def handle(self, *args, month: str, agreement: str, **options) -> None:
        found = Agreement.objects.filter(slug=agreement).first()
        if found is None:
            raise CommandError(f"No agreement with the slug “{agreement}”.")
        try:
            compilation = do_prepare_compilation(Actor.system("compile_month"), found, parse_month(month))
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        if compilation is None:
            self.stdout.write(f"{month} is already compiled; no report was filed for it since. Nothing to do.")
        else:
            self.stdout.write(f"Prepared {compilation} with {compilation.entries.count()} Form A(s).")
