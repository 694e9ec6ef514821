"""Each role's navigation shows the pages that role may open, and no others (S.1)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements.models import Agreement
from notices.models import Notice

EXPECTED = {
    "sro": ["Home", "Calendar", "Form A", "Activities", "Training", "District support", "Notices"],
    "sro2": ["Home", "Calendar", "Form A", "Activities", "Training", "District support", "Notices"],
    "chief": [
        "Home",
        "Calendar",
        "Form A inbox",
        "Activities",
        "SROs",
        "Compilations",
        "Annual review",
        "Training",
        "District support",
        "Evaluation",
        "Notices",
        "Audit",
    ],
    "ssu": ["Home", "Calendar", "Training", "Notices"],
    "superintendent": [
        "Home",
        "Calendar",
        "Activities",
        "SROs",
        "Compilations",
        "Board",
        "Training",
        "District support",
        "Evaluation",
        "Notices",
        "Audit",
        "Disclosures",
    ],
    "principal": ["Home", "Calendar", "Activities", "Training", "Evaluation", "Notices"],
    "steward": ["Home", "Calendar", "Training", "Notices", "Student roster"],
    "admin": ["Home", "Calendar", "Notices", "People", "Agreement"],
}


def nav_labels(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Main" class="nav">(.*?)<a href="/accounts/"', html, re.S).group(1)
    return [re.sub(r"<span.*?</span>", "", label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", nav, re.S)]


@pytest.mark.req("S.1")
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_nav_shows_what_the_role_may_open(persona, client_for):
    client = client_for(persona)
    html = client.get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    labels = nav_labels(html)
    assert labels == EXPECTED[persona]
    for href in re.findall(r'href="(/westport/[^"]*)"', html.split('class="nav">')[1].split("/accounts/")[0]):
        assert client.get(href).status_code == 200, href


@pytest.mark.req("VII.10")
def test_on_the_superintendent_route_the_inbox_moves_to_the_superintendent(client_for):
    Agreement.objects.filter(slug="westport").update(chief_post_certified=False)
    chief = nav_labels(client_for("chief").get("/westport/").content.decode())
    superintendent = nav_labels(client_for("superintendent").get("/westport/").content.decode())
    assert "Form A inbox" not in chief and "Compilations" not in chief
    assert "Form A inbox" in superintendent and "Compilations" in superintendent


def test_unread_notices_are_counted_beside_the_link(client_for, member):
    sro = member("sro")
    Notice.objects.create(
        recipient=sro.user, agreement=sro.agreement, kind="test", key="k1", subject="Hello", body="Hello"
    )
    html = client_for("sro").get("/westport/").content.decode()
    assert '<span class="badge">1 unread</span>' in html
