"""Who may see and act on SRO nominations, assignments and schedules (S.1, II.1–II.3).

The Chief nominates; the Superintendent alone approves or declines; the Chief and the
Superintendent (or designee) set the schedule together. An SRO opens only their own page:
another SRO gets 404. A GET to a POST-only route is refused with 405 once access is decided.
"""

from lib.access_rules import WESTPORT, Rule, only


def _nomination():
    def kwargs() -> dict:
        from accounts.models import Membership
        from assignments.tests.factories import nominate_officer

        chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
        return {**WESTPORT, "nomination_id": nominate_officer(chief).pk}

    return kwargs


def _sro(username: str = "sro", *, assigned: bool = False):
    def kwargs() -> dict:
        from accounts.models import Membership
        from assignments.tests.factories import assign

        sro = Membership.objects.get(user__username=username, agreement__slug="westport")
        if assigned:
            assign(sro)
        return {**WESTPORT, "sro_id": sro.pk}

    return kwargs


def _schedule():
    def kwargs() -> dict:
        from accounts.models import Membership
        from assignments.tests.factories import propose_schedule

        sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
        return {**WESTPORT, "schedule_id": propose_schedule(sro).pk}

    return kwargs


RULES = {
    "assignments:overview": Rule(only("chief", "superintendent"), WESTPORT),
    "assignments:nominate": Rule(only("chief"), WESTPORT),
    "assignments:nomination": Rule(only("chief", "superintendent"), _nomination()),
    "assignments:approve": Rule(only("superintendent", allowed=405), _nomination()),
    "assignments:decline": Rule(only("superintendent", allowed=405), _nomination()),
    # An SRO reads their own page; another SRO may not know it exists.
    "assignments:sro": Rule(only("chief", "superintendent", "sro", sro2=404), _sro(assigned=True)),
    "assignments:propose_schedule": Rule(only("chief", "superintendent"), _sro(assigned=True)),
    "assignments:record_absence": Rule(only("chief", "superintendent", allowed=405), _sro()),
    "assignments:confirm_schedule": Rule(only("chief", "superintendent", allowed=405), _schedule()),
    "assignments:set_aside_schedule": Rule(only("chief", "superintendent", allowed=405), _schedule()),
}
