"""All email goes through here: one generic renderer for every kind of notice.

Each kind has two templates, notices/emails/<kind>.subject.txt and notices/emails/<kind>.txt.
Emails say that something happened and link to the app; they never carry report content.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from notices.models import Notice

log = logging.getLogger(__name__)


def render(kind: str, context: dict) -> tuple[str, str]:
    """Render the subject (one line) and the plain-text body of a notice of KIND."""
    subject = _render_text(f"notices/emails/{kind}.subject.txt", context)
    body = _render_text(f"notices/emails/{kind}.txt", context)
    return " ".join(subject.split())[:300], body.strip() + "\n"


def _render_text(name: str, context: dict) -> str:
    # Plain text: no HTML escaping, or "&" would arrive as "&amp;".
    return get_template(name).template.render(Context(context, autoescape=False))


def absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


# After a refused send, the next try waits this long (then gives up: the in-app notice stands).
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))


def send_notice(notice_id: int) -> None:
    """Email one notice to its recipient, once. If the mail server refuses, the notice waits for
    the task worker to try again (RETRY_AFTER); the caller never fails because of the mail."""
    notice = Notice.objects.select_related("recipient").filter(id=notice_id, emailed_at__isnull=True).first()
    if notice is None or not notice.recipient.email:
        return
    # Claim the notice first so that two callers never both send it.
    if not Notice.objects.filter(id=notice.id, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return
    body = notice.body
    if notice.url:
        # The link on a line of its own, after a whole sentence: the site's configured address.
        body += f"\nOpen it in the SRO Program: {absolute(notice.url)}\n"
    try:
        send_mail(notice.subject, body, None, [notice.recipient.email])
    except Exception as refused:
        attempts = notice.email_attempts + 1
        error = f"{type(refused).__name__}: {refused}"[:200]
        Notice.objects.filter(id=notice.id).update(emailed_at=None, email_attempts=attempts, email_error=error)
        if attempts > len(RETRY_AFTER):
            log.error("Gave up emailing notice %s after %s tries: %s", notice.id, attempts, error)
            return
        log.warning("Could not email notice %s (try %s): %s; trying again later", notice.id, attempts, error)
        _retry_later(notice.id, RETRY_AFTER[attempts - 1])
    else:
        # Outside the try: a database error here must not pass for a refusal and send it again.
        Notice.objects.filter(id=notice.id).update(email_sent_at=timezone.now())


# A claimed email not handed to the mail server after this long will not be: its worker stopped.
# The administrator's dashboard counts those of the last week (there is nothing left to do about
# an older one).
SEND_STALLED_AFTER = timedelta(minutes=10)
STALLED_SHOWN_FOR = timedelta(days=7)


def _retry_later(notice_id: int, wait: timedelta) -> None:
    from notices.tasks import send_notice_email

    try:
        send_notice_email.using(run_after=timezone.now() + wait).enqueue(notice_id)
    except Exception:
        # No task queue to hand it to: the notice stays unsent, and says why (email_error).
        log.exception("Could not queue another try for notice %s", notice_id)


def send_invitation(email: str, *, name: str, agreement: str, purpose: str, link: str, expires_at) -> None:
    """Email a one-time sign-in set-up link. It is sent once and stored nowhere (no Notice row)."""
    if not email:
        return
    subject, body = render(
        "invitation", {"name": name, "agreement": agreement, "purpose": purpose, "link": link, "expires_at": expires_at}
    )
    try:
        send_mail(subject, body, None, [email])
    except Exception:
        # The administrator still sees the link on screen and can resend it.
        log.exception("Could not email a sign-in link")
