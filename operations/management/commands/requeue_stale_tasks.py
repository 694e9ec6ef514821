"""Put back in the queue the tasks left "running" by a worker that died (SIGKILL, a crash, a reboot).

    manage.py requeue_stale_tasks --minutes 30      # from cron every 15 minutes

django_tasks_db marks a task running when a worker claims it and never looks at it again; a
worker killed mid-task leaves it so forever. Every task here is idempotent (a keyed notice, a
compilation under its agreement's lock), so running one again is safe; pick MINUTES above the
longest task you run, so that a slow one still working is not started twice.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Return tasks that have been running for more than --minutes to the queue (their worker died)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes", type=int, default=30, help="Requeue tasks running for longer than this (default 30)."
        )

    def handle(self, *args: Any, minutes: int, **options: Any) -> None:
        if minutes < 0:
            raise CommandError(f"--minutes {minutes} is negative; give 0 or more (30 suits most sites).")
        cutoff = timezone.now() - timedelta(minutes=minutes)
        # A conditional update: a task that finished meanwhile, or one requeued by a twin run, is left alone.
        n = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lte=cutoff).update(
            status=TaskResultStatus.READY, started_at=None
        )
        self.stdout.write(f"Requeued {n} task(s) running for more than {minutes} minute(s).")
