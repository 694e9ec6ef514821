"""Test helpers for filing and receiving Form A: a filled-in draft, a submitted report, the
demo calendar, and the POST data the Form A page sends."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from accounts.models import Membership
from audit.log import Actor
from reporting import actions
from reporting.forms import MAIN_FIELDS, STUDENT_FIELDS
from reporting.models import FormA

COMPLETE = {
    "incident_time": time(10, 40),
    "location": "Cafeteria, east side",
    "reason_and_nature": "Student A struck Student B near the lunch line; the SRO separated them.",
    "disposition_referral_admin": True,
    "disposition_search": True,
}
STUDENT_A = {"age": 16, "gender": "female", "white": True, "known_disability": False, "searched": True}
STUDENT_B = {"age": 15, "gender": "male", "black": True, "known_disability": True}


@pytest.fixture(name="calendar")
def calendar_fixture(demo):
    """The demo's Westport and Harbor Falls school calendars, 2025-26 and 2026-27."""
    from schoolcalendar.demo import load

    load(demo)


def actor(membership: Membership) -> Actor:
    return Actor(user=membership.user, source="127.0.0.1", label=membership.user.username)


def draft(membership: Membership, *, incident_date: date | None = None, students: int = 1, **fields: Any) -> FormA:
    """A complete draft (ready to sign) by MEMBERSHIP, with Student A (and B)."""
    from django.utils import timezone

    report = actions.do_start_draft(actor(membership), membership, escalated_to_violence=True, constitutes_crime=False)
    if students > 1:
        actions.do_add_student(actor(membership), report, membership)
    values = {**COMPLETE, "incident_date": incident_date or timezone.localdate(), **fields}
    ids = list(report.students.order_by("position").values_list("pk", flat=True))
    per_student = [STUDENT_A, STUDENT_B]
    actions.do_save_draft(
        actor(membership),
        report,
        membership,
        fields=values,
        students={pk: per_student[i % 2] for i, pk in enumerate(ids)},
    )
    report.refresh_from_db()
    return report


def submitted(membership: Membership, **kwargs: Any) -> FormA:
    report = draft(membership, **kwargs)
    return actions.do_submit(actor(membership), report, membership, signature="password")


def received(membership: Membership, receiver: Membership, **kwargs: Any) -> FormA:
    """A report submitted and received, with its PDF laid out as the task worker does it."""
    report = submitted(membership, **kwargs)
    report = actions.do_receive(actor(receiver), report, receiver, signature="password")
    assert run_queued("reporting.tasks.store_received_pdf") == 1
    report.refresh_from_db()
    return report


def run_queued(task_path: str) -> int:
    """Run the tasks waiting under TASK_PATH, as `manage.py db_worker` would; return how many ran."""
    from django.utils.module_loading import import_string
    from django_tasks_db.models import DBTaskResult

    ran = 0
    for result in DBTaskResult.objects.ready().filter(task_path=task_path).order_by("enqueued_at"):
        import_string(task_path).call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        DBTaskResult.objects.filter(pk=result.pk).update(status="SUCCESSFUL")
        ran += 1
    return ran


def post_data(report: FormA, **overrides: Any) -> dict[str, str]:
    """What the Form A page posts for REPORT as stored, with OVERRIDES ("students-0-age": "17")."""
    data: dict[str, str] = {}

    def put(name: str, value: Any) -> None:
        if value is None or value is False or value == "":
            return
        if value is True:
            data[name] = "on"
        elif hasattr(value, "pk"):
            data[name] = str(value.pk)
        elif isinstance(value, time):
            data[name] = value.strftime("%H:%M")
        else:
            data[name] = str(value)

    for name in MAIN_FIELDS:
        value = getattr(report, name)
        if name in ("escalated_to_violence", "constitutes_crime") and value is not None:
            data[name] = str(value)
        else:
            put(name, value)
    students = list(report.students.order_by("position"))
    data |= {
        "students-TOTAL_FORMS": str(len(students)),
        "students-INITIAL_FORMS": str(len(students)),
        "students-MIN_NUM_FORMS": "0",
        "students-MAX_NUM_FORMS": "1000",
    }
    for i, student in enumerate(students):
        data[f"students-{i}-id"] = str(student.pk)
        for name in STUDENT_FIELDS:
            value = getattr(student, name)
            if name == "known_disability" and value is not None:
                data[f"students-{i}-{name}"] = str(value)
            else:
                put(f"students-{i}-{name}", value)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data
