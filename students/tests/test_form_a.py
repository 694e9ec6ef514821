"""The roster inside Form A: the search in each student block, and the guard at submission (VII.4, VII.6)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from agreements.demo import demo_password
from audit.log import Actor
from reporting.forms import check_report, report_values, student_values
from reporting.models import FormA
from reporting.tests import filing
from students import actions
from students.tests.bundles import bundle, person


@pytest.fixture
def westport(demo):
    actions.do_import_roster(Actor.system("test"), demo, bundle([person("s1", "Hope", "Bell", org="wps-shs")]))
    return demo


@pytest.mark.req("VII.6")
def test_each_student_block_has_the_roster_search_outside_the_report_form(westport, member, client_for):
    report = filing.draft(member("sro"), students=2)
    page = client_for("sro").get(reverse("reporting:edit", args=["westport", report.pk])).content.decode()
    assert page.count("Find the student by name or student ID") == 2
    assert reverse("students:lookup", args=["westport", report.pk, 1]) in page
    # form="…" names no form on the page: the name typed is never posted with the report.
    assert 'name="q" form="roster-search-none"' in page and 'id="roster-search-none"' not in page


@pytest.mark.req("VII.4")
def test_a_narrative_with_a_roster_students_full_name_cannot_be_submitted(demo, member, client_for):
    # Saved before the student was on the roster (a draft never stores a text the guard blocks).
    report = filing.draft(
        member("sro"), incident_date=date(2026, 3, 16), reason_and_nature="Hope Bell struck Student B in the hallway."
    )
    westport = demo
    actions.do_import_roster(Actor.system("test"), demo, bundle([person("s1", "Hope", "Bell", org="wps-shs")]))
    response = client_for("sro").post(
        reverse("reporting:sign", args=["westport", report.pk]), {"signature": demo_password()}
    )
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == FormA.Status.DRAFT
    problems = check_report(
        report_values(report),
        [student_values(s) for s in report.students.all()],
        agreement=westport,
        today=date(2026, 3, 16),
    )
    assert [p.message for p in problems if p.field == "reason_and_nature"] == [
        "Remove these words: Form A may not identify a student. “Hope Bell” (a student's full name)."
    ]
