"""The principal's and the SSU officer's dashboards say what they will be told, and by whom."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assignments.tests.factories import assign


def dashboard(client_for, who: str) -> str:
    return client_for(who).get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()


@pytest.mark.req("II.2")
def test_the_principal_is_told_what_the_sro_will_tell_them_and_who_is_assigned(member, client_for):
    assign(member("sro"))
    html = dashboard(client_for, "principal")
    assert "What you will be told, and by whom" in html
    assert "juvenile delinquency, incident, charge or arrest at your school" in html
    assert "Officer Dana Whitcomb (primary school)" in html


def test_a_principal_whose_school_has_no_assigned_sro_is_told_so(client_for):
    assert "No SRO is assigned to your school today." in dashboard(client_for, "principal")


@pytest.mark.req("II.1")
def test_the_ssu_officer_is_told_what_they_will_hear_and_from_whom(client_for):
    html = dashboard(client_for, "ssu")
    assert "What you will be told, and by whom" in html
    assert "you may view district video only within them" in html


@pytest.mark.req("II.2")
def test_the_sro_dashboard_shows_the_assignment(member, client_for):
    assign(member("sro"))
    html = dashboard(client_for, "sro")
    assert "Your assignment" in html
    assert "<strong>Staples High School</strong> (primary), Bedford Middle School" in html
