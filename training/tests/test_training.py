"""Training compliance (IV.3, X.3): the catalogue, completions with expiry, who is out of
compliance and since when, reminders before expiry, and the school-day warning (II.3)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from audit.log import Actor
from notices.models import Notice
from training import tasks
from training.actions import (
    SCHOOL_DAY_WARNING,
    compliance,
    do_add_course,
    do_add_mou_courses,
    do_record_completion,
)
from training.models import Completion, Course, Standing, standing

ACTOR = Actor.system("test")
TODAY = date(2026, 10, 14)  # a Wednesday in the demo calendar's school year
NOON = datetime(2026, 10, 14, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture
def catalogue(demo):
    return {c.name.split(" (")[0]: c for c in do_add_mou_courses(ACTOR, demo)}


def complete(member, who, course, day, recorder="superintendent", hours="4"):
    return do_record_completion(
        ACTOR, member(recorder), person=member(who), course=course, completed_on=day, hours=Decimal(hours)
    )


@pytest.mark.req("IV.3")
@pytest.mark.parametrize(
    "completed, months, expires",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 8, 15), 12, date(2027, 8, 15)),
        (date(2026, 3, 31), 18, date(2027, 9, 30)),
    ],
)
def test_a_completion_expires_the_same_day_months_later_or_the_months_last_day(completed, months, expires):
    assert Course(valid_months=months).expiry_for(completed) == expires


@pytest.mark.req("IV.3")
def test_the_agreements_own_trainings_are_added_once(demo):
    assert len(do_add_mou_courses(ACTOR, demo)) == 3
    assert do_add_mou_courses(ACTOR, demo) == []
    assert Course.objects.filter(agreement=demo, source=Course.Source.MOU).count() == 3


@pytest.mark.req("IV.3")
def test_an_sro_who_never_completed_a_required_training_is_out_since_the_role_or_the_course_began(member, catalogue):
    with time_machine.travel(NOON):
        courses, rows = compliance(member("sro").agreement, Course.Audience.SRO)
    by_person = {r.person.user.username: r for r in rows}
    assert set(by_person) == {"sro", "sro2"}
    sro = member("sro")
    assert by_person["sro"].out_since == max(sro.starts_on, courses[0].added_on)
    assert {state for _, state, _, _ in by_person["sro"].cells} == {Standing.MISSING}


@pytest.mark.req("IV.3")
def test_standing_moves_from_current_to_expiring_to_expired_on_the_expiry_date(member, catalogue):
    course = catalogue["Physical restraint and seclusion"]
    completion, _ = complete(member, "sro", course, date(2025, 10, 14))
    assert completion.expires_on == date(2026, 10, 14)
    sro = member("sro")
    assert standing(course, sro, completion, date(2026, 9, 13)) == (Standing.CURRENT, None)
    assert standing(course, sro, completion, date(2026, 9, 14)) == (Standing.EXPIRING, None)
    assert standing(course, sro, completion, date(2026, 10, 13)) == (Standing.EXPIRING, None)
    assert standing(course, sro, completion, date(2026, 10, 14)) == (Standing.EXPIRED, date(2026, 10, 14))


@pytest.mark.req("II.3")
def test_a_training_on_a_school_day_is_recorded_with_the_agreements_warning(member, catalogue):
    from schoolcalendar.demo import load as load_calendars

    load_calendars(member("sro").agreement)
    with time_machine.travel(NOON):
        on_school_day, warning = complete(
            member, "sro", catalogue["Social-emotional learning and restorative practices"], date(2026, 10, 13)
        )
        in_summer, quiet = complete(
            member, "sro2", catalogue["Social-emotional learning and restorative practices"], date(2026, 7, 21)
        )
    assert (on_school_day.on_school_day, warning) == (True, SCHOOL_DAY_WARNING)
    assert (in_summer.on_school_day, quiet) == (False, "")


@pytest.mark.req("IV.3")
@pytest.mark.req("S.4")
def test_wrong_completions_are_refused_and_change_nothing(member, catalogue):
    seclusion = catalogue["Physical restraint and seclusion"]
    agreement_course = catalogue["The SRO agreement and its purpose"]
    with time_machine.travel(NOON):
        cases = [
            ({"who": "principal", "course": seclusion}, "That training is for School Resource Officers."),
            (
                {"who": "superintendent", "course": agreement_course, "recorder": "chief"},
                "You cannot record training for that person.",
            ),
            (
                {"who": "sro", "course": seclusion, "day": TODAY + timedelta(days=1)},
                "Record a training once it has been completed, not before.",
            ),
            ({"who": "sro", "course": seclusion, "day": date(2001, 1, 1)}, "That date is more than ten years ago."),
        ]
        for kwargs, message in cases:
            with pytest.raises(ValidationError) as e:
                complete(
                    member,
                    kwargs["who"],
                    kwargs["course"],
                    kwargs.get("day", TODAY),
                    recorder=kwargs.get("recorder", "superintendent"),
                )
            assert message in e.value.messages
        complete(member, "sro", seclusion, TODAY)
        with pytest.raises(ValidationError, match="already recorded"):
            complete(member, "sro", seclusion, TODAY)
    assert Completion.objects.count() == 1


@pytest.mark.req("X.3")
def test_training_on_the_agreement_covers_both_parties_employees(member, catalogue):
    complete(member, "chief", catalogue["The SRO agreement and its purpose"], date(2026, 8, 20), recorder="chief")
    with time_machine.travel(NOON):
        _, rows = compliance(member("sro").agreement, Course.Audience.AGREEMENT)
    by_person = {r.person.user.username: r.out_since for r in rows}
    assert by_person["chief"] is None
    assert by_person["principal"] is not None and by_person["ssu"] is not None
    assert "admin" not in by_person


@pytest.mark.req("IV.3")
def test_only_the_chief_and_the_superintendent_add_courses_each_their_own_kind(member):
    do_add_course(ACTOR, member("chief"), {"name": "Active threat response", "source": "department"})
    with pytest.raises(ValidationError, match="cannot add that kind"):
        do_add_course(ACTOR, member("chief"), {"name": "Trauma-informed practices", "source": "district"})
    with pytest.raises(ValidationError, match="already has a training named"):
        do_add_course(ACTOR, member("chief"), {"name": "active  threat RESPONSE", "source": "department"})
    with pytest.raises(ValidationError):
        do_add_course(ACTOR, member("principal"), {"name": "Anything", "source": "district"})


@pytest.mark.req("IV.3")
def test_reminders_go_30_and_7_days_before_expiry_and_on_the_day_once_each(member, catalogue, mailoutbox):
    course = catalogue["Physical restraint and seclusion"]
    complete(member, "sro", course, date(2025, 11, 13))  # expires 2026-11-13
    agreement = member("sro").agreement
    for day in ("2026-10-14", "2026-10-14", "2026-11-06", "2026-11-13", "2026-11-12"):
        tasks.send_expiry_reminders.call(agreement.id, day)
    keys = sorted(set(Notice.objects.values_list("key", flat=True)))
    assert [k.rsplit(":", 1)[1] for k in keys] == ["0", "30", "7"]
    recipients = set(Notice.objects.values_list("recipient__username", flat=True))
    assert recipients == {"sro", "chief", "superintendent"}


@pytest.mark.req("IV.3")
def test_a_renewed_training_sends_no_reminder_for_the_old_completion(member, catalogue):
    course = catalogue["Physical restraint and seclusion"]
    complete(member, "sro", course, date(2025, 11, 13))
    complete(member, "sro", course, date(2026, 9, 1))
    tasks.send_expiry_reminders.call(member("sro").agreement.id, "2026-10-14")
    assert not Notice.objects.exists()


@pytest.mark.req("IV.3")
def test_the_superintendent_sees_who_is_out_and_an_sro_sees_only_their_own(client_for, member, catalogue):
    response = client_for("superintendent").get("/westport/training/")
    people = {r.person.user.username for t in response.context["tables"] for r in t["rows"]}
    assert {"sro", "sro2", "principal"} <= people
    mine = client_for("sro").get("/westport/training/")
    assert {r.person.user.username for t in mine.context["tables"] for r in t["rows"]} == {"sro"}
    dashboard = client_for("superintendent").get("/westport/").content.decode()
    assert "Out of compliance" in dashboard


@pytest.mark.req("S.4")
def test_the_record_form_refuses_bad_values_with_messages(client_for, member, catalogue):
    course = catalogue["Physical restraint and seclusion"]
    response = client_for("chief").post(
        "/westport/training/record/",
        {"person": member("superintendent").pk, "course": course.pk, "completed_on": "9999-12-31", "hours": "1e9"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "person" in errors and "hours" in errors
    assert not Completion.objects.exists()
