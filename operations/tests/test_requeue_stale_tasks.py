"""`manage.py requeue_stale_tasks`: a task left running by a dead worker goes back to the queue
(VII.9; issue 14). The kill itself is in test_faults.py, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.tests.fault_tasks import note_run

pytestmark = [pytest.mark.req("VII.9"), pytest.mark.django_db]


def running(started_minutes_ago: int) -> DBTaskResult:
    row = DBTaskResult.objects.get(id=note_run.enqueue(1).id)
    row.claim("a-worker-that-died")
    DBTaskResult.objects.filter(id=row.id).update(started_at=timezone.now() - timedelta(minutes=started_minutes_ago))
    return row


def test_a_task_running_for_longer_than_the_limit_goes_back_to_the_queue_and_a_recent_one_stays():
    stale, recent = running(45), running(5)
    out = StringIO()
    call_command("requeue_stale_tasks", "--minutes", "30", stdout=out)
    assert "Requeued 1 task(s)" in out.getvalue()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert (stale.status, stale.started_at) == (TaskResultStatus.READY, None)
    assert recent.status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().filter(id=stale.id).exists()


def test_running_it_twice_requeues_nothing_more():
    running(45)
    call_command("requeue_stale_tasks", stdout=StringIO())
    out = StringIO()
    call_command("requeue_stale_tasks", stdout=out)
    assert "Requeued 0 task(s)" in out.getvalue()


def test_a_negative_limit_is_refused_and_changes_nothing():
    stale = running(45)
    with pytest.raises(CommandError, match="--minutes -1 is negative"):
        call_command("requeue_stale_tasks", "--minutes", "-1")
    stale.refresh_from_db()
    assert stale.status == TaskResultStatus.RUNNING
