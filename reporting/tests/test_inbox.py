"""The Chief's inbox: by status, oldest first, late flagged, filtered by month and school (VII.8)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import FormA
from reporting.tests.filing import calendar_fixture as calendar  # noqa: F401  (the demo calendars)
from reporting.tests.filing import submitted

INBOX = reverse("reporting:inbox", kwargs={"slug": "westport"})


def filed_at(report: FormA, when: datetime, **fields) -> FormA:
    FormA.objects.filter(pk=report.pk).update(first_submitted_at=when, submitted_at=when, **fields)
    report.refresh_from_db()
    return report


def aware(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.mark.req("VII.8")
def test_waiting_reports_are_listed_oldest_first_with_late_ones_flagged(client_for, member):
    newer = filed_at(submitted(member("sro")), aware(2026, 11, 20, 9))
    older = filed_at(submitted(member("sro2")), aware(2026, 11, 3, 9), school_days_late=3)
    page = client_for("chief").get(INBOX).content.decode()
    assert page.index(older.number) < page.index(newer.number)
    assert "Late: 3 school days" in page
    assert "no-store" in client_for("chief").get(INBOX)["Cache-Control"]


@pytest.mark.req("VII.8")
def test_the_inbox_shows_each_status_on_its_own_tab(client_for, member):
    waiting = submitted(member("sro"))
    returned = submitted(member("sro"))
    FormA.objects.filter(pk=returned.pk).update(status=FormA.Status.RETURNED)
    client = client_for("chief")
    assert waiting.number in client.get(INBOX).content.decode()
    assert returned.number not in client.get(INBOX).content.decode()
    assert returned.number in client.get(INBOX + "?status=returned").content.decode()


@pytest.mark.req("VII.8")
def test_the_inbox_filters_by_month_and_school(client_for, member):
    october = filed_at(submitted(member("sro")), aware(2026, 10, 30, 9))
    november = filed_at(submitted(member("sro")), aware(2026, 11, 2, 9))
    bedford = filed_at(
        submitted(member("sro"), school=member("sro").schools.get(name__startswith="Bedford")), aware(2026, 11, 4, 9)
    )
    client = client_for("chief")
    page = client.get(INBOX + "?month=2026-11").content.decode()
    assert november.number in page and bedford.number in page and october.number not in page
    page = client.get(INBOX, {"month": "2026-11", "school": bedford.school_id}).content.decode()
    assert bedford.number in page and november.number not in page
    page = client.get(INBOX + "?month=not-a-month").content.decode()
    assert "Enter a valid date." in page


@pytest.mark.req("VII.8")
def test_the_inbox_query_count_does_not_grow_with_the_number_of_reports(
    client_for, member, django_assert_max_num_queries
):
    client = client_for("chief")
    submitted(member("sro"))
    with django_assert_max_num_queries(12) as few:
        client.get(INBOX)
    for _ in range(12):
        submitted(member("sro2"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(INBOX).content.decode()
    assert page.count('class="mono" href=') == 13


def test_the_superintendent_panel_lists_receipts_without_content(client_for, member):
    from reporting.tests.filing import received

    report = received(member("sro"), member("chief"))
    page = client_for("superintendent").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert f'Form A <span class="mono">{report.number}</span> received' in page
    assert report.location not in page


def test_the_chiefs_dashboard_counts_what_waits(client_for, member):
    submitted(member("sro"))
    page = client_for("chief").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "<strong>1</strong> report waiting for receipt" in page


def test_the_sros_dashboard_offers_to_file_and_lists_drafts(client_for, member):
    from reporting.tests.filing import draft

    draft(member("sro"))
    page = client_for("sro").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "File a Form A" in page and "Drafts" in page


@pytest.mark.req("VII.3")
def test_the_sros_dashboard_shows_the_five_most_urgent_drafts_and_links_to_the_rest(client_for, member, calendar):  # noqa: F811
    from datetime import timedelta

    from reporting import actions
    from reporting.tests.filing import actor, draft

    sro, chief = member("sro"), member("chief")
    today = timezone.localdate()
    # Seven drafts, started on different days; the one returned for correction comes first.
    drafts = [draft(sro, incident_date=today - timedelta(days=i)) for i in range(6)]
    returned = actions.do_return(
        actor(chief), submitted(sro, incident_date=today), chief, reason="Add the time of the incident."
    )
    page = client_for("sro").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    panel = page[page.index('id="panel-forma"') : page.index("Recent receipts")]
    # The drafts the card shows, in the order it shows them.
    shown = sorted(
        (pk for pk in [returned.pk, *(d.pk for d in drafts)] if f"/reports/{pk}/" in panel),
        key=lambda pk: panel.index(f"/reports/{pk}/"),
    )
    # Returned first, then the soonest due (the oldest incidents), five in all.
    for d in drafts:
        d.refresh_from_db()
    assert len({d.due_date for d in drafts}) > 2 and None not in {d.due_date for d in drafts}
    soonest = sorted(drafts, key=lambda d: (d.due_date, d.created_at))[:4]
    assert shown[0] == returned.pk and len(shown) == 5
    assert set(shown[1:]) == {d.pk for d in soonest}
    assert "2 more drafts" in panel

    mine = client_for("sro").get(reverse("reporting:mine", kwargs={"slug": "westport"})).content.decode()
    assert all(f"/reports/{d.pk}/" in mine for d in [returned, *drafts])
