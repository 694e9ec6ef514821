"""manage.py import_oneroster PATH --agreement SLUG: import a OneRoster bundle, all or nothing."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from audit.log import Actor
from students import actions, oneroster


class Command(BaseCommand):
    help = (
        "Import students from a OneRoster 1.1 or 1.2 CSV bundle (a folder or a .zip), or a district "
        "disability extract (disability.csv: sourcedId,IDEA,Section504). All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--agreement", required=True, help="the agreement's slug")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, path: str, agreement: str, no_progress: bool, **options):
        try:
            target = Agreement.objects.get(slug=agreement)
        except Agreement.DoesNotExist:
            raise CommandError(f"No agreement with slug {agreement!r}.") from None
        actor = Actor.system("import_oneroster")
        started = time.perf_counter()
        show = not no_progress and sys.stderr.isatty()
        try:
            files = oneroster.files_from(path)
            if set(files) == {"disability.csv"}:
                result = actions.do_import_disability(actor, target, files["disability.csv"])
            else:
                result = actions.do_import_roster(actor, target, files, progress=self._bar if show else None)
        except FileNotFoundError:
            raise CommandError(f"No such file or folder: {path}") from None
        except oneroster.ImportRefused as refused:
            if show:
                sys.stderr.write("\n")
            for problem in refused.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Import refused: {len(refused.problems)} problem(s); the roster is unchanged."
            ) from None
        if show:
            self._bar(1, 1)
            sys.stderr.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported in {time.perf_counter() - started:.1f} s: {result.created} new, {result.updated} updated, "
                f"{result.deactivated} made inactive."
            )
        )

    def _bar(self, done: int, total: int) -> None:
        width = 40
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\rReading [{'#' * filled}{'.' * (width - filled)}] {100 * done // max(total, 1):3d}%")
        sys.stderr.flush()
