"""Access rules for section IV's notices and emergency interventions (S.1, IV.1, IV.4): the SRO
records and sees their own; the school's principal (or designee) reads and acknowledges; the
Chief and the Superintendent's office read all; the agreement's system administrator (or the
operator) sets when the notice is due."""

from lib.access_rules import WESTPORT, Rule, expect, only


def _record(kind: str):
    def kwargs() -> dict:
        from datetime import timedelta

        from django.utils import timezone

        from accounts.models import Membership
        from audit.log import Actor
        from incidents import actions

        sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
        staples = sro.agreement.schools.get(name="Staples High School")
        now = timezone.now()
        if kind == "notice":
            item = actions.do_record_notice(
                Actor.system("test"),
                sro,
                school=staples,
                kind="arrest",
                occurred_at=now - timedelta(hours=1),
                description="A student was arrested for theft.",
                constitutes_crime=True,
            )
        else:
            item = actions.do_record_intervention(
                Actor.system("test"),
                sro,
                school=staples,
                which="restraint",
                started_at=now - timedelta(minutes=30),
                ended_at=now - timedelta(minutes=25),
                imminent_injury_affirmed=True,
                imminent_injury="A student was about to strike a teacher.",
                least_force_affirmed=True,
                least_force="Held by the arms until calm.",
                injury_occurred=False,
                escalated_to_violence=True,
            )
        return {**WESTPORT, "pk": item.pk}

    return kwargs


READERS = ("sro", "chief", "superintendent", "principal")

RULES = {
    "incidents:index": Rule(only("sro", "sro2", "chief", "superintendent", "principal"), WESTPORT),
    "incidents:new_notice": Rule(only("sro", "sro2"), WESTPORT),
    "incidents:new_intervention": Rule(only("sro", "sro2"), WESTPORT),
    # Another SRO may not know of the record: 404.
    "incidents:notice": Rule(only(*READERS, sro2=404), _record("notice")),
    "incidents:intervention": Rule(only(*READERS, sro2=404), _record("intervention")),
    "incidents:acknowledge_notice": Rule(only("principal", allowed="redirect"), _record("notice"), method="post"),
    "incidents:acknowledge_intervention": Rule(
        only("principal", allowed="redirect"), _record("intervention"), method="post"
    ),
    "incidents:notice_form_a": Rule(only("sro", allowed="redirect", sro2=404), _record("notice"), method="post"),
    "incidents:intervention_form_a": Rule(
        only("sro", allowed="redirect", sro2=404), _record("intervention"), method="post"
    ),
    "incidents:settings": Rule(expect(403, admin=200, operator=200), WESTPORT),
}
