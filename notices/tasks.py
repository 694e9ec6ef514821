"""Notice emails the mail server refused at first, tried again by `manage.py db_worker`."""

from __future__ import annotations

from django.tasks import task

from notices import emails


@task
def send_notice_email(notice_id: int) -> None:
    """Another try at one notice's email (a notice already emailed is left alone)."""
    emails.send_notice(notice_id)
