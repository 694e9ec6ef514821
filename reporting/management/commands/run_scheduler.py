"""Enqueue the daily section VII steps for `db_worker` to run: reminders and compilations.

    manage.py run_scheduler             # loop: enqueue once a day from 06:00, check every 5 minutes
    manage.py run_scheduler --once      # enqueue today's steps and exit (for cron)

The steps are idempotent (each notice and compilation is keyed), so a restart, a second
scheduler, or --once from cron on top of the loop does no harm: at worst a step runs twice
and finds nothing left to do.
"""

from __future__ import annotations

import time
from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.tasks import enqueue_daily


class Command(BaseCommand):
    help = "Enqueue the daily Form A reminders and monthly compilation steps for the task worker."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Enqueue today's steps and exit.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between checks (default 300).")
        parser.add_argument("--at", default="06:00", help="Local time of day from which to enqueue (default 06:00).")

    def handle(self, *args, once: bool, interval: int, at: str, **options) -> None:
        try:
            start = datetime.strptime(at, "%H:%M").time()
        except ValueError:
            raise CommandError(f"--at “{at}” is not a time of day; use HH:MM, for example 06:00.") from None
        last_day = None
        while True:
            now = timezone.localtime()
            today = now.date()
            # Reminders arrive in the morning, not at midnight; --once does not wait.
            if today != last_day and (once or now.time() >= start):
                n = enqueue_daily(today)
                self.stdout.write(f"{timezone.localtime():%Y-%m-%d %H:%M} enqueued {n} daily step(s) for {today}")
                self.stdout.flush()
                last_day = today
            if once:
                return
            time.sleep(max(interval, 1))
