"""Access rules for filing and receiving Form A (S.1, VII.7, VII.10).

The SRO's pages are the SRO's own: another SRO gets 404 for a report that is not theirs, and
its author gets 404 once it is submitted (proven in test_sign.py). The inbox is the
receiver's under the agreement's route: the Chief in the demo, so the Superintendent gets 403.
"""

from lib.access_rules import WESTPORT, Rule, only


def _report(state: str = "draft", owner: str = "sro"):
    """URL kwargs naming a Westport Form A in STATE by OWNER, made once the demo is loaded."""

    def kwargs() -> dict:
        from accounts.models import Membership
        from reporting.tests import filing

        membership = Membership.objects.get(user__username=owner, agreement__slug="westport")
        if state == "received":
            chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
            report = filing.received(membership, chief)
        else:
            report = filing.draft(membership) if state == "draft" else filing.submitted(membership)
        return {**WESTPORT, "pk": report.pk}

    return kwargs


RULES = {
    "reporting:mine": Rule(only("sro", "sro2"), WESTPORT),
    "reporting:new": Rule(only("sro", "sro2"), WESTPORT),
    "reporting:edit": Rule(only("sro", sro2=404), _report()),
    "reporting:save": Rule(only("sro", "sro2", allowed=405), _report()),
    "reporting:sign": Rule(only("sro", sro2=404), _report()),
    "reporting:discard": Rule(only("sro", "sro2", allowed=405), _report()),
    "reporting:inbox": Rule(only("chief"), WESTPORT),
    "reporting:review": Rule(only("chief"), _report("submitted")),
    "reporting:pdf": Rule(only("chief"), _report("received")),
    "reporting:receive": Rule(only("chief", allowed=405), _report("submitted")),
    "reporting:return": Rule(only("chief", allowed=405), _report("submitted")),
    # The Superintendent forwards to the Board on the § 10-233p route only; a GET is refused first.
    "reporting:forward": Rule(only("superintendent", allowed=405), _report("submitted")),
}
