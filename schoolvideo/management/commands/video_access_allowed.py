"""VIII.2 from the command line: may USERNAME view SCHOOL's video at DATETIME?

    manage.py video_access_allowed sro "Staples High School" 2026-11-24T07:00-05:00 --agreement westport

Prints "allowed" or "refused" and why. Exit status: 0 allowed, 1 refused, 2 the question could not
be read (unknown agreement, malformed date and time). A check of a moment is not an access: the
command logs nothing; the video management system's endpoint and the app log each access.
A time without an offset is read on the district's clock.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from schoolvideo import window


class Command(BaseCommand):
    help = "Say whether a person may view a school's district video at a moment (section VIII), and why."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("school", help="The school's name, sourced id, or id.")
        parser.add_argument("datetime", help="ISO 8601, e.g. 2026-11-24T07:00-05:00 (no offset: the district's clock).")
        parser.add_argument("--agreement", required=True, help="The agreement's slug, e.g. westport.")

    def handle(self, *args, username: str, school: str, datetime: str, agreement: str, **options):
        found = Agreement.objects.filter(slug=agreement).first()
        if found is None:
            raise CommandError(f"No agreement “{agreement[:60]}”.", returncode=2)
        try:
            when = window.parse_moment(datetime)
        except ValueError as e:
            raise CommandError(str(e), returncode=2) from None
        verdict = window.check(found, username, school, when)
        self.stdout.write(f"{'allowed' if verdict.allowed else 'refused'}: {verdict.reason}")
        if not verdict.allowed:
            sys.exit(1)
