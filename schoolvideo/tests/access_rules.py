"""Access rules for school video (S.1, VIII.1–VIII.3).

The Chief requests video; the Superintendent (or a designated certified administrator: none in
the access-rule demo, so the principal is refused) decides, designates, discloses. The SROs and
the SSU officer record and read their own accesses; the Chief and the Superintendent's office read
them all. The system administrator and the Superintendent keep the API tokens. The API endpoint
takes no session: without a valid token every caller gets 401.
"""

from lib.access_rules import WESTPORT, Rule, expect, only


def _request() -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from accounts.models import Membership
    from audit.log import Actor
    from schoolvideo.actions import do_request_access

    chief = Membership.objects.get(user__username="chief", agreement__slug="westport")
    now = timezone.now()
    item = do_request_access(
        Actor.system("test"),
        chief,
        footage="recorded",
        sought="Hallway video.",
        places="Staples, hallway B.",
        period_start=now - timedelta(days=2),
        period_end=now - timedelta(days=1),
        reason="A theft.",
        criminal_investigation=True,
    )
    return {**WESTPORT, "pk": item.pk}


def _designation() -> dict:
    from accounts.models import Membership
    from audit.log import Actor
    from schoolvideo.actions import do_designate

    superintendent = Membership.objects.get(user__username="superintendent", agreement__slug="westport")
    principal = Membership.objects.get(user__username="principal", agreement__slug="westport")
    item = do_designate(Actor.system("test"), superintendent, principal, certification="092")
    return {**WESTPORT, "pk": item.pk}


def _token() -> dict:
    from accounts.models import Membership
    from audit.log import Actor
    from schoolvideo.actions import do_create_token

    admin = Membership.objects.get(user__username="admin", agreement__slug="westport")
    token, _ = do_create_token(Actor.system("test"), admin, label="VMS")
    return {**WESTPORT, "pk": token.pk}


RULES = {
    "schoolvideo:overview": Rule(only("sro", "sro2", "chief", "ssu", "superintendent", "principal", "admin"), WESTPORT),
    "schoolvideo:new_request": Rule(only("chief"), WESTPORT),
    "schoolvideo:request": Rule(only("chief", "superintendent"), _request),
    "schoolvideo:decide": Rule(only("superintendent", "principal", allowed=405), _request),
    "schoolvideo:acknowledge": Rule(only("chief", allowed=405), _request),
    "schoolvideo:designations": Rule(only("superintendent"), WESTPORT),
    "schoolvideo:revoke_designation": Rule(only("superintendent", allowed=405), _designation),
    "schoolvideo:access": Rule(only("chief", "superintendent", "sro", "sro2", "ssu"), WESTPORT),
    "schoolvideo:record_access": Rule(only("sro", "sro2", "ssu", allowed=405), WESTPORT),
    "schoolvideo:ssu": Rule(only("chief", "superintendent", "ssu"), WESTPORT),
    "schoolvideo:tokens": Rule(only("admin", "superintendent"), WESTPORT),
    "schoolvideo:revoke_token": Rule(only("admin", "superintendent", allowed=405), _token),
    "schoolvideo:disclose": Rule(only("superintendent"), WESTPORT),
    # No session needed and none is enough: a POST without a valid token is 401 for everyone.
    "schoolvideo:api_access": Rule(expect(401, anonymous=401, outsiders=401), WESTPORT, method="post"),
}
