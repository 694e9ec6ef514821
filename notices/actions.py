"""Every change to notices goes through here."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from notices import emails
from notices.models import Notice

if TYPE_CHECKING:
    from accounts.models import User
    from agreements.models import Agreement


def notify(
    recipients: list[User], *, agreement: Agreement, kind: str, key: str, context: dict, url: str = ""
) -> list[Notice]:
    """Give each recipient an in-app notice and an email, exactly once per (recipient, KEY).

    Returns the notices created by this call; a recipient who already has KEY gets nothing.
    The emails go after the surrounding transaction commits.
    """
    # The body is read in the app (under a button to URL) and by email (with the site's address
    # of URL on a line of its own, see `emails.send_notice`): it carries no address itself, so a
    # sentence never ends on a link that only one of them has.
    subject, body = emails.render(kind, {**context, "agreement": agreement, "url": ""})
    created: list[Notice] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        if Notice.objects.filter(recipient=user, key=key).exists():
            continue
        try:
            # A savepoint, so a concurrent twin's insert (unique constraint) costs only this row.
            with transaction.atomic():
                notice = Notice.objects.create(
                    recipient=user, agreement=agreement, kind=kind, key=key, subject=subject, body=body, url=url
                )
        except IntegrityError:
            continue
        created.append(notice)
        transaction.on_commit(partial(emails.send_notice, notice.id), robust=True)
    return created


def do_mark_read(user: User, agreement: Agreement, notice_id: int | None = None) -> int:
    """Mark one of the person's notices read, or all of them; return how many changed.

    Reading one's own notices is not a change to the agreement's records, so it has no audit entry.
    """
    notices = Notice.objects.for_user(user, agreement).unread()
    if notice_id is not None:
        notices = notices.filter(id=notice_id)
    return notices.update(read_at=timezone.now())
