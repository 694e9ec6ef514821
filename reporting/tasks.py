"""Background steps for section VII, run by `manage.py db_worker` and enqueued daily by
`manage.py run_scheduler`. Each step is idempotent: run it twice, or in two workers at once,
and every notice and compilation still happens exactly once."""

from __future__ import annotations

from datetime import date

from django.tasks import task

from agreements.models import Agreement
from lib import daily
from reporting import compilation, deadlines


@task
def send_deadline_notices(agreement_id: int, day: str) -> int:
    """VII.2: the day's Form A reminders and overdue notices for one agreement."""
    agreement = Agreement.objects.get(id=agreement_id)
    return deadlines.send_deadline_notices(agreement, date.fromisoformat(day))


@task
def prepare_compilations(agreement_id: int, day: str) -> list[int]:
    """VII.9: on the first school day of a month, the prior month's compilation; any day, the
    supplements for reports filed after their month was compiled."""
    agreement = Agreement.objects.get(id=agreement_id)
    today = date.fromisoformat(day)
    due = deadlines.compilation_due(agreement, today)
    return [c.id for c in compilation.prepare_due(agreement, today, prior_month_due=due)]


DAILY = (send_deadline_notices, prepare_compilations)


def enqueue_daily(today: date) -> int:
    """Enqueue every daily step for every agreement for TODAY; return how many were enqueued."""
    n = 0
    for agreement_id in Agreement.objects.values_list("id", flat=True):
        for step in (*DAILY, *daily.steps()):
            step.enqueue(agreement_id, today.isoformat())
            n += 1
    return n


@task
def store_received_pdf(report_id: int) -> str:
    """VII.11: lay out a received Form A as its PDF and keep it; return the file's SHA-256."""
    from reporting.actions import do_store_pdf
    from reporting.models import FormA

    return do_store_pdf(FormA.objects.get(pk=report_id)).pdf_sha256
