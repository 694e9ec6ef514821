"""IV.1 and IV.4 in a real browser at phone width: the SRO notifies the principal and records a
restraint; the principal sees both waiting and acknowledges; no page scrolls sideways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reporting.tests.test_browser_form_a import no_sideways_scrolling, sign_in
from tests.browser.nav import click_sign_out, follow_nav

pytestmark = [pytest.mark.browser]


@pytest.mark.req("IV.1")
@pytest.mark.req("IV.4")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_sro_tells_the_principal_on_a_phone_and_the_principal_acknowledges(live_demo, page: Page):
    from agreements.models import Agreement
    from incidents.models import EmergencyIntervention, IncidentNotice
    from schoolcalendar.demo import load as load_calendars

    load_calendars(Agreement.objects.get(slug="westport"))
    sign_in(page, live_demo.url, "sro")
    page.get_by_role("link", name="Notify the principal").first.click()
    no_sideways_scrolling(page)
    # The school (the SRO's primary) and the date and time (now) are filled in already.
    page.get_by_role("group", name="What happened").get_by_label("Arrest").check()
    page.get_by_label("Short description").fill("A student was arrested for possession of a stolen phone.")
    page.get_by_label("The conduct constitutes a crime").check()
    page.get_by_role("button", name="Record and notify the principal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arrest at Staples High School")
    expect(page.get_by_role("button", name="Start a Form A")).to_be_visible()
    no_sideways_scrolling(page)

    page.goto(f"{live_demo.url}/westport/incidents/interventions/new/")
    expect(page.get_by_text("“Seclusion” means the involuntary confinement")).to_be_visible()
    page.get_by_label("Physical restraint", exact=True).check()
    started = timezone.localtime() - timedelta(minutes=10)
    if (started + timedelta(minutes=3)).date() != started.date():
        started -= timedelta(minutes=5)  # start and end on one date, even just before midnight
    page.get_by_label("Date", exact=True).fill(started.date().isoformat())
    page.get_by_label("Started at").fill(f"{started:%H:%M}")
    page.get_by_label("Ended at").fill(f"{started + timedelta(minutes=3):%H:%M}")
    page.get_by_label("It was an emergency intervention to prevent immediate or imminent injury").check()
    page.get_by_label("The immediate or imminent injury it prevented").fill("A student was about to hit a teacher.")
    page.get_by_label("The force used was the least amount necessary").check()
    page.get_by_label("Why it was the least force necessary").fill("Held by the arms for one minute until calm.")
    page.get_by_role("group", name="Did an injury occur?").get_by_label("No").check()
    page.get_by_role("button", name="Record and alert the principal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Physical restraint at Staples High School")
    no_sideways_scrolling(page)
    click_sign_out(page)

    sign_in(page, live_demo.url, "principal")
    expect(page.get_by_role("link", name="Arrest at Staples High School")).to_be_visible()
    no_sideways_scrolling(page)
    page.get_by_role("link", name="Arrest at Staples High School").click()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged; the SRO was told.")).to_be_visible()
    no_sideways_scrolling(page)
    follow_nav(page, "Incidents")
    no_sideways_scrolling(page)
    notice = IncidentNotice.objects.get(description__contains="stolen phone")
    assert notice.acknowledged_by.username == "principal"
    assert EmergencyIntervention.objects.filter(which="restraint", acknowledged_at__isnull=True).count() >= 1
