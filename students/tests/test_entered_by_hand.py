"""A block filled from the roster stays the district's data only while the SRO leaves the
district's values alone (VII.6): change one, and the block is entered by hand again."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from audit.log import Actor
from audit.models import AuditEntry
from reporting.models import FormAStudent
from reporting.tests import filing
from students import actions
from students.tests.bundles import bundle
from students.tests.test_lookup import STUDENTS, fill

pytestmark = pytest.mark.req("VII.6")


@pytest.fixture
def report(demo, member):
    actions.do_import_roster(Actor.system("test"), demo, bundle(STUDENTS))
    return filing.draft(member("sro"), incident_date=date(2026, 3, 14))


@pytest.fixture
def sro(client_for):
    return client_for("sro")


def autosave(client, report, **overrides: str | None):
    """Post the Form A page as stored, with OVERRIDES, as the page's autosave does."""
    response = client.post(
        reverse("reporting:save", args=["westport", report.pk]), filing.post_data(report, **overrides)
    )
    assert response.status_code == 200
    return response


def block(report) -> FormAStudent:
    return FormAStudent.objects.get(report=report, position=0)


def test_a_filled_block_saved_unchanged_stays_the_districts_data(report, sro):
    fill(sro, report, "s1")
    autosave(sro, report)
    autosave(sro, report)
    assert not block(report).entered_by_hand


@pytest.mark.parametrize(
    "change",
    [
        {"students-0-age": "16"},
        {"students-0-gender": "male"},
        {"students-0-asian": "on"},
        {"students-0-white": None},  # unchecked
        {"students-0-known_disability": "False"},
        {"students-0-known_disability": None},  # the answer cleared
    ],
)
def test_changing_any_of_the_districts_values_marks_the_block_entered_by_hand(report, sro, change):
    fill(sro, report, "s1")
    autosave(sro, report, **change)
    assert block(report).entered_by_hand
    saved = AuditEntry.objects.filter(action="form_a.draft_saved").latest("seq")
    assert "Student A: entered_by_hand" in saved.changes["fields"]


def test_what_the_sro_did_is_not_the_districts_data_and_may_change(report, sro):
    fill(sro, report, "s1")
    autosave(sro, report, **{"students-0-apprised_of_rights": "on", "students-0-searched": None})
    stored = block(report)
    assert stored.apprised_of_rights and not stored.searched
    assert not stored.entered_by_hand


def test_a_block_entered_by_hand_stays_so_even_when_its_values_are_put_back(report, sro):
    fill(sro, report, "s1")
    autosave(sro, report, **{"students-0-age": "16"})
    autosave(sro, report, **{"students-0-age": "15"})
    assert block(report).age == 15 and block(report).entered_by_hand


def test_a_posted_entered_by_hand_value_is_ignored(report, sro):
    assert block(report).entered_by_hand  # typed by the SRO, never filled
    autosave(sro, report, **{"students-0-entered_by_hand": "False", "students-0-age": "17"})
    assert block(report).entered_by_hand


def test_filling_again_after_a_change_makes_it_the_districts_data_again(report, sro):
    fill(sro, report, "s1")
    autosave(sro, report, **{"students-0-gender": "male"})
    fill(sro, report, "s1")
    stored = block(report)
    assert stored.gender == "female" and not stored.entered_by_hand
    autosave(sro, report)
    assert not block(report).entered_by_hand


def test_a_value_the_page_could_not_read_changes_nothing(report, sro):
    # "abc" is not an age: the stored age stands, and so does the district's claim on it.
    fill(sro, report, "s1")
    autosave(sro, report, **{"students-0-age": "abc"})
    assert block(report).age == 15 and not block(report).entered_by_hand
