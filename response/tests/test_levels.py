"""The four levels of section V and their options, in the MOU's own words (V.1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from response.models import OPTIONS, SCHOOL_LEVELS, Level

# The MOU sits beside the repository (../shared/mou); a worktree one level deeper looks one level up.
MOU_FOLDER = next(
    (p / "shared" / "mou" for p in Path(settings.BASE_DIR).parents if (p / "shared" / "mou").is_dir()),
    Path("/nonexistent"),
)
MOU = " ".join(" ".join(p.read_text() for p in MOU_FOLDER.glob("*.txt")).split()) if MOU_FOLDER.is_dir() else ""


@pytest.mark.req("V.1")
def test_the_four_levels_are_the_mous_in_its_order():
    assert [lv.label for lv in Level] == [
        "Classroom Intervention",
        "School Administration Intervention",
        "Assessment and Service Provision",
        "Law Enforcement Intervention",
    ]


@pytest.mark.req("V.1")
def test_each_level_offers_the_mous_options():
    labels = {lv: [label for _, label in OPTIONS[lv]] for lv in Level}
    assert labels[Level.CLASSROOM] == [
        "Redirection",
        "Re-teaching",
        "School climate initiatives",
        "Moving seats",
        "Parental contact, initiated by the teacher",
    ]
    assert labels[Level.SCHOOL_ADMINISTRATION] == [
        "Time in the office",
        "After school detention",
        "Loss of privileges",
        "Reparation",
        "Parent conference",
    ]
    # "should include any classroom or school administration interventions and might include ..."
    assert labels[Level.ASSESSMENT] == labels[Level.CLASSROOM] + labels[Level.SCHOOL_ADMINISTRATION] + [
        "Referral to a juvenile review board (JRB)",
        "Community service or program",
        "Suspension",
        "Expulsion",
        "Referral to court",
    ]
    assert labels[Level.LAW_ENFORCEMENT] == [
        "Verbal warning",
        "Conference with the student, parents, teachers and/or others",
        "Referral to a JRB and/or community agencies",
        "Referral to court",
        "Arrest",
    ]


@pytest.mark.req("V.1")
@pytest.mark.skipif(not MOU, reason="the MOU text is not beside the repository")
def test_the_option_wording_comes_from_the_mou_text():
    mou = MOU.lower()
    for phrase in [
        "redirection, re-teaching, school climate initiatives, and moving seats",
        "time in the office, after school detention, loss of privileges, reparation, and/or parent conference",
        "referral to a juvenile review board (jrb) or community service or program, suspension, expulsion or "
        "referral to court",
        "verbal warning; conference with the student, parents, teachers and/or others; referral to a jrb and/or "
        "community agencies; and referral to court",
        "sros should not be involved at this level.",
        "truant behavior should not lead to an out-of-school option.",
    ]:
        assert phrase in mou


@pytest.mark.req("V.1")
def test_the_school_records_three_levels_and_asks_for_the_fourth():
    assert SCHOOL_LEVELS == [Level.CLASSROOM, Level.SCHOOL_ADMINISTRATION, Level.ASSESSMENT]


@pytest.mark.req("V.1")
@pytest.mark.parametrize("persona", ["principal", "sro", "ssu", "steward"])
def test_every_member_can_read_the_levels(client_for, persona):
    page = client_for(persona).get(reverse("response:levels", args=["westport"])).content.decode()
    for lv in Level:
        assert lv.label in page
    assert "SROs should not be involved at this level." in page
    assert "Truant behavior should not lead to an out-of-school option." in page
    assert "Involvement of the police does not necessarily mean arrest" in page
