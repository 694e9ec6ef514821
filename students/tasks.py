"""Background work: large roster uploads run in the worker, the page shows their progress."""

from __future__ import annotations

import logging

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from agreements.models import Agreement
from audit.log import Actor
from students import actions, oneroster
from students.models import RosterImport

log = logging.getLogger(__name__)
PROGRESS_EVERY = 2000


@task
def import_roster(import_id: int) -> None:
    run_import(import_id)


@task
def fail_stalled_imports(agreement_id: int, day: str) -> int:
    """Daily: fail the agreement's imports whose worker died and delete their uploads, even when
    nobody opens the roster page (which does the same)."""
    return actions.do_fail_stalled_imports(Agreement.objects.get(id=agreement_id))


def enqueue_import(import_id: int) -> None:
    """Queue the import for the worker, and keep the task's id to fail it if the worker dies."""
    result = import_roster.enqueue(import_id)
    RosterImport.objects.filter(pk=import_id).update(task_id=str(result.id)[:64])


def run_import(import_id: int, data: bytes | None = None) -> None:
    """Claim a queued import and run it; running it twice does nothing the second time.

    DATA is the upload when it is small enough to import in the request; else the stored file.
    The upload is deleted in every outcome: imported, refused, waiting for confirmation, failed.
    """
    actions.do_fail_stalled_imports()
    claimed = RosterImport.objects.filter(pk=import_id, status=RosterImport.Status.QUEUED).update(
        status=RosterImport.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if claimed != 1:
        return
    roster_import = RosterImport.objects.select_related("agreement", "by").get(pk=import_id)
    actor = Actor(user=roster_import.by, source="system:roster-import", label=roster_import.by_label)
    # On an upload that confirms a large deactivation, how many the steward confirmed.
    confirmed = roster_import.to_deactivate

    def progress(done: int, total: int) -> None:
        # Outside the import's transaction, so the page can show it while reading; the
        # heartbeat tells a sweep that this import is alive (actions.do_fail_stalled_imports).
        if not transaction.get_connection().in_atomic_block:
            RosterImport.objects.filter(pk=import_id).update(processed=done, total=total, heartbeat_at=timezone.now())

    try:
        if roster_import.kind == "disability":
            if data is None:
                with roster_import.upload.open("rb") as f:
                    data = f.read(oneroster.MAX_UNZIPPED_BYTES + 1)
            actions.do_import_disability(actor, roster_import.agreement, data, roster_import=roster_import)
        else:
            if data is None:
                # Streamed from the stored file: a zip is inflated entry by entry, within caps.
                with roster_import.upload.open("rb") as f:
                    files = oneroster.files_from(f, roster_import.filename)
            else:
                files = oneroster.files_from(data, roster_import.filename)
            actions.do_import_roster(
                actor,
                roster_import.agreement,
                files,
                roster_import=roster_import,
                progress=progress,
                allow_deactivate=confirmed,
            )
    except oneroster.ImportRefused as refused:
        actions.do_record_refusal(actor, roster_import, refused.problems)
    except actions.NeedsConfirmation as question:
        actions.do_record_confirmation_needed(actor, roster_import, question)
    except Exception:
        log.exception("Roster import %s failed", import_id)
        actions.do_record_refusal(
            actor,
            roster_import,
            [oneroster.Problem(roster_import.filename, 0, "", "the import failed unexpectedly; nothing was changed")],
        )
    finally:
        # The upload holds student information: keep it no longer than the import needs it.
        actions.delete_upload(roster_import)
