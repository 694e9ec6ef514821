"""The demo's section VIII records come from the real actions (VIII.1–VIII.3)."""

from __future__ import annotations

import pytest

from agreements.models import Agreement, School
from schoolvideo.models import AccessRequest, ApiToken, Designation, SSUSchedule, VideoAccess, VideoDisclosure
from students.models import Disclosure, Student


@pytest.mark.req("VIII.1")
@pytest.mark.req("VIII.2")
@pytest.mark.req("VIII.3")
def test_the_demo_step_makes_a_few_of_each_record(demo):
    from assignments.demo import load as load_assignments
    from schoolcalendar.demo import load as load_calendar
    from schoolvideo.demo import load

    westport = Agreement.objects.get(slug="westport")
    load_calendar(westport)
    load_assignments(westport)
    staples = School.objects.get(name="Staples High School")
    for n in range(2):
        Student.objects.create(
            agreement=westport,
            sourced_id=f"d{n}",
            identifier=f"10{n}",
            given_name="Sam",
            family_name="Doe",
            school=staples,
        )
    load(westport)
    schedule = SSUSchedule.objects.get()
    assert schedule.effective_from == westport.effective_date
    assert schedule.shifts.count() == 7 * westport.schools.count()
    assert {(s.starts_at.hour, s.ends_at.hour) for s in schedule.shifts.all()} == {(15, 23)}
    assert Designation.objects.get().designee.user.username == "principal"
    assert sorted(AccessRequest.objects.values_list("status", flat=True)) == ["declined", "granted", "pending"]
    assert AccessRequest.objects.get(status="granted").duties_acknowledged_at is not None
    accesses = list(VideoAccess.objects.all())
    assert any(a.allowed for a in accesses) and any(not a.allowed for a in accesses)
    assert ApiToken.objects.count() == 1
    assert VideoDisclosure.objects.count() == 1
    assert Disclosure.objects.filter(report_label__startswith="Video disclosure").count() == 2
