"""Logging an SRO activity (IV.2): each kind asks for what it needs, nothing names a student."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from activities.actions import do_log_activity, do_remove_activity, sro_schools
from activities.models import Activity
from audit.log import Actor
from audit.models import AuditEntry

pytestmark = pytest.mark.req("IV.2")
ACTOR = Actor.system("test")


def yesterday() -> date:
    return timezone.localdate() - timedelta(days=1)


def values(sro, **extra):
    return {
        "kind": "presentation",
        "school": sro_schools(sro)[0],
        "occurred_on": yesterday(),
        "topic": "Internet safety",
        "audience_size": 80,
        **extra,
    }


def refusal(sro, **extra) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as e:
        do_log_activity(ACTOR, sro, values(sro, **extra))
    assert not Activity.objects.exists()
    return e.value.message_dict


def test_a_presentation_is_logged_with_its_topic_audience_and_request(member):
    sro = member("sro")
    activity = do_log_activity(ACTOR, sro, values(sro, requested_by_superintendent=True))
    assert (activity.kind, activity.topic, activity.audience_size, activity.requested_by_superintendent) == (
        "presentation",
        "Internet safety",
        80,
        True,
    )
    entry = AuditEntry.objects.get(action="activity.logged")
    assert entry.changes["topic"] == "Internet safety"


def test_the_primary_school_comes_first_among_the_sros_schools(member):
    sro = member("sro")
    assert sro_schools(sro)[0] == sro.primary_school


def test_a_liaison_referral_names_only_the_kind_of_agency(member):
    sro = member("sro")
    activity = do_log_activity(
        ACTOR,
        sro,
        {
            "kind": "liaison_referral",
            "school": sro.primary_school,
            "occurred_on": yesterday(),
            "agency_type": "mental_health",
        },
    )
    assert activity.get_agency_type_display() == "Mental or behavioral health"
    assert activity.topic == ""


def test_a_liaison_referral_without_an_agency_or_with_a_topic_is_refused(member):
    sro = member("sro")
    errors = refusal(sro, kind="liaison_referral", audience_size=None)
    assert errors["agency_type"] == ["Choose the kind of agency (never the student or family)."]
    assert errors["topic"] == ["This kind of activity has no topic."]


@pytest.mark.req("VII.4")
def test_a_topic_that_names_a_student_is_refused(member):
    from students import actions as student_actions
    from students.tests.bundles import bundle, person

    sro = member("sro")
    student_actions.do_import_roster(ACTOR, sro.agreement, bundle([person("s1", "Hope", "Bellweather", org="wps-shs")]))
    errors = refusal(sro, topic="Talk with Hope Bellweather")
    assert "may not name a student" in errors["topic"][0]


def test_a_future_date_or_one_before_the_agreement_is_refused(member):
    sro = member("sro")
    assert refusal(sro, occurred_on=timezone.localdate() + timedelta(days=1))["occurred_on"] == [
        "The date cannot be in the future: log an activity once it has happened."
    ]
    assert "before the agreement took effect" in refusal(sro, occurred_on=date(2020, 1, 6))["occurred_on"][0]


def test_another_sros_school_is_refused(member):
    sro, other = member("sro"), member("sro2")
    foreign = next(s for s in sro_schools(other) if s not in sro_schools(sro))
    assert refusal(sro, school=foreign)["school"] == ["Choose one of your schools."]


def test_only_presentations_and_staff_training_are_given_on_request(member):
    sro = member("sro")
    errors = refusal(sro, kind="climate_committee", topic="", audience_size=None, requested_by_superintendent=True)
    assert errors == {"requested_by_superintendent": ["Only presentations and staff training are given on request."]}


def test_only_an_sro_logs_activities(member):
    with pytest.raises(ValidationError, match="Only a School Resource Officer"):
        do_log_activity(ACTOR, member("chief"), values(member("sro")))


def test_the_sro_removes_an_own_entry_and_the_audit_keeps_what_it_said(member):
    sro = member("sro")
    activity = do_log_activity(ACTOR, sro, values(sro))
    with pytest.raises(ValidationError):
        do_remove_activity(ACTOR, member("sro2"), activity.pk)
    do_remove_activity(ACTOR, sro, activity.pk)
    assert not Activity.objects.exists()
    assert AuditEntry.objects.get(action="activity.removed").changes["topic"] == "Internet safety"
