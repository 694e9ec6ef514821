"""Students and requests for the graduated response tests, made through the real actions."""

from __future__ import annotations

from datetime import date

from accounts.models import Membership
from agreements.models import Agreement
from audit.log import Actor
from response import actions
from response.models import PoliceRequest
from students import actions as student_actions
from students.models import Student
from students.tests.bundles import bundle, person

ACTOR = Actor.system("test")


def roster() -> list[Student]:
    """Three students at Staples High School and one at Bedford Middle School."""
    agreement = Agreement.objects.get(slug="westport")
    if not Student.objects.filter(agreement=agreement).exists():
        student_actions.do_import_roster(
            ACTOR,
            agreement,
            bundle(
                [
                    person("s1", "Hope", "Bell", identifier="100001"),
                    person("s2", "Ivo", "Marsh", identifier="100002"),
                    person("s3", "Lena", "Quist", identifier="100003"),
                    person("b1", "Otto", "Reyes", org="wps-bms", identifier="200001", grade="7"),
                ]
            ),
        )
    return list(Student.objects.filter(agreement=agreement).order_by("sourced_id"))


def staples_student(sourced_id: str = "s1") -> Student:
    roster()
    return Student.objects.get(sourced_id=sourced_id, agreement__slug="westport")


def bedford_student() -> Student:
    return staples_student("b1")


def membership(username: str) -> Membership:
    return Membership.objects.select_related("agreement", "user").get(
        user__username=username, agreement__slug="westport"
    )


def intervention(student: Student | None = None, by: str = "principal", **kw):
    student = student or staples_student()
    values = {"level": "school_administration", "option": "parent_conference", "on": date(2026, 3, 2)}
    values |= {"outcome": "The behavior continued."} | kw
    return actions.do_record_intervention(ACTOR, membership(by), student, **values)


def police_request(student: Student | None = None, by: str = "principal", **kw) -> PoliceRequest:
    student = student or staples_student()
    values = {"ground": "emergency", "emergency": "A fight in the cafeteria.", "asked": "Come to the cafeteria."}
    return actions.do_request_police_involvement(ACTOR, membership(by), student, **(values | kw))
