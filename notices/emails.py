"""All email goes through here: one generic renderer for every kind of notice.

Each kind has two templates, notices/emails/<kind>.subject.txt and notices/emails/<kind>.txt.
Emails say that something happened and link to the app; they never carry report content.
"""

from __future__ import annotations

import logging

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


def send_notice(notice_id: int) -> None:
    """Email one notice to its recipient, once; log and carry on if the mail server refuses."""
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
    except Exception:
        # The in-app notice stands; let the mail be retried by hand rather than fail the caller.
        Notice.objects.filter(id=notice.id).update(emailed_at=None)
        log.exception("Could not email notice %s", notice.id)


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
