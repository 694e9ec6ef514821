"""Access rules for the term of the agreement (S.1, XI.1): every member may read it; the Chief
and the Superintendent act for their parties."""

from lib.access_rules import WESTPORT, Rule, expect, only


def _proposal() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Membership
    from audit.log import Actor
    from term.actions import do_propose_mutual

    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    t = do_propose_mutual(Actor.system("test"), chief, effective_on=timezone.localdate() + timedelta(days=30))
    return {**WESTPORT, "pk": t.pk}


RULES = {
    "term:overview": Rule(expect(200), WESTPORT),
    "term:notice": Rule(only("chief", "superintendent"), WESTPORT),
    "term:mutual": Rule(only("chief", "superintendent"), WESTPORT),
    "term:answer": Rule(only("chief", "superintendent", allowed=405), _proposal),
}
