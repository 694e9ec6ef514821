"""Each role's navigation shows the pages that role may open, and no others (S.1)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.panels import PRIMARY_LINKS
from notices.models import Notice

EXPECTED = {
    "sro": [
        "Home",
        "Calendar",
        "Form A",
        "Graduated response",
        "Incidents",
        "Activities",
        "Body cameras",
        "Police at school",
        "Training",
        "District support",
        "School video",
        "Notices",
    ],
    "sro2": [
        "Home",
        "Calendar",
        "Form A",
        "Graduated response",
        "Incidents",
        "Activities",
        "Body cameras",
        "Police at school",
        "Training",
        "District support",
        "School video",
        "Notices",
    ],
    "chief": [
        "Home",
        "Calendar",
        "Form A inbox",
        "Graduated response",
        "Incidents",
        "Activities",
        "SROs",
        "Body cameras",
        "Police at school",
        "Compilations",
        "Annual review",
        "Training",
        "District support",
        "Evaluation",
        "School video",
        "Notices",
        "Audit",
    ],
    "ssu": ["Home", "Calendar", "Police at school", "Training", "School video", "Notices"],
    "superintendent": [
        "Home",
        "Calendar",
        "Graduated response",
        "Incidents",
        "Activities",
        "SROs",
        "Body cameras",
        "Police at school",
        "Compilations",
        "Board",
        "Training",
        "District support",
        "Evaluation",
        "School video",
        "Notices",
        "Audit",
        "Disclosures",
    ],
    "principal": [
        "Home",
        "Calendar",
        "Graduated response",
        "Incidents",
        "Activities",
        "Body cameras",
        "Police at school",
        "Training",
        "Evaluation",
        "Notices",
    ],
    "steward": ["Home", "Calendar", "Training", "Notices", "Student roster"],
    "admin": ["Home", "Calendar", "School video", "Notices", "People", "Agreement", "Incident notices"],
}


def _labels(html: str) -> list[str]:
    return [re.sub(r"<span.*?</span>", "", label).strip() for label in re.findall(r"<a [^>]*>(.*?)</a>", html, re.S)]


def nav_parts(html: str) -> tuple[list[str], list[str]]:
    """The nav's links in the row, and those under "More" (before the account link)."""
    nav = re.search(r'<nav aria-label="Main" class="nav">(.*?)<li class="nav-account">', html, re.S).group(1)
    row, _, more = nav.partition('<details class="nav-more">')
    return _labels(row), _labels(more)


def nav_labels(html: str) -> list[str]:
    """Every link of the nav, in order (the row, then "More")."""
    row, more = nav_parts(html)
    return row + more


@pytest.mark.req("S.1")
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_nav_shows_what_the_role_may_open(persona, client_for):
    client = client_for(persona)
    html = client.get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    labels = nav_labels(html)
    assert sorted(labels) == sorted(EXPECTED[persona])
    for href in re.findall(r'href="(/westport/[^"]*)"', html.split('class="nav">')[1].split("/accounts/")[0]):
        assert client.get(href).status_code == 200, href


@pytest.mark.req("S.1")
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_on_a_phone_the_nav_is_a_few_links_and_more(persona, client_for):
    """However many links the apps register, the row shows the first few and every link that
    counts something waiting; the rest are under "More", in their order."""
    html = client_for(persona).get("/westport/").content.decode()
    row, more = nav_parts(html)
    everything = EXPECTED[persona]
    badged = re.findall(r'<a [^>]*>([^<]*?) <span class="badge">', html.split('<li class="nav-account">')[0])
    assert row == [label for i, label in enumerate(everything) if i < PRIMARY_LINKS or label in badged]
    assert more == [label for label in everything if label not in row]
    assert "<summary" in html and "<script" not in html.split("</header>")[0].split("</head>")[1]


def test_a_link_with_something_waiting_moves_into_the_row(client_for, member):
    """A duty stays in plain sight: the Chief's compilation to send is counted in the row."""
    from audit.log import Actor
    from reporting.compilation import do_prepare_compilation

    agreement = member("chief").agreement
    do_prepare_compilation(Actor.system("test"), agreement, agreement.effective_date)
    html = client_for("chief").get("/westport/").content.decode()
    row, _ = nav_parts(html)
    assert "Compilations" in row
    assert re.search(r'Compilations <span class="badge">1 waiting</span>', html)
    assert '<a href="/westport/reports/inbox/">Form A inbox</a>' in html  # nothing waiting: no badge


def test_the_current_page_is_marked_in_the_nav(client_for):
    html = client_for("chief").get("/westport/audit/").content.decode()
    assert re.search(r'<a href="/westport/audit/" aria-current="page">Audit</a>', html)
    assert '<summary class="current">More</summary>' in html


def test_a_link_registered_later_joins_more_without_a_template_change(client_for, monkeypatch):
    """Another app's NavLink, registered the documented way, is listed (under More)."""
    from agreements import panels

    links = list(panels._links)
    monkeypatch.setattr(panels, "_links", links)
    panels.register_link(panels.NavLink("Later app", "audit:log", order=99, shows=lambda m: m.role == "chief"))
    row, more = nav_parts(client_for("chief").get("/westport/").content.decode())
    assert more[-1] == "Later app" and "Later app" not in row


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
    row, _ = nav_parts(html)
    assert "Notices" in row


def test_the_dashboard_lists_everything_the_nav_counts_as_waiting(client_for, member, monkeypatch):
    """Any app's badge is a duty on the home page too, without the app touching the dashboard."""
    from agreements import panels

    monkeypatch.setattr(panels, "_links", list(panels._links))
    panels.register_link(
        panels.NavLink(
            "Later app",
            "audit:log",
            order=99,
            shows=lambda m: m.role == "chief",
            badge=lambda request, m: 3,
            badge_label="to sign",
        )
    )
    html = client_for("chief").get("/westport/").content.decode()
    waiting = re.search(r'<section class="card waiting".*?</section>', html, re.S).group(0)
    assert 'Later app: <a href="/westport/audit/"><strong>3</strong> to sign</a>' in waiting
    empty = client_for("principal").get("/westport/").content.decode()
    assert "Nothing is waiting for you today." in empty
