"""The audit page: the Chief and the Superintendent read their own agreement's trail (S.3, L.2, S.1)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.log import Actor, record
from audit.models import AuditEntry

pytestmark = [pytest.mark.req("S.3"), pytest.mark.django_db]

URL = reverse("audit:log", kwargs={"slug": "westport"})


def shown(response) -> list[AuditEntry]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def record_as(member, username: str, action: str, when: datetime | None = None) -> AuditEntry:
    m = member(username)
    with time_machine.travel(when or datetime(2024, 3, 5, 15, 0, tzinfo=UTC), tick=False):
        return record(Actor(user=m.user, source="198.51.100.7"), action, m, agreement=m.agreement)


@pytest.mark.req("S.1")
@pytest.mark.parametrize("username", ["chief", "superintendent"])
def test_the_chief_and_the_superintendent_see_only_their_agreements_entries(client_for, username):
    entries = shown(client_for(username).get(URL))
    assert entries
    assert {e.agreement.slug for e in entries} == {"westport"}
    harbor_falls = AuditEntry.objects.filter(agreement__slug="harborfalls")
    assert harbor_falls.exists()
    assert not set(entries) & set(harbor_falls)


@pytest.mark.req("S.1")
def test_the_other_towns_chief_sees_only_that_towns_entries(client_for):
    client = client_for("otherchief")
    entries = shown(client.get(reverse("audit:log", kwargs={"slug": "harborfalls"})))
    assert entries
    assert {e.agreement.slug for e in entries} == {"harborfalls"}
    assert client.get(URL).status_code == 404


@pytest.mark.req("S.1")
@pytest.mark.parametrize("username", ["sro", "principal", "admin", "steward"])
def test_other_roles_are_refused(client_for, username):
    assert client_for(username).get(URL).status_code == 403


@pytest.mark.req("S.1")
def test_it_answers_only_get(client_for):
    assert client_for("chief").post(URL).status_code == 405


def test_it_lists_who_did_what_when_from_where_newest_first(client_for, member):
    entry = record_as(member, "sro", "report.viewed")
    response = client_for("chief").get(URL)
    assert shown(response)[0] == entry
    page = response.content.decode()
    # In words (issue 9): the person's name with their username, the time on one line.
    for text in ("report.viewed", "(sro)", "198.51.100.7", "Mar 5, 2024, 10:00:00 a.m."):
        assert text in page


@pytest.mark.req("L.2")
def test_it_filters_by_person(client_for, member):
    mine = record_as(member, "sro", "report.viewed")
    record_as(member, "principal", "report.viewed")
    entries = shown(client_for("chief").get(URL, {"person": member("sro").pk}))
    assert mine in entries
    assert {e.actor.username for e in entries} == {"sro"}


def test_it_filters_by_action(client_for, member):
    viewed = record_as(member, "sro", "report.viewed")
    record_as(member, "sro", "report.submitted")
    assert shown(client_for("chief").get(URL, {"action": "report.viewed"})) == [viewed]


def test_it_offers_only_actions_of_this_agreement(client_for, member):
    other = member("otherchief")
    record(Actor(user=other.user, source="x"), "harbor.only", other, agreement=other.agreement)
    response = client_for("chief").get(URL, {"action": "harbor.only"})
    assert shown(response) == []
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.req("L.2")
def test_it_filters_by_date_in_the_agreements_time_zone(client_for, member):
    # 02:00 UTC on 6 March is still 5 March in Westport.
    early = record_as(member, "sro", "report.viewed", datetime(2024, 3, 4, 15, 0, tzinfo=UTC))
    late_evening = record_as(member, "sro", "report.viewed", datetime(2024, 3, 6, 2, 0, tzinfo=UTC))
    later = record_as(member, "sro", "report.viewed", datetime(2024, 3, 7, 15, 0, tzinfo=UTC))
    client = client_for("chief")

    def between(start: str, end: str) -> list[AuditEntry]:
        return shown(client.get(URL, {"action": "report.viewed", "start": start, "end": end}))

    assert between("2024-03-05", "2024-03-05") == [late_evening]
    assert between("2024-03-04", "2024-03-06") == [late_evening, early]
    assert between("2024-03-07", "") == [later]
    assert between("", "2024-03-04") == [early]


def test_a_backwards_date_range_gets_a_clear_message_and_no_entries(client_for):
    response = client_for("chief").get(URL, {"start": "2024-03-07", "end": "2024-03-01"})
    assert shown(response) == []
    page = response.content.decode()
    assert "The &#x27;From&#x27; date must be on or before the &#x27;To&#x27; date." in page
    assert "Correct the filter above to see entries." in page


def test_a_date_that_is_not_a_date_gets_a_clear_message(client_for):
    response = client_for("chief").get(URL, {"start": "2024-02-30"})
    assert shown(response) == []
    assert "Enter a valid date." in response.content.decode()


def test_it_pages_fifty_at_a_time_and_keeps_the_filter(client_for, member):
    for _ in range(60):
        record_as(member, "sro", "report.viewed")
    client = client_for("chief")
    first = client.get(URL, {"action": "report.viewed"})
    assert len(shown(first)) == 50
    assert "?action=report.viewed&amp;page=2" in first.content.decode()
    assert len(shown(client.get(URL, {"action": "report.viewed", "page": 2}))) == 10


@pytest.mark.parametrize("filtered", [False, True], ids=["everything", "one person"])
def test_the_number_of_queries_does_not_grow_with_the_number_of_entries(
    client_for, member, django_assert_max_num_queries, filtered
):
    client = client_for("chief")
    query = {"person": member("sro").pk} if filtered else {}
    client.get(URL)  # settle the session
    for _ in range(3):
        record_as(member, "sro", "report.viewed")
    with CaptureQueriesContext(connection) as few:
        assert len(shown(client.get(URL, query))) >= 3
    for _ in range(80):
        record_as(member, "sro", "report.viewed")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, query)
    assert len(shown(response)) == 50


def test_the_audit_page_is_never_cached(client_for):
    response = client_for("chief").get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
