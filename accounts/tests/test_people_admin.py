"""The administrator invites people, changes and ends roles, and deactivates accounts (S.2, S.1, S.4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import actions
from accounts.models import Membership, Role, User
from agreements.models import Agreement, School
from audit.log import Actor
from audit.models import AuditEntry

pytestmark = pytest.mark.req("S.2")


def url(name: str, username: str | None = None, slug: str = "westport") -> str:
    if username is None:
        return reverse(f"people:{name}", args=[slug])
    return reverse(f"people:{name}", args=[slug, User.objects.get(username=username).pk])


def school(name: str) -> School:
    return School.objects.get(name=name)


INVITE = {
    "username": "newsro",
    "name": "Pat Quinlan",
    "email": "newsro@westport.example.org",
    "role": "sro",
    "badge_number": "1400",
    "title": "Officer",
}


def test_the_administrator_invites_an_sro_with_schools_and_sees_the_link_once(client_for):
    data = INVITE | {"schools": [school("Bedford Middle School").pk, school("Staples High School").pk]}
    data["primary_school"] = school("Staples High School").pk
    response = client_for("admin").post(url("invite"), data)
    assert response.status_code == 200
    assert "/accounts/invitation/" in response.content.decode()
    membership = Membership.objects.get(user__username="newsro")
    assert membership.primary_school.name == "Staples High School"
    assert sorted(s.name for s in membership.schools.all()) == ["Bedford Middle School", "Staples High School"]
    entry = AuditEntry.objects.get(action="membership.created", object_id=str(membership.pk))
    assert entry.actor.username == "admin" and entry.changes["badge_number"] == "1400"
    assert "Invited" in client_for("admin").get(url("list")).content.decode()


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"username": "sro", "email": "someone.else@westport.example.org"}, "already taken"),
        ({"badge_number": ""}, "needs a badge number"),
        ({"schools": []}, "Choose at least one school"),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"username": "pat quinlan!"}, "Enter a valid username"),
        ({"role": "operator"}, "Select a valid choice"),
        ({"name": "x" * 151}, "at most 150 characters"),
    ],
)
def test_bad_input_on_the_invitation_gets_a_clear_message_and_changes_nothing(client_for, change, field_message):
    data = INVITE | {"schools": [school("Bedford Middle School").pk]} | change
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    response = client_for("admin").post(url("invite"), data)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.req("S.4")
def test_a_school_of_another_agreement_is_refused(client_for):
    data = INVITE | {"schools": [school("Harbor Falls High School").pk]}
    response = client_for("admin").post(url("invite"), data)
    assert response.status_code == 400
    assert "Choose schools of this agreement only." in response.content.decode()
    assert not User.objects.filter(username="newsro").exists()


@pytest.mark.req("S.1")
def test_nobody_grants_a_role_above_their_own(demo):
    """Only the administrator (or the operator) grants roles; a Chief may grant none."""
    chief = User.objects.get(username="chief")
    with pytest.raises(actions.PermissionDenied):
        actions.do_invite(
            Actor(user=chief, source=""),
            demo,
            username="x1",
            name="X One",
            email="x1@westport.example.org",
            role=Role.SYSADMIN,
        )
    with pytest.raises(actions.PermissionDenied):
        actions.do_invite(
            Actor(user=chief, source=""),
            demo,
            username="x2",
            name="X Two",
            email="x2@westport.example.org",
            role=Role.OFFICER,
            badge_number="9",
        )
    assert not User.objects.filter(username__in=["x1", "x2"]).exists()


@pytest.mark.req("S.1")
def test_an_administrator_cannot_act_in_another_agreement(demo):
    admin = User.objects.get(username="admin")
    other = Agreement.objects.get(slug="harborfalls")
    with pytest.raises(actions.PermissionDenied):
        actions.do_invite(
            Actor(user=admin, source=""),
            other,
            username="x3",
            name="X Three",
            email="x3@harborfalls.example.org",
            role=Role.CHIEF,
            badge_number="5",
        )
    with pytest.raises(actions.PermissionDenied):
        actions.do_end_role(Actor(user=admin, source=""), other, Membership.objects.get(user__username="othersro"))
    assert Membership.objects.get(user__username="othersro").ends_on is None


def test_changing_a_role_ends_the_old_one_and_keeps_it_in_the_history(client_for, member):
    old = member("ssu")
    data = {
        "role": "sro",
        "schools": [school("Coleytown Middle School").pk],
        "badge_number": "1318",
        "title": "Officer",
    }
    response = client_for("admin").post(url("change_role", "ssu"), data)
    assert response.status_code == 302
    old.refresh_from_db()
    today = timezone.localdate()
    assert old.ends_on == today - timedelta(days=1)
    new = Membership.objects.active().get(user__username="ssu", agreement__slug="westport")
    assert (new.role, new.starts_on, new.primary_school.name) == (Role.SRO, today, "Coleytown Middle School")
    entry = AuditEntry.objects.get(action="membership.changed")
    assert entry.changes["role"] == ["ssu", "sro"]
    page = client_for("admin").get(url("person", "ssu")).content.decode()
    assert "SSU officer" in page and "School Resource Officer" in page


def test_changing_only_the_schools_changes_them_in_place(client_for, member):
    sro = member("sro")
    data = {"role": "sro", "schools": [school("Staples High School").pk], "badge_number": "1147", "title": "Officer"}
    client_for("admin").post(url("change_role", "sro"), data)
    sro.refresh_from_db()
    assert sro.ends_on is None and [s.name for s in sro.schools.all()] == ["Staples High School"]
    assert AuditEntry.objects.get(action="membership.changed").changes == {
        "schools": [["Bedford Middle School", "Staples High School"], ["Staples High School"]]
    }


def test_the_administrator_ends_a_role_with_its_date_kept(client_for, member):
    response = client_for("admin").post(url("end_role", "principal"), {"ends_on": ""})
    assert response.status_code == 302
    principal = member("principal")
    assert principal.ends_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="membership.ended", object_id=str(principal.pk)).exists()
    assert "Ended" in client_for("admin").get(url("list")).content.decode()


def test_deactivating_an_account_signs_it_out_everywhere(client_for):
    sro = client_for("sro")
    assert sro.get(reverse("dashboard", args=["westport"])).status_code == 200
    response = client_for("admin").post(url("deactivate", "sro"))
    assert response.status_code == 302
    assert sro.get(reverse("dashboard", args=["westport"]))["Location"].startswith(reverse("accounts:signin"))
    user = User.objects.get(username="sro")
    assert not user.is_active
    assert Membership.objects.filter(user=user).exists()  # history kept
    assert AuditEntry.objects.filter(action="account.deactivated", object_id=str(user.pk)).exists()


def test_the_administrator_cannot_change_their_own_account(client_for):
    response = client_for("admin").post(url("deactivate", "admin"), follow=True)
    assert "You cannot change your own role or account" in response.content.decode()
    assert User.objects.get(username="admin").is_active


@pytest.mark.req("S.1")
def test_the_operator_may_invite_an_agreements_first_administrator(client_for):
    data = {"username": "admin2", "name": "Lee Park", "email": "admin2@westport.example.org", "role": "sysadmin"}
    response = client_for("operator").post(url("invite"), data)
    assert response.status_code == 200
    assert Membership.objects.get(user__username="admin2").role == Role.SYSADMIN
    assert AuditEntry.objects.get(action="membership.created", changes__username="admin2").actor.username == "operator"


@pytest.mark.req("S.1")
def test_people_pages_of_another_agreement_are_not_found(client_for):
    admin = client_for("admin")
    assert admin.get(url("person", "othersro")).status_code == 404
    assert admin.post(url("deactivate", "othersro")).status_code == 404
    assert admin.get(url("invite", slug="harborfalls")).status_code == 404
    assert User.objects.get(username="othersro").is_active
    assert Client().get(url("invite"))["Location"].startswith(reverse("accounts:signin"))


@pytest.mark.req("S.4")
@pytest.mark.parametrize("ends_on", ["9999-12-31", "1999-01-01", "not a date"])
def test_an_end_date_out_of_bounds_is_refused_and_changes_nothing(client_for, member, ends_on):
    response = client_for("admin").post(url("end_role", "principal"), {"ends_on": ends_on})
    assert response.status_code == 400
    assert "Enter a date" in response.content.decode()
    assert member("principal").ends_on is None


@pytest.mark.req("S.4")
def test_a_tampered_huge_id_in_the_url_is_not_found_rather_than_an_error(client_for):
    huge = "9" * 30
    admin = client_for("admin")
    assert admin.get(f"/westport/people/{huge}/").status_code == 404
    assert admin.post(f"/westport/agreement/schools/{huge}/").status_code == 404
    assert admin.post(f"/westport/agreement/signatories/{huge}/remove/").status_code == 404
