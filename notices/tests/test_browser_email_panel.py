"""The system administrator's card of notice emails not delivered, in a real browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, screenshot, sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.req("VII.2")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_administrator_reads_which_emails_did_not_leave_on_a_phone(live_demo, page, viewport):
    from accounts.models import Membership
    from notices.models import Notice

    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    claimed = timezone.now() - timedelta(minutes=20)
    for key, attempts, sent in (("stalled", 0, None), ("refused", 2, None), ("sent", 0, claimed)):
        Notice.objects.create(
            recipient=chief.user,
            agreement=chief.agreement,
            kind="form_a_overdue",
            key=f"browser:{key}",
            subject="A Form A is overdue",
            body="",
            emailed_at=None if attempts else claimed,
            email_sent_at=sent,
            email_attempts=attempts,
            email_error="ConnectionRefusedError: [Errno 111] Connection refused" if attempts else "",
        )

    sign_in(page, live_demo.url, "admin")
    card = page.locator("section", has=page.get_by_role("heading", name="Notice emails not delivered"))
    expect(card).to_contain_text("1 notice email refused by the mail server, to be tried again")
    expect(card).to_contain_text(
        "In the last seven days, 1 notice email may not have left: the task worker stopped while handing it to "
        "the mail server."
    )
    expect(card).not_to_contain_text("Chief")
    card.scroll_into_view_if_needed()
    no_sideways_scrolling(page)
    screenshot(page, "admin-email-card-phone")
