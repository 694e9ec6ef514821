"""Access rules for the activity log (S.1, IV.2).

The SRO's own log is the SRO's; the summary is for the Chief, the Superintendent and
principals (a principal counts only their own schools, proven in test_views.py).
"""

from lib.access_rules import WESTPORT, Rule, only


def _activity() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Membership
    from activities.actions import do_log_activity, sro_schools
    from audit.log import Actor

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    activity = do_log_activity(
        Actor.system("test"),
        sro,
        {
            "kind": "climate_committee",
            "school": sro_schools(sro)[0],
            "occurred_on": timezone.localdate() - timedelta(days=1),
        },
    )
    return {**WESTPORT, "pk": activity.pk}


RULES = {
    "activities:mine": Rule(only("sro", "sro2"), WESTPORT),
    "activities:new": Rule(only("sro", "sro2"), WESTPORT),
    "activities:remove": Rule(only("sro", "sro2", allowed=405), _activity),
    "activities:summary": Rule(only("chief", "superintendent", "principal"), WESTPORT),
}
