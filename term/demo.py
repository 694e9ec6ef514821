"""The demo's term records: Harbor Falls' Chief gave notice of termination this autumn (XI.1);
Westport's agreement stays in force."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from term.actions import do_answer_modification, do_give_notice, do_propose_modification


def load(westport, stdout=None) -> None:
    _westport_modification(westport)
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


def _westport_modification(westport) -> None:
    """XI.2: a written modification the Superintendent proposed and the Chief consented to (version 2).
    Wording only, so the demo's parameters stay those of the reference agreement."""
    actor = Actor.system("load_demo")
    people = {m.user.username: m for m in Membership.objects.active().filter(agreement=westport).select_related("user")}
    modification = do_propose_modification(
        actor,
        people["superintendent"],
        text=(
            "Section IV: the SRO also serves on the School Climate Committees of Bedford and Coleytown "
            "Middle Schools, attending at least one meeting of each per semester."
        ),
        changes={},
        effective_on=timezone.localdate(),
    )
    do_answer_modification(actor, people["chief"], modification.pk, consent=True)
