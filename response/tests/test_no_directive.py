"""At no time will the SRO direct or demand that school personnel interview or search a student
(IV.5): the system offers no such request type. The walk covers every model's choices, every
model's name and every route, so a request type added anywhere later makes this test fail."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from response.models import PoliceRequest
from response.queries import ADMINISTRATORS

ACT = r"(interview|interrogat|search|question|frisk|pat.?down)"
DIRECTING = r"(direct|demand|order|instruct|require|compel|request|ask|tell|task|assign)"
PERSONNEL = r"(school.?personnel|personnel|staff|teacher|principal|administrat|counsel|school|district)"
# "the SRO directs / demands ... interview/search": a directing word and an act together, or school
# personnel named as the ones who interview or search.
FORBIDDEN = [
    re.compile(rf"{DIRECTING}\w*\W+(\w+\W+){{0,6}}{ACT}", re.I),
    re.compile(rf"{PERSONNEL}\w*\W+(\w+\W+){{0,3}}(to\W+)?{ACT}", re.I),
    re.compile(rf"{ACT}\w*\W+(\w+\W+){{0,3}}by\W+(the\W+)?{PERSONNEL}", re.I),
]
# Section VI's request goes the other way: the police ask the principal's leave to interview or
# arrest themselves ("referred to the building principal"). Its wording names the police as the
# actor, and is allowed.
POLICE_ACT = re.compile(r"(police|officer|law.?enforcement|sro)\w*\W+(\w+\W+){0,3}" + ACT, re.I)


def forbidden(text: str) -> bool:
    words = " ".join(re.sub(r"[_\-]+", " ", text).split())
    return any(p.search(words) for p in FORBIDDEN) and not POLICE_ACT.search(words)


def every_choice() -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or []:
                found.append((f"{model._meta.label}.{field.name}", f"{value} {label}"))
    return found


def every_route(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    found = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            found += every_route(p, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            found.append(f"{prefix}{p.pattern} {p.name}")
    return found


@pytest.mark.req("IV.5")
@pytest.mark.parametrize(
    "text",
    [
        "demand_search",
        "SRO directs school staff to interview the student",
        "Request that the principal search the student",
        "staff_search",
        "teacher to question student",
        "Search by school personnel",
        "students/<int:pk>/order-interview/",
    ],
)
def test_the_detector_catches_a_request_type_of_that_kind(text):
    assert forbidden(text)


@pytest.mark.req("IV.5")
@pytest.mark.parametrize(
    "text",
    [
        "Formal police interview",
        "Law Enforcement Professionals seeking to conduct formal police interviews",
        "Verbal warning",
        "Conference with the student, parents, teachers and/or others",
        "roster search",  # the SRO's own roster lookup is not a request to school personnel
        "An emergency",
    ],
)
def test_the_detector_lets_the_agreements_own_words_through(text):
    assert not forbidden(text)


@pytest.mark.req("IV.5")
def test_no_model_offers_a_request_type_directing_school_personnel_to_interview_or_search():
    choices = every_choice()
    assert len(choices) > 100  # the walk really covers the installed models' choices
    assert any(where == "response.PoliceRequest.ground" for where, _ in choices)
    offending = [(where, text) for where, text in choices if forbidden(text)]
    assert offending == []


@pytest.mark.req("IV.5")
def test_no_model_is_such_a_request():
    names = [f"{m._meta.label} {m._meta.verbose_name}" for m in apps.get_models()]
    assert [n for n in names if forbidden(n)] == []


@pytest.mark.req("IV.5")
def test_no_route_makes_such_a_request():
    routes = every_route()
    assert any("response/" in r for r in routes)
    assert [r for r in routes if forbidden(r)] == []


@pytest.mark.req("IV.5")
def test_the_only_request_of_section_v_goes_from_the_school_to_the_police(member):
    """The request for police involvement is made by a school administrator, never by the SRO."""
    assert member("sro").role not in ADMINISTRATORS
    assert [f.name for f in PoliceRequest._meta.get_fields() if f.name in ("made_by", "answered_by")] == [
        "made_by",
        "answered_by",
    ]
