"""An import whose worker died says so and can be retried; its upload is deleted (issue 13, S.4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from students import actions, views
from students.models import RosterImport, Student
from students.tasks import run_import
from students.tests.bundles import bundle, person
from students.tests.test_upload import as_zip, post

pytestmark = pytest.mark.req("S.4")


def stuck(demo, status: str, content: bytes = b"student data", **times) -> RosterImport:
    item = RosterImport.objects.create(agreement=demo, filename="roster.zip", status=status, **times)
    item.upload.save(f"{item.pk}.upload", ContentFile(content), save=True)
    return item


def test_an_import_whose_heartbeat_stopped_is_failed_and_its_upload_deleted(demo, client_for):
    old = timezone.now() - timedelta(minutes=11)
    item = stuck(demo, "running", heartbeat_at=old)
    path = item.upload.path
    page = client_for("steward").get(reverse("students:import", args=["westport", item.pk])).content.decode()
    item.refresh_from_db()
    assert item.status == "failed" and not item.upload
    assert not __import__("os").path.exists(path)
    assert "the import stopped before it finished" in page and "Upload the file again to retry." in page
    assert AuditEntry.objects.filter(action="roster.import_failed").count() == 1
    assert actions.do_fail_stalled_imports(demo) == 0  # a second sweep finds nothing


def test_a_running_import_with_a_fresh_heartbeat_is_left_alone(demo, client_for):
    item = stuck(demo, "running", heartbeat_at=timezone.now() - timedelta(minutes=2))
    client_for("steward").get(reverse("students:roster", args=["westport"]))
    item.refresh_from_db()
    assert item.status == "running" and item.upload


def test_an_import_queued_for_more_than_an_hour_is_failed(demo):
    item = stuck(demo, "queued", created_at=timezone.now() - timedelta(hours=2))
    fresh = stuck(demo, "queued")
    assert actions.do_fail_stalled_imports() == 1
    item.refresh_from_db()
    fresh.refresh_from_db()
    assert (item.status, bool(item.upload), fresh.status) == ("failed", False, "queued")


def test_the_upload_is_deleted_when_the_import_waits_for_confirmation(
    client_for, monkeypatch, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("steward")
    everyone = [person(f"s{i}", "Ann", f"Lee{i}") for i in range(10)]
    post(client, as_zip(bundle(everyone)))
    monkeypatch.setattr(views, "INLINE_IMPORT_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=False):
        post(client, as_zip(bundle(everyone[:2])))
    item = RosterImport.objects.get(status="queued")
    run_import(item.pk)
    item.refresh_from_db()
    assert item.status == "confirm" and item.to_deactivate == 8 and not item.upload
    assert not list(tmp_path.rglob("*.upload"))
    assert Student.objects.filter(active=True).count() == 10


def test_the_upload_is_deleted_when_the_import_crashes(demo, monkeypatch, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    item = stuck(demo, "queued", as_zip(bundle()))

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(actions, "do_import_roster", boom)
    run_import(item.pk)
    item.refresh_from_db()
    assert item.status == "failed" and not item.upload and not list(tmp_path.rglob("*.upload"))
    assert item.errors[0]["message"] == "the import failed unexpectedly; nothing was changed"


def test_the_task_of_a_dead_worker_is_marked_failed_too(demo):
    from django_tasks_db.models import DBTaskResult

    from students import tasks

    item = stuck(demo, "running", heartbeat_at=timezone.now() - timedelta(minutes=30))
    tasks.enqueue_import(item.pk)
    item.refresh_from_db()
    DBTaskResult.objects.filter(id=item.task_id).update(status="RUNNING", started_at=timezone.now())
    assert actions.do_fail_stalled_imports() == 1
    task = DBTaskResult.objects.get(id=item.task_id)
    assert task.status == "FAILED" and "the import stopped before it finished" in task.traceback


def test_the_daily_steps_include_the_sweep(demo):
    from lib import daily
    from students import tasks

    assert tasks.fail_stalled_imports in daily.steps()
    item = stuck(demo, "running", heartbeat_at=timezone.now() - timedelta(hours=3))
    assert tasks.fail_stalled_imports.call(demo.pk, "2026-03-16") == 1
    item.refresh_from_db()
    assert item.status == "failed" and not item.upload
