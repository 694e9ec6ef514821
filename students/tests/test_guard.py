"""The no-names guard: roster names and identifiers block or ask, ordinary words pass (VII.4)."""

from __future__ import annotations

import pytest

from audit.log import Actor
from students import actions
from students.guard import BLOCK, CONFIRM, scan
from students.tests.bundles import bundle, person

STUDENTS = [
    person("s1", "Will", "Young", middle="Grant", identifier="2001234", org="wps-shs"),
    person("s2", "Hope", "Bell", org="wps-shs"),
    person("s3", "José", "García-López", org="wps-bms"),
    person("s4", "Mary Ann", "De La Cruz", org="wps-bms"),
    person("s5", "Priya", "Okonkwo", preferred="Pree", org="wps-khs"),
    person("s6", "Liam", "O'Brien", org="wps-shs"),
]


@pytest.fixture
def westport(demo):
    actions.do_import_roster(Actor.system("test"), demo, bundle(STUDENTS))
    return demo


def found(agreement, text, **kw) -> list[tuple[str, str, str]]:
    return [(f.text, f.kind, f.severity) for f in scan(agreement, text, **kw)]


@pytest.mark.req("VII.4")
@pytest.mark.parametrize(
    "text, name",
    [
        ("Will Young pushed another student.", "Will Young"),
        ("Officer spoke with YOUNG, WILL about it.", "YOUNG, WILL"),
        ("Officer spoke with Young Will about it.", "Young Will"),
        ("the student, mary ann de la cruz, ran.", "mary ann de la cruz"),
        ("The student Will G. Young ran.", "Will G. Young"),
        ("The student Will Grant Young ran.", "Will Grant Young"),
        ("Jose Garcia-Lopez was upset.", "Jose Garcia-Lopez"),
        ("We found José García's phone.", "José García's"),
        ("Mary Ann De La Cruz said so.", "Mary Ann De La Cruz"),
        ("Pree Okonkwo said so.", "Pree Okonkwo"),
        ("Liam O’Brien’s bag was searched.", "Liam O’Brien’s"),
        ("Statement from W. Young.", "W. Young"),
    ],
)
def test_it_blocks_a_roster_students_full_name_in_any_form(westport, text, name):
    assert (name, "full_name", BLOCK) in found(westport, text)


@pytest.mark.req("VII.4")
def test_it_blocks_a_student_id_and_generic_identifiers(westport):
    text = "ID 2001234; call 203-555-0147; DOB: 03/15/2010; lives at 12 Compo Road South; x@example.org"
    assert found(westport, text) == [
        ("2001234", "student_id", BLOCK),
        ("203-555-0147", "phone", BLOCK),
        ("DOB: 03/15/2010", "date_of_birth", BLOCK),
        ("12 Compo Road South", "address", BLOCK),
        ("x@example.org", "email", BLOCK),
    ]


@pytest.mark.req("VII.4")
def test_a_given_or_family_name_alone_asks_the_sro_to_confirm(westport):
    assert found(westport, "Then Priya left; later Okonkwo came back.") == [
        ("Priya", "given_name", CONFIRM),
        ("Okonkwo", "family_name", CONFIRM),
    ]


@pytest.mark.req("VII.4")
def test_names_that_are_ordinary_words_pass_where_they_are_ordinary_words(westport):
    text = (
        "Will you step outside? I hope the student will grant us a long talk. The young man rang the bell. "
        "May 4 was a Monday. Hope is not a plan. In May the class met at Long Lots Elementary School. "
        "Grant funding paid for it."
    )
    assert found(westport, text) == []


@pytest.mark.req("VII.4")
def test_the_same_words_used_as_names_are_flagged(westport):
    assert found(
        westport, "Student A said that Hope had the phone and Bell had left. Then we found Will's bag in May."
    ) == [
        ("Hope", "given_name", CONFIRM),
        ("Bell", "family_name", CONFIRM),
        ("Will's", "given_name", CONFIRM),
    ]
    assert found(westport, "Grant pushed Student B. Hope is not a plan.") == [("Grant", "middle_name", CONFIRM)]


@pytest.mark.req("VII.4")
def test_a_labels_letter_is_not_an_initial(westport):
    assert found(westport, "It was Student B. Young students were kept inside.") == []


@pytest.mark.req("VII.4")
def test_a_full_name_made_only_of_ordinary_words_in_lower_case_is_prose(westport):
    # "the teacher will grant ..." is prose far more often than a student named Will Grant.
    assert found(westport, "The student, will young, ran.") == []
    assert found(westport, "The student, Will young, ran.") == [("Will young", "full_name", BLOCK)]


@pytest.mark.req("VII.4")
def test_with_a_school_single_names_of_students_at_other_schools_still_ask_and_full_names_block(westport):
    # Priya Okonkwo is at Kings Highway: a student from another school in the district is still a student.
    bedford = westport.schools.get(sourced_id="wps-bms")
    assert found(westport, "Then Priya left.", school=bedford) == [("Priya", "given_name", CONFIRM)]
    assert found(westport, "Then Priya Okonkwo left.", school=bedford) == [("Priya Okonkwo", "full_name", BLOCK)]


@pytest.mark.req("VII.4")
def test_the_guard_sees_a_new_import_at_once(westport):
    assert found(westport, "Then Zebedee Quill left.") == []
    actions.do_import_roster(Actor.system("test"), westport, bundle([*STUDENTS, person("s9", "Zebedee", "Quill")]))
    assert found(westport, "Then Zebedee Quill left.") == [("Zebedee Quill", "full_name", BLOCK)]


@pytest.mark.req("VII.4")
def test_findings_carry_their_offsets(westport):
    text = "Ok. Hope Bell ran."
    (f,) = scan(westport, text)
    assert text[f.start : f.end] == "Hope Bell" == f.text
    assert f.as_dict() == {"start": 4, "end": 13, "kind": "full_name", "text": "Hope Bell", "severity": "block"}


@pytest.mark.req("VII.4")
def test_an_agreement_without_a_roster_still_gets_the_generic_checks(demo):
    assert found(demo, "Will Young, 203 555 0147") == [("203 555 0147", "phone", BLOCK)]
