"""The roster lookup cannot be used as an oracle: the age comes from the report's stored incident
date only, every disclosure logs its date and values, every search is logged (who, when, how many
results, never the words), and the rate limit holds under parallel requests (VII.6, L.2, S.3)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEntry
from reporting.models import FormA, FormAStudent
from reporting.tests import filing
from students import actions
from students.models import Disclosure
from students.tests.test_lookup import fill, lookup, westport  # noqa: F401


@pytest.fixture
def report(westport, member):  # noqa: F811
    return filing.draft(member("sro"), incident_date=date(2026, 3, 14))


@pytest.mark.req("VII.6")
def test_the_age_is_taken_at_the_stored_incident_date_whatever_the_request_says(report, client_for):
    client = client_for("sro")
    for typed in ("2026-03-16", "2026-03-15", "2025-03-15"):
        fill(client, report, "s1", incident_date=typed)
        assert FormAStudent.objects.get(report=report, position=0).age == 15  # born 2010-03-15
    assert set(Disclosure.objects.values_list("as_of", flat=True)) == {date(2026, 3, 14)}


@pytest.mark.req("VII.6")
def test_no_fill_before_the_incident_date_is_saved_and_the_sro_is_told_why(report, client_for):
    FormA.objects.filter(pk=report.pk).update(incident_date=None)
    response = fill(client_for("sro"), report, "s1", incident_date="2026-03-14")
    assert response.status_code == 200
    assert "Enter the date of the investigation/intervention first" in response.content.decode()
    assert not Disclosure.objects.exists()
    assert not AuditEntry.objects.filter(action="student.disclosed").exists()
    block = FormAStudent.objects.get(report=report, position=0)
    assert block.entered_by_hand and block.age == filing.STUDENT_A["age"]


@pytest.mark.req("L.2")
def test_each_disclosure_logs_the_date_and_the_values_disclosed(report, client_for):
    fill(client_for("sro"), report, "s1")
    d = Disclosure.objects.get()
    assert d.as_of == date(2026, 3, 14)
    assert d.values == {
        "age": 15,
        "gender": "female",
        "hispanic_latino": True,
        "white": True,
        "black": False,
        "pacific_islander": False,
        "asian": False,
        "american_indian": False,
        "known_disability": True,
    }
    page = client_for("superintendent").get(reverse("students:disclosures", args=["westport"])).content.decode()
    assert "age 15 on 2026-03-14" in page
    assert "female; Hispanic or Latino, White; known disability: yes" in page


@pytest.mark.req("S.3")
def test_each_roster_search_is_logged_with_who_when_and_how_many_but_not_the_words(report, client_for, member):
    client = client_for("sro")
    lookup(client, report, "hop")
    lookup(client, report, "zzzz")
    lookup(client, report, "")  # nothing searched, nothing logged
    entries = list(AuditEntry.objects.filter(action="roster.searched").order_by("seq"))
    assert [e.changes for e in entries] == [{"results": 2}, {"results": 0}]
    assert all(e.actor == member("sro").user and e.agreement == report.agreement for e in entries)
    for entry in entries:
        assert "hop" not in entry.payload().lower() and "zzzz" not in entry.payload()


@pytest.mark.req("S.3")
def test_a_search_over_the_limit_is_logged_as_refused(report, client_for, settings):
    settings.ROSTER_LOOKUPS_PER_MINUTE = 1
    client = client_for("sro")
    assert [lookup(client, report, "hope").status_code for _ in range(2)] == [200, 429]
    outcomes = list(
        AuditEntry.objects.filter(action="roster.searched").order_by("seq").values_list("outcome", flat=True)
    )
    assert outcomes == ["ok", "refused"]


@pytest.mark.req("VII.6")
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL")
def test_parallel_lookups_cannot_exceed_the_limit(settings, member):
    from django.core.management import call_command

    from agreements.demo import load

    load()
    # As in production: the cache lives in the database (a get-then-set there let parallel requests through).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sro_cache"}}
    call_command("createcachetable")
    settings.ROSTER_LOOKUPS_PER_MINUTE = 5
    sro = member("sro")
    start = threading.Barrier(20)
    allowed: list[bool] = []

    def one() -> None:
        from django.db import connections

        start.wait()
        try:
            allowed.append(actions.claim_lookup(sro))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 5


@pytest.mark.req("S.4")
def test_a_roster_age_outside_form_as_3_to_22_is_left_for_the_sro(report, client_for):
    from audit.log import Actor
    from students.tests.bundles import bundle, person
    from students.tests.test_lookup import STUDENTS

    old = person("s9", "Olive", "Elder", org="wps-shs", grade="12", birth_date=date(1990, 1, 1), sex="female")
    actions.do_import_roster(Actor.system("test"), report.agreement, bundle([*STUDENTS[:3], STUDENTS[4], old]))
    response = fill(client_for("sro"), report, "s9")
    assert response.status_code == 200
    assert FormAStudent.objects.get(report=report, position=0).age == filing.STUDENT_A["age"]
    assert "age" not in Disclosure.objects.get().values
