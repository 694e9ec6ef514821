"""The demo's police activity at Staples High School, made through the real actions (VI, L.1):
a request waiting for the principal, one agreed, one answered with another time; an emergency
action recorded after the fact; and § 10-233h arrest notices at each stage (open, waiting for the
Superintendent's acknowledgement, acknowledged). Students come from the synthetic demo roster."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from schoolpolice import actions
from schoolpolice.actions import Enforcement
from schoolpolice.models import Kind, Request
from students.models import Student


def _tomorrow_at(hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=1), time(hour, minute)))


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    people = {
        m.user.username: m for m in Membership.objects.active().filter(agreement=agreement).select_related("user")
    }
    sro, ssu, chief = people["sro"], people["ssu"], people["chief"]
    principal, superintendent = people["principal"], people["superintendent"]
    staples = agreement.schools.get(name="Staples High School")
    students = list(Student.objects.active().filter(agreement=agreement, school=staples).order_by("sourced_id")[:6])
    if len(students) < 6:
        return  # no roster: nothing to name
    now = timezone.now()
    considerations = {
        "danger": "No danger to persons seen; the student has not threatened anyone.",
        "evidence": "Messages on the student's phone could be deleted once word gets round.",
        "elsewhere": "A home visit was refused by the family; school is the one place to meet.",
    }
    # VI.1: one waiting, one agreed, one answered with another time and place.
    actions.do_request(
        actor, sro, officer=sro, school=staples, student=students[0], kind=Kind.INTERVIEW,
        proposed_at=_tomorrow_at(10, 30), place="Main office conference room", **considerations,
    )  # fmt: skip
    agreed = actions.do_request(
        actor, sro, officer=ssu, school=staples, student=students[1], kind=Kind.INTERROGATION,
        proposed_at=_tomorrow_at(13), place="Assistant principal's office", escalated=True, **considerations,
    )  # fmt: skip
    actions.do_decide(actor, principal, agreed, decision=Request.Status.AGREED, note="A counselor will sit in.")
    other = actions.do_request(
        actor, ssu, officer=ssu, school=staples, student=students[2], kind=Kind.ARREST,
        proposed_at=_tomorrow_at(9), place="Front entrance",
        enforcement=Enforcement(acting="other_officer", custody_place="out_of_sight"), **considerations,
    )  # fmt: skip
    actions.do_decide(
        actor, principal, other, decision=Request.Status.OTHER_TIME, other_at=_tomorrow_at(15, 15),
        other_place="Side door by the athletic office, after dismissal", note="Buses load at the front until 3:05.",
    )  # fmt: skip
    # VI.4: an emergency, recorded after the fact.
    emergency = actions.do_record_emergency(
        actor, sro, officer=sro, school=staples, student=students[3], kind=Kind.ARREST,
        occurred_at=now - timedelta(hours=3),
        emergency="A student displayed a knife in the cafeteria and threatened another student.",
        description="Took the knife and escorted the student to the nurse's office, then to the cruiser.",
        enforcement=Enforcement(acting="sro", sro_reason="The SRO was the only officer on site.",
                                custody_place="out_of_sight"),
        escalated=True,
    )  # fmt: skip
    # L.1: the arrest from the emergency, told orally and in writing, waiting for acknowledgement.
    told = actions.do_record_arrest(
        actor, sro, officer=sro, school=staples, student=students[3], arrested_at=now - timedelta(hours=3),
        offense_class="felony", emergency=emergency,
    )  # fmt: skip
    told = actions.do_record_oral_notice(
        actor, sro, told, given_at=now - timedelta(hours=2), to="Dr. Ruth Okafor, Superintendent, by telephone"
    )
    actions.do_write_notice(
        actor, sro, told,
        description="In the cafeteria at lunch a student displayed a folding knife and threatened another "
        "student. The SRO took the knife; no one was hurt. The student was arrested out of sight of other "
        "students and taken to headquarters.",
    )  # fmt: skip
    # One entered by the Chief for the SSU officer, with both notices still to give.
    actions.do_record_arrest(
        actor, chief, officer=ssu, school=staples, student=students[4], arrested_at=now - timedelta(minutes=40),
        offense_class="class_a",
    )  # fmt: skip
    # One done and acknowledged.
    done = actions.do_record_arrest(
        actor, sro, officer=sro, school=staples, student=students[5], arrested_at=now - timedelta(hours=26),
        offense_class="class_a",
    )  # fmt: skip
    done = actions.do_record_oral_notice(actor, sro, done, given_at=now - timedelta(hours=25), to="Dr. Ruth Okafor")
    done = actions.do_write_notice(
        actor, sro, done, description="A fight outside the gym after practice; one student was punched and "
        "needed stitches. The student who struck him was arrested off school premises the same evening."
    )  # fmt: skip
    actions.do_acknowledge(actor, superintendent, done)
    if stdout is not None:
        stdout.write("Police at school: 3 requests, 1 emergency action, 3 arrest notices for Staples High School.")
