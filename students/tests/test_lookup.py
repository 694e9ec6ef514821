"""The SRO finds a student from a Form A student block and fills it (VII.6, VII.4, L.2)."""

from __future__ import annotations

import json
import re
import time
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from audit.log import Actor
from audit.models import AuditEntry
from lib import ratelimit
from reporting.models import FormA, FormAStudent
from reporting.tests import filing
from students import actions
from students.models import Disclosure, Roster
from students.tests.bundles import bundle, person

STUDENTS = [
    person(
        "s1",
        "Hope",
        "Bell",
        org="wps-shs",
        grade="10",
        birth_date=date(2010, 3, 15),
        sex="female",
        races={"white": True, "hispanic_latino": True},
        idea=False,
        section_504=True,
    ),
    person("s2", "Hopper", "Quint", org="wps-bms", grade="07", sex="male"),
    person("s3", "Hope", "Young", org="wps-khs", grade="03"),  # not one of the SRO's schools
    person("s4", "Hope", "Gone", org="wps-shs"),  # becomes inactive
    person("s5", "Kai", "Other", org="wps-shs", sex="unspecified", identifier="7654321"),
]


@pytest.fixture
def westport(demo):
    actions.do_import_roster(Actor.system("test"), demo, bundle(STUDENTS))
    actions.do_import_roster(
        Actor.system("test"), demo, bundle([s for s in STUDENTS if s.sourced_id != "s4"]), allow_deactivate=True
    )
    return demo


@pytest.fixture
def report(westport, member):
    return filing.draft(member("sro"), incident_date=date(2026, 3, 14))


def lookup(client, report, q, position=0):
    return client.get(reverse("students:lookup", args=["westport", report.pk, position]), {"q": q})


def fill(client, report, sourced_id, position=0, **data):
    from students.models import Student

    pk = Student.objects.get(sourced_id=sourced_id).pk
    return client.post(reverse("students:fill", args=["westport", report.pk, position, pk]), data)


@pytest.mark.req("VII.6")
def test_lookup_lists_active_students_of_the_sros_schools_by_name_with_grade_only(report, client_for):
    page = lookup(client_for("sro"), report, "hop").content.decode()
    assert "Hope Bell" in page and "grade 10" in page
    assert "Hopper Quint" in page  # Bedford is one of the SRO's schools
    assert "Young" not in page  # Kings Highway is not
    assert "Gone" not in page  # inactive
    assert "2010" not in page and "s1" not in page  # no birth date, no identifier


@pytest.mark.req("VII.6")
def test_lookup_finds_by_student_id_and_returns_a_short_list(report, client_for):
    assert "Kai Other" in lookup(client_for("sro"), report, "7654321").content.decode()
    assert actions.find_students.__defaults__ == (8,)


@pytest.mark.req("VII.6")
def test_lookup_is_rate_limited(report, client_for, settings, monkeypatch):
    settings.ROSTER_LOOKUPS_PER_MINUTE = 3
    monkeypatch.setattr(ratelimit, "now", lambda: time.time())  # this test moves the clock itself
    client = client_for("sro")
    with time_machine.travel("2026-03-16 10:00:05", tick=False):
        assert [lookup(client, report, "hope").status_code for _ in range(4)] == [200, 200, 200, 429]
        assert "Too many searches" in lookup(client, report, "hope").content.decode()
    with time_machine.travel("2026-03-16 10:01:05", tick=False):
        assert lookup(client, report, "hope").status_code == 200


@pytest.mark.req("VII.6")
def test_lookup_from_a_block_that_does_not_exist_is_404(report, client_for):
    assert lookup(client_for("sro"), report, "hope", position=5).status_code == 404


@pytest.mark.req("VII.6")
def test_choosing_a_student_fills_the_block_with_form_a_fields_only(report, client_for):
    response = fill(client_for("sro"), report, "s1")
    assert response.status_code == 200
    values = json.loads(
        re.search(r'data-roster-fill="([^"]*)"', response.content.decode()).group(1).replace("&quot;", '"')
    )
    assert values == {
        "age": 15,  # born 2010-03-15, incident 2026-03-14
        "gender": "female",
        "hispanic_latino": True,
        "white": True,
        "black": False,
        "pacific_islander": False,
        "asian": False,
        "american_indian": False,
        "known_disability": True,  # Section 504
    }
    block = FormAStudent.objects.get(report=report, position=0)
    assert (block.age, block.gender, block.white, block.hispanic_latino, block.known_disability) == (
        15,
        "female",
        True,
        True,
        True,
    )
    assert not block.entered_by_hand


