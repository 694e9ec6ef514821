"""Access rules for the district-support checklist (S.1, IX.1): the Superintendent's office
completes it; the Chief and the SROs read it (an SRO only their own, proven in test_support.py)."""

from lib.access_rules import WESTPORT, Rule, only


def _sro_year() -> dict:
    from accounts.models import Membership

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    return {**WESTPORT, "sro": sro.pk, "year": 2026}


RULES = {
    "support:overview": Rule(only("chief", "superintendent", "sro", "sro2"), WESTPORT),
    "support:edit": Rule(only("superintendent"), _sro_year),
}
