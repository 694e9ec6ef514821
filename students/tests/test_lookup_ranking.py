"""The SRO's roster search picks the right student (VII.6): exact and prefix matches first, each
with grade and school; the fill says who was filled, and that is shown, never stored (VII.4)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from audit.log import Actor
from reporting.models import FormA, FormAStudent
from reporting.tests import filing
from students import actions
from students.models import Student
from students.tests.bundles import bundle, person

STUDENTS = [
    person("s1", "Diana", "Reyes", grade="09"),
    person("s2", "Ana", "Ortiz", grade="11", birth_date=date(2009, 5, 1)),
    person("s3", "Anabel", "Quinn", grade="12"),
    person("s4", "Lou", "Anaya", org="wps-bms", grade="07"),
]


@pytest.fixture
def report(demo, member):
    actions.do_import_roster(Actor.system("test"), demo, bundle(STUDENTS))
    return filing.draft(member("sro"), incident_date=date(2026, 11, 24))


def names(found: list[Student]) -> list[str]:
    return [s.display_name for s in found]


@pytest.mark.req("VII.6")
def test_the_exact_name_comes_first_then_names_that_start_so_then_the_rest(report, member):
    found = actions.find_students(member("sro"), "ana")
    assert names(found) == ["Ana Ortiz", "Lou Anaya", "Anabel Quinn", "Diana Reyes"]
    assert [actions.match_rank(s.search_text, ["ana"]) for s in found] == [0, 1, 1, 2]


@pytest.mark.req("VII.6")
def test_ranking_works_on_every_word_typed_whatever_the_case_and_spacing(report, member):
    assert names(actions.find_students(member("sro"), "  ORTIZ\u00a0ana "))[:1] == ["Ana Ortiz"]
    assert names(actions.find_students(member("sro"), "quinn an")) == ["Anabel Quinn"]


@pytest.mark.req("VII.6")
def test_an_exact_match_is_found_even_among_many_that_contain_the_words(demo, member):
    many = [person(f"m{i:03d}", f"Xana{i:03d}", "Mills") for i in range(30)]
    actions.do_import_roster(Actor.system("test"), demo, bundle([*many, person("z1", "Ana", "Zeller")]))
    assert names(actions.find_students(member("sro"), "ana"))[0] == "Ana Zeller"


@pytest.mark.req("VII.6")
def test_each_result_shows_grade_and_school(report, client_for):
    url = reverse("students:lookup", args=["westport", report.pk, 0])
    page = client_for("sro").get(url, {"q": "ana"}).content.decode()
    assert 'Ana Ortiz <span class="muted">· grade 11</span>' in page
    assert "Staples High School" in page and "Bedford Middle School" in page


@pytest.mark.req("VII.6")
@pytest.mark.req("VII.4")
def test_the_fill_says_who_was_filled_and_the_report_stores_no_name_nor_initials(report, client_for):
    pk = Student.objects.get(sourced_id="s2").pk
    response = client_for("sro").post(reverse("students:fill", args=["westport", report.pk, 0, pk]))
    assert "Filled from the roster: A. O., grade 11, Staples High School" in response.content.decode()
    stored = json.dumps(list(FormA.objects.filter(pk=report.pk).values()), default=str)
    stored += json.dumps(list(FormAStudent.objects.filter(report=report).values()), default=str)
    for never in ("A. O.", "Ana", "Ortiz", "ortiz", "s2"):
        assert never not in stored
    assert FormAStudent.objects.get(report=report, position=0).age == 17


def test_initials_use_the_preferred_given_name():
    assert (
        actions.initials(Student(given_name="Alexandra", preferred_given_name="sasha", family_name="o'Neil")) == "S. O."
    )