@pytest.mark.req("VII.4")
def test_no_name_or_identifier_reaches_the_stored_report(report, client_for):
    client = client_for("sro")
    lookup(client, report, "Hope Bell")
    fill(client, report, "s1")
    stored = json.dumps(list(FormA.objects.filter(pk=report.pk).values()), default=str) + json.dumps(
        list(FormAStudent.objects.filter(report=report).values()), default=str
    )
    for secret in ("Hope", "Bell", "s1", STUDENTS[0].identifier, "2010-03-15"):
        assert secret not in stored
    audit = json.dumps(list(AuditEntry.objects.values("changes", "object_repr")), default=str)
    assert "Bell" not in audit and "Hope" not in audit


@pytest.mark.req("L.2")
def test_each_fill_is_logged_as_a_disclosure_with_student_recipient_time_purpose_and_report(report, client_for, member):
    with time_machine.travel("2026-03-16 10:00:00-04:00", tick=False):
        fill(client_for("sro"), report, "s1")
    d = Disclosure.objects.get()
    assert d.student.sourced_id == "s1" and d.to == member("sro")
    assert d.purpose == "Form A" and d.report_id == report.pk and d.student_label == "Student A"
    assert d.at.isoformat() == "2026-03-16T14:00:00+00:00"
    assert AuditEntry.objects.filter(action="student.disclosed").count() == 1


@pytest.mark.req("VII.6")
def test_gender_other_or_unspecified_follows_the_district_setting(report, client_for):
    client = client_for("sro")
    page = fill(client, report, "s5").content.decode()
    assert "Choose the gender" in page
    assert FormAStudent.objects.get(report=report, position=0).gender == ""
    Roster.objects.filter(agreement=report.agreement).update(other_gender="non_binary")
    fill(client, report, "s5")
    assert FormAStudent.objects.get(report=report, position=0).gender == "non_binary"


@pytest.mark.req("VII.6")
def test_a_student_outside_the_sros_schools_or_inactive_cannot_be_filled(report, client_for):
    client = client_for("sro")
    assert fill(client, report, "s3").status_code == 404
    assert fill(client, report, "s4").status_code == 404
    assert not Disclosure.objects.exists()
    assert FormAStudent.objects.get(report=report, position=0).entered_by_hand


@pytest.mark.req("VII.6")
def test_another_sros_report_is_404_and_nothing_is_disclosed(report, client_for):
    assert fill(client_for("sro2"), report, "s1").status_code == 404
    assert lookup(client_for("sro2"), report, "hope").status_code == 404
    assert not Disclosure.objects.exists()


@pytest.mark.req("VII.6")
def test_a_fill_ignores_an_incident_date_outside_the_agreement_or_in_the_future(report, client_for):
    with time_machine.travel("2026-03-16 10:00:00-04:00", tick=False):
        fill(client_for("sro"), report, "s1")
        at_saved_date = FormAStudent.objects.get(report=report, position=0).age
        for bogus in ("1999-01-01", "2031-06-01"):
            fill(client_for("sro"), report, "s1", incident_date=bogus)
            assert FormAStudent.objects.get(report=report, position=0).age == at_saved_date


@pytest.mark.req("VII.6")
def test_fills_share_the_lookup_rate_limit(report, client_for, settings):
    settings.ROSTER_LOOKUPS_PER_MINUTE = 2
    client = client_for("sro")
    assert [fill(client, report, "s1").status_code for _ in range(3)] == [200, 200, 429]
    assert Disclosure.objects.count() == 2


@pytest.mark.req("L.2")
def test_the_audit_trail_does_not_tie_a_student_to_a_report(report, client_for):
    fill(client_for("sro"), report, "s1")
    entry = AuditEntry.objects.get(action="student.disclosed")
    assert "s1" not in entry.payload() and f'"report": {report.pk}' not in entry.payload()
    assert "student" not in entry.changes and "report" not in entry.changes
