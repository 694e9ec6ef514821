"""The demo's SROs start with their approved nominations, assignments and schedules (II.1–II.3)."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from accounts.models import Membership
from assignments.models import Assignment, Nomination, Schedule
from assignments.queries import assignment_on, scheduled_at
from schoolcalendar.days import for_district


@pytest.mark.req("II.1")
@pytest.mark.req("II.3")
def test_load_demo_gives_each_sro_an_approved_assignment_and_a_schedule(db):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, primary in (("sro", "Staples High School"), ("sro2", "Coleytown Middle School")):
        sro = Membership.objects.get(user__username=username, agreement__slug="westport")
        assert Nomination.objects.get(officer=sro).status == Nomination.Status.APPROVED
        assignment = Assignment.objects.get(sro=sro)
        assert assignment.starts_on == sro.agreement.effective_date
        assert assignment.primary_school.name == primary
        assert assignment_on(sro, sro.agreement.effective_date) == assignment
        schedule = Schedule.objects.get(sro=sro)
        assert schedule.status == Schedule.Status.CONFIRMED
        days = for_district(sro.agreement.district)
        school_day = days.school_days_in(days.start, days.end)[10]
        when = datetime.combine(school_day, time(9, 0), tzinfo=ZoneInfo("America/New_York"))
        assert scheduled_at(sro, assignment.primary_school, when)
        assert not scheduled_at(sro, assignment.primary_school, when.replace(hour=16))
