"""Importing a OneRoster bundle: all or nothing, every problem with file, line and column (S.4, VII.6)."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from audit.log import Actor
from audit.models import AuditEntry
from students import actions, oneroster
from students.models import OrgMapping, RosterImport, Student
from students.tests.bundles import bundle, people, person, replace_line

ACTOR = Actor.system("test")


@pytest.fixture
def westport(demo):
    return demo


def snapshot():
    return list(Student.objects.order_by("sourced_id").values())


def refused(westport, files) -> list[str]:
    with pytest.raises(oneroster.ImportRefused) as e:
        actions.do_import_roster(ACTOR, westport, files)
    return [str(p) for p in e.value.problems]


@pytest.mark.req("VII.6")
@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_it_imports_the_students_of_a_oneroster_bundle(westport, version):
    result = actions.do_import_roster(ACTOR, westport, bundle(version=version))
    assert result.created == len(people()) == Student.objects.count()
    first = people()[0]
    s = Student.objects.get(sourced_id=first.sourced_id)
    assert (s.given_name, s.family_name, s.grade, s.birth_date) == (
        first.given,
        first.family,
        first.grade,
        first.birth_date,
    )
    assert s.school.sourced_id == first.org
    assert s.white == first.races["white"] and s.known_disability == (first.idea or first.section_504)
    assert AuditEntry.objects.filter(action="roster.imported").count() == 1


@pytest.mark.req("VII.6")
def test_it_matches_schools_by_sourced_id_identifier_or_name_and_leaves_the_rest_for_the_steward(westport):
    students = [
        person("s1", "Ann", "Lee", org="wps-shs"),
        person("s2", "Bo", "Ng", org="X-BMS"),
        person("s3", "Cy", "Oz", org="odd"),
    ]
    names = {"wps-shs": "Staples", "X-BMS": "Bedford Middle School", "odd": "Unknown Academy"}
    from students import demo_roster

    actions.do_import_roster(ACTOR, westport, demo_roster.bundle_files(students, "1.2", names))
    by = {m.org_sourced_id: (m.school.name if m.school else None, m.matched_by) for m in OrgMapping.objects.all()}
    assert by == {
        "wps-shs": ("Staples High School", "sourcedId"),
        "X-BMS": ("Bedford Middle School", "name"),
        "odd": (None, ""),
    }
    assert Student.objects.get(sourced_id="s3").school is None


@pytest.mark.req("S.4")
def test_it_accepts_a_byte_order_mark_crlf_and_quoted_fields_with_commas(westport):
    files = bundle([person("s1", "Mary Ann", "De La Cruz")])
    users = files["users.csv"].decode().split("\r\n")
    users[1] = users[1].replace("Mary Ann", '"Ann, Mary"')
    files = files | {"users.csv": codecs.BOM_UTF8 + "\r\n".join(users).encode()}
    actions.do_import_roster(ACTOR, westport, files)
    assert Student.objects.get().given_name == "Ann, Mary"


@pytest.mark.req("S.4")
def test_a_broken_bundle_is_refused_with_file_line_and_column_and_the_roster_stays_as_it_was(westport):
    actions.do_import_roster(ACTOR, westport, bundle())
    before = snapshot()
    files = bundle(people(seed=8))  # a different roster, then spoiled in many ways
    dem = files["demographics.csv"].decode().split("\r\n")
    dem[2] = dem[2].replace(",female,", ",femme,").replace(",male,", ",femme,")
    cols = dem[3].split(",")
    cols[3] = "2010-02-30"
    dem[3] = ",".join(cols)
    dem.insert(5, "ghost-1,active,,2010-01-01,male,false,false,false,false,true,false,false,,,,")
    files["demographics.csv"] = "\r\n".join(dem).encode()
    users = files["users.csv"].decode().split("\r\n")
    users.append(users[1])
    files["users.csv"] = "\r\n".join(users).encode()
    problems = refused(westport, files)
    assert (
        "demographics.csv, line 3, column sex: unknown sex 'femme'; OneRoster 1.2 allows female, male, other, unspecified"
        in problems
    )
    assert "demographics.csv, line 4, column birthDate: '2010-02-30' is not a date (YYYY-MM-DD)" in problems
    assert any(p.startswith(f"users.csv, line {len(users)}, column sourcedId: duplicate sourcedId") for p in problems)
    assert snapshot() == before


@pytest.mark.req("S.4")
def test_a_missing_header_column_is_named(westport):
    files = replace_line(bundle(), "users.csv", 1, "sourcedId,status,givenName,family_name")
    problems = refused(westport, files)
    assert problems == [
        "users.csv, line 1, column familyName: missing column 'familyName' in the header line; "
        "the closest column present is 'family_name'"
    ]
    assert Student.objects.count() == 0


@pytest.mark.req("S.4")
def test_a_file_that_is_not_utf8_is_refused_with_where(westport):
    files = bundle([person("s1", "Zoë", "Müller")])
    files["users.csv"] = files["users.csv"].decode().encode("latin-1")
    problems = refused(westport, files)
    assert len(problems) == 1 and problems[0].startswith("users.csv, line 2, column ")
    assert "not UTF-8" in problems[0]


@pytest.mark.req("S.4")
def test_a_missing_file_is_named(westport):
    files = bundle()
    del files["orgs.csv"]
    assert refused(westport, files) == ["orgs.csv: the file is missing from the bundle"]


@pytest.mark.req("S.4")
def test_a_zip_with_a_folder_inside_reads_like_a_folder():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in bundle().items():
            z.writestr(f"export-2025/{name}", data)
    assert set(oneroster.files_from(buf.getvalue(), "roster.zip")) >= {"users.csv", "manifest.csv"}
    with pytest.raises(oneroster.ImportRefused, match=r"upload a \.zip"):
        oneroster.files_from(b"hello", "roster.txt")


@pytest.mark.req("VII.6")
def test_a_re_import_updates_by_sourced_id_and_makes_absent_students_inactive_never_deleted(westport):
    a, b, c = person("s1", "Ann", "Lee"), person("s2", "Bo", "Ng"), person("s3", "Cy", "Oz")
    actions.do_import_roster(ACTOR, westport, bundle([a, b, c]))
    ids = dict(Student.objects.values_list("sourced_id", "id"))
    b.grade = "11"
    result = actions.do_import_roster(ACTOR, westport, bundle([a, b]), allow_deactivate=True)
    assert (result.created, result.updated, result.deactivated) == (0, 1, 1)
    assert dict(Student.objects.values_list("sourced_id", "id")) == ids
    assert Student.objects.get(sourced_id="s2").grade == "11"
    assert not Student.objects.get(sourced_id="s3").active
    actions.do_import_roster(ACTOR, westport, bundle([a, b, c]))
    assert Student.objects.get(sourced_id="s3").active


@pytest.mark.req("VII.6")
def test_status_tobedeleted_makes_a_student_inactive(westport):
    actions.do_import_roster(ACTOR, westport, bundle([person("s1", "Ann", "Lee"), person("s2", "Bo", "Ng")]))
    files = bundle([person("s1", "Ann", "Lee"), person("s2", "Bo", "Ng")])
    files["users.csv"] = files["users.csv"].replace(b"s2,active,", b"s2,tobedeleted,")
    result = actions.do_import_roster(ACTOR, westport, files, allow_deactivate=True)
    assert result.deactivated == 1
    assert list(Student.objects.filter(active=False).values_list("sourced_id", flat=True)) == ["s2"]


@pytest.mark.req("VII.6")
def test_a_delta_file_leaves_students_it_does_not_mention(westport):
    actions.do_import_roster(ACTOR, westport, bundle([person("s1", "Ann", "Lee"), person("s2", "Bo", "Ng")]))
    files = bundle([person("s2", "Bo", "Ng", grade="12")])
    files["manifest.csv"] = files["manifest.csv"].replace(b"file.users,bulk", b"file.users,delta")
    actions.do_import_roster(ACTOR, westport, files)
    assert Student.objects.filter(active=True).count() == 2


@pytest.mark.req("VII.6")
def test_the_disability_extract_on_its_own_replaces_the_previous_one_and_is_checked(westport):
    actions.do_import_roster(ACTOR, westport, bundle([person("s1", "Ann", "Lee", idea=True), person("s2", "Bo", "Ng")]))
    assert Student.objects.get(sourced_id="s1").known_disability is True
    actions.do_import_disability(ACTOR, westport, b"sourcedId,IDEA,Section504\r\ns2,no,YES\r\n")
    assert dict(Student.objects.values_list("sourced_id", "known_disability")) == {"s1": False, "s2": True}
    with pytest.raises(oneroster.ImportRefused) as e:
        actions.do_import_disability(ACTOR, westport, b"sourcedId,IDEA,Section504\ns2,maybe,no\nzz,no,no\n")
    assert [str(p) for p in e.value.problems] == [
        "disability.csv, line 2, column IDEA: 'maybe' is not yes, no, true or false",
        "disability.csv, line 3, column sourcedId: no student with sourcedId 'zz'",
    ]
    assert Student.objects.get(sourced_id="s2").known_disability is True


@pytest.mark.req("S.4")
def test_a_refusal_is_kept_for_the_steward(westport):
    ri = RosterImport.objects.create(agreement=westport, filename="x.zip")
    actions.do_record_refusal(ACTOR, ri, [oneroster.Problem("users.csv", 3, "sex", "bad")])
    ri.refresh_from_db()
    assert ri.status == "failed" and ri.errors == [{"file": "users.csv", "line": 3, "column": "sex", "message": "bad"}]
