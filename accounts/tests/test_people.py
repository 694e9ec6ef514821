"""The system administrator's people pages: sign-in state at a glance; unlock and reset MFA (S.1, S.2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from audit.models import AuditEntry

pytestmark = pytest.mark.req("S.2")


def url(name: str, username: str | None = None, slug: str = "westport") -> str:
    if username is None:
        return reverse(f"people:{name}", args=[slug])
    return reverse(f"people:{name}", args=[slug, User.objects.get(username=username).pk])


def lock(username: str) -> None:
    User.objects.filter(username=username).update(locked_until=timezone.now() + timedelta(minutes=20))


def test_it_lists_everyone_in_the_agreement_with_role_schools_and_sign_in_state(client_for):
    lock("sro2")
    User.objects.filter(username="principal").update(totp_secret="", totp_confirmed_at=None)
    User.objects.filter(username="chief").update(last_login=timezone.now())
    page = client_for("admin").get(url("list")).content.decode()
    for membership in Membership.objects.filter(agreement__slug="westport").select_related("user"):
        assert membership.user.username in page
        assert membership.get_role_display() in page
    assert "othersro" not in page and "otherchief" not in page
    assert "Staples High School, Bedford Middle School" in page or "Bedford Middle School, Staples High School" in page
    assert page.count("Locked until") == 1
    assert page.count("Unlock</button>") == 1
    assert page.count("Not set up") == 1
    assert page.count(">Reset MFA</a>") == 7
    assert "Never" in page


def test_only_the_system_administrator_has_a_people_link(client_for):
    admin_page = client_for("admin").get(reverse("dashboard", args=["westport"])).content.decode()
    assert f'href="{url("list")}"' in admin_page
    for persona in ("sro", "chief", "superintendent", "principal", "steward"):
        page = client_for(persona).get(reverse("dashboard", args=["westport"])).content.decode()
        assert f'href="{url("list")}"' not in page, persona


def test_the_list_takes_a_fixed_number_of_queries(client_for, django_assert_max_num_queries):
    client = client_for("admin")
    with django_assert_max_num_queries(10):
        assert client.get(url("list")).status_code == 200


def test_the_administrator_unlocks_a_locked_account(client_for, password_step):
    lock("sro")
    response = client_for("admin").post(url("unlock", "sro"), follow=True)
    assert "Unlocked Dana Whitcomb; they can sign in again." in response.content.decode()
    assert not User.objects.get(username="sro").is_locked()
    entry = AuditEntry.objects.get(action="account.unlocked")
    assert entry.actor.username == "admin"
    assert entry.agreement.slug == "westport"
    assert entry.object_id == str(User.objects.get(username="sro").pk)
    assert password_step(Client(), "sro")["Location"] == reverse("accounts:verify")


def test_unlocking_an_account_that_is_not_locked_says_so_and_changes_nothing(client_for):
    response = client_for("admin").post(url("unlock", "sro"), follow=True)
    assert "sro is not locked." in response.content.decode()
    assert User.objects.get(username="sro").locked_until is None
    assert not AuditEntry.objects.filter(action="account.unlocked").exists()


def test_a_reset_asks_for_confirmation_first_and_changes_nothing_until_confirmed(client_for):
    page = client_for("admin").get(url("reset_mfa", "principal")).content.decode()
    assert "Reset multi-factor sign-in for Janet Lindqvist?" in page
    assert User.objects.get(username="principal").has_mfa
    assert not AuditEntry.objects.filter(action="account.mfa_reset").exists()


def test_the_administrator_resets_a_persons_mfa_and_gets_a_one_time_link_for_them(client_for, password_step):
    response = client_for("admin").post(url("reset_mfa", "principal"))
    page = response.content.decode()
    assert "Reset multi-factor sign-in for Janet Lindqvist" in page
    assert "/accounts/invitation/" in page
    user = User.objects.get(username="principal")
    assert not user.has_mfa and not user.recovery_codes.exists()
    entry = AuditEntry.objects.get(action="account.mfa_reset")
    assert (entry.actor.username, entry.agreement.slug) == ("admin", "westport")
    # The password alone no longer enrolls a new authenticator: only the link does.
    response = password_step(Client(), "principal")
    assert "Use the one-time link" in response.content.decode()
    assert user.invitations.first().purpose == "mfa_reset"


def test_people_of_another_agreement_are_not_found(client_for):
    client = client_for("admin")
    lock("othersro")
    assert client.post(url("unlock", "othersro")).status_code == 404
    assert client.post(url("reset_mfa", "otherchief")).status_code == 404
    assert client.post(reverse("people:unlock", args=["westport", 999999])).status_code == 404
    assert User.objects.get(username="othersro").is_locked()
    assert User.objects.get(username="otherchief").has_mfa


@pytest.mark.req("S.1")
@pytest.mark.parametrize("persona", ["sro", "chief", "superintendent", "principal", "steward"])
def test_other_roles_may_not_unlock_or_reset(client_for, persona):
    lock("sro2")
    client = client_for(persona)
    assert client.post(url("unlock", "sro2")).status_code == 403
    assert client.post(url("reset_mfa", "sro2")).status_code == 403
    assert User.objects.get(username="sro2").is_locked()
    assert User.objects.get(username="sro2").has_mfa


@pytest.mark.req("S.1")
def test_outsiders_get_404_and_anonymous_people_are_sent_to_sign_in(client_for):
    assert client_for("otherchief").post(url("unlock", "sro")).status_code == 404
    response = Client().post(url("reset_mfa", "sro"))
    assert response["Location"].startswith(reverse("accounts:signin"))
    assert User.objects.get(username="sro").has_mfa


@pytest.mark.req("S.1")
def test_the_actions_take_post_only(client_for):
    client = client_for("admin")
    assert client.get(url("unlock", "sro")).status_code == 405
    assert client.get(url("reset_mfa", "sro")).status_code == 200  # the confirmation


def test_an_administrator_of_another_agreement_sees_only_theirs(demo):
    from accounts.actions import do_invite
    from agreements.models import Agreement
    from audit.log import Actor

    other = Agreement.objects.get(slug="harborfalls")
    do_invite(
        Actor.system("test"),
        other,
        username="otheradmin",
        name="Lee Park",
        email="otheradmin@harborfalls.example.org",
        role=Role.SYSADMIN,
    )
    client = Client()
    client.force_login(User.objects.get(username="otheradmin"))
    page = client.get(url("list", slug="harborfalls")).content.decode()
    assert "othersro" in page and "Dana Whitcomb" not in page
    assert client.get(url("list")).status_code == 404
