"""`manage.py setup_agreement PATH.toml`: a real town sets itself up from a file (P.1, S.4)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Invitation, Membership, Role, User
from agreements.models import Agreement, School
from audit.models import AuditEntry

NEWTOWN = Path(__file__).parent / "files" / "newtown.toml"


def run(path: Path) -> str:
    out = StringIO()
    call_command("setup_agreement", str(path), stdout=out)
    return out.getvalue()


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = NEWTOWN.read_text()
    assert old in text, old
    path = tmp_path / "town.toml"
    path.write_text(text.replace(old, new, 1))
    return path


def counts() -> tuple[int, ...]:
    return (
        Agreement.objects.count(),
        School.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        Invitation.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.req("P.1")
def test_a_new_towns_file_creates_its_agreement_schools_signatories_and_invites_its_people(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run(NEWTOWN)
    agreement = Agreement.objects.get(slug="newtown")
    assert "Created the agreement 'newtown'" in out
    assert agreement.version == 1
    assert (agreement.signed_on.isoformat(), agreement.effective_date.isoformat()) == ("2024-08-01", "2024-08-15")
    assert sorted(agreement.schools.values_list("name", flat=True)) == [
        "Newtown High School",
        "Reed Intermediate School",
    ]
    assert list(agreement.signatories.values_list("name", flat=True)) == ["Casey Holt"]
    sro = Membership.objects.get(user__username="ntsro")
    assert (sro.role, sro.badge_number, sro.primary_school.name) == (Role.SRO, "42", "Newtown High School")
    assert not sro.user.has_usable_password() and not sro.user.has_mfa
    # Each person gets a one-time link, printed and emailed; the database keeps only its hash.
    for username in ("ntadmin", "ntchief", "ntsro"):
        assert f"Invited {username}: http" in out
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ntadmin@newtown.example.org",
        "ntchief@newtown.example.org",
        "ntsro@newtown.example.org",
    ]
    token = out.split("Invited ntsro: ")[1].split()[0].rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash__contains=token).exists()
    assert AuditEntry.objects.filter(action="agreement.created", agreement=agreement).exists()


@pytest.mark.req("P.1")
def test_running_the_same_file_twice_changes_nothing(db):
    run(NEWTOWN)
    before = counts()
    out = run(NEWTOWN)
    assert "already matches the file; nothing changed" in out
    assert "Invited" not in out
    assert counts() == before
    assert Agreement.objects.get(slug="newtown").version == 1


@pytest.mark.req("P.1")
def test_a_changed_parameter_is_updated_audited_with_before_and_after_and_raises_the_version(db, tmp_path):
    run(NEWTOWN)
    out = run(edited(tmp_path, "report_deadline_school_days = 5", "report_deadline_school_days = 3"))
    agreement = Agreement.objects.get(slug="newtown")
    assert agreement.report_deadline_school_days == 3
    assert agreement.version == 2
    assert "now version 2" in out
    entry = AuditEntry.objects.get(action="agreement.changed")
    assert entry.changes == {"report_deadline_school_days": [5, 3], "version": [1, 2]}


@pytest.mark.req("P.1")
@pytest.mark.req("IV.1")
def test_the_file_sets_when_the_incident_notice_is_due_and_a_second_run_changes_nothing(db, tmp_path):
    from incidents.models import NoticeSettings, settings_for

    path = edited(
        tmp_path,
        "[parameters]",
        '[incident_notice]\nrule = "hours"\nhours = 4\nschool_day_ends_at = "14:45"\n\n[parameters]',
    )
    run(path)
    agreement = Agreement.objects.get(slug="newtown")
    found = settings_for(agreement)
    assert (found.rule, found.hours, f"{found.school_day_ends_at:%H:%M}") == ("hours", 4, "14:45")
    assert found.describe() == "within 4 hours of the event"
    entry = AuditEntry.objects.get(action="incidents.notice_settings_updated")
    assert entry.changes["rule"] == {"from": "same_school_day", "to": "hours"}
    before = counts()
    run(path)
    assert counts() == before
    # A file without the table leaves the agreement's setting (the agreement page may have set it).
    run(NEWTOWN)
    assert NoticeSettings.objects.get(agreement=agreement).rule == "hours"


@pytest.mark.req("P.1")
def test_a_person_added_to_the_file_later_is_invited_and_the_others_are_left_alone(db, tmp_path):
    run(NEWTOWN)
    text = NEWTOWN.read_text() + (
        '\n[[people]]\nusername = "ntprincipal"\nname = "Jo Marsh"\nemail = "jo@newtown.example.org"\n'
        'role = "principal"\nschools = ["Reed Intermediate School"]\n'
    )
    path = tmp_path / "town.toml"
    path.write_text(text)
    out = run(path)
    assert "Invited ntprincipal" in out
    assert "Invited ntsro" not in out
    assert Invitation.objects.filter(user__username="ntsro").count() == 1


BAD_INPUT = [
    (
        'schools = ["Newtown High School"]',
        'schools = ["Sandy Hook School"]',
        "people[2].schools",
        "not one of the schools",
    ),
    ('level = "high"', 'level = "secondary"', "schools[0].level", "must be one of high, middle, elementary"),
    ("signed_on = 2024-08-01", 'signed_on = "August 1"', "signed_on", "must be a date"),
    ('termination_effective = "07-01"', 'termination_effective = "7/1"', "parameters.termination_effective", "07-01"),
    (
        "report_deadline_school_days = 5",
        "report_deadline_school_days = 0",
        "parameters.report_deadline_school_days",
        "1 to 30",
    ),
    ('role = "chief"', 'role = "captain"', "people[1].role", "must be one of"),
    ('badge_number = "1"', 'badge_number = ""', "people[1].badge_number", "needs a badge number"),
    ('username = "ntchief"', 'username = "ntadmin"', "people[1].username", "listed twice"),
    ('slug = "newtown"', 'slug = "New Town"', "slug", "lower-case"),
    (
        '[district]\nname = "Newtown Public Schools"',
        '[district]\ncolour = "blue"\nname = "Newtown Public Schools"',
        "district.colour",
        "not a key",
    ),
    ('email = "ntsro@newtown.example.org"', 'email = "ntsro at newtown"', "people[2].email", "not an email address"),
    ("effective_date = 2024-08-15", "effective_date = 9999-12-31", "effective_date", "between"),
    ("[parameters]", '[incident_notice]\nrule = "weekly"\n\n[parameters]', "incident_notice.rule", "must be one of"),
    (
        "[parameters]",
        '[incident_notice]\nrule = "same_school_day"\nhours = 4\n\n[parameters]',
        "incident_notice.hours",
        'used only with rule = "hours"',
    ),
    (
        "[parameters]",
        '[incident_notice]\nrule = "hours"\nhours = 100\n\n[parameters]',
        "incident_notice.hours",
        "1 to 72",
    ),
    ("[parameters]", '[incident_notice]\nrule = "hours"\n\n[parameters]', "incident_notice.hours", "how many hours"),
    (
        "[parameters]",
        '[incident_notice]\nrule = "next_school_day"\nschool_day_ends_at = "3:30pm"\n\n[parameters]',
        "incident_notice.school_day_ends_at",
        "24-hour time",
    ),
    ('name = "Alex Brennan"', 'name = "Alex\\u0000Brennan"', "people[2].name", "control characters"),
]


@pytest.mark.req("P.1")
@pytest.mark.req("S.4")
@pytest.mark.parametrize(("old", "new", "key", "message"), BAD_INPUT)
def test_a_bad_file_names_the_key_and_changes_nothing(db, tmp_path, old, new, key, message):
    before = counts()
    with pytest.raises(CommandError) as error:
        run(edited(tmp_path, old, new))
    text = str(error.value)
    assert "nothing changed" in text
    assert f"{key}: " in text and message in text, text
    assert counts() == before


@pytest.mark.req("S.4")
def test_text_is_normalised_once_at_the_boundary(db, tmp_path):
    run(edited(tmp_path, 'name = "Alex Brennan"', 'name = "Alex\\u00a0\\u200bBrennan "'))
    assert User.objects.get(username="ntsro").get_full_name() == "Alex Brennan"


@pytest.mark.req("S.4")
def test_a_file_that_is_not_toml_says_so(db, tmp_path):
    path = tmp_path / "town.toml"
    path.write_text("slug = newtown\n")
    with pytest.raises(CommandError, match="is not valid TOML"):
        run(path)


@pytest.mark.req("P.1")
@pytest.mark.req("S.4")
def test_a_username_taken_by_someone_else_refuses_the_whole_file(demo, tmp_path):
    """All-or-nothing: the agreement and schools written before the people are rolled back."""
    before = counts()
    with pytest.raises(CommandError) as error:
        run(edited(tmp_path, 'username = "ntsro"', 'username = "sro"'))
    assert "people[2]: The username 'sro' is already taken by someone with another email address." in str(error.value)
    assert counts() == before
    assert not Agreement.objects.filter(slug="newtown").exists()


@pytest.mark.req("P.1")
def test_the_demo_towns_are_loaded_through_the_same_path(demo):
    """Every persona was invited by setup_agreement and used their link (with the demo password)."""
    westport = Agreement.objects.get(slug="westport")
    for membership in Membership.objects.filter(agreement=westport).select_related("user"):
        invitation = membership.user.invitations.get()
        assert invitation.used_at is not None and invitation.agreement == westport
        assert membership.user.has_mfa
    assert AuditEntry.objects.filter(action="account.invited", agreement=westport).count() == 8
    operator = User.objects.get(username="operator")
    assert operator.is_operator and not operator.memberships.exists()
