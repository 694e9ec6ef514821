"""Access rules for police activity at school and § 10-233h arrest notices (S.1, VI.1, VI.4, L.1).

Police members make requests, emergency records and arrest notices; the building principal of
the school decides requests; the Superintendent's office reads and acknowledges arrest notices.
A record is seen by its officer, whoever entered it, the Chief, and (requests, emergencies) the
building administration of its school, or (arrest notices) the Superintendent's office: to anyone
else of the agreement it does not exist (404).
"""

from lib.access_rules import WESTPORT, Rule, only

POLICE = ("sro", "sro2", "chief", "ssu")


def _record(kind: str, *, written: bool = False):
    """URL kwargs naming a Westport record of KIND made by the SRO at Staples High School."""

    def kwargs() -> dict:
        from accounts.models import Membership
        from schoolpolice.actions import do_write_notice
        from schoolpolice.tests import factories

        sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
        if kind == "request":
            obj = factories.request(sro)
        elif kind == "emergency":
            obj = factories.emergency(sro)
        else:
            obj = factories.arrest(sro)
            if written:
                obj = do_write_notice(
                    factories.ACTOR, sro, obj, description="A fight in the cafeteria; a knife was found."
                )
        return {**WESTPORT, "pk": obj.pk}

    return kwargs


RULES = {
    "schoolpolice:overview": Rule(only(*POLICE, "superintendent", "principal"), WESTPORT),
    "schoolpolice:request_new": Rule(only(*POLICE), WESTPORT),
    "schoolpolice:emergency_new": Rule(only(*POLICE), WESTPORT),
    "schoolpolice:arrest_new": Rule(only(*POLICE), WESTPORT),
    # Not sro2's or the SSU officer's record: it does not exist for them.
    "schoolpolice:request": Rule(only("sro", "chief", "principal", sro2=404, ssu=404), _record("request")),
    "schoolpolice:decide": Rule(only("principal", allowed=405), _record("request")),
    "schoolpolice:accept": Rule(only(*POLICE, allowed=405), _record("request")),
    "schoolpolice:emergency": Rule(only("sro", "chief", "principal", sro2=404, ssu=404), _record("emergency")),
    "schoolpolice:arrest": Rule(only("sro", "chief", "superintendent", sro2=404, ssu=404), _record("arrest")),
    "schoolpolice:oral": Rule(only(*POLICE, allowed=405), _record("arrest")),
    "schoolpolice:written": Rule(only(*POLICE, allowed=405), _record("arrest")),
    "schoolpolice:pdf": Rule(
        only("sro", "chief", "superintendent", sro2=404, ssu=404), _record("arrest", written=True)
    ),
    "schoolpolice:acknowledge": Rule(only("superintendent", allowed=405), _record("arrest", written=True)),
}
