"""Access rules for bodycams (S.1, III.1–III.4): the SRO logs their own activations; principals
see those of the SROs assigned to their schools and acknowledge them; the principal or the
Superintendent's office asks to view a recording and the Chief decides; disputes are raised by
either side and resolved by the Chief and the Superintendent's office together."""

from lib.access_rules import WESTPORT, Rule, only


def _people():
    from accounts.models import Membership

    return {m.user.username: m for m in Membership.objects.filter(agreement__slug="westport").select_related("user")}


def _activation():
    """A logged activation by `sro` at Staples High School on a school day (the demo calendar)."""
    from datetime import datetime, time

    import time_machine
    from django.utils import timezone

    from audit.log import Actor
    from bodycams.actions import do_log_activation
    from schoolcalendar.demo import load

    people = _people()
    load(people["sro"].agreement)
    sro = people["sro"]
    day = datetime(2026, 11, 2).date()
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 2, 16, 0)), tick=False):
        return do_log_activation(
            Actor.system("test"),
            sro,
            school=sro.primary_school,
            started_at=timezone.make_aware(datetime.combine(day, time(10, 0))),
            ended_at=timezone.make_aware(datetime.combine(day, time(10, 20))),
            purpose="arrest",
            purpose_detail="Arrest of an adult trespasser.",
        )


def _activation_kwargs() -> dict:
    return {**WESTPORT, "pk": _activation().pk}


def _request(approved: bool = False):
    def kwargs() -> dict:
        from datetime import timedelta

        from django.utils import timezone

        from audit.log import Actor
        from bodycams.actions import do_decide_viewing, do_request_viewing

        people = _people()
        made = do_request_viewing(Actor.system("test"), people["principal"], _activation().pk, reason="Security plan.")
        if approved:
            do_decide_viewing(
                Actor.system("test"),
                people["chief"],
                made.pk,
                approve=True,
                reason="Yes.",
                viewing_at=timezone.now() + timedelta(days=1),
                viewing_place="Headquarters",
                evidence_number="E-1",
            )
        return {**WESTPORT, "pk": made.pk}

    return kwargs


def _dispute() -> dict:
    from audit.log import Actor
    from bodycams.actions import do_raise_dispute

    made = do_raise_dispute(Actor.system("test"), _people()["principal"], summary="Camera on in the office.")
    return {**WESTPORT, "pk": made.pk}


PARTIES = ("chief", "superintendent")
READERS = ("sro", "sro2", "chief", "superintendent", "principal")

RULES = {
    "bodycams:overview": Rule(only(*READERS), WESTPORT),
    "bodycams:new": Rule(only("sro", "sro2"), WESTPORT),
    "bodycams:start": Rule(only("sro", "sro2"), WESTPORT),
    "bodycams:export": Rule(only("chief"), WESTPORT),
    # sro2 is an SRO too, but not this one's: the activation is not theirs to know.
    "bodycams:activation": Rule(only("sro", "chief", "superintendent", "principal", sro2=404), _activation_kwargs),
    # Logged already: its own SRO is sent to the entry.
    "bodycams:complete": Rule(only("sro", allowed="redirect", sro2=404), _activation_kwargs),
    "bodycams:acknowledge": Rule(only("principal", allowed=405), _activation_kwargs),
    "bodycams:request_new": Rule(only("superintendent", "principal"), _activation_kwargs),
    # The principal asked; the Chief and the Superintendent's office see every request.
    "bodycams:request": Rule(only("chief", "superintendent", "principal"), _request()),
    "bodycams:decide": Rule(only("chief", allowed=405), _request()),
    "bodycams:viewing": Rule(only("chief", "superintendent", "principal", allowed=405), _request(approved=True)),
    "bodycams:dispute_new": Rule(only(*READERS), WESTPORT),
    # Raised by the principal: theirs, and the two parties'.
    "bodycams:dispute": Rule(only("chief", "superintendent", "principal", sro=404, sro2=404), _dispute),
    "bodycams:position": Rule(only(*PARTIES, allowed=405), _dispute),
    "bodycams:propose": Rule(only(*PARTIES, allowed=405), _dispute),
    "bodycams:agree": Rule(only(*PARTIES, allowed=405), _dispute),
}
