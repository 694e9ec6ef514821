"""II.3: the SRO's schedule is set by the Chief and the Superintendent or designee together,
stored as data, aligned with the school calendar; VIII.2's window reads `scheduled_at`."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.models import Agreement
from assignments import actions
from assignments.forms import ScheduleRowForm
from assignments.models import Absence, Schedule, ScheduleEntry
from assignments.queries import scheduled_at
from assignments.tests.factories import ACTOR, BEDFORD, COLEYTOWN, STAPLES, assign, school
from audit.models import AuditEntry
from schoolcalendar.days import for_district

pytestmark = pytest.mark.req("II.3")

NEW_YORK = ZoneInfo("America/New_York")
TODAY = datetime(2026, 11, 16, 9, 0, tzinfo=NEW_YORK)  # a Monday in term
TUESDAY = date(2026, 11, 24)  # students in school
THANKSGIVING = date(2026, 11, 26)  # a Thursday without students


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=NEW_YORK)


@pytest.fixture
def calendar(demo):
    from schoolcalendar.demo import load

    westport = Agreement.objects.get(slug="westport")
    load(westport)
    days = for_district(westport.district)
    assert days.is_school_day(TUESDAY) and not days.is_school_day(THANKSGIVING)
    return days


@pytest.fixture
def assigned(member, calendar):
    with time_machine.travel(TODAY, tick=False):
        assign(member("sro"), STAPLES, (BEDFORD,))
    return member("sro")


def week(school_name: str, *, hours=(time(7, 0), time(15, 30)), days=range(5), flag=False) -> list[actions.Entry]:
    return [actions.Entry(school(school_name), d, *hours, flag) for d in days]


def set_schedule(member, sro, entries, *, by="chief", confirm_by="superintendent") -> Schedule:
    with time_machine.travel(TODAY, tick=False):
        schedule = actions.do_propose_schedule(ACTOR, member(by), sro, effective_from=TODAY.date(), entries=entries)
        return actions.do_confirm_schedule(ACTOR, member(confirm_by), schedule)


def test_the_chief_proposes_and_the_superintendent_confirms(member, assigned, client_for):
    with time_machine.travel(TODAY, tick=False):
        response = client_for("chief").post(
            reverse("assignments:propose_schedule", kwargs={"slug": "westport", "sro_id": assigned.pk}),
            {
                "effective_from": "2026-11-16",
                "rows-TOTAL_FORMS": "2",
                "rows-INITIAL_FORMS": "0",
                "rows-0-school": school(STAPLES).pk,
                "rows-0-weekdays": ["0", "1", "2", "3", "4"],
                "rows-0-starts_at": "07:00",
                "rows-0-ends_at": "15:30",
                "rows-1-school": "",
            },
        )
        assert response.status_code == 302
        schedule = Schedule.objects.get()
        assert schedule.status == Schedule.Status.PROPOSED
        assert schedule.entries.count() == 5
        assert not scheduled_at(assigned, school(STAPLES), at(TUESDAY, 10))
        # The proposer cannot also confirm: the schedule is set jointly.
        with pytest.raises(ValidationError, match="the other party confirms"):
            actions.do_confirm_schedule(ACTOR, member("chief"), schedule)
        page = client_for("superintendent").get(reverse("dashboard", kwargs={"slug": "westport"}))
        assert "Schedules waiting for your confirmation" in page.content.decode()
        client_for("superintendent").post(
            reverse("assignments:confirm_schedule", kwargs={"slug": "westport", "schedule_id": schedule.pk})
        )
    schedule.refresh_from_db()
    assert schedule.status == Schedule.Status.CONFIRMED
    assert scheduled_at(assigned, school(STAPLES), at(TUESDAY, 10))
    assert AuditEntry.objects.filter(action="schedule.confirmed").count() == 1


def test_the_superintendents_designee_may_propose_and_the_chief_confirms(member, assigned):
    from accounts.models import Membership, Role

    Membership.objects.filter(user__username="superintendent").update(role=Role.SUPERINTENDENT_DESIGNEE)
    set_schedule(member, assigned, week(STAPLES), by="superintendent", confirm_by="chief")
    assert scheduled_at(assigned, school(STAPLES), at(TUESDAY, 7))


def test_scheduled_at_follows_the_hours_the_weekday_the_school_and_the_calendar(member, assigned):
    set_schedule(member, assigned, week(STAPLES))
    staples = school(STAPLES)
    assert scheduled_at(assigned, staples, at(TUESDAY, 7, 0))
    assert scheduled_at(assigned, staples, at(TUESDAY, 15, 29))
    assert not scheduled_at(assigned, staples, at(TUESDAY, 15, 30))  # the end is excluded
    assert not scheduled_at(assigned, staples, at(TUESDAY, 6, 59))
    assert not scheduled_at(assigned, school(BEDFORD), at(TUESDAY, 10))  # no hours there
    assert not scheduled_at(assigned, school(COLEYTOWN), at(TUESDAY, 10))  # not assigned
    assert not scheduled_at(assigned, staples, at(TUESDAY + timedelta(days=4), 10))  # Saturday
    assert not scheduled_at(assigned, staples, at(THANKSGIVING, 10))  # no students
    # The same moment seen from another time zone is the same answer.
    assert scheduled_at(assigned, staples, at(TUESDAY, 10).astimezone(ZoneInfo("UTC")))
    with pytest.raises(ValueError, match="aware"):
        scheduled_at(assigned, staples, datetime(2026, 11, 24, 10, 0))


def test_an_entry_marked_for_days_without_students_counts_on_them(member, assigned):
    set_schedule(member, assigned, week(STAPLES, days=[3], flag=True))
    assert scheduled_at(assigned, school(STAPLES), at(THANKSGIVING, 10))


def test_a_day_of_absence_is_outside_the_window(member, assigned):
    set_schedule(member, assigned, week(STAPLES))
    with time_machine.travel(TODAY, tick=False):
        actions.do_record_absence(ACTOR, member("chief"), assigned, on=TUESDAY, kind="other")
    assert not scheduled_at(assigned, school(STAPLES), at(TUESDAY, 10))


def test_training_on_a_school_day_warns_and_is_kept(member, assigned, client_for):
    url = reverse("assignments:record_absence", kwargs={"slug": "westport", "sro_id": assigned.pk})
    with time_machine.travel(TODAY, tick=False):
        response = client_for("chief").post(url, {"on": "2026-11-24", "kind": "training"}, follow=True)
        html = response.content.decode()
        assert "asks that training take place when school is not in session" in html
        assert Absence.objects.get().on_school_day
        quiet = client_for("chief").post(url, {"on": "2026-11-26", "kind": "training"}, follow=True)
    assert "not in session" not in "".join(str(m) for m in quiet.context["messages"])
    assert Absence.objects.count() == 2


@pytest.mark.req("S.4")
def test_a_schedule_with_bad_lines_gets_a_clear_message_and_nothing_is_stored(member, assigned, client_for):
    url = reverse("assignments:propose_schedule", kwargs={"slug": "westport", "sro_id": assigned.pk})
    base = {"effective_from": "2026-11-16", "rows-TOTAL_FORMS": "1", "rows-INITIAL_FORMS": "0"}
    with time_machine.travel(TODAY, tick=False):
        client = client_for("chief")
        backwards = client.post(
            url,
            base
            | {
                "rows-0-school": school(STAPLES).pk,
                "rows-0-weekdays": "0",
                "rows-0-starts_at": "15:00",
                "rows-0-ends_at": "07:00",
            },
        )
        assert "The hours must end after they start." in backwards.content.decode()
        foreign = client.post(
            url,
            base
            | {
                "rows-0-school": school(COLEYTOWN).pk,
                "rows-0-weekdays": "0",
                "rows-0-starts_at": "07:00",
                "rows-0-ends_at": "09:00",
            },
        )
        assert "Choose one of the SRO" in foreign.content.decode()
        past = client.post(url, base | {"effective_from": "2026-11-01"})
        assert "cannot change days already past" in past.content.decode()
        empty = client.post(url, base)
        assert "Add at least one day with hours." in empty.content.decode()
        tampered = client.post(url, {"effective_from": "2026-11-16"})
        assert tampered.status_code == 200
    assert not Schedule.objects.exists()
    assert not ScheduleEntry.objects.exists()


@pytest.mark.req("S.4")
def test_overlapping_hours_at_one_school_on_one_day_are_refused(member, assigned):
    entries = week(STAPLES, days=[0]) + week(STAPLES, hours=(time(12, 0), time(17, 0)), days=[0])
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValidationError, match="Monday at Staples"):
        actions.do_propose_schedule(ACTOR, member("chief"), assigned, effective_from=TODAY.date(), entries=entries)
    # An SRO on call for an assist school may have the same hours there.
    set_schedule(member, assigned, week(STAPLES) + week(BEDFORD))
    assert scheduled_at(assigned, school(BEDFORD), at(TUESDAY, 10))


def test_only_the_two_parties_set_the_schedule(member, assigned):
    with time_machine.travel(TODAY, tick=False), pytest.raises(ValidationError, match="Only the Chief"):
        actions.do_propose_schedule(
            ACTOR, member("principal"), assigned, effective_from=TODAY.date(), entries=week(STAPLES)
        )


@pytest.mark.req("S.4")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    school_id=st.one_of(st.none(), st.text(max_size=12), st.integers()),
    weekdays=st.lists(st.one_of(st.text(max_size=3), st.integers(-3, 9)), max_size=9),
    starts=st.text(max_size=8),
    ends=st.text(max_size=8),
)
def test_any_schedule_line_is_either_clean_or_explained(demo, school_id, weekdays, starts, ends):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    if school_id is not None:
        data["school"] = str(school_id)
    data.setlist("weekdays", [str(w) for w in weekdays])
    data["starts_at"], data["ends_at"] = starts, ends
    form = ScheduleRowForm(data, schools=[school(STAPLES)])
    if form.is_valid():
        assert all(e.school.name == STAPLES and e.ends_at > e.starts_at for e in form.entries())
    else:
        assert all(messages for messages in form.errors.values())


def test_either_party_sets_a_proposal_aside_and_the_other_is_told(member, assigned, django_capture_on_commit_callbacks):
    from django.core import mail

    with time_machine.travel(TODAY, tick=False):
        schedule = actions.do_propose_schedule(
            ACTOR, member("chief"), assigned, effective_from=TODAY.date(), entries=week(STAPLES)
        )
        with django_capture_on_commit_callbacks(execute=True):
            actions.do_set_aside_schedule(ACTOR, member("superintendent"), schedule)
        with pytest.raises(ValidationError, match="no longer waiting"):
            actions.do_confirm_schedule(ACTOR, member("superintendent"), schedule)
    assert [m.subject for m in mail.outbox] == ["Proposed schedule of Officer Dana Whitcomb set aside"]
    assert not scheduled_at(assigned, school(STAPLES), at(TUESDAY, 10))
