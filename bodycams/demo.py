"""The demo's camera records, through the real actions (III.1–III.4): logged activations (one
acknowledged, one waiting), one started but not logged, one entered from the department's export,
two requests to view (one viewed), and two disputes (one resolved jointly, one open)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from bodycams import actions
from schoolcalendar.days import for_district


def _at(day, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    today = timezone.localdate()
    people = {
        m.user.username: m for m in Membership.objects.active().filter(agreement=agreement).select_related("user")
    }
    sro, sro2, chief = people["sro"], people["sro2"], people["chief"]
    superintendent, principal = people["superintendent"], people["principal"]
    days = for_district(agreement.district).school_days_in(today - timedelta(days=120), today - timedelta(days=1))
    if len(days) < 4:
        return
    staples = next(s for s in actions.schools_on(sro, days[-4]) if s.name == "Staples High School")
    coleytown = next(s for s in actions.schools_on(sro2, days[-2]) if s.name == "Coleytown Middle School")

    first = actions.do_log_activation(
        actor,
        sro,
        school=staples,
        started_at=_at(days[-4], 10, 12),
        ended_at=_at(days[-4], 10, 31),
        purpose="arrest",
        purpose_detail="Adult trespasser refused to leave the student parking lot and was arrested for criminal trespass.",
        evidence_number="WPD-BWC-0412",
    )
    actions.do_acknowledge(actor, principal, first.pk)
    second = actions.do_log_activation(
        actor,
        sro2,
        school=coleytown,
        started_at=_at(days[-2], 13, 5),
        ended_at=_at(days[-2], 13, 22),
        purpose="threat",
        purpose_detail="Report of a weapon in a backpack; the SRO searched with the assistant principal present. No weapon found.",
    )
    actions.do_start_activation(actor, sro, school=staples, started_at=_at(days[-1], 13, 40))
    actions.do_record_export(actor, chief, sro=sro2, started_at=_at(days[-3], 9, 15), evidence_number="WPD-BWC-0398")

    asked = actions.do_request_viewing(
        actor,
        principal,
        first.pk,
        reason="To review how the trespasser entered the lot, for our building security plan.",
    )
    actions.do_decide_viewing(
        actor,
        chief,
        asked.pk,
        approve=True,
        reason="Viewing limited to the parking-lot portion; no copy is released.",
        law_note="Part of an open criminal case: not disclosed under FOIA until the case closes.",
        viewing_at=_at(today + timedelta(days=1), 14, 0),
        viewing_place="Police Department headquarters, conference room B",
    )
    asked = actions.do_request_viewing(
        actor, superintendent, second.pk, reason="The family asked how the search was carried out."
    )
    approved = actions.do_decide_viewing(
        actor,
        chief,
        asked.pk,
        approve=True,
        reason="The Superintendent may view it with the SRO's supervisor present.",
        viewing_at=timezone.now(),
        viewing_place="Police Department headquarters, conference room B",
        evidence_number="WPD-BWC-0405",
    )
    actions.do_log_viewing(
        actor,
        chief,
        approved.pk,
        viewed_at=timezone.now(),
        place="Police Department headquarters, conference room B",
        attendees="Superintendent; Sergeant (SRO supervisor); Chief of Police",
    )

    dispute = actions.do_raise_dispute(
        actor,
        principal,
        activation=second,
        summary="The camera stayed on while the SRO walked through the main office and talked with staff afterwards.",
    )
    actions.do_record_position(
        actor,
        chief,
        dispute.pk,
        position="The search was a law-enforcement action; the camera was turned off once it ended.",
    )
    actions.do_record_position(
        actor, superintendent, dispute.pk, position="Staff conversations after the search should not be recorded."
    )
    actions.do_propose_resolution(
        actor,
        superintendent,
        dispute.pk,
        resolution="The SRO turns the camera off before leaving the scene of the law-enforcement action; reviewed at the next joint meeting.",
    )
    actions.do_agree_resolution(actor, chief, dispute.pk)
    other = actions.do_raise_dispute(
        actor, chief, summary="Expectations for recording during lockdown drills have not been set jointly yet."
    )
    actions.do_record_position(
        actor, chief, other.pk, position="Cameras stay off during drills unless a real threat arises."
    )
    if stdout is not None:
        stdout.write("Body-worn cameras: 4 activations (2 to log), 2 viewing requests, 2 disputes.")
