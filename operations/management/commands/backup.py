"""Write a backup: a consistent database dump, the stored files, a manifest with their SHA-256.

    manage.py backup /var/backups/sro/2026-12-01

Works on SQLite and PostgreSQL and does not stop other users (one read-only snapshot).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up the database and the stored files into a new folder DIR, with a SHA-256 manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="A new (or empty) folder for this backup.")

    def handle(self, *args: Any, dir: str, **options: Any) -> None:
        try:
            manifest = write_backup(Path(dir))
        except BackupError as e:
            raise CommandError(str(e)) from None
        rows = sum(manifest["rows"].values())
        files = len(manifest["files"]) - 1
        self.stdout.write(f"Backed up {rows} rows and {files} stored file(s) to {Path(dir).resolve()}.")
