"""Who is told what on the dashboard: the school its open requests, the SRO what waits, the Chief a count (V.3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from response.tests.factories import bedford_student, police_request

HOME = reverse("dashboard", args=["westport"])


@pytest.mark.req("V.3")
def test_each_role_sees_its_part(students, client_for):
    made = police_request()
    police_request(student=bedford_student(), by="superintendent")
    principal = client_for("principal").get(HOME).content.decode()
    assert f"Request for police involvement #{made.pk}" in principal and "Open requests you made" in principal
    superintendent = client_for("superintendent").get(HOME).content.decode()
    assert "Open requests you made" in superintendent and f"#{made.pk}<" not in superintendent
    sro2 = client_for("sro2").get(HOME).content.decode()
    assert "Waiting for you" in sro2 and f"#{made.pk}" in sro2 and f"#{made.pk + 1}" not in sro2
    chief = client_for("chief").get(HOME).content.decode()
    assert "2 requests for police involvement waiting for an SRO" in chief
    assert "Hope" not in sro2 + chief


@pytest.mark.req("V.3")
def test_the_sros_nav_counts_what_waits(students, client_for):
    police_request()
    nav = client_for("sro").get(HOME).content.decode()
    assert 'Graduated response <span class="badge">1 waiting</span>' in nav


@pytest.mark.req("V.3")
def test_roles_without_a_part_see_no_panel(students, client_for):
    police_request()
    for persona in ("ssu", "steward", "admin"):
        assert "Requests for police involvement" not in client_for(persona).get(HOME).content.decode()
