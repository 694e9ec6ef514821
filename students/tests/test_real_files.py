"""OneRoster exports as districts and vendors write them (issue 7): the fixtures in
fixtures/oneroster/ are hand-written from the OneRoster 1.0/1.1/1.2 CSV specifications, with the
variations real exports show; every person in them is made up."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.log import Actor
from reporting.models import FormAStudent
from reporting.tests import filing
from students import actions, oneroster
from students.models import Roster, RosterImport, Student
from students.tests.bundles import bundle, person
from students.tests.test_lookup import fill
from students.tests.test_upload import as_zip, post

FIXTURES = Path(__file__).parent / "fixtures" / "oneroster"
ACTOR = Actor.system("test")


def files(shape: str) -> dict[str, bytes]:
    return oneroster.files_from(FIXTURES / shape)


def imported(demo, shape: str, **kw) -> RosterImport:
    return actions.do_import_roster(ACTOR, demo, files(shape), **kw)


def snapshot():
    return list(Student.objects.order_by("sourced_id").values())


def refused(demo, data: dict[str, bytes]) -> list[str]:
    with pytest.raises(oneroster.ImportRefused) as e:
        actions.do_import_roster(ACTOR, demo, data)
    return [str(p) for p in e.value.problems]


# -- Headers and the older names ---------------------------------------------------------------


@pytest.mark.req("VII.6")
def test_a_1_0_era_export_without_a_manifest_and_with_older_column_names_imports(demo):
    result = imported(demo, "v1_0_no_manifest")
    assert result.created == 3
    students = {s.sourced_id: s for s in Student.objects.select_related("school")}
    assert set(students) == {"u-001", "u-002", "u-003"}  # the teacher and administrator are not students
    assert students["u-001"].birth_date == date(2009, 4, 11)  # "birthdate", keyed by "userSourcedId"
    assert students["u-002"].school.name == "Bedford Middle School"  # the school among its orgs
    assert students["u-002"].asian and students["u-002"].hispanic_latino and students["u-002"].race_known
    assert "read as OneRoster 1.0/1.1" in result.warnings[0]
    assert "1 demographics row names nobody in users.csv; skipped." in result.warnings


@pytest.mark.req("S.4")
def test_headers_are_matched_without_regard_to_case_or_spaces_and_other_columns_are_ignored(demo):
    result = imported(demo, "v1_1_header_casing")
    assert result.created == 2 and result.warnings == []
    tobi = Student.objects.get(sourced_id="c-01")
    assert (tobi.given_name, tobi.grade, tobi.sex, tobi.black, tobi.school.name) == (
        "Tobi",
        "07",
        "male",  # written "M"
        True,
        "Coleytown Middle School",
    )
    assert Student.objects.get(sourced_id="c-02").middle_name == "Marie"


@pytest.mark.req("S.4")
def test_empty_columns_a_spreadsheet_added_at_the_end_of_a_line_are_ignored(demo):
    data = bundle([person("s1", "Ann", "Lee")])
    for name in ("users.csv", "demographics.csv"):
        lines = data[name].decode().split("\r\n")
        data[name] = "\r\n".join(line + ",," if line else line for line in lines).encode()
    data["orgs.csv"] = data["orgs.csv"].replace(b"\r\n", b",,\r\n", 1)  # the header only
    actions.do_import_roster(ACTOR, demo, data)
    assert Student.objects.get().birth_date == date(2010, 3, 15)


@pytest.mark.req("S.4")
def test_a_missing_required_column_names_the_closest_column_present(demo):
    data = files("v1_0_no_manifest")
    data["demographics.csv"] = data["demographics.csv"].replace(b"userSourcedId", b"userSourceID", 1)
    assert refused(demo, data) == [
        "demographics.csv, line 1, column sourcedId: missing column 'sourcedId' in the header line; "
        "the closest column present is 'userSourceID'"
    ]
    assert not Student.objects.exists()


@pytest.mark.req("S.4")
def test_a_value_in_a_column_beyond_the_header_is_still_a_problem(demo):
    data = bundle([person("s1", "Ann", "Lee")])
    data["users.csv"] = data["users.csv"].replace(b"\r\n", b",surprise\r\n").replace(b",surprise", b"", 1)
    assert refused(demo, data)[0].startswith("users.csv, line 2: 24 fields where the header has 23")


# -- Demographics: for everyone, or not at all; blank is unknown ---------------------------------


@pytest.mark.req("VII.6")
def test_demographics_rows_of_staff_are_skipped_and_rows_naming_nobody_are_counted(demo):
    result = imported(demo, "v1_2_demographics_for_everyone")
    assert result.status == "done" and result.created == 2
    assert result.warnings == ["3 demographics rows name nobody in users.csv; skipped."]
    assert Student.objects.get(sourced_id="e-2").birth_date == date(2008, 7, 1)


@pytest.mark.req("VII.6")
def test_an_export_without_demographics_imports_names_grades_schools_and_identifiers_and_says_so(demo, client_for):
    result = imported(demo, "v1_2_no_demographics")
    assert result.created == 2
    wren = Student.objects.get(sourced_id="p-1")
    assert (wren.family_name, wren.grade, wren.identifier, wren.school.name) == (
        "Bergstrom",
        "10",
        "9300001",
        "Staples High School",
    )
    assert (wren.birth_date, wren.sex, wren.race_known) == (None, "", False)
    assert not Roster.objects.get(agreement=demo).has_demographics
    assert any("carries no demographics" in w and "entered by the SRO" in w for w in result.warnings)
    page = client_for("steward").get(reverse("students:roster", args=["westport"])).content.decode()
    assert "The district's export carries no demographics" in page
    # A manifest that says "absent" is believed even when a file of that name came along.
    data = files("v1_2_no_demographics") | {"demographics.csv": b"sourcedId,birthDate\r\np-1,not a date\r\n"}
    assert actions.do_import_roster(ACTOR, demo, data).updated == 0


@pytest.mark.req("VII.6")
def test_a_missing_demographics_file_is_no_demographics_rather_than_a_refusal(demo):
    data = bundle([person("s1", "Ann", "Lee")])
    del data["demographics.csv"]
    result = actions.do_import_roster(ACTOR, demo, data)
    assert result.created == 1 and Student.objects.get().birth_date is None
    assert "carries no demographics" in result.warnings[0]


@pytest.fixture
def sro_report(demo, member):
    actions.do_import_roster(ACTOR, demo, files("v1_2_demographics_for_everyone"))
    return filing.draft(member("sro"), incident_date=date(2026, 3, 14))


def filled_values(response) -> dict:
    found = re.search(r'data-roster-fill="([^"]*)"', response.content.decode())
    return json.loads(found.group(1).replace("&quot;", '"'))


@pytest.mark.req("VII.6")
def test_blank_race_columns_fill_no_race_box_and_leave_race_for_the_sro(sro_report, client_for):
    zadie = Student.objects.get(sourced_id="e-1")
    assert not zadie.race_known and not any([zadie.white, zadie.asian, zadie.hispanic_latino])
    before = FormAStudent.objects.get(report=sro_report, position=0)
    response = fill(client_for("sro"), sro_report, "e-1")
    values = filled_values(response)
    assert set(values) == {"age", "gender", "known_disability"}  # no race box "from the district"
    assert "This block counts as entered by hand" in response.content.decode()
    assert "Choose the race/ethnicity" in response.content.decode()
    block = FormAStudent.objects.get(report=sro_report, position=0)
    assert block.races() == before.races()  # what the SRO had stays
    assert block.entered_by_hand  # the district did not supply the whole block


@pytest.mark.req("VII.6")
def test_a_student_with_race_recorded_fills_every_box_and_stays_the_districts_data(sro_report, client_for):
    values = filled_values(fill(client_for("sro"), sro_report, "e-2"))
    assert values["pacific_islander"] is True and values["white"] is False
    assert not FormAStudent.objects.get(report=sro_report, position=0).entered_by_hand


@pytest.mark.req("VII.6")
def test_a_fill_without_demographics_fills_only_what_the_district_supplied(demo, member, client_for):
    imported(demo, "v1_2_no_demographics")
    report = filing.draft(member("sro"), incident_date=date(2026, 3, 14))
    before = FormAStudent.objects.get(report=report, position=0)
    response = fill(client_for("sro"), report, "p-1")
    assert filled_values(response) == {"known_disability": None}
    page = response.content.decode()
    assert "Enter the age" in page and "Choose the race/ethnicity" in page and "Choose the gender" in page
    assert "This block counts as entered by hand" in page
    block = FormAStudent.objects.get(report=report, position=0)
    assert (block.age, block.gender, block.races()) == (before.age, before.gender, before.races())
    assert block.entered_by_hand


# -- Disability: only Form A's yes/no is kept (issue 13) ------------------------------------------


@pytest.mark.req("L.2")
def test_the_disability_extract_is_reduced_to_form_as_yes_or_no_at_import(demo):
    actions.do_import_roster(
        ACTOR, demo, bundle([person("s1", "Ann", "Lee", idea=True), person("s2", "Bo", "Ng", section_504=True)])
    )
    kept = {f.name for f in Student._meta.get_fields()}
    assert not kept & {"idea", "section_504", "IDEA", "Section504"}
    assert dict(Student.objects.values_list("sourced_id", "known_disability")) == {"s1": True, "s2": True}


# -- Not OneRoster --------------------------------------------------------------------------------


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "shape, looks_like",
    [
        ("clever", "This looks like a Clever export, not a OneRoster bundle."),
        ("sds_v1", "This looks like a Microsoft School Data Sync (SDS) export, not a OneRoster bundle."),
        ("sds_v2", "This looks like a OneRoster-like export without manifest.csv (School Data Sync v2 writes these)"),
    ],
)
def test_an_export_in_another_format_is_refused_naming_what_it_looks_like_and_what_is_needed(demo, shape, looks_like):
    (problem,) = refused(demo, files(shape))
    assert problem.startswith(f"upload: {looks_like}")
    assert "needs a OneRoster 1.1 or 1.2 CSV export: manifest.csv, orgs.csv and users.csv" in problem
    assert not Student.objects.exists()


# -- Bulk files: never everyone at once ----------------------------------------------------------


@pytest.mark.req("S.4")
def test_a_bulk_file_with_no_students_is_refused_and_nobody_becomes_inactive(demo):
    actions.do_import_roster(ACTOR, demo, bundle())
    data = files("v1_2_no_demographics")
    data["roles.csv"] = data["roles.csv"].replace(b'"student"', b'"teacher"')
    before = snapshot()
    assert refused(demo, data) == [
        "users.csv: the file lists no students: a bulk import with no students would make every student inactive"
    ]
    assert snapshot() == before


@pytest.mark.req("VII.6")
def test_a_bulk_export_from_one_school_leaves_other_schools_students_alone(demo):
    others = [person(f"b{i}", "Bo", f"Ng{i}", org="wps-bms") for i in range(20)]
    staples = [person("s1", "Ann", "Lee"), person("s2", "Cy", "Oz")]
    actions.do_import_roster(ACTOR, demo, bundle(others + staples))
    result = actions.do_import_roster(ACTOR, demo, bundle(staples[:1]))
    assert result.deactivated == 1
    assert set(Student.objects.filter(active=False).values_list("sourced_id", flat=True)) == {"s2"}


@pytest.mark.req("VII.6")
def test_an_import_that_would_make_more_than_a_tenth_inactive_asks_first_and_changes_nothing(demo):
    everyone = [person(f"s{i}", "Ann", f"Lee{i}") for i in range(20)]
    actions.do_import_roster(ACTOR, demo, bundle(everyone))
    # Two of twenty is a tenth, not more: no question.
    assert actions.do_import_roster(ACTOR, demo, bundle(everyone[:18])).deactivated == 2
    before = snapshot()
    with pytest.raises(actions.NeedsConfirmation) as e:
        actions.do_import_roster(ACTOR, demo, bundle(everyone[:15]))
    assert str(e.value).startswith("This import would make 3 of the 18 active students inactive (17 %).")
    assert snapshot() == before
    with pytest.raises(actions.NeedsConfirmation):  # confirming fewer than it would is no confirmation
        actions.do_import_roster(ACTOR, demo, bundle(everyone[:15]), allow_deactivate=2)
    assert actions.do_import_roster(ACTOR, demo, bundle(everyone[:15]), allow_deactivate=3).deactivated == 3


@pytest.mark.req("VII.6")
def test_the_page_shows_the_count_and_asks_for_confirmation_before_deactivating(client_for, settings):
    client = client_for("steward")
    everyone = [person(f"s{i}", "Ann", f"Lee{i}") for i in range(10)]
    post(client, as_zip(bundle(everyone)))
    response = post(client, as_zip(bundle(everyone[:5])))
    item = RosterImport.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])
    assert item.status == "confirm" and item.to_deactivate == 5 and not item.upload
    page = client.get(response["Location"]).content.decode()
    assert "This import would make 5 of the 10 active students inactive (50 %)." in page
    assert 'name="confirm_deactivate" value="5"' in page
    assert "Import and make 5 students inactive" in page
    assert Student.objects.filter(active=True).count() == 10
    from django.core.files.uploadedfile import SimpleUploadedFile

    confirmed = client.post(
        reverse("students:upload", args=["westport"]),
        {"bundle": SimpleUploadedFile("roster.zip", as_zip(bundle(everyone[:5]))), "confirm_deactivate": "5"},
    )
    assert "5 made inactive" in client.get(confirmed["Location"]).content.decode()
    assert Student.objects.filter(active=True).count() == 5
    tampered = client.post(
        reverse("students:upload", args=["westport"]),
        {"bundle": SimpleUploadedFile("roster.zip", as_zip(bundle(everyone))), "confirm_deactivate": "many"},
    )
    assert tampered.status_code == 400


# -- The command says what the page says -----------------------------------------------------------


@pytest.mark.req("VII.6")
def test_the_command_needs_allow_deactivate_and_prints_the_warnings_of_the_page(demo, tmp_path):
    everyone = [person(f"s{i}", "Ann", f"Lee{i}") for i in range(10)] + [person("x1", "Di", "Ro", org="odd-org")]
    actions.do_import_roster(ACTOR, demo, bundle(everyone))
    from students import demo_roster

    demo_roster.write_bundle(tmp_path / "part.zip", bundle(everyone[:5] + everyone[10:]))
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"would make 5 of the 11 active students inactive.*--allow-deactivate"):
        call_command("import_oneroster", str(tmp_path / "part.zip"), "--agreement", "westport", stderr=err)
    assert Student.objects.filter(active=True).count() == 11
    out = io.StringIO()
    call_command(
        "import_oneroster", str(tmp_path / "part.zip"), "--agreement", "westport", "--allow-deactivate", stdout=out
    )
    item = RosterImport.objects.filter(status="done").first()
    printed = out.getvalue()
    assert "0 new, 0 updated, 5 made inactive" in printed
    for warning in item.warnings:
        assert f"Warning: {warning}" in printed
    assert "matches none of this agreement's schools" in printed and "'odd-org'" in printed
    assert "--map-school ORG_SOURCEDID=SCHOOL_NAME" in printed
    assert "5 students made inactive" in printed


@pytest.mark.req("VII.6")
def test_map_school_maps_an_unmatched_org_and_is_audited(demo, tmp_path):
    from audit.models import AuditEntry
    from students import demo_roster

    demo_roster.write_bundle(tmp_path / "x.zip", bundle([person("x1", "Di", "Ro", org="odd-org")]))
    out = io.StringIO()
    call_command(
        "import_oneroster",
        str(tmp_path / "x.zip"),
        "--agreement",
        "westport",
        "--map-school",
        "odd-org=staples high school",
        stdout=out,
    )
    assert Student.objects.get().school.name == "Staples High School"
    assert "Warning" not in out.getvalue()
    assert AuditEntry.objects.filter(action="roster.org_mapped").count() == 1
    with pytest.raises(CommandError, match="no school named 'Nowhere High'; this agreement has: Bedford"):
        call_command(
            "import_oneroster", str(tmp_path / "x.zip"), "--agreement", "westport", "--map-school", "a=Nowhere High"
        )
    with pytest.raises(CommandError, match="write ORG_SOURCEDID=SCHOOL_NAME"):
        call_command("import_oneroster", str(tmp_path / "x.zip"), "--agreement", "westport", "--map-school", "odd-org")


# -- A re-import of the same file changes nothing --------------------------------------------------


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "shape", ["v1_0_no_manifest", "v1_1_header_casing", "v1_2_no_demographics", "v1_2_demographics_for_everyone"]
)
def test_a_re_import_of_the_same_file_changes_nothing(demo, shape):
    imported(demo, shape)
    before = snapshot()
    again = imported(demo, shape)
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)
    assert snapshot() == before


@pytest.mark.req("S.4")
def test_a_value_longer_than_the_roster_keeps_is_refused_not_cut(demo):
    data = bundle([person("s1", "Ann", "Lee", grade="Kindergarten-Transitional-Year-Two")])
    assert refused(demo, data) == ["users.csv, line 2: grade is 34 characters long; the roster keeps at most 20"]
    assert not Student.objects.exists()
