"""Restore a backup made by `manage.py backup` into an empty, newly migrated database.

    manage.py migrate && manage.py restore /var/backups/sro/2026-12-01

Refuses a database that holds anything, a damaged backup, or one made at other migrations.
After loading, verifies the audit chain and every stored PDF against its recorded SHA-256;
if anything fails, nothing is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database, then verify the audit chain and stored PDFs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", help="The backup folder (it holds manifest.json).")

    def handle(self, *args: Any, dir: str, **options: Any) -> None:
        try:
            done = restore_backup(Path(dir))
        except BackupError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"Restored {done['rows']} rows and {done['files']} stored file(s). "
            f"Audit chain intact: {done['audit_entries']} entries verified. "
            f"Stored PDFs match their SHA-256: {done['pdfs']}."
        )
