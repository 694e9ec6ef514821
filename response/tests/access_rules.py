"""Access rules for the graduated response (S.1, V.3): the school administration records
interventions and makes requests; the SROs of the school answer them; the Chief reads them.
Another SRO, or a principal of another school, gets 404 (proven in test_access.py)."""

from lib.access_rules import WESTPORT, Rule, expect, only

SCHOOL_SIDE = ("superintendent", "principal")
POLICE = ("sro", "sro2", "chief")


def _student(**extra):
    def kwargs() -> dict:
        from response.tests.factories import staples_student

        return {**WESTPORT, "student": staples_student().pk, **extra}

    return kwargs


def _request() -> dict:
    from response.tests.factories import police_request

    return {**WESTPORT, "pk": police_request().pk}


RULES = {
    "response:index": Rule(only(*SCHOOL_SIDE, *POLICE), WESTPORT),
    "response:levels": Rule(expect(200), WESTPORT),
    "response:student": Rule(only(*SCHOOL_SIDE), _student()),
    "response:record_intervention": Rule(only(*SCHOOL_SIDE), _student()),
    "response:new_request": Rule(only(*SCHOOL_SIDE), _student()),
    "response:request": Rule(only(*SCHOOL_SIDE, *POLICE), _request),
    # POST only: a GET is refused before the request is looked at.
    "response:outcome": Rule(only("sro", "sro2", allowed=405), _request),
}
