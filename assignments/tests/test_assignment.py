"""II.2: an assignment has one primary school and any number of assist schools, with dates;
a reassignment ends the old one and starts the new one the same day; Form A's school choice
comes from the SRO's assignment on the incident date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from assignments.queries import assignment_on, schools_on
from assignments.tests.factories import BEDFORD, COLEYTOWN, STAPLES, assign, school
from reporting.forms import FormAForm
from reporting.tests import filing

pytestmark = pytest.mark.req("II.2")

FIRST = date(2026, 9, 8)
SECOND = date(2026, 10, 5)
NEW_YORK = ZoneInfo("America/New_York")


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=NEW_YORK)


def test_a_reassignment_ends_the_old_assignment_and_starts_the_new_one_the_same_day(member):
    sro = member("sro")
    with time_machine.travel(noon(FIRST)):
        first = assign(sro, STAPLES, (BEDFORD,))
    with time_machine.travel(noon(SECOND)):
        second = assign(sro, COLEYTOWN, ())
    first.refresh_from_db()
    assert (first.starts_on, first.ends_on) == (FIRST, SECOND)
    assert (second.starts_on, second.ends_on) == (SECOND, None)
    assert assignment_on(sro, FIRST - timedelta(days=1)) is None
    assert assignment_on(sro, SECOND - timedelta(days=1)) == first
    assert assignment_on(sro, SECOND) == second
    assert Assignment.objects.count() == 2


def test_the_sros_page_shows_the_assignment_history(member, client_for):
    sro = member("sro")
    with time_machine.travel(noon(FIRST)):
        assign(sro, STAPLES, (BEDFORD,))
    with time_machine.travel(noon(SECOND)):
        assign(sro, COLEYTOWN, ())
    page = client_for("superintendent").get(reverse("assignments:sro", kwargs={"slug": "westport", "sro_id": sro.pk}))
    html = page.content.decode()
    assert "Sept. 8, 2026" in html and "Oct. 5, 2026" in html
    assert html.index(COLEYTOWN) < html.index(BEDFORD)  # newest first
    own = client_for("sro").get(reverse("assignments:sro", kwargs={"slug": "westport", "sro_id": sro.pk}))
    assert own.status_code == 200


def test_form_a_offers_the_schools_of_the_assignment_on_the_incident_date_primary_first(member):
    sro = member("sro")
    with time_machine.travel(noon(FIRST)):
        assign(sro, BEDFORD, (STAPLES,))
    with time_machine.travel(noon(SECOND)):
        assign(sro, COLEYTOWN, ())
    report = filing.draft(sro, incident_date=SECOND)

    def offered(day: date) -> list[str]:
        form = FormAForm(filing.post_data(report, incident_date=day.isoformat()), instance=report, membership=sro)
        return [s.name for s in form.fields["school"].queryset]

    assert offered(FIRST) == [BEDFORD, STAPLES]
    assert offered(SECOND) == [COLEYTOWN]
    assert [s.name for s in schools_on(sro, FIRST)] == [BEDFORD, STAPLES]


@pytest.mark.req("S.4")
def test_form_a_refuses_a_school_the_sro_was_not_assigned_to_on_the_incident_date(member):
    sro = member("sro")
    with time_machine.travel(noon(FIRST)):
        assign(sro, STAPLES, ())
    report = filing.draft(sro, incident_date=FIRST)
    from agreements.models import School

    data = filing.post_data(report, school=str(School.objects.get(name=COLEYTOWN).pk))
    form = FormAForm(data, instance=report, membership=sro)
    assert not form.is_valid()
    assert form.errors["school"] == [
        "Choose one of the schools you were assigned to on the date of the investigation/intervention."
    ]


def test_an_sro_without_an_assignment_keeps_the_schools_of_their_role(member):
    sro = member("sro2")  # primary Coleytown, also Staples, from set-up
    assert [s.name for s in schools_on(sro, timezone.localdate())] == [COLEYTOWN, STAPLES]


def test_a_new_draft_starts_with_the_primary_school_of_todays_assignment(member):
    sro = member("sro")
    assign(sro, BEDFORD, (STAPLES,))
    report = filing.draft(sro)
    assert report.school.name == BEDFORD


def test_the_overview_lists_the_sros_in_a_fixed_number_of_queries(member, client_for, django_assert_max_num_queries):
    assign(member("sro"))
    assign(member("sro2"))
    client = client_for("chief")
    with django_assert_max_num_queries(16):
        page = client.get(reverse("assignments:overview", kwargs={"slug": "westport"}))
    assert page.status_code == 200
    assert "Officer Dana Whitcomb" in page.content.decode()


@pytest.mark.req("S.4")
def test_a_report_whose_date_moved_out_of_the_assignment_cannot_be_submitted(member):
    from django.core.exceptions import ValidationError

    from reporting import actions as reporting_actions

    sro = member("sro")
    with time_machine.travel(noon(FIRST)):
        assign(sro, STAPLES, ())
    with time_machine.travel(noon(SECOND)):
        assign(sro, COLEYTOWN, ())
        report = filing.draft(sro, incident_date=FIRST, school=school(STAPLES))  # as assigned that day
        type(report).objects.filter(pk=report.pk).update(incident_date=SECOND)  # the date alone changed
        with pytest.raises(ValidationError, match="you were not assigned to Staples High School"):
            reporting_actions.do_submit(filing.actor(sro), report, sro, signature="password")
