"""The SRO logs an activity in a few taps; readers see the per-school, per-month summary (IV.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from activities.actions import do_log_activity
from activities.models import Activity
from audit.log import Actor

pytestmark = pytest.mark.req("IV.2")


def test_the_sro_chooses_a_kind_then_saves_with_today_and_the_primary_school_filled_in(client_for, member):
    client = client_for("sro")
    kinds = client.get("/westport/activities/new/")
    assert b"Presentation to students" in kinds.content
    form = client.get("/westport/activities/new/?kind=climate_committee")
    assert form.context["form"]["occurred_on"].value() == timezone.localdate()
    assert form.context["form"]["school"].value() == member("sro").primary_school_id
    response = client.post(
        "/westport/activities/new/",
        {
            "kind": "climate_committee",
            "occurred_on": timezone.localdate().isoformat(),
            "school": member("sro").primary_school_id,
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get().kind == "climate_committee"


def test_bad_input_gets_a_message_and_stores_nothing(client_for, member):
    response = client_for("sro").post(
        "/westport/activities/new/",
        {
            "kind": "presentation",
            "occurred_on": "9999-12-31",
            "school": member("sro").primary_school_id,
            "topic": "x" * 500,
            "audience_size": "2147483647",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "at most 120 characters" in errors["topic"][0]
    assert "less than or equal to 5000" in errors["audience_size"][0]
    assert not Activity.objects.exists()


def test_a_pasted_topic_with_no_break_spaces_and_line_breaks_is_stored_as_one_line(client_for, member):
    client_for("sro").post(
        "/westport/activities/new/",
        {
            "kind": "presentation",
            "occurred_on": timezone.localdate().isoformat(),
            "school": member("sro").primary_school_id,
            "topic": "Internet\u00a0safety\r\n  and  apps",
            "audience_size": "30",
        },
    )
    assert Activity.objects.get().topic == "Internet safety and apps"


def test_an_unknown_kind_shows_the_choice_again(client_for):
    response = client_for("sro").get("/westport/activities/new/?kind=interrogation")
    assert response.templates[0].name == "activities/kinds.html"


def _log(sro, school, kind="climate_committee", days_ago=1):
    return do_log_activity(
        Actor.system("test"),
        sro,
        {"kind": kind, "school": school, "occurred_on": timezone.localdate() - timedelta(days=days_ago)},
    )


def test_the_superintendent_sees_counts_by_school_month_and_kind(client_for, member):
    sro, sro2 = member("sro"), member("sro2")
    _log(sro, sro.primary_school)
    _log(sro, sro.primary_school)
    _log(sro2, sro2.primary_school)
    response = client_for("superintendent").get("/westport/activities/summary/")
    tables = {t["school"]: t for t in response.context["tables"]}
    assert set(tables) == {sro.primary_school.name, sro2.primary_school.name}
    staples = tables[sro.primary_school.name]["months"]
    assert sum(row["total"] for row in staples) == 2
    assert (
        dict(staples[0]["counts"])["School Climate Committee meeting"]
        + (dict(staples[-1]["counts"])["School Climate Committee meeting"] if len(staples) > 1 else 0)
        == 2
    )


def test_a_principal_counts_only_their_own_schools(client_for, member):
    sro, sro2 = member("sro"), member("sro2")
    _log(sro, sro.primary_school)
    _log(sro2, sro2.primary_school)
    response = client_for("principal").get("/westport/activities/summary/")
    assert [t["school"] for t in response.context["tables"]] == [sro.primary_school.name]


def test_an_implausible_year_shows_this_school_year(client_for):
    for year in ("abc", "99999999999999999999", "1900"):
        assert client_for("chief").get(f"/westport/activities/summary/?year={year}").status_code == 200


def test_the_summary_runs_a_constant_number_of_queries(client_for, member, django_assert_max_num_queries):
    sro = member("sro")
    for days in range(1, 40):
        _log(sro, sro.primary_school, days_ago=days)
    client = client_for("superintendent")
    with django_assert_max_num_queries(12):
        client.get("/westport/activities/summary/")


@pytest.mark.req("VII.4")
def test_topics_count_towards_the_name_guards_rate_limit(client_for, member, settings):
    settings.GUARD_CHECKS_PER_MINUTE = 1
    client = client_for("sro")
    data = {
        "kind": "presentation",
        "occurred_on": timezone.localdate().isoformat(),
        "school": member("sro").primary_school_id,
        "topic": "Internet safety",
        "audience_size": "30",
    }
    assert client.post("/westport/activities/new/", data).status_code == 302
    response = client.post("/westport/activities/new/", data | {"topic": "Vaping"})
    assert "checked for students" in response.context["form"].errors["topic"][0]
    assert Activity.objects.count() == 1


def test_a_principal_counts_their_primary_school_too(client_for, member):
    """A principal's schools are those of their role and their primary school, as everywhere else."""
    sro, sro2, principal = member("sro"), member("sro2"), member("principal")
    principal.schools.clear()
    principal.primary_school = sro2.primary_school
    principal.save()
    _log(sro, sro.primary_school)
    _log(sro2, sro2.primary_school)
    response = client_for("principal").get("/westport/activities/summary/")
    assert [t["school"] for t in response.context["tables"]] == [sro2.primary_school.name]
