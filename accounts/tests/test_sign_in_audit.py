"""Every sign-in attempt is in the audit log, and nothing typed is ever written there (S.2, S.3)."""

from __future__ import annotations

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from django.urls import reverse

from accounts import mfa
from accounts.actions import unknown_username
from accounts.models import SignInAttempt, User
from accounts.tests.helpers import wrong_code
from agreements.demo import demo_code, demo_password
from audit.log import verify_chain
from audit.models import AuditEntry

pytestmark = [pytest.mark.req("S.2"), pytest.mark.req("S.3")]

WRONG_PASSWORD = "Hunter2-wrong-guess-xyz"


def sign_in_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="account.sign_in").order_by("seq"))


def entry_text(entry: AuditEntry) -> str:
    """Every stored field of the entry, as one string to search."""
    import json

    from django.forms.models import model_to_dict

    return json.dumps(model_to_dict(entry), cls=DjangoJSONEncoder)


def test_every_kind_of_attempt_is_audited_with_who_when_where_and_outcome(password_step, sign_in):
    password_step(Client(), "sro", password=WRONG_PASSWORD, REMOTE_ADDR="203.0.113.7")
    sign_in(Client(), "sro", code=wrong_code())
    sign_in(Client(), "sro", REMOTE_ADDR="203.0.113.9")
    User.objects.filter(username="sro2").update(locked_until="2999-01-01T00:00:00Z")
    password_step(Client(), "sro2")

    entries = sign_in_entries()
    assert [e.changes["outcome"] for e in entries] == ["bad_password", "bad_code", "success", "locked"]
    assert [e.outcome for e in entries] == ["refused", "refused", "ok", "refused"]
    assert [e.actor_label for e in entries] == ["sro", "sro", "sro", "sro2"]
    assert entries[0].source == "203.0.113.7"
    assert entries[2].source == "203.0.113.9"
    assert entries[2].changes["method"] == "totp"
    assert all(e.agreement and e.agreement.slug == "westport" for e in entries)
    assert all(e.at for e in entries)
    assert verify_chain() == (AuditEntry.objects.count(), None)


def test_an_unknown_username_is_audited_without_a_person(password_step):
    password_step(Client(), "no-such-person", password=WRONG_PASSWORD)
    (entry,) = sign_in_entries()
    assert entry.actor is None
    assert entry.actor_label == unknown_username("no-such-person")
    assert entry.outcome == "refused"


def test_no_password_or_code_is_ever_written_to_the_audit_log(password_step, sign_in):
    user = User.objects.get(username="sro")
    recovery = mfa.make_recovery_codes(user)
    code = demo_code()

    password_step(Client(), "sro", password=WRONG_PASSWORD)
    sign_in(Client(), "sro", code=wrong_code())
    sign_in(Client(), "sro", code=code)
    client = Client()
    password_step(client, "sro")
    client.post(reverse("accounts:verify"), {"code": recovery[0]})
    for _ in range(5):
        password_step(Client(), "sro2", password=WRONG_PASSWORD)
    password_step(Client(), "sro2")

    assert {e.action for e in AuditEntry.objects.all()} >= {
        "account.sign_in",
        "account.locked",
        "account.recovery_code_used",
    }
    secrets = [demo_password(), WRONG_PASSWORD, code, wrong_code(), recovery[0], user.totp_secret]
    for entry in AuditEntry.objects.filter(action__startswith="account."):
        text = entry_text(entry)
        for secret in secrets:
            assert secret not in text, f"{secret!r} written to audit entry #{entry.seq} ({entry.action})"
    # Nor to the sign-in records the person sees.
    for attempt in SignInAttempt.objects.all():
        assert not any(s in str(vars(attempt)) for s in secrets)


def test_a_lockout_is_audited_as_the_system_acting(password_step):
    for _ in range(5):
        password_step(Client(), "sro", password=WRONG_PASSWORD)
    entry = AuditEntry.objects.get(action="account.locked")
    assert entry.actor is None
    assert entry.source == "system:lockout"
    assert entry.object_id == str(User.objects.get(username="sro").pk)
