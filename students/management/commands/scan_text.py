"""manage.py scan_text --agreement SLUG [--school SOURCEDID] [--lines] < text: the no-names guard."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from students.guard import scan


class Command(BaseCommand):
    help = (
        "Read text on standard input and print one JSON object per finding of the no-names guard "
        "(start, end, kind, text, severity). With --lines, each line is its own text and findings carry its line."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agreement", required=True, help="the agreement's slug")
        parser.add_argument("--school", help="a school's sourcedId: single names are checked against its students")
        parser.add_argument("--lines", action="store_true", help="treat each input line as its own text")

    def handle(self, *args, agreement: str, school: str | None, lines: bool, **options):
        try:
            target = Agreement.objects.get(slug=agreement)
        except Agreement.DoesNotExist:
            raise CommandError(f"No agreement with slug {agreement!r}.") from None
        chosen = None
        if school:
            chosen = target.schools.filter(sourced_id=school).first()
            if chosen is None:
                raise CommandError(f"No school with sourcedId {school!r} in agreement {agreement!r}.")
        text = sys.stdin.read()
        texts = enumerate(text.splitlines(), start=1) if lines else [(None, text)]
        for number, chunk in texts:
            for finding in scan(target, chunk, school=chosen):
                out = finding.as_dict()
                if number is not None:
                    out["line"] = number
                self.stdout.write(json.dumps(out, ensure_ascii=False))
