""" "Save draft" and "Review and sign" post the whole Form A. An autosave beside them would race
them on the server, so the page holds the submit until a save in flight has landed and starts no
autosave once the submit is on its way (VII.3). The server's answers are held back by the test
(page.route), so the order is forced rather than hoped for."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Route, expect

from reporting.tests.test_browser_form_a import sign_in

pytestmark = [pytest.mark.browser]


def _open_draft(live_demo, page):
    from accounts.models import Membership
    from reporting.tests.filing import draft

    sro = Membership.objects.get(user__username="sro", agreement__slug="westport")
    report = draft(sro, location="Gym, north door")
    sign_in(page, live_demo.url, "sro")
    edit = reverse("reporting:edit", kwargs={"slug": "westport", "pk": report.pk})
    page.goto(live_demo.url + edit)
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    page.wait_for_function("() => window.htmx !== undefined && window.formaReady === true")
    return report, edit


def _requests(page):
    seen: list[tuple[str, str]] = []
    page.on("request", lambda request: seen.append((request.method, request.url)))
    return seen


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_no_autosave_starts_once_review_is_on_its_way(live_demo, page):
    report, edit = _open_draft(live_demo, page)
    held: list[Route] = []
    page.route(lambda url: url.endswith(edit), lambda route: held.append(route))
    seen = _requests(page)

    # Typing starts the autosave's two-second wait. The review is tapped at once without the field
    # losing the focus (Safari on an iPhone does not focus a tapped button, so no "change"), and the
    # server is slow to answer the review: the wait runs out while it is on its way.
    page.get_by_label("Location of Incident").fill("Gym, north door by the bleachers")
    page.evaluate("document.querySelector('form.forma').requestSubmit(document.querySelector('button[name=review]'))")
    page.wait_for_timeout(3000)
    assert len(held) == 1 and held[0].request.method == "POST"
    assert [url for _, url in seen if url.endswith("/save/")] == []
    held[0].continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    report.refresh_from_db()
    assert report.location == "Gym, north door by the bleachers"  # the review's own post saved it


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_review_waits_for_a_save_in_flight(live_demo, page):
    report, edit = _open_draft(live_demo, page)
    held: list[Route] = []
    page.route("**/save/", lambda route: held.append(route))
    seen = _requests(page)

    location = page.get_by_label("Location of Incident")
    location.fill("Cafeteria, south end")
    location.press("Tab")  # the change: a save starts, and the server is slow to answer it
    page.wait_for_timeout(300)
    assert len(held) == 1
    page.get_by_role("button", name="Review and sign").click(no_wait_after=True)
    page.wait_for_timeout(1000)
    assert [m for m, url in seen if url.endswith(edit)] == []  # held until the save lands
    held[0].continue_()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    assert [m for m, url in seen if url.endswith(edit)] == ["POST"]
    assert [url for _, url in seen if url.endswith("/save/")] == [held[0].request.url]  # no second save
    report.refresh_from_db()
    assert report.location == "Cafeteria, south end"


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_slow_add_a_student_leaves_the_focus_where_the_sro_went_meanwhile(live_demo, page):
    _, edit = _open_draft(live_demo, page)
    held: list[Route] = []

    def the_edit_page(url: str) -> bool:
        return url.endswith(edit)

    page.route(the_edit_page, lambda route: held.append(route))

    page.get_by_role("button", name="Add a student").click()
    page.wait_for_timeout(300)
    assert len(held) == 1  # the network is slow; the SRO goes on with the narrative
    location = page.get_by_label("Location of Incident")
    location.focus()
    held[0].continue_()
    expect(page.get_by_role("group", name="Student B", exact=True)).to_be_visible()
    page.wait_for_timeout(300)  # after htmx's settle, when the focus would have moved
    expect(location).to_be_focused()

    # Without a detour, the focus goes to the new block's roster search, as before.
    page.unroute(the_edit_page)
    page.get_by_role("button", name="Add a student").click()
    student_c = page.get_by_role("group", name="Student C", exact=True)
    expect(student_c.get_by_role("searchbox")).to_be_focused()
