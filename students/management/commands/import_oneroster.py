"""manage.py import_oneroster PATH --agreement SLUG: import a OneRoster bundle, all or nothing."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement, School
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
        parser.add_argument(
            "--allow-deactivate",
            action="store_true",
            help="go ahead when the import makes more than a tenth of the active students inactive",
        )
        parser.add_argument(
            "--map-school",
            action="append",
            default=[],
            metavar="ORG_SOURCEDID=SCHOOL_NAME",
            help="treat the export's org ORG_SOURCEDID as the agreement's school SCHOOL_NAME (repeatable)",
        )

    def handle(
        self,
        *args,
        path: str,
        agreement: str,
        no_progress: bool,
        allow_deactivate: bool,
        map_school: list[str],
        **options,
    ):
        try:
            target = Agreement.objects.get(slug=agreement)
        except Agreement.DoesNotExist:
            raise CommandError(f"No agreement with slug {agreement!r}.") from None
        chosen = self._schools(target, map_school)
        actions.do_fail_stalled_imports()
        actor = Actor.system("import_oneroster")
        started = time.perf_counter()
        show = not no_progress and sys.stderr.isatty()
        try:
            files = oneroster.files_from(path)
            if set(files) == {"disability.csv"}:
                result = actions.do_import_disability(actor, target, files["disability.csv"])
            else:
                result = actions.do_import_roster(
                    actor,
                    target,
                    files,
                    progress=self._bar if show else None,
                    allow_deactivate=allow_deactivate,
                    map_schools=chosen,
                )
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
        except actions.NeedsConfirmation as question:
            if show:
                sys.stderr.write("\n")
            for warning in question.warnings:
                self.stderr.write(f"Warning: {warning}")
            raise CommandError(
                f"Not imported; the roster is unchanged. {question} Run again with --allow-deactivate to go ahead."
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
        # The same warnings as the import page.
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))

    def _schools(self, agreement: Agreement, pairs: list[str]) -> dict[str, School]:
        """{org sourcedId: school} from --map-school ORG_SOURCEDID=SCHOOL_NAME options."""
        schools = {s.name.casefold(): s for s in agreement.schools.all()}
        chosen = {}
        for pair in pairs:
            org, sep, name = pair.partition("=")
            if not sep or not org.strip() or not name.strip():
                raise CommandError(f"--map-school {pair!r}: write ORG_SOURCEDID=SCHOOL_NAME.")
            school = schools.get(name.strip().casefold())
            if school is None:
                known = ", ".join(sorted(s.name for s in schools.values()))
                raise CommandError(
                    f"--map-school {pair!r}: no school named {name.strip()!r}; this agreement has: {known}."
                )
            chosen[org.strip()] = school
        return chosen

    def _bar(self, done: int, total: int) -> None:
        width = 40
        filled = int(width * done / total) if total else width
        sys.stderr.write(f"\rReading [{'#' * filled}{'.' * (width - filled)}] {100 * done // max(total, 1):3d}%")
        sys.stderr.flush()
