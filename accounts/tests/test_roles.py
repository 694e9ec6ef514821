"""One active role per person per agreement, whatever the end dates say (S.2, S.4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import actions
from accounts.models import Membership, Role, User
from audit.log import Actor

ACTOR = Actor.system("test")


@pytest.mark.req("S.2")
@pytest.mark.req("S.4")
def test_a_role_ending_in_the_future_does_not_let_a_second_role_run_alongside_it(member):
    """The database's partial unique constraint covers open roles only; an end date must not dodge it."""
    ssu = member("ssu")
    ssu.ends_on = timezone.localdate() + timedelta(days=30)
    ssu.save(update_fields=["ends_on"])
    with pytest.raises(ValidationError, match="already holds the role SSU officer"):
        _second_role(ssu)
    assert Membership.objects.active().filter(user=ssu.user, agreement=ssu.agreement).count() == 1


def _second_role(held: Membership) -> Membership:
    second = Membership(user=held.user, agreement=held.agreement, role=Role.OFFICER, badge_number="1318")
    second.full_clean()
    second.save()
    return second


@pytest.mark.req("S.2")
def test_ending_a_role_leaves_room_for_the_next_one_from_the_next_day(member):
    ssu = member("ssu")
    today = timezone.localdate()
    actions.do_end_role(ACTOR, ssu.agreement, ssu, ends_on=today - timedelta(days=1))
    second = _second_role(ssu)
    assert second.starts_on == today
    assert Membership.objects.active().get(user=ssu.user, agreement=ssu.agreement) == second


@pytest.mark.req("S.2")
def test_an_end_date_cannot_be_moved_into_a_later_role(member):
    ssu = member("ssu")
    today = timezone.localdate()
    actions.do_end_role(ACTOR, ssu.agreement, ssu, ends_on=today - timedelta(days=1))
    _second_role(ssu)
    ssu.refresh_from_db()
    ssu.ends_on = today + timedelta(days=10)
    with pytest.raises(ValidationError, match="already holds the role Police officer"):
        ssu.full_clean()


@pytest.mark.req("S.2")
def test_police_roles_carry_a_badge_number(demo):
    with pytest.raises(ValidationError, match="needs a badge number"):
        actions.do_invite(
            ACTOR, demo, username="newofficer", name="Ray Dunn", email="rd@westport.example.org", role=Role.OFFICER
        )
    assert not User.objects.filter(username="newofficer").exists()
    invited = actions.do_invite(
        ACTOR,
        demo,
        username="newofficer",
        name="Ray Dunn",
        email="rd@westport.example.org",
        role=Role.OFFICER,
        badge_number="1501",
    )
    assert invited.membership.get_role_display() == "Police officer"
