"""Access rules for the term of the agreement (S.1, XI.1, XI.2): every member may read it and
every version of it; the Chief and the Superintendent act for their parties."""

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


def _modification() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Membership
    from audit.log import Actor
    from term.actions import do_propose_modification

    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    m = do_propose_modification(
        Actor.system("test"),
        chief,
        text="Form A is due within three school days.",
        changes={"report_deadline_school_days": 3},
        effective_on=timezone.localdate() + timedelta(days=30),
    )
    return {**WESTPORT, "pk": m.pk}


def _version() -> dict:
    from accounts.models import Membership
    from audit.log import Actor
    from term.actions import do_answer_modification

    kwargs = _modification()
    superintendent = Membership.objects.get(user__username="superintendent", agreement__slug="westport")
    m = do_answer_modification(Actor.system("test"), superintendent, kwargs["pk"], consent=True)
    return {**WESTPORT, "number": m.version}


RULES = {
    "term:overview": Rule(expect(200), WESTPORT),
    "term:notice": Rule(only("chief", "superintendent"), WESTPORT),
    "term:mutual": Rule(only("chief", "superintendent"), WESTPORT),
    "term:answer": Rule(only("chief", "superintendent", allowed=405), _proposal),
    "term:modify": Rule(only("chief", "superintendent"), WESTPORT),
    "term:modification_answer": Rule(only("chief", "superintendent", allowed=405), _modification),
    "term:modification_withdraw": Rule(only("chief", "superintendent", allowed=405), _modification),
    # Every version is readable by every member of the agreement (XI.2).
    "term:version": Rule(expect(200), _version),
}
