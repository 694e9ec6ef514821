"""The demo's term records: Harbor Falls' Chief gave notice of termination this autumn (XI.1);
Westport's agreement stays in force."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from term.actions import do_give_notice


def load(westport, stdout=None) -> None:
    chief = Membership.objects.active().filter(agreement__slug="harborfalls", user__username="otherchief").first()
    if chief is None:
        return
    notice = do_give_notice(
        Actor.system("load_demo"),
        chief,
        given_on=timezone.localdate() - timedelta(days=20),
        note="The department will reassign its officer; written notice delivered to the Board chair.",
    )
    if stdout:
        stdout.write(f"Term: Harbor Falls' notice of termination takes effect on {notice.effective_on:%B %-d, %Y}.")
