"""The agreement as data refuses parameters and assignments that cannot hold (P.1, S.4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Membership, Role
from agreements import actions
from agreements.models import Agreement, School
from audit.log import Actor
from audit.models import AuditEntry

ACTOR = Actor.system("test")


def _person(agreement, **kw):
    return actions.do_add_person(
        ACTOR,
        agreement,
        username="newsro",
        first_name="Pat",
        last_name="Quinlan",
        email="newsro@westport.example.org",
        password="a-long-enough-password",
        role=Role.SRO,
        badge_number="1400",
        **kw,
    )


@pytest.mark.req("P.1")
def test_a_reporting_deadline_of_zero_school_days_is_refused(demo):
    demo.report_deadline_school_days = 0
    with pytest.raises(ValidationError, match="report_deadline_school_days"):
        demo.full_clean()


@pytest.mark.req("P.1")
@pytest.mark.req("S.4")
def test_an_sro_cannot_be_assigned_a_school_of_another_agreement(demo):
    other_school = School.objects.get(name="Harbor Falls High School")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="primary school must be one of the agreement"):
        _person(demo, primary_school=other_school)
    staples = School.objects.get(name="Staples High School")
    with pytest.raises(ValidationError, match="Not schools of this agreement: Harbor Falls High School"):
        _person(demo, primary_school=staples, schools=[staples, other_school])
    assert not Membership.objects.filter(user__username="newsro").exists()
    assert AuditEntry.objects.count() == before


@pytest.mark.req("P.1")
def test_a_person_added_to_an_agreement_is_audited_with_their_schools(demo):
    staples = School.objects.get(name="Staples High School")
    membership = _person(demo, primary_school=staples)
    entry = AuditEntry.objects.get(action="membership.created", object_id=str(membership.pk))
    assert entry.changes["schools"] == ["Staples High School"]
    assert entry.agreement == Agreement.objects.get(slug="westport")
