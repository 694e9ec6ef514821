"""In a real browser, the SRO fills a Form A student block from the roster, and no name reaches
the stored report (VII.6, VII.4, L.2)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reporting.tests.test_browser_form_a import sign_in

pytestmark = [pytest.mark.browser]


@pytest.mark.req("VII.6")
@pytest.mark.req("VII.4")
@pytest.mark.req("L.2")
def test_the_sro_fills_a_student_block_from_the_roster(live_demo, page):
    from accounts.models import Membership
    from agreements.models import Agreement
    from audit.log import Actor
    from reporting.models import FormA, FormAStudent
    from reporting.tests import filing
    from students import actions
    from students.models import Disclosure
    from students.tests.bundles import bundle, person

    westport = Agreement.objects.get(slug="westport")
    hope = person(
        "s1",
        "Hope",
        "Bell",
        org="wps-shs",
        grade="10",
        birth_date=date(2010, 3, 15),
        sex="female",
        races={"black": True, "hispanic_latino": True},
        idea=True,
    )
    actions.do_import_roster(
        Actor.system("test"), westport, bundle([hope, person("s2", "Hopkin", "Vale", org="wps-khs")])
    )
    sro = Membership.objects.get(user__username="sro", agreement=westport)
    report = filing.draft(sro, incident_date=date(2026, 3, 14))  # Student A: 16, female, white, no disability

    sign_in(page, live_demo.url, "sro")
    page.goto(live_demo.url + reverse("reporting:edit", args=["westport", report.pk]))
    student_a = page.get_by_role("group", name="Student A", exact=True)
    student_a.get_by_label("Find the student by name or student ID").fill("hop")
    choice = student_a.get_by_role("button", name="Hope Bell · grade 10")
    expect(choice).to_be_visible()
    expect(student_a.get_by_role("button", name="Hopkin Vale")).to_have_count(0)  # not the SRO's school
    choice.click()

    expect(student_a.get_by_text("Student A filled from the district's records")).to_be_visible()
    expect(student_a.get_by_label("Age", exact=True)).to_have_value("15")
    expect(student_a.get_by_role("group", name="Gender").get_by_label("Female")).to_be_checked()
    expect(student_a.get_by_label("Hispanic or Latino")).to_be_checked()
    expect(student_a.get_by_label("Black or African American")).to_be_checked()
    expect(student_a.get_by_label("White", exact=True)).not_to_be_checked()
    expect(
        student_a.get_by_role("group", name="Does the student have a known disability?").get_by_label("Yes")
    ).to_be_checked()
    expect(student_a.get_by_label("Find the student by name or student ID")).to_have_value("")

    page.get_by_role("button", name="Save draft").click()
    block = FormAStudent.objects.get(report=report, position=0)
    assert (block.age, block.gender, block.black, block.white, block.known_disability) == (
        15,
        "female",
        True,
        False,
        True,
    )
    assert not block.entered_by_hand
    stored = json.dumps(list(FormA.objects.filter(pk=report.pk).values()), default=str)
    stored += json.dumps(list(FormAStudent.objects.filter(report=report).values()), default=str)
    assert "Hope" not in stored and "Bell" not in stored and hope.identifier not in stored
    assert Disclosure.objects.get().report_id == report.pk


@pytest.mark.req("VII.6")
def test_a_fill_from_an_export_without_demographics_leaves_the_sros_values_and_marks_the_block(live_demo, page):
    from accounts.models import Membership
    from agreements.models import Agreement
    from audit.log import Actor
    from reporting.models import FormAStudent
    from reporting.tests import filing
    from students import actions, oneroster
    from students.tests.test_real_files import FIXTURES

    westport = Agreement.objects.get(slug="westport")
    files = oneroster.files_from(FIXTURES / "v1_2_no_demographics")
    actions.do_import_roster(Actor.system("test"), westport, files)
    sro = Membership.objects.get(user__username="sro", agreement=westport)
    report = filing.draft(sro, incident_date=date(2026, 3, 14))  # Student A: 16, female, white, no disability

    sign_in(page, live_demo.url, "sro")
    page.goto(live_demo.url + reverse("reporting:edit", args=["westport", report.pk]))
    student_a = page.get_by_role("group", name="Student A", exact=True)
    student_a.get_by_label("Find the student by name or student ID").fill("wren")
    student_a.get_by_role("button", name="Wren Bergstrom · grade 10").click()

    expect(student_a.get_by_text("Choose the race/ethnicity")).to_be_visible()
    expect(student_a.get_by_text("This block counts as entered by hand")).to_be_visible()
    expect(student_a.get_by_label("Age", exact=True)).to_have_value("16")
    expect(student_a.get_by_label("White", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save draft").click()
    block = FormAStudent.objects.get(report=report, position=0)
    assert (block.age, block.gender, block.white, block.entered_by_hand) == (16, "female", True, True)


@pytest.mark.req("VII.6")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_steward_confirms_a_large_deactivation_on_a_phone(live_demo, page, tmp_path):
    from reporting.tests.test_browser_form_a import no_sideways_scrolling
    from students.models import Student
    from students.tests.bundles import bundle, person
    from students.tests.test_upload import as_zip

    everyone = [person(f"s{i}", "Ann", f"Lee{i}") for i in range(10)]
    full, part = tmp_path / "full.zip", tmp_path / "part.zip"
    full.write_bytes(as_zip(bundle(everyone)))
    part.write_bytes(as_zip(bundle(everyone[:6])))
    before = Student.objects.filter(active=True).count()

    sign_in(page, live_demo.url, "steward")
    page.goto(live_demo.url + reverse("students:roster", args=["westport"]))
    page.get_by_label("OneRoster export (.zip) or disability extract (disability.csv)").set_input_files(str(full))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("10 new, 0 updated")).to_be_visible()

    page.goto(live_demo.url + reverse("students:roster", args=["westport"]))
    page.get_by_label("OneRoster export (.zip) or disability extract (disability.csv)").set_input_files(str(part))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text(f"This import would make 4 of the {before + 10} active students inactive")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_label("Choose the same file again to confirm").set_input_files(str(part))
    page.get_by_role("button", name="Import and make 4 students inactive").click()
    expect(page.get_by_text("0 new, 0 updated, 4 made inactive")).to_be_visible()
    no_sideways_scrolling(page)
    assert Student.objects.filter(active=True).count() == before + 6
