"""Access rules for the roster (S.1, VII.6, L.2).

The data steward runs the import and the school mapping. The disclosure log is for the
Superintendent and the steward, not the SRO. Only an SRO looks students up, only from a
Form A draft of their own: another SRO gets 404 for it.
"""

from lib.access_rules import WESTPORT, Rule, only


def _import() -> dict:
    from agreements.models import Agreement
    from students.models import RosterImport

    item = RosterImport.objects.create(agreement=Agreement.objects.get(slug="westport"), filename="roster.zip")
    return {**WESTPORT, "pk": item.pk}


def _block(**extra):
    """URL kwargs naming Student A of a draft Form A by the demo's SRO."""

    def kwargs() -> dict:
        from accounts.models import Membership
        from reporting.tests import filing

        membership = Membership.objects.get(user__username="sro", agreement__slug="westport")
        return {**WESTPORT, "report": filing.draft(membership).pk, "position": 0, **extra}

    return kwargs


RULES = {
    "students:roster": Rule(only("steward"), WESTPORT),
    "students:upload": Rule(only("steward", allowed=405), WESTPORT),
    "students:import": Rule(only("steward"), _import),
    "students:mapping": Rule(only("steward"), WESTPORT),
    "students:settings": Rule(only("steward", allowed=405), WESTPORT),
    "students:disclosures": Rule(only("superintendent", "steward"), WESTPORT),
    "students:lookup": Rule(only("sro", sro2=404), _block()),
    # A GET is refused before the report or the student is looked at.
    "students:fill": Rule(only("sro", "sro2", allowed=405), _block(student=1)),
}
