"""Shared set-up for the camera tests: a school day of the demo calendar, frozen in the afternoon."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from django.utils import timezone

from audit.log import Actor
from bodycams import actions
from reporting.tests.filing import calendar_fixture  # noqa: F401

DAY = date(2026, 11, 4)  # a Wednesday with students in Westport's demo calendar
NOT_A_SCHOOL_DAY = date(2026, 11, 3)  # Election Day: no school


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def afternoon(calendar):
    with time_machine.travel(at(DAY, 16), tick=False):
        yield


def actor(membership) -> Actor:
    return Actor(user=membership.user, source="127.0.0.1", label=membership.user.username)


def log(sro, **overrides):
    values = {
        "school": sro.primary_school,
        "started_at": at(DAY, 10),
        "ended_at": at(DAY, 10, 20),
        "purpose": "arrest",
        "purpose_detail": "Arrest of an adult trespasser in the student lot.",
    } | overrides
    return actions.do_log_activation(actor(sro), sro, **values)


def form(**overrides) -> dict:
    return {
        "day": DAY.isoformat(),
        "started_at": "10:00",
        "ended_at": "10:20",
        "purpose": "arrest",
        "purpose_detail": "Arrest of an adult trespasser in the student lot.",
        "evidence_number": "",
    } | overrides
