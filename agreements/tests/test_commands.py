"""The set-up commands: load_demo only where it is safe; create_operator and invite print a link (P.1, S.2)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import Invitation, Membership, User
from agreements.models import Agreement


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.req("S.2")
def test_load_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG=1 or --i-know-this-is-not-production"):
        run("load_demo")
    assert not Agreement.objects.exists() and not User.objects.exists()


@pytest.mark.req("S.2")
def test_load_demo_runs_with_debug_or_when_told_it_is_not_production(db, settings):
    settings.DEBUG = False
    out = run("load_demo", "--i-know-this-is-not-production")
    assert "Demo loaded" in out
    settings.DEBUG = True
    assert "already loaded" in run("load_demo")


@pytest.mark.req("P.1")
def test_create_operator_makes_an_operator_with_no_agreement_and_prints_a_one_time_link(db):
    out = run("create_operator", "ops", "--email", "ops@example.org")
    operator = User.objects.get(username="ops")
    assert operator.is_operator and not operator.memberships.exists()
    link = out.split("One-time link (works once, for 72 hours): ")[1].split()[0]
    path = link.split("8000")[-1] if "8000" in link else "/" + link.split("/", 3)[3]
    assert Client().get(path).status_code == 200
    assert Invitation.objects.get(user=operator).agreement is None
    with pytest.raises(CommandError, match="already taken"):
        run("create_operator", "OPS", "--email", "other@example.org")


@pytest.mark.req("S.2")
def test_invite_gives_a_role_and_prints_the_link(demo):
    out = run(
        "invite",
        "newsro",
        "--agreement",
        "westport",
        "--role",
        "sro",
        "--email",
        "newsro@westport.example.org",
        "--school",
        "Bedford Middle School",
        "--badge-number",
        "1400",
    )
    assert "One-time link" in out
    membership = Membership.objects.get(user__username="newsro")
    assert membership.primary_school.name == "Bedford Middle School"


@pytest.mark.req("S.4")
def test_invite_names_an_unknown_school_or_agreement_and_changes_nothing(demo):
    with pytest.raises(CommandError, match="'Sandy Hook School' is not one of the agreement's schools"):
        run(
            "invite",
            "x",
            "--agreement",
            "westport",
            "--role",
            "principal",
            "--email",
            "x@x.org",
            "--school",
            "Sandy Hook School",
        )
    with pytest.raises(CommandError, match="No agreement with the slug 'nowhere'"):
        run("invite", "x", "--agreement", "nowhere", "--role", "principal", "--email", "x@x.org")
    with pytest.raises(CommandError, match="not one of the agreement's schools"):
        run(
            "invite",
            "x",
            "--agreement",
            "westport",
            "--role",
            "principal",
            "--email",
            "x@x.org",
            "--school",
            "Harbor Falls High School",
        )
    assert not User.objects.filter(username="x").exists()
