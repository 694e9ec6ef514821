"""Test data for section VI and § 10-233h: synthetic students on the Westport roster, extra
members for roles the demo has no persona for (an officer, a principal's designee), and records
made through the real actions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import count

from django.utils import timezone

from accounts.models import Membership, Role, User
from agreements.models import Agreement, School
from audit.log import Actor
from schoolpolice import actions
from schoolpolice.actions import Enforcement
from schoolpolice.models import Kind
from students.actions import search_text
from students.models import Student

ACTOR = Actor.system("test")
_ids = count(1)


def local(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def school(name: str = "Staples High School") -> School:
    return Agreement.objects.get(slug="westport").schools.get(name=name)


def student(
    given: str = "Avery",
    family: str = "Quillfeather",
    *,
    school_name: str = "Staples High School",
    identifier: str = "",
) -> Student:
    n = next(_ids)
    fields = {
        "given_name": given,
        "preferred_given_name": "",
        "middle_name": "",
        "family_name": family,
        "preferred_family_name": "",
        "identifier": identifier or f"T{n:05d}",
    }
    return Student.objects.create(
        agreement=Agreement.objects.get(slug="westport"),
        sourced_id=f"test-{n}",
        school=school(school_name),
        grade="10",
        search_text=search_text(fields),
        **fields,
    )


def person(username: str, role: str, *, schools: list[str] = (), badge: str = "") -> Membership:
    """A Westport member of ROLE (the demo has no officer or principal's designee persona)."""
    user = User.objects.create_user(
        username=username, email=f"{username}@westport.example.org", first_name="Test", last_name=username.title()
    )
    m = Membership.objects.create(
        user=user,
        agreement=Agreement.objects.get(slug="westport"),
        role=role,
        badge_number=badge or ("2" + str(next(_ids)).zfill(3) if role in (Role.OFFICER, Role.SRO) else ""),
        starts_on=date(2023, 11, 28),
    )
    for name in schools:
        m.schools.add(school(name))
    return m


def request(membership: Membership, pupil: Student | None = None, *, kind: str = Kind.INTERVIEW, **kw):
    pupil = pupil or student()
    values = {
        "officer": membership,
        "school": pupil.school,
        "student": pupil,
        "kind": kind,
        "proposed_at": timezone.now() + timedelta(hours=2),
        "place": "Assistant principal's office",
        "danger": "None seen.",
        "evidence": "Low.",
        "elsewhere": "Could meet at home, but the parent asked for school.",
    }
    if kind == Kind.ARREST:
        values["enforcement"] = Enforcement(acting="other_officer", custody_place="off_premises")
    elif kind == Kind.CITATION:
        values["enforcement"] = Enforcement(acting="other_officer")
    return actions.do_request(ACTOR, membership, **(values | kw))


def arrest(membership: Membership, pupil: Student | None = None, *, arrested_at: datetime | None = None, **kw):
    pupil = pupil or student()
    return actions.do_record_arrest(
        ACTOR,
        membership,
        officer=kw.pop("officer", membership),
        school=pupil.school,
        student=pupil,
        arrested_at=arrested_at or timezone.now() - timedelta(hours=1),
        offense_class=kw.pop("offense_class", "felony"),
        **kw,
    )


def emergency(membership: Membership, pupil: Student | None = None, *, kind: str = Kind.INTERVIEW, **kw):
    pupil = pupil or student()
    values = {
        "officer": membership,
        "school": pupil.school,
        "student": pupil,
        "kind": kind,
        "occurred_at": timezone.now() - timedelta(minutes=30),
        "emergency": "A student reported a weapon in a locker.",
        "description": "Spoke with the student in the nurse's office; the locker was empty.",
    }
    return actions.do_record_emergency(ACTOR, membership, **(values | kw))
